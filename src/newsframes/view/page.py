"""One self-contained review page for one article: inline CSS, no scripts, no external
resources (a Content-Security-Policy forbids them as a second line of defence; the
first is that every value from the record is escaped)."""

from __future__ import annotations

import hashlib

from .html import esc, unknown
from .spans import as_dict, as_list, collect_spans, css_token
from .style import ENTITY_COLOURS, GROUP_COLOURS, LAYER_NAMES, stylesheet
from .tables import (
    annotation_section,
    claims_section,
    entities_section,
    labels_section,
    source_section,
    techniques_section,
    timexes_section,
)
from .text import render_text

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _legend(record: dict, tax) -> str:
    types = sorted({css_token(e.get("type"), ENTITY_COLOURS)
                    for e in map(as_dict, as_list(record.get("entities")))})
    groups_of = tax.technique_groups
    groups = sorted({css_token(groups_of.get(p.get("label")) if isinstance(p.get("label"), str) else None,
                               GROUP_COLOURS) for p in map(as_dict, as_list(record.get("techniques")))})
    items = [f'<span class="a L-mention T-{t}">entity: {esc(t)}</span>' for t in types]
    items += [f'<span class="a L-technique G-{g}">technique group: {esc(g)}</span>' for g in groups]
    items += ['<span class="a L-claim">claim (line above)</span>',
              '<span class="a L-cue">attribution cue</span>',
              '<span class="a L-timex">temporal expression</span>']
    prov = ('<span class="prov prov-manual">manual</span> by a person · '
            '<span class="prov prov-model">model</span> by an AI model · '
            '<span class="prov prov-toolmanual">tool+manual</span> tool proposal checked by a person (⚙✓) · '
            '<span class="prov prov-toolmodel">tool+model</span> tool proposal checked by an AI model (⚙✓) · '
            '<span class="prov prov-tool">tool</span> unchecked tool proposal (⚙?, dashed) · '
            '<span class="prov prov-import">import</span> from another release')
    return (f'<div class="legend">{" ".join(items)}</div>'
            f'<p class="muted">Provenance: {prov}. Small tags give the entity id, claim id, '
            'technique id and label, or timex id; hover any highlight for its label, ids and '
            'provenance. Overlapping technique spans stack their underlines; claims are marked '
            'by a line above the text.</p>')


_PLURAL = {"mention": "mentions", "claim": "claims", "technique": "techniques", "timex": "timexes"}


def _switcher() -> str:
    radios = ['<input type="radio" name="layer" id="ly-all" checked>']
    radios += [f'<input type="radio" name="layer" id="ly-{x}">' for x in LAYER_NAMES]
    radios.append('<input type="checkbox" id="hide-tags">')
    labels = ['<label for="ly-all">all layers</label>']
    labels += [f'<label for="ly-{x}">{_PLURAL[x]} only</label>' for x in LAYER_NAMES]
    labels.append('<label for="hide-tags">hide tags</label>')
    return "".join(radios) + f'<div class="switch">Show: {"".join(labels)}</div>'


def render_page(record: dict, text: str, tax, extra_problems: list[str] | None = None,
                notice: str | None = None) -> str:
    """The HTML page (a str; deterministic: same record and text, same bytes). `notice`:
    a warning shown first (the text is one the rights policy withholds)."""
    record = as_dict(record)
    layout = collect_spans(record, text, tax)
    problems = list(extra_problems or []) + layout.problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if record.get("text_sha256") != digest:
        problems.insert(0, f"text_sha256 in the record ({record.get('text_sha256')}) is not the "
                           f"SHA-256 of the text ({digest}): offsets may be stale")
    rid, title = record.get("id"), record.get("title")
    heading = esc(title) if title else unknown("(no title)")
    problem_html = ""
    if problems:
        lis = "".join(f"<li>{esc(p)}</li>" for p in problems)
        problem_html = (f'<section class="problems"><strong>{len(problems)} problem(s) in this record</strong> '
                        f'(run <code>newsframes validate</code>):<ul>{lis}</ul></section>')
    n_chars = len(text)
    sections = [
        ("Text", f'<section class="textsec">{_switcher()}<article class="doc" lang="{esc(record.get("language") or "")}">'
                 f'\n{render_text(record, text, layout.spans)}\n</article></section>'),
        ("Legend", _legend(record, tax)),
        ("Genre, frames and narratives", labels_section(record)),
        ("Entities", entities_section(record)),
        ("Claims", claims_section(record)),
        ("Persuasion techniques", techniques_section(record)),
        ("Temporal expressions", timexes_section(record)),
        ("Source", source_section(record)),
        ("Annotation", annotation_section(record)),
    ]
    body = "\n".join(f'<h2 id="{esc(name.split()[0].lower().strip(","))}">{esc(name)}</h2>\n{html}'
                     for name, html in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="newsframes view">
<title>{esc(rid)} · {esc(title) if title else "(no title)"} · newsframes review</title>
<style>{stylesheet()}</style>
</head>
<body>
<main>
<header><h1>{heading}</h1>
<div class="meta">id <code>{esc(rid)}</code> · {n_chars} characters · {len(as_list(record.get("mentions")))} mentions · \
{len(as_list(record.get("claims")))} claims · {len(as_list(record.get("techniques")))} techniques · \
{len(as_list(record.get("timexes")))} timexes · annotation {esc(as_dict(record.get("annotation")).get("status"))}</div>
</header>
{f'<section class="problems rights"><strong>{esc(notice)}</strong></section>' if notice else ""}
{problem_html}
{body}
</main>
</body>
</html>
"""
