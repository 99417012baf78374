"""The page's sections beside the text: source metadata, annotation, article-level
labels, and one table per span layer (each row with its provenance)."""

from __future__ import annotations

from .html import cell, dl, esc, link, prov, table, unknown, wikidata
from .spans import as_dict, as_list, css_token, key
from .style import ENTITY_COLOURS


def _offsets(item: dict) -> str:
    return f'{esc(item.get("start"))}–{esc(item.get("end"))}'


def _notes(notes) -> str:
    notes = as_list(notes)
    if not notes:
        return unknown("none")
    return "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"


def evidence_list(items) -> str:
    items = [as_dict(x) for x in as_list(items)]
    if not items:
        return unknown("none")
    lis = [f'<li>{link(ev.get("url"))} <span class="muted">published {cell(ev.get("published"), "unknown")}</span>'
           f'<br>{cell(ev.get("note"))}</li>' for ev in items]
    return '<ul class="ev">' + "".join(lis) + "</ul>"


def _evidence_block(items) -> str:
    """A verdict's evidence under its label and note: the list, or a labelled "none" on a
    line of its own (never glued to the end of the note)."""
    if as_list(items):
        return evidence_list(items)
    return '<br><span class="muted">evidence:</span> ' + unknown("none")


def source_section(record: dict) -> str:
    src = as_dict(record.get("source"))
    pub = as_dict(src.get("published"))
    seed = as_dict(src.get("seed"))
    rights = as_dict(src.get("rights"))
    authors = as_list(src.get("authors"))
    return dl([
        ("Outlet", cell(src.get("outlet"), "unknown")),
        ("URL", link(src.get("url"))),
        ("Authors", ", ".join(esc(a) for a in authors) if authors else unknown()),
        ("Published", f'{cell(pub.get("date"), "unknown")} <span class="muted">precision '
                      f'{cell(pub.get("precision"), "unknown")}, basis {cell(pub.get("basis"), "unknown")}</span>'),
        ("Date note", cell(pub.get("note"))),
        ("Date evidence", evidence_list(pub.get("evidence"))),
        ("Retrieved", cell(src.get("retrieved"), "unknown")),
        ("Seed file", f'{cell(seed.get("file"), "unknown")} <code>{cell(seed.get("sha256"), "")}</code>'),
        ("Rights", f'<strong>{cell(rights.get("status"), "unknown")}</strong> {cell(rights.get("note"), "")}'),
        ("Source notes", _notes(src.get("notes"))),
        ("Language", cell(record.get("language"), "unknown")),
        ("Split", cell(record.get("split"), "unknown")),
        ("Text SHA-256", f'<code>{cell(record.get("text_sha256"), "unknown")}</code>'),
    ])


def annotation_section(record: dict) -> str:
    ann = as_dict(record.get("annotation"))
    return dl([
        ("Status", cell(ann.get("status"), "unknown")),
        ("Annotators", cell(as_list(ann.get("annotators")), "unknown")),
        ("Guidelines version", cell(ann.get("guidelines_version"), "unknown")),
        ("Method", cell(ann.get("method"), "unknown")),
        ("Schema version", cell(record.get("schema_version"), "unknown")),
    ])


def labels_section(record: dict) -> str:
    genre = as_dict(record.get("genre"))
    frames = as_dict(record.get("frames"))
    primary = frames.get("primary")
    chips = []
    for lab in as_list(frames.get("labels")):
        mark = ' class="chip primary" title="primary frame"' if lab == primary else ' class="chip"'
        chips.append(f"<span{mark}>{esc(lab)}</span>")
    narr_rows = [[cell(n.get("narrative")), cell(n.get("subnarrative")), prov(n.get("source")), cell(n.get("note"))]
                 for n in map(as_dict, as_list(record.get("narratives")))]
    return dl([
        ("Genre", f'{cell(genre.get("label"), "unknown")} {prov(genre.get("source"))} {cell(genre.get("note"), "")}'),
        ("Frames", (" ".join(chips) or unknown("none")) + f' {prov(frames.get("source"))}'),
        ("Primary frame", cell(primary, "none")),
        ("Frames note", cell(frames.get("note"))),
    ]) + "<h3>Narratives</h3>" + table(["Narrative", "Sub-narrative", "Provenance", "Note"], narr_rows)


def _roles(roles) -> str:
    out = []
    for r in map(as_dict, as_list(roles)):
        note = f' <span class="muted">{esc(r.get("note"))}</span>' if r.get("note") else ""
        out.append(f'<li><strong>{cell(r.get("main"))}</strong>: {cell(as_list(r.get("fine")))} '
                   f'{prov(r.get("source"))}{note}</li>')
    return "<ul>" + "".join(out) + "</ul>" if out else unknown("none")


def entities_section(record: dict) -> str:
    by_entity: dict = {}
    for m in map(as_dict, as_list(record.get("mentions"))):
        by_entity.setdefault(key(m.get("entity")), []).append(m)
    rows = []
    for e in map(as_dict, as_list(record.get("entities"))):
        ms = by_entity.get(key(e.get("id")), [])
        texts = sorted({str(m.get("text")) for m in ms})
        rows.append([f'<span class="swatch L-mention T-{css_token(e.get("type"), ENTITY_COLOURS)}">{cell(e.get("id"))}</span>', cell(e.get("name")),
                     cell(e.get("type")), wikidata(e.get("wikidata")), _roles(e.get("roles")),
                     f'{len(ms)}: ' + ", ".join(f"“{esc(t)}”" for t in texts) if ms else unknown("0"),
                     prov(e.get("source")), cell(e.get("note"))])
    ment_rows = [[cell(m.get("id")), cell(m.get("entity")), _offsets(m), cell(m.get("text")),
                  cell(m.get("metonymy")), prov(m.get("source"))]
                 for m in map(as_dict, as_list(record.get("mentions")))]
    return (table(["Id", "Name", "Type", "Wikidata", "Roles", "Mentions", "Provenance", "Note"], rows)
            + f"<details><summary>Mentions ({len(ment_rows)})</summary>"
            + table(["Id", "Entity", "Offsets", "Text", "Metonymy", "Provenance"], ment_rows)
            + "</details>")


def claims_section(record: dict) -> str:
    names = {key(e.get("id")): e.get("name") for e in map(as_dict, as_list(record.get("entities")))}
    rows = []
    for c in map(as_dict, as_list(record.get("claims"))):
        claimant = key(c.get("claimant"))
        who = cell(claimant) + (f' <span class="muted">{esc(names[claimant])}</span>'
                                if claimant in names else "")
        cue = c.get("cue")
        cue_html = (f'“{cell(cue.get("text"))}” <span class="muted">{_offsets(cue)}</span>'
                    if isinstance(cue, dict) else unknown("none"))
        v = as_dict(c.get("verdict"))
        verdict = (f'<strong>{cell(v.get("label"), "unknown")}</strong> <span class="muted">checked '
                   f'{cell(v.get("checked"))}</span>' + (f'<br>{esc(v.get("note"))}' if v.get("note") else ""))
        rows.append([cell(c.get("id")), f'{cell(c.get("text"))} <span class="muted">{_offsets(c)}</span>',
                     f'{who}<br><span class="muted">cue:</span> {cue_html}',
                     f'{cell(c.get("type"))}<br><span class="muted">check-worthy:</span> {cell(c.get("checkworthy"))}',
                     f'{verdict}{_evidence_block(v.get("evidence"))}', prov(c.get("source"))])
    return table(["Id", "Claim", "Claimant and cue", "Type", "Verdict and evidence", "Provenance"],
                 rows, "claims")


def techniques_section(record: dict) -> str:
    rows = [[cell(p.get("id")), cell(p.get("label")), _offsets(p), cell(p.get("text")),
             prov(p.get("source")), cell(p.get("note"))]
            for p in map(as_dict, as_list(record.get("techniques")))]
    return table(["Id", "Technique", "Offsets", "Text", "Provenance", "Note"], rows)


def timexes_section(record: dict) -> str:
    rows = [[cell(t.get("id")), cell(t.get("text")), _offsets(t), cell(t.get("type")),
             f'<code>{cell(t.get("value"))}</code>', cell(t.get("mod")), prov(t.get("source"))]
            for t in map(as_dict, as_list(record.get("timexes")))]
    return table(["Id", "Text", "Offsets", "Type", "Value", "Mod", "Provenance"], rows)
