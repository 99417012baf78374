"""Corpus record -> rows of each config, with labels as strings (the JSONL mirror form;
the Parquet writer encodes them to `ClassLabel` ids). `record_from_article_row` is the
inverse of `article_row`: an `articles` row holds every field of the record."""

from __future__ import annotations

import bisect
import hashlib
import re

from ..corpus import Article
from ..formats.records import ALL_LAYERS
from ..provenance import kind as source_kind
from ..rights import PRESENT
from ..taxonomy import Taxonomies

_ID_NUM = re.compile(r"(\d+)\Z")


def _id_key(span_id: str):
    m = _ID_NUM.search(span_id or "")
    return (int(m.group(1)) if m else -1, span_id or "")


def sha(text: str | None) -> str | None:
    """The sha256 of a text (UTF-8), None for None: what a restored copy is checked against."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def span_sort_key(row: dict):
    return (row["article_id"], row["start"], row["end"], *_id_key(row["id"]))


def article_row(art: Article) -> dict:
    r = art.record
    src, pub, ann = r["source"], r["source"]["published"], r["annotation"]
    return {
        "id": r["id"],
        "split": r["split"],
        "language": r["language"],
        "title": r["title"],
        "text": art.text,
        "text_sha256": r["text_sha256"],
        "text_status": PRESENT,
        "schema_version": r["schema_version"],
        "annotated_layers": list(r.get("annotated_layers", ALL_LAYERS)),
        "outlet": src["outlet"],
        "url": src["url"],
        "authors": list(src["authors"]),
        "published_date": pub["date"],
        "published_precision": pub["precision"],
        "published_basis": pub["basis"],
        "published_evidence": [dict(e) for e in pub["evidence"]],
        "published_note": pub["note"],
        "retrieved": src["retrieved"],
        "seed_file": src["seed"]["file"],
        "seed_sha256": src["seed"]["sha256"],
        "rights_status": src["rights"]["status"],
        "rights_note": src["rights"]["note"],
        "source_notes": list(src["notes"]),
        "annotation_status": ann["status"],
        "annotators": list(ann["annotators"]),
        "guidelines_version": ann["guidelines_version"],
        "annotation_method": ann["method"],
        # schema 1.2.0, optional: [] when absent
        "agents": [dict(a) for a in ann.get("agents") or []],
        # schema 1.1.0, optional: [] and None when absent
        "adjudicated_from": list(ann.get("adjudicated_from") or []),
        "adjudication_log": ann.get("adjudication_log"),
        # schema 1.2.0, optional: None when absent
        "adjudicator": ann.get("adjudicator"),
        "paragraphs": [{"start": p["start"], "end": p["end"], "kind": p["kind"], "techniques": p.get("techniques")}
                       for p in r["structure"]["paragraphs"]],
        "sentences": [dict(s) for s in r["structure"]["sentences"]],
        "genre": r["genre"]["label"],
        "genre_source": r["genre"]["source"],
        "genre_note": r["genre"]["note"],
        "frames": list(r["frames"]["labels"]),
        "primary_frame": r["frames"]["primary"],
        "frames_source": r["frames"]["source"],
        "frames_note": r["frames"]["note"],
        "narratives": [dict(n) for n in r["narratives"]],
        "entities": [_copy(e) for e in r["entities"]],
        "mentions": [dict(m) for m in r["mentions"]],
        "claims": [_copy(c) for c in r["claims"]],
        "techniques": [dict(t) for t in r["techniques"]],
        "timexes": [dict(t) for t in r["timexes"]],
    }


def _adjudication(row: dict) -> dict:
    """The optional adjudication fields of a gold record (schema 1.1.0): present when it
    names its passes or a log (a record without them reads back without them)."""
    passes, log = row.get("adjudicated_from") or [], row.get("adjudication_log")
    if not passes and log is None:
        return {}
    out: dict = {"adjudicated_from": list(passes)} if passes else {}
    out["adjudication_log"] = log
    return out


def _agents(row: dict) -> dict:
    """The optional fields of schema 1.2.0: `agents` (never empty when present) and
    `adjudicator`, present in the record when the row has them."""
    out: dict = {}
    if row.get("agents"):
        out["agents"] = row["agents"]
    if row.get("adjudicator") is not None:
        out["adjudicator"] = row["adjudicator"]
    return out


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def record_from_article_row(row: dict) -> tuple[dict, str]:
    """(record, text) rebuilt from an `articles` row with string labels."""
    record = {
        "schema_version": row["schema_version"],
        "id": row["id"],
        "language": row["language"],
        "title": row["title"],
        "split": row["split"],
        "text_sha256": row["text_sha256"],
        "source": {
            "outlet": row["outlet"],
            "url": row["url"],
            "authors": row["authors"],
            "published": {
                "date": row["published_date"],
                "precision": row["published_precision"],
                "basis": row["published_basis"],
                "evidence": row["published_evidence"],
                "note": row["published_note"],
            },
            "retrieved": row["retrieved"],
            "seed": {"file": row["seed_file"], "sha256": row["seed_sha256"]},
            "rights": {"status": row["rights_status"], "note": row["rights_note"]},
            "notes": row["source_notes"],
        },
        "annotation": {
            "status": row["annotation_status"],
            "annotators": row["annotators"],
            "guidelines_version": row["guidelines_version"],
            "method": row["annotation_method"],
            **_agents(row),
            **_adjudication(row),
        },
        "structure": {"paragraphs": [{k: v for k, v in p.items() if k != "techniques" or v is not None}
                                     for p in row["paragraphs"]], "sentences": row["sentences"]},
        "genre": {"label": row["genre"], "source": row["genre_source"], "note": row["genre_note"]},
        "frames": {"labels": row["frames"], "primary": row["primary_frame"],
                   "source": row["frames_source"], "note": row["frames_note"]},
        "narratives": row["narratives"],
        "entities": row["entities"],
        "mentions": row["mentions"],
        "claims": row["claims"],
        "techniques": row["techniques"],
        "timexes": row["timexes"],
    }
    if not (row["schema_version"] == "1.0.0" and tuple(row["annotated_layers"]) == ALL_LAYERS):
        record["annotated_layers"] = row["annotated_layers"]  # a 1.0.0 record has none: every layer
    return _copy(record), row["text"]


class _Units:
    """Start and end offsets of sentences or paragraphs, for finding the ones covering a
    span by bisection when both are in ascending order (else by a scan)."""

    __slots__ = ("units", "starts", "ends", "sorted")

    def __init__(self, units: list[dict]):
        self.units = units
        self.starts = [u["start"] for u in units]
        self.ends = [u["end"] for u in units]
        self.sorted = all(a <= b for a, b in zip(self.starts, self.starts[1:])) and \
            all(a <= b for a, b in zip(self.ends, self.ends[1:]))

    def cover(self, lo: int, hi: int) -> list[dict]:
        """[u for u in units if u.start < hi and u.end > lo], in order."""
        if not self.sorted:
            return [u for u in self.units if u["start"] < hi and u["end"] > lo]
        # ascending starts and ends: the units ending after lo form a suffix, those
        # starting before hi a prefix; their intersection is one slice
        return self.units[bisect.bisect_right(self.ends, lo):bisect.bisect_left(self.starts, hi)]


def unit_index(record: dict) -> tuple[_Units, _Units]:
    """The sentences and paragraphs of a record, indexed for `context_of` (build it once
    per record; it is stale once the record's structure changes)."""
    return _Units(record["structure"]["sentences"]), _Units(record["structure"]["paragraphs"])


def context_of(record: dict, text: str, start: int, end: int, index=None) -> tuple[str, int]:
    """The sentence(s) covering [start, end); the paragraph(s) when there are no
    sentences; the line(s) as a last resort. Returns (context, context_start).
    `index`: `unit_index(record)`, to reuse over many spans of one record."""
    for units in index or unit_index(record):
        cover = units.cover(start, max(end, start + 1))
        if cover:
            lo = min(start, min(u["start"] for u in cover))
            hi = max(end, max(u["end"] for u in cover))
            return text[lo:hi], lo
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    return text[lo:hi], lo


def mention_rows(art: Article) -> list[dict]:
    r = art.record
    entities = {e["id"]: e for e in r["entities"]}
    index = unit_index(r)
    out = []
    for m in r["mentions"]:
        ent = entities.get(m["entity"], {})
        ctx, ctx_start = context_of(r, art.text, m["start"], m["end"], index)
        out.append({
            "article_id": r["id"], "split": r["split"], "id": m["id"],
            "start": m["start"], "end": m["end"], "text": m["text"], "text_sha256": sha(m["text"]),
            "text_status": PRESENT,
            "entity": m["entity"], "entity_name": ent.get("name"), "entity_type": ent.get("type"),
            "entity_wikidata": ent.get("wikidata"),
            "entity_roles": [{"main": ro["main"], "fine": list(ro["fine"]), "source": ro["source"]}
                             for ro in ent.get("roles") or []],
            "metonymy": m["metonymy"], "source": m["source"],
            "source_kind": source_kind(m["source"]),
            "context": ctx, "context_start": ctx_start, "context_sha256": sha(ctx),
        })
    return out


def claim_rows(art: Article) -> list[dict]:
    r = art.record
    entities = {e["id"]: e for e in r["entities"]}
    index = unit_index(r)
    out = []
    for c in r["claims"]:
        cue = c["cue"]
        lo, hi = c["start"], c["end"]
        if cue:
            lo, hi = min(lo, cue["start"]), max(hi, cue["end"])
        ctx, ctx_start = context_of(r, art.text, lo, hi, index)
        claimant = entities.get(c["claimant"])
        v = c["verdict"]
        out.append({
            "article_id": r["id"], "split": r["split"], "id": c["id"],
            "start": c["start"], "end": c["end"], "text": c["text"], "text_sha256": sha(c["text"]),
            "text_status": PRESENT,
            "claimant": c["claimant"], "claimant_name": claimant["name"] if claimant else None,
            "cue_start": cue["start"] if cue else None, "cue_end": cue["end"] if cue else None,
            "cue_text": cue["text"] if cue else None, "cue_text_sha256": sha(cue["text"]) if cue else None,
            "type": c["type"], "checkworthy": c["checkworthy"],
            "verdict": v["label"], "verdict_checked": v["checked"],
            "verdict_evidence": [dict(e) for e in v["evidence"]], "verdict_note": v["note"],
            "source": c["source"], "source_kind": source_kind(c["source"]),
            "context": ctx, "context_start": ctx_start, "context_sha256": sha(ctx),
        })
    return out


def technique_rows(art: Article, tax: Taxonomies) -> list[dict]:
    r = art.record
    groups = tax.technique_groups
    index = unit_index(r)
    out = []
    for t in r["techniques"]:
        ctx, ctx_start = context_of(r, art.text, t["start"], t["end"], index)
        out.append({
            "article_id": r["id"], "split": r["split"], "id": t["id"],
            "start": t["start"], "end": t["end"], "text": t["text"], "text_sha256": sha(t["text"]),
            "text_status": PRESENT,
            "label": t["label"], "group": groups.get(t["label"]),
            "source": t["source"], "source_kind": source_kind(t["source"]), "note": t["note"],
            "context": ctx, "context_start": ctx_start, "context_sha256": sha(ctx),
        })
    return out


def rows_by_config(articles: list[Article], tax: Taxonomies) -> dict[str, list[dict]]:
    """Rows of every config, sorted (articles by id; spans by article id, start, end, id)."""
    arts = sorted(articles, key=lambda a: a.id)
    spans = {"mentions": [], "claims": [], "techniques": []}
    for a in arts:
        spans["mentions"] += mention_rows(a)
        spans["claims"] += claim_rows(a)
        spans["techniques"] += technique_rows(a, tax)
    out = {"articles": [article_row(a) for a in arts]}
    for name, rows in spans.items():
        out[name] = sorted(rows, key=span_sort_key)
    return out
