"""A model's predictions, in the dataset's own row shapes, as records to export.

`newsframes export FORMAT --corpus DIR --predictions FILE [--like GOLD]` reads FILE
(JSON Lines, or a JSON list) of rows shaped like the built configs' rows, offsets on the
corpus text (code points, end exclusive), labels as strings:

- technique rows (`techniques` config): {"article_id", "start", "end", "label"};
- article labels (`articles` config): {"id" (or "article_id"), "genre", "frames",
  "narratives": [{"narrative", "subnarrative"}], "paragraphs": [{"start", "end",
  "techniques"}]}, any of them;
- entity roles (`mentions` config rows with roles): {"article_id", "start", "end",
  "roles": [{"main", "fine"}]} (or "main_role" and "fine_roles").

Each corpus record the predictions concern is copied with its predicted layers in place
of its own (its layers become the kinds of rows given: a record with no row of a kind
given predicts none). The export then derives each task's raw conventions as for the
records (SemEval-2023 line numbers, SemEval-2025 UTF-16 offsets with inclusive ends, the
raw offsets of a span the import had to move), and `--like GOLD` (the gold file or
folder, in the format's layout) gives the files its order and line ends and the set of
articles: every article of the gold gets its lines, and a line the gold has no place for
is left out (reported), because the scorers pair gold and prediction lines.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from .exports import Exportable, own
from .labels import join_notes, spelling_note, spellings
from .records import RAW_OFFSETS

KINDS = ("techniques", "genre", "frames", "narratives", "paragraph_techniques", "roles")


class PredictionError(ValueError):
    pass


MAX_BYTES = 256 * 1024 * 1024  # predictions for every SemEval release together are a few MiB


def read_rows(path: Path) -> list[dict]:
    """The rows of a predictions file (a regular file of at most MAX_BYTES, UTF-8, a
    leading byte order mark allowed)."""
    from ..safeio import read_bytes
    try:
        data = read_bytes(path, limit=MAX_BYTES)
        if len(data) > MAX_BYTES:
            raise PredictionError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB: not a predictions file "
                                  "(split it, or export the articles in parts)")
        text = data.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        raise PredictionError(f"{path}: cannot read ({exc})") from None
    rows = []
    try:
        if text.lstrip().startswith("["):
            rows = json.loads(text)
        else:
            for no, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except ValueError as exc:
                        raise PredictionError(f"{path}:{no}: not a JSON object ({exc})") from None
    except (ValueError, RecursionError) as exc:
        raise PredictionError(f"{path}: not JSON ({exc})") from None
    bad = [i for i, r in enumerate(rows, 1) if not isinstance(r, dict)]
    if not isinstance(rows, list) or bad:
        raise PredictionError(f"{path}: expected one JSON object per line (row {bad[:1]} is not one)")
    return rows


class Predictions:
    """Rows by article. `shown`: the file, for messages; the annotations made from the
    rows carry `source` (they are never written to a corpus: the export only)."""

    def __init__(self, rows: list[dict], shown: str, source: str = "model:unrecorded/unknown"):
        self.source = source
        self.by_article: dict[str, dict] = {}
        self.kinds: set[str] = set()
        problems = []
        from . import prediction_rows as check
        first: dict[tuple, int] = {}  # (article, what) -> the row that gave it first

        def once(no: int, aid: str, what: tuple, says: str) -> None:
            if (aid, *what) in first:
                raise check.RowError(f"{says} of article {aid!r} again (first in row {first[(aid, *what)]}): give "
                                     "each once (a scorer pairs or counts every line)")
            first[(aid, *what)] = no

        for no, row in enumerate(rows, 1):
            kind = check.kind(row)
            aid = row.get("article_id", row.get("id"))
            if kind is None or not isinstance(aid, str):
                problems.append(f"{shown}: row {no}: neither a technique row, a role row nor an article row "
                                "(see docs/formats.md, Predictions)")
                continue
            got = self.by_article.setdefault(aid, {})
            try:
                if kind == "techniques":
                    t = (*check.span(row), check.label(row["label"], "technique"))
                    once(no, aid, ("technique", *t), f"technique {t[2]} at {t[0]}-{t[1]}")
                    got.setdefault("techniques", []).append(t)
                elif kind == "roles":
                    s, e = check.span(row)
                    r = check.roles(row)
                    once(no, aid, ("roles", s, e), f"the roles of the mention at {s}-{e}")
                    got.setdefault("roles", []).append((s, e, r))
                else:
                    layers = check.article(row)
                    for layer in layers:
                        once(no, aid, (layer,), f"the {layer.replace('_', ' ')}")
                    got.update(layers)
                    self.kinds |= set(layers)
                    continue
            except check.RowError as exc:
                problems.append(f"{shown}: row {no}: {exc}")
                continue
            self.kinds.add(kind)
        if problems:
            raise PredictionError("\n".join(problems[:50]) + (f"\n... and {len(problems) - 50} more"
                                                              if len(problems) > 50 else ""))

    def apply(self, x: Exportable, report: list) -> Exportable:
        """A copy of `x` with the predicted layers in place of its own. A label the
        article's gold spells another way (its notes) is written that way, as the gold is."""
        rec = copy.deepcopy(x.record)
        got = self.by_article.get(rec["id"], {})
        gold = x.record
        spelled = spellings(*_notes(gold))

        def note(*labels, extra=None):
            return join_notes(extra, spelling_note((spelled[y], y) for y in labels if y in spelled))
        rec["annotated_layers"] = sorted(self.kinds)
        if "techniques" in self.kinds:
            rec["techniques"] = [{"id": f"p{i}", "label": label, "start": s, "end": e, "text": rec_text(x, s, e),
                                  "source": self.source,
                                  "note": note(label, extra=_raw_note(gold["techniques"], s, e))}
                                 for i, (s, e, label) in enumerate(got.get("techniques", []), 1)]
        if "genre" in self.kinds:
            rec["genre"] = {"label": got.get("genre"), "source": self.source, "note": note(got.get("genre"))}
        if "frames" in self.kinds:
            frames = list(got.get("frames") or [])
            rec["frames"] = {"labels": frames, "primary": None, "source": self.source, "note": note(*frames)}
        if "narratives" in self.kinds:
            rec["narratives"] = [{"narrative": n["narrative"], "subnarrative": n["subnarrative"],
                                  "source": self.source, "note": note(n["narrative"], n["subnarrative"])}
                                 for n in got.get("narratives") or []]
        if "paragraph_techniques" in self.kinds:
            by_span = {(p["start"], p["end"]): p["techniques"] for p in got.get("paragraph_techniques") or []}
            for p in rec["structure"]["paragraphs"]:
                p["techniques"] = list(by_span.get((p["start"], p["end"])) or [])
        if "roles" in self.kinds:
            rec["entities"], rec["mentions"] = [], []
            notes = {(m["start"], m["end"]): r["note"] for e in gold["entities"] for r in e["roles"]
                     for m in gold["mentions"] if m["entity"] == e["id"]}
            for k, (s, e, roles) in enumerate(got.get("roles", []), 1):
                raw = _raw_note_of(notes.get((s, e)))
                rec["entities"].append({"id": f"e{k}", "name": f"m{k}", "type": None, "wikidata": None,
                                        "roles": [{**r, "source": self.source,
                                                   "note": note(r["main"], *r["fine"], extra=raw)} for r in roles],
                                        "source": self.source, "note": None})
                rec["mentions"].append({"id": f"m{k}", "entity": f"e{k}", "start": s, "end": e,
                                        "text": rec_text(x, s, e), "metonymy": None, "source": self.source})
        n = len(x.text)
        for key in ("techniques", "mentions"):
            for t in rec[key]:
                if t["end"] > n:
                    report.append(f"{rec['id']}: predicted span {t['start']}-{t['end']} lies outside the text "
                                  f"(0-{n}): left out")
            rec[key] = [t for t in rec[key] if t["end"] <= n]
        kept = {m["entity"] for m in rec["mentions"]}
        rec["entities"] = [e for e in rec["entities"] if e["id"] in kept]
        return Exportable(rec, x.text, x.raw, x.align, x.name, x.from_seed, x.report)


def _notes(rec: dict) -> list[str | None]:
    """Every note of a record that may keep a label's source spelling (newsframes' part)."""
    out = [rec["genre"]["note"], rec["frames"]["note"], *rec["source"]["notes"]]
    out += [t["note"] for t in rec["techniques"]] + [n["note"] for n in rec["narratives"]]
    out += [r["note"] for e in rec["entities"] for r in e["roles"]]
    return [own(n) for n in out]


def rec_text(x: Exportable, s: int, e: int) -> str:
    return x.text[s:e] if 0 <= s < e <= len(x.text) else ""


def _raw_note_of(note: str | None) -> str | None:
    m = RAW_OFFSETS.search(note or "")
    return m.group(0) if m else None


def _raw_note(gold: list[dict], s: int, e: int) -> str | None:
    """The raw offsets of the gold span at the same place (an edge the import moved), so a
    correct prediction is written where the gold is."""
    for t in gold:
        if (t["start"], t["end"]) == (s, e):
            return _raw_note_of(t["note"])
    return None


def gold_keys(like: Path, fmt: str) -> set[str]:
    """The article keys of the gold (first fields of its label lines; brat: .ann stems)."""
    from .problems import Problems
    from .sources import walk
    files = [like] if like.is_file() else walk(like, Problems())[0]
    keys: set[str] = set()
    for p in files:
        parts = p.relative_to(like).parts if like.is_dir() else (p.name,)
        if any(x == "raw-documents" or "-articles-" in x for x in parts[:-1]) or \
                (p.name.startswith("article") and p.suffix == ".txt" and "labels" not in p.name):
            continue
        if fmt == "brat":
            if p.suffix == ".ann":
                keys.add(p.stem)
            continue
        try:
            text = gold_bytes(p).decode("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            continue
        keys |= {ln.split("\t", 1)[0] for ln in text.splitlines() if ln.strip()}
    return keys


class GoldError(Exception):
    """A file of `--like` that cannot be a gold file (too large to be one)."""


def gold_bytes(path: Path) -> bytes:
    """A gold file's bytes: a regular file of at most sources.MAX_BYTES (the import's
    limit: no label file of a shared task comes near); GoldError when larger."""
    from ..safeio import read_bytes
    from .sources import MAX_BYTES

    data = read_bytes(path, limit=MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise GoldError(f"--like: {path}: larger than {MAX_BYTES // (1024 * 1024)} MiB: not a label file of a shared "
                        "task (give the gold folder or file as released)")
    return data
