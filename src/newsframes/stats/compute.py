"""Numbers from the corpus.

Counting rules (the same as the build's rows): one article row per record, one row per
mention / claim / technique span in the per-span configs, articles grouped by their
`split` field. The `narratives` layer count is the number of (narrative, sub-narrative)
entries; the narrative distribution counts articles carrying each narrative. Words are
whitespace-separated tokens of the normalised text
(`len(text.split())`), not linguistic tokens; "per 1,000 words" rates use that count.
The result is a plain dict of ints, floats and strings in a fixed order, so it renders
and serialises deterministically.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..corpus import read_article, record_paths
from ..splits import SPLITS
from ..taxonomy import load_taxonomies

WORDS_DEFINITION = "whitespace-separated tokens of the normalised text (Python `len(text.split())`)"

# per-article counts, in display order
LAYERS = (
    "articles", "paragraphs", "sentences", "words", "characters", "entities", "mentions",
    "claims", "techniques", "timexes", "narratives",
)
# span layers whose density (per 1,000 words) is reported
SPAN_LAYERS = ("mentions", "claims", "techniques", "timexes")
# source kinds in the order of the statistics table: people's work, models', unchecked, imported
PROVENANCE_KINDS = ("manual", "tool+manual", "model", "tool+model", "tool", "import")
# who stands behind each kind (the card's first paragraph and the DATASHEET count these)
MAKERS = {"people": ("manual", "tool+manual"), "models": ("model", "tool+model"), "tools": ("tool",),
          "imported": ("import",)}
ANNOTATION_STATUSES = ("draft", "single", "reviewed", "adjudicated")


class StatsError(Exception):
    """A corpus the statistics cannot be computed from (with the file and what to do)."""


def provenance_kind(source: str) -> str:
    from ..provenance import kind

    return kind(source) or "other"


def _article_counts(record: dict, text: str) -> dict[str, int]:
    return {
        "articles": 1,
        "paragraphs": len(record["structure"]["paragraphs"]),
        "sentences": len(record["structure"]["sentences"]),
        "words": len(text.split()),
        "characters": len(text),
        "entities": len(record["entities"]),
        "mentions": len(record["mentions"]),
        "claims": len(record["claims"]),
        "techniques": len(record["techniques"]),
        "timexes": len(record["timexes"]),
        "narratives": len(record["narratives"]),
    }


def _provenance_items(record: dict):
    """(layer, source) for every annotation that records how it was made."""
    yield "genre", record["genre"]["source"]
    yield "frames", record["frames"]["source"]
    for n in record["narratives"]:
        yield "narratives", n["source"]
    for e in record["entities"]:
        yield "entities", e["source"]
        for r in e["roles"]:
            yield "roles", r["source"]
    for layer in ("mentions", "claims", "techniques", "timexes"):
        for s in record[layer]:
            yield layer, s["source"]
    for s in record["structure"]["sentences"]:
        yield "sentences", s["source"]


UNTYPED = "(untyped)"


def _ordered(counter: Counter, order: list[str] | None = None, keep_zero: bool = False) -> dict[str, int]:
    """Counts sorted by count (descending), then by label; with `order` and `keep_zero`,
    every label of the taxonomy appears (zeros included)."""
    items = dict(counter)
    if keep_zero and order:
        for label in order:
            items.setdefault(label, 0)
    return dict(sorted(items.items(), key=lambda kv: (-kv[1], kv[0])))


def per_thousand(count: int, words: int) -> float:
    return round(1000.0 * count / words, 1) if words else 0.0


def compute_stats(corpus_dir: Path) -> dict:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise StatsError(f"{corpus_dir}: NF-STATS-001 corpus folder not found — pass --corpus DIR")
    tax = load_taxonomies()
    groups = tax.technique_groups

    totals = Counter({k: 0 for k in LAYERS})
    splits = {s: Counter({k: 0 for k in LAYERS}) for s in SPLITS}
    c = {name: Counter() for name in (
        "genre", "frames", "primary_frames", "narratives", "subnarratives", "entity_types",
        "mention_entity_types", "roles_main", "roles_fine", "claim_types", "verdicts",
        "checkworthy", "techniques", "technique_groups", "timex_types", "annotation_status", "rights_status",
    )}
    provenance: dict[str, Counter] = {}
    tools: Counter = Counter()
    models: Counter = Counter()
    gold_by: Counter = Counter()  # adjudicated gold records by the adjudicator's kind
    by_models: list[str] = []  # ids of records every annotator of which is an AI model

    for art in _iter_checked(corpus_dir):
        try:
            _accumulate(art, groups, totals, splits, c, provenance, tools, models, gold_by, by_models)
        except (KeyError, TypeError, AttributeError) as exc:
            raise StatsError(f"{art.json_path}: NF-STATS-003 the record lacks a field the "
                             f"statistics need ({type(exc).__name__}: {exc}) — run "
                             "`newsframes validate`") from None

    group_names = list(dict.fromkeys(groups.values()))
    labels = {
        "genre": _ordered(c["genre"], tax.genre, keep_zero=True),
        "frames": _ordered(c["frames"], tax.frames, keep_zero=True),
        "primary_frames": _ordered(c["primary_frames"]),
        "narratives": _ordered(c["narratives"]),
        "subnarratives": _ordered(c["subnarratives"]),
        "techniques": _ordered(c["techniques"], tax.techniques, keep_zero=True),
        "technique_groups": _ordered(c["technique_groups"], group_names, keep_zero=True),
        "entity_types": _ordered(c["entity_types"]),
        "mention_entity_types": _ordered(c["mention_entity_types"]),
        "roles_main": _ordered(c["roles_main"]),
        "roles_fine": _ordered(c["roles_fine"]),
        "claim_types": _ordered(c["claim_types"], tax.claim_types, keep_zero=True),
        "checkworthy": {"yes": c["checkworthy"]["yes"], "no": c["checkworthy"]["no"]},
        "verdicts": _ordered(c["verdicts"], tax.verdicts, keep_zero=True),
        "timex_types": _ordered(c["timex_types"], tax.timex_types, keep_zero=True),
    }
    split_order = list(SPLITS) + sorted(s for s in splits if s not in SPLITS)
    return {
        "words_definition": WORDS_DEFINITION,
        "totals": {k: totals[k] for k in LAYERS},
        "splits": {s: {k: splits[s][k] for k in LAYERS} for s in split_order},
        "per_1000_words": {k: per_thousand(totals[k], totals["words"]) for k in SPAN_LAYERS},
        "labels": labels,
        "annotation_status": _ordered(c["annotation_status"], list(ANNOTATION_STATUSES), keep_zero=True),
        "rights_status": dict(sorted(c["rights_status"].items())),
        "provenance": {
            layer: {k: provenance[layer].get(k, 0) for k in PROVENANCE_KINDS
                    + tuple(sorted(set(provenance[layer]) - set(PROVENANCE_KINDS)))}
            for layer in sorted(provenance)
        },
        "tools": dict(sorted(tools.items())),
        "models": dict(sorted(models.items())),
        "makers": _makers(provenance),
        "adjudicated_by": dict(sorted(gold_by.items())),
        "made_by_models_only": sorted(by_models),
    }


def _makers(provenance: dict[str, Counter]) -> dict[str, int]:
    """Annotations (every layer, sentences included) by who made them: people, models,
    tools (unchecked), imported; `other` for a source of no known kind."""
    out = dict.fromkeys(MAKERS, 0)
    for counts in provenance.values():
        for k, n in counts.items():
            who = next((w for w, ks in MAKERS.items() if k in ks), "other")
            out[who] = out.get(who, 0) + n
    return out


def _iter_checked(corpus_dir: Path):
    """The trusting corpus reader, with a clear error (not a traceback) for a record
    that is not even readable."""
    from ..jsonio import TooDeep
    from ..safeio import NotRegularFile

    for path in record_paths(corpus_dir):
        try:
            art = read_article(path)
        except NotRegularFile as exc:
            raise StatsError(f"{exc.filename}: NF101 {exc.strerror} — run `newsframes validate`") from None
        except TooDeep as exc:
            raise StatsError(f"{exc} — run `newsframes validate`") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StatsError(f"{path}: NF-STATS-002 unreadable record ({exc}) — "
                             "run `newsframes validate`") from None
        yield art


def _accumulate(art, groups, totals, splits, c, provenance, tools, models, gold_by, by_models) -> None:
    rec = art.record
    counts = _article_counts(rec, art.text)
    totals.update(counts)
    split = rec["split"]
    splits.setdefault(split, Counter({k: 0 for k in LAYERS})).update(counts)

    if rec["genre"]["label"] is not None:  # null only in a draft
        c["genre"][rec["genre"]["label"]] += 1
    c["frames"].update(rec["frames"]["labels"])
    if rec["frames"]["primary"] is not None:
        c["primary_frames"][rec["frames"]["primary"]] += 1
    for n in rec["narratives"]:
        c["subnarratives"][n["subnarrative"]] += 1
    # a narrative counts once per article, however many of its sub-narratives are marked
    c["narratives"].update(sorted({n["narrative"] for n in rec["narratives"]}))
    etype = {}
    for e in rec["entities"]:
        etype[e["id"]] = e["type"] or UNTYPED  # null since schema 1.1.0: a format without types
        c["entity_types"][etype[e["id"]]] += 1
        for r in e["roles"]:
            c["roles_main"][r["main"]] += 1
            c["roles_fine"].update(r["fine"])
    for m in rec["mentions"]:
        c["mention_entity_types"][etype.get(m["entity"], "(unresolved)")] += 1
    for cl in rec["claims"]:
        c["claim_types"][cl["type"]] += 1
        c["verdicts"][cl["verdict"]["label"]] += 1
        c["checkworthy"]["yes" if cl["checkworthy"] else "no"] += 1
    for p in rec["techniques"]:
        c["techniques"][p["label"]] += 1
        c["technique_groups"][groups.get(p["label"], "(unknown)")] += 1
    for t in rec["timexes"]:
        c["timex_types"][t["type"]] += 1
    c["annotation_status"][rec["annotation"]["status"]] += 1
    c["rights_status"][rec["source"]["rights"]["status"]] += 1
    from ..provenance import parse

    for layer, source in _provenance_items(rec):
        p = parse(source)
        provenance.setdefault(layer, Counter())[p.kind if p else "other"] += 1
        if p is not None and p.tool is not None:
            tools[p.tool] += 1
        if p is not None and p.model is not None:
            models[p.model_id] += 1
    ann = rec["annotation"]
    if ann["status"] == "adjudicated":
        kinds = {a["name"]: a["kind"] for a in ann.get("agents") or []}
        gold_by[kinds.get(ann.get("adjudicator"), "unrecorded")] += 1
    if ann.get("agents") and all(a["kind"] == "model" for a in ann["agents"]):
        by_models.append(rec["id"])
