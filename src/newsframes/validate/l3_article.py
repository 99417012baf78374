"""Level 3: consistency of one schema-valid record with its text (cheap checks first,
the tokenizer last and only when a span needs it)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..taxonomy import load_taxonomies
from .issues import Issue, make
from .l3_layers import check_layers, check_status
from .l3_provenance import check_provenance_agents
from .l3_refs import (
    check_evaluative,
    check_ids,
    check_labels,
    check_provenance,
    check_references,
    check_timexes,
    check_verdicts,
)
from .l3_spans import check_duplicate_spans, check_paragraphs, check_sentences, check_spans
from .tokens import token_boundaries


def check_article(record: dict, text: str, text_bytes: bytes, display: str, *,
                  taxonomy_dir: Path | None = None, cache_dir: Path | None = None,
                  tokens: bool = True) -> list[Issue]:
    """`tokens=False` skips the token-boundary checks (NF317/NF318, the only ones that need
    the spaCy tokenizer): for callers that need the errors of records whose spans are
    all soft, such as `newsframes import` before it writes."""
    tax = load_taxonomies(taxonomy_dir)
    issues: list[Issue] = []
    sha = hashlib.sha256(text_bytes).hexdigest()
    text_changed = sha != record["text_sha256"]
    if text_changed:
        issues.append(text_changed_issue(record, display, sha))
    issues += check_ids(record, display)
    issues += check_references(record, display, tax)
    issues += check_labels(record, display, tax)
    issues += check_timexes(record, display)
    issues += check_verdicts(record, display)
    issues += check_evaluative(record, display)
    if not text_changed:  # else every offset points into another text: NF301 names the cause, once
        issues += check_paragraphs(record, text, display)
        issues += check_sentences(record, text, display)
        if tokens:
            issues += check_spans(record, text, display, lambda: token_boundaries(text, cache_dir, sha, _language(record)))
        else:
            every = frozenset(range(len(text) + 1))
            issues += check_spans(record, text, display, lambda: (every, every))
    issues += check_duplicate_spans(record, display)
    issues += check_provenance(record, display)
    issues += check_layers(record, display)
    issues += check_status(record, display)
    issues += check_provenance_agents(record, display)
    return issues


def text_changed_issue(record: dict, display: str, sha: str) -> Issue:
    """NF301, the one error for a text edited after annotating: it names the cause and the
    command that fixes it, with the record's real id (the offset checks, whose every
    failure would be a consequence, are left out until the record is re-anchored)."""
    rid = record["id"]
    txt = display[:-len(".json")] + ".txt" if display.endswith(".json") else f"{rid}.txt"
    message = (f"the text {txt} changed after this record was annotated: its SHA-256 is {sha[:12]}…, the "
               f"record's text_sha256 {record['text_sha256'][:12]}…; every span offset may now point at other "
               "words (the paragraph, sentence and span offset checks are skipped until the record is re-anchored)")
    if isinstance(record.get("annotation"), dict) and isinstance(record["annotation"].get("pass"), dict):
        hint = (f"this annotation pass was made on the earlier text: restore it (`git checkout -- corpus/{rid}.txt`), "
                "or annotate the article again; `newsframes reanchor` moves only the corpus record")
    else:
        hint = (f"run `newsframes reanchor {rid}`: it moves every span to the new text and updates text_sha256 "
                f"(or undo the edit: `git checkout -- {txt}`)")
    return make("NF301", display, message, pointer="/text_sha256", hint=hint)


def _language(record) -> str:
    lang = record.get("language") if isinstance(record, dict) else None
    return lang if isinstance(lang, str) else "en"
