"""The fields of the rows that carry article text, and the two ways across: `withhold`
(null them, keep their sha256, say why in `text_status`) and `restore` (put them back
from the article's text, checking every sha256).

Article text is in: `articles.text`; the `text` of each nested mention, claim, claim
cue, technique and timex of an `articles` row; `text` and `context` of every span row
(mentions, claims, techniques) and a claim's `cue_text`. Nothing else a build writes
holds it (ids, offsets, labels, titles, URLs and the project's notes stay; a note may
quote a few words as evidence). `restore(withhold(row)) == row` for every row the build
makes: span texts are `text[start:end]` (the validator's NF303) and contexts come from
`rows.context_of`, which the build used."""

from __future__ import annotations

from ..rights import PRESENT
from .rows import context_of, sha, unit_index

NESTED_SPANS = ("mentions", "claims", "techniques", "timexes")


class Mismatch(ValueError):
    """A restored field whose sha256 is not the one recorded."""


def withhold_article(row: dict, reason: str) -> None:
    row["text"] = None
    row["text_status"] = reason
    for layer in NESTED_SPANS:
        for item in row[layer]:
            item["text"] = None
            if layer == "claims" and item.get("cue"):
                item["cue"]["text"] = None


def withhold_span(row: dict, reason: str) -> None:
    row["text"] = None
    row["context"] = None
    row["text_status"] = reason
    if "cue_text" in row:
        row["cue_text"] = None


def withhold(rows: dict[str, list[dict]], reason: str) -> None:
    """In place: the rows of one article (config -> rows, string or encoded labels)."""
    for cfg, part in rows.items():
        for row in part:
            (withhold_article if cfg == "articles" else withhold_span)(row, reason)


def restore_article(row: dict, text: str) -> None:
    """In place; `text` is already checked against `row["text_sha256"]`."""
    row["text"] = text
    row["text_status"] = PRESENT
    for layer in NESTED_SPANS:
        for item in row[layer]:
            item["text"] = text[item["start"]:item["end"]]
            cue = item.get("cue") if layer == "claims" else None
            if cue:
                cue["text"] = text[cue["start"]:cue["end"]]


def _check(value: str | None, expected: str | None, what: str) -> str | None:
    found = sha(value)
    if found != expected:
        raise Mismatch(f"{what}: sha256 {expected} expected, {found} found")
    return value


def restore_span(row: dict, text: str, structure: dict, config: str, index=None) -> None:
    """In place, checking the span's text, context (and cue) against their sha256.
    `structure`: {"structure": {"sentences": [...], "paragraphs": [...]}} of the article."""
    lo, hi = row["start"], row["end"]
    row["text"] = _check(text[lo:hi], row["text_sha256"], "text")
    if config == "claims" and row.get("cue_start") is not None:
        cs, ce = row["cue_start"], row["cue_end"]
        row["cue_text"] = _check(text[cs:ce], row["cue_text_sha256"], "cue_text")
        lo, hi = min(lo, cs), max(hi, ce)
    ctx, ctx_start = context_of(structure, text, lo, hi, index)
    if ctx_start != row["context_start"]:
        raise Mismatch(f"context: starts at {ctx_start}, the row says {row['context_start']}")
    row["context"] = _check(ctx, row["context_sha256"], "context")
    row["text_status"] = PRESENT


def structure_of(article_row: dict) -> tuple[dict, object]:
    """The record-like structure `context_of` reads, and its index."""
    rec = {"structure": {"sentences": article_row["sentences"], "paragraphs": article_row["paragraphs"]}}
    return rec, unit_index(rec)
