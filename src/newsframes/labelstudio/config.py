"""The Label Studio labeling config (XML), generated from schema/taxonomies: every label
comes from the taxonomy files, none is typed here.

Layout: the article on the left; on the right, one block per annotation layer (span
labels, then the attributes of the selected region, shown only when a region of that
layer is selected), then the article-level choices. Hover a label for its definition."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..taxonomy import Taxonomies, load_taxonomies
from . import names as N

# one colour per layer / technique group (Label Studio colours the highlight with it)
ENTITY_COLOR = "#4e79a7"
CLAIM_COLOR, CUE_COLOR = "#f28e2b", "#edc948"
TIMEX_COLOR = "#59a14f"
TECHNIQUE_COLORS = ("#e15759", "#b07aa1", "#ff9da7", "#9c755f", "#76b7b2", "#d37295", "#a0cbe8")
# hotkeys only for the most used span labels, digits only (letters collide with the tool's own keys)
ENTITY_HOTKEYS = {"PERSON": "1", "ORG": "2", "GPE": "3", "LOC": "4", "NORP": "5", "EVENT": "6"}
CLAIM_HOTKEYS = {N.CLAIM_LABEL: "7", N.CUE_LABEL: "8"}
TIMEX_HOTKEYS = {"DATE": "9"}

PANEL = ("border:1px solid #d9d9d9; border-radius:6px; padding:4px 10px 8px; margin-bottom:8px;"
         " background:#fafafa")
ATTRS = "border-left:4px solid {color}; padding:2px 10px 6px; margin:0 0 8px; background:#fff"


def _a(**attrs) -> str:
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs.items() if v is not None)


def _hint(entry: dict) -> str | None:
    d = (entry.get("definition") or "").strip()
    return (d[:297] + "...") if len(d) > 300 else (d or None)


def _labels(name: str, entries: list[dict], color: str, hotkeys: dict[str, str] | None = None) -> list[str]:
    out = [f"<Labels{_a(name=name, toName=N.TEXT, showInline='true')}>"]
    for e in entries:
        out.append(f"  <Label{_a(value=e['label'], background=color, hint=_hint(e), hotkey=(hotkeys or {}).get(e['label']))}/>")
    out.append("</Labels>")
    return out


def _choices(name: str, values: list[str] | list[dict], *, multiple=False, per_region=False, layout=True,
             hints: bool = True) -> list[str]:
    attrs = {"name": name, "toName": N.TEXT, "choice": "multiple" if multiple else "single",
                 "showInline": "true" if layout else None, "perRegion": "true" if per_region else None}
    out = [f"<Choices{_a(**attrs)}>"]
    for v in values:
        entry = v if isinstance(v, dict) else {"label": v}
        out.append(f"  <Choice{_a(value=entry['label'], hint=_hint(entry) if hints else None)}/>")
    out.append("</Choices>")
    return out


def _textarea(name: str, placeholder: str) -> list[str]:
    attrs = _a(name=name, toName=N.TEXT, perRegion="true", editable="true", rows="1", maxSubmissions="1",
               placeholder=placeholder)
    return [f"<TextArea{attrs}/>"]


def _header(text: str, size: int = 4) -> str:
    return f"<Header{_a(value=text, size=str(size))}/>"


def _block(title: str, body: list[str], style: str = PANEL, **view_attrs) -> list[str]:
    return [f"<View{_a(style=style, **view_attrs)}>", "  " + _header(title),
            *("  " + line for line in body), "</View>"]


def _when(tag: str, label: str | None = None) -> dict:
    return {"visibleWhen": "region-selected", "whenTagName": tag, "whenLabelValue": label}


def build_config(tax: Taxonomies | None = None) -> str:
    tax = tax or load_taxonomies()
    raw = tax.raw
    L = [f"<View{_a(style='display:flex; gap:16px; align-items:flex-start')}>"]
    # left: the article
    L += [f"<View{_a(style='flex:3 1 0; min-width:0; max-width:900px')}>",
          "  " + _header("Article (select a span, then press a label; hover a label for its definition)", 3),
          f"  <Text{_a(name=N.TEXT, value='$text')}/>",
          f"  <Relations><Relation{_a(value=N.CUE_RELATION)}/></Relations>",
          "</View>"]
    # span layers
    ent = _block("Entity mentions (entity type)", _labels(N.ENTITY, raw["entity_types"]["labels"], ENTITY_COLOR,
                                                        ENTITY_HOTKEYS))
    claim_entries = [{"label": N.CLAIM_LABEL, "definition": "A claim made in the text (see GUIDELINES)."},
                     {"label": N.CUE_LABEL, "definition": "The attribution phrase of a claim (e.g. 'according to');"
                      " link it to its claim with a relation (cue -> claim)."}]
    clm = _block("Claims and attribution cues", [
        f"<Labels{_a(name=N.CLAIM, toName=N.TEXT, showInline='true')}>",
        *(f"  <Label{_a(value=e['label'], background=c, hint=e['definition'], hotkey=CLAIM_HOTKEYS[e['label']])}/>"
          for e, c in zip(claim_entries, (CLAIM_COLOR, CUE_COLOR))),
        "</Labels>"])
    tmx = _block("Dates and times (TIMEX3 type)", _labels(N.TIMEX, raw["timex_types"]["labels"], TIMEX_COLOR,
                                                         TIMEX_HOTKEYS))
    tech = []
    groups = raw["techniques"]["groups"]
    for i, g in enumerate(groups):
        entries = [e for e in raw["techniques"]["labels"] if e["group"] == g["label"]]
        tech += [f"<View{_a(style='margin:2px 0')}>", "  " + _header(g["label"].replace("_", " "), 5),
                 *("  " + x for x in _labels(N.TECHNIQUE_PREFIX + g["label"], entries,
                                             TECHNIQUE_COLORS[i % len(TECHNIQUE_COLORS)])), "</View>"]
    tech = _block("Persuasion techniques (by group)", tech)
    # per-region attributes, visible only when a region of that layer is selected
    mention = [
        _header("Entity: e<N> of an existing entity, or a name (new entity if unknown); empty = the span text", 5),
        *_textarea(N.ENTITY_REF, "e.g. e3, or Russia"),
        _header("Metonymy (leave empty for a literal use)", 5),
        *_choices(N.METONYMY, list(N.METONYMY_VALUES), per_region=True, hints=False),
        _header("Roles of the entity (mark them on one of its mentions)", 5)]
    for main in raw["entity_roles"]["main"]:
        fine = [e for e in raw["entity_roles"]["labels"] if e["main"] == main["label"]]
        mention += [f"<View{_a(style='margin-left:6px')}>", "  " + _header(main["label"], 5),
                    *("  " + x for x in _choices(N.ROLE_PREFIX + main["label"], fine, multiple=True,
                                                  per_region=True)), "</View>"]
    ent += _block("Selected mention", mention, ATTRS.format(color=ENTITY_COLOR), **_when(N.ENTITY))
    claim = [_header("Claimant: author, unnamed, e<N> or an entity name", 5),
             *_textarea(N.CLAIMANT, "author"),
             _header("Claim type", 5), *_choices(N.CLAIM_TYPE, raw["claim_types"]["labels"], per_region=True),
             _header("Check-worthy", 5), *_choices(N.CHECKWORTHY, [N.YES, N.NO], per_region=True),
             _header("Verdict (evidence and date: in the JSON record)", 5),
             *_choices(N.VERDICT, raw["verdicts"]["labels"], per_region=True)]
    clm += _block("Selected claim", claim, ATTRS.format(color=CLAIM_COLOR), **_when(N.CLAIM, N.CLAIM_LABEL))
    timex = [_header("TIMEX3 value (e.g. 2025-06-30, 2025-W26-WE, P2D, PRESENT_REF)", 5),
             *_textarea(N.TIMEX_VALUE, "2025-06-30"),
             _header("TIMEX3 mod (leave empty for none)", 5),
             *_choices(N.TIMEX_MOD, raw["timex_mods"]["labels"], per_region=True)]
    tmx += _block("Selected date or time", timex, ATTRS.format(color=TIMEX_COLOR), **_when(N.TIMEX))
    # article level
    art = [_header("Genre", 5), *_choices(N.GENRE, raw["genre"]["labels"]),
           _header("Frames (all present)", 5), *_choices(N.FRAMES, raw["frames"]["labels"], multiple=True),
           _header("Primary frame", 5), *_choices(N.PRIMARY_FRAME, raw["frames"]["labels"]),
           _header("Narratives (pick sub-narratives; 'Other' when none fits)", 5),
           f"<Taxonomy{_a(name=N.NARRATIVES, toName=N.TEXT, leafsOnly='true', placeholder='Select sub-narratives')}>"]
    for n in tax._narrative_entries():
        art.append(f"  <Choice{_a(value=n['label'])}>")
        art += [f"    <Choice{_a(value=s['label'])}/>" for s in n["subnarratives"]]
        art.append("  </Choice>")
    art.append("</Taxonomy>")
    R = ent + clm + tmx + tech + _block("Whole article", art)
    L += [f"<View{_a(style='flex:2 1 0; min-width:340px; position:sticky; top:0; max-height:100vh; overflow-y:auto')}>",
          *("  " + x for x in R), "</View>", "</View>"]
    return "\n".join(L) + "\n"
