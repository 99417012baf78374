"""Render the statistics: a terminal table, the Markdown block of the docs, JSON.

The Markdown block is what `newsframes stats --write` puts between the stats markers of
README.md and DATASHEET.md; tests parse its split table back, so keep its layout
(`| split | articles | … |`) stable.
"""

from __future__ import annotations

import json

from .compute import LAYERS, PROVENANCE_KINDS

# distributions shown, in order: (key in stats["labels"], title)
DISTRIBUTIONS = (
    ("genre", "genre"),
    ("frames", "frames (multi-label)"),
    ("primary_frames", "primary frame"),
    ("narratives", "narratives (articles)"),
    ("subnarratives", "sub-narratives (entries)"),
    ("techniques", "persuasion techniques (spans)"),
    ("technique_groups", "technique groups (spans)"),
    ("entity_types", "entity types (entities)"),
    ("mention_entity_types", "entity types (mentions)"),
    ("roles_main", "entity roles, main"),
    ("roles_fine", "entity roles, fine"),
    ("claim_types", "claim types"),
    ("checkworthy", "check-worthy claims"),
    ("verdicts", "claim verdicts"),
    ("timex_types", "TIMEX3 types"),
)
# columns of the split table (the `characters` count stays in JSON only)
SPLIT_COLUMNS = tuple(k for k in LAYERS if k != "characters")


def render_json(stats: dict) -> str:
    return json.dumps(stats, indent=2, ensure_ascii=False) + "\n"


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def _dist_cell(counts: dict[str, int], code: bool) -> str:
    used = [(k, v) for k, v in counts.items() if v]
    if not used:
        return "none"
    q = "`" if code else ""
    cell = " · ".join(f"{q}{k}{q} {v}" for k, v in used)
    if code and len(used) < len(counts):  # zero-count labels are kept for taxonomy lists
        cell += f" ({len(used)} of {len(counts)} labels used)"
    return cell


def render_markdown(stats: dict) -> str:
    t = stats["totals"]
    out = [
        "*Generated from `corpus/` by `newsframes stats --write`; do not edit by hand. "
        f"Words are {stats['words_definition']}; `narratives` counts (narrative, "
        "sub-narrative) entries.*",
        "",
        "| split | " + " | ".join(SPLIT_COLUMNS) + " |",
        "|---|" + "---:|" * len(SPLIT_COLUMNS),
    ]
    for split, row in stats["splits"].items():
        out.append(f"| {split} | " + " | ".join(_fmt_int(row[k]) for k in SPLIT_COLUMNS) + " |")
    out.append("| **total** | " + " | ".join(f"**{_fmt_int(t[k])}**" for k in SPLIT_COLUMNS) + " |")
    rates = " · ".join(f"{k} {v:.1f}" for k, v in stats["per_1000_words"].items())
    out += ["", f"Spans per 1,000 words: {rates}.", "",
            "| distribution | counts |", "|---|---|"]
    for key, title in DISTRIBUTIONS:
        out.append(f"| {title} | {_dist_cell(stats['labels'][key], code=key != 'checkworthy')} |")
    out.append(f"| annotation status (articles) | {_dist_cell(stats['annotation_status'], code=True)} |")
    out += ["", "How each annotation was made, and by whom (`manual`: by a person; `tool+manual`: a tool "
            "proposal a person checked; `model`: by an AI model; `tool+model`: a tool proposal an AI model "
            "checked; `tool`: an unchecked tool proposal; `import`: taken from another release):", "",
            "| layer | " + " | ".join(PROVENANCE_KINDS) + " |",
            "|---|" + "---:|" * len(PROVENANCE_KINDS)]
    for layer, kinds in stats["provenance"].items():
        out.append(f"| {layer} | " + " | ".join(_fmt_int(kinds.get(k, 0)) for k in PROVENANCE_KINDS) + " |")
    total = {k: sum(kinds.get(k, 0) for kinds in stats["provenance"].values()) for k in PROVENANCE_KINDS}
    out.append("| **total** | " + " | ".join(f"**{_fmt_int(total[k])}**" for k in PROVENANCE_KINDS) + " |")
    out += ["", makers_sentence(stats)]
    if stats["tools"]:
        out += ["", "Tools named in provenance: " + ", ".join(f"`{k}` ({v})" for k, v in stats["tools"].items()) + "."]
    if stats.get("models"):
        out += ["", "AI models named in provenance: " + ", ".join(f"`{k}` ({v})" for k, v in stats["models"].items())
                + " (`unrecorded/unknown`: which model was not recorded)."]
    return "\n".join(out) + "\n"


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"{_fmt_int(n)} {one if n == 1 else (many or one + 's')}"


def makers_sentence(stats: dict) -> str:
    """How many annotations people made and how many AI models made, from the data."""
    m = stats["makers"]
    total = sum(m.values())
    people, models = m.get("people", 0), m.get("models", 0)
    checked = sum(k.get("tool+model", 0) for k in stats["provenance"].values())
    parts = [f"Of the {_n(total, 'annotation')} in the corpus, {_fmt_int(people)} were made or checked by people "
             f"and {_fmt_int(models)} by AI models"
             + (f" ({_fmt_int(checked)} of them tool proposals a model checked)" if checked else "")]
    parts.append(f"{_fmt_int(m.get('tools', 0))} are unchecked tool output")
    parts.append(f"{_fmt_int(m.get('imported', 0))} were imported from other releases (made by those releases' "
                 "annotators)")
    if m.get("other"):
        parts.append(f"{_fmt_int(m['other'])} have a source of no known kind")
    text = ", ".join(parts[:-1]) + " and " + parts[-1] + "."
    if total and not people:
        text += " **No person has made or checked any of these annotations.**"
    adj = stats.get("adjudicated_by") or {}
    if adj:
        who = {"person": "a person", "model": "an AI model", "unknown": "an annotator of unknown kind",
               "unrecorded": "an adjudicator the record does not name"}
        text += " Adjudicated gold records: " + "; ".join(
            f"{_fmt_int(n)} by {who.get(k, k)}" for k, n in adj.items()) + "."
    only = stats.get("made_by_models_only") or []
    if only:
        shown = ", ".join(f"`{i}`" for i in only[:5]) + (f" and {_fmt_int(len(only) - 5)} more" if len(only) > 5 else "")
        text += (f" {_n(len(only), 'record was', 'records were')} made entirely by AI models (every annotator, "
                 f"the adjudicator included, a model): {shown}.")
    return text


def render_provenance(stats: dict) -> str:
    """The generated first paragraph of the card and the DATASHEET: who made the annotations."""
    return ("**Who annotated.** " + makers_sentence(stats) + " Per layer: the statistics table below; per "
            "annotation: `source` and `source_kind`; per annotator: `agents` in the `articles` config "
            "([docs/annotations.md](docs/annotations.md)).")


def render_text(stats: dict) -> str:
    """A plain table for the terminal."""
    lines = []
    cols = ("split",) + SPLIT_COLUMNS
    rows = [[s] + [_fmt_int(r[k]) for k in SPLIT_COLUMNS] for s, r in stats["splits"].items()]
    rows.append(["total"] + [_fmt_int(stats["totals"][k]) for k in SPLIT_COLUMNS])
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    lines += [line(cols), line(["-" * w for w in widths]), *map(line, rows[:-1]),
              line(["-" * w for w in widths]), line(rows[-1]), ""]
    lines.append(f"words: {stats['words_definition']}")
    lines.append("per 1,000 words: " + ", ".join(f"{k} {v:.1f}" for k, v in stats["per_1000_words"].items()))
    lines.append("")
    titles = dict(DISTRIBUTIONS)
    titles["annotation_status"] = "annotation status (articles)"
    dists = dict(stats["labels"], annotation_status=stats["annotation_status"])
    for key, title in titles.items():
        counts = dists[key]
        used = {k: v for k, v in counts.items() if v}
        lines.append(f"{title}:" + ("" if used else " none"))
        width = max((len(k) for k in used), default=0)
        for k, v in used.items():
            lines.append(f"  {k.ljust(width)}  {v:>6,}")
    lines.append("")
    lines.append("provenance: " + " / ".join(PROVENANCE_KINDS))
    width = max((len(k) for k in stats["provenance"]), default=0)
    for layer, kinds in stats["provenance"].items():
        lines.append(f"  {layer.ljust(width)}  " + "  ".join(f"{kinds.get(k, 0):>6,}" for k in PROVENANCE_KINDS))
    for k, v in stats["tools"].items():
        lines.append(f"  tool {k}: {v}")
    for k, v in (stats.get("models") or {}).items():
        lines.append(f"  model {k}: {v}")
    lines.append("")
    lines.append(makers_sentence(stats).replace("**", ""))
    return "\n".join(lines) + "\n"
