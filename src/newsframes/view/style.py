"""The page's stylesheet (inlined into every page: no external resources)."""

ENTITY_COLOURS = {
    "PERSON": "#ffd9b3", "GPE": "#cfe6ff", "ORG": "#d4f2cc", "NORP": "#f5d3f2",
    "LOC": "#dcdcff", "FAC": "#e6e0c8", "EVENT": "#fff0a8", "LAW": "#d8f0ef",
    "PRODUCT": "#f0dcdc", "WORK_OF_ART": "#efe0ff", "other": "#e6e6e6",
}
GROUP_COLOURS = {
    "Attack_on_Reputation": "#c62828", "Call": "#ef6c00", "Distraction": "#6d4c41",
    "Justification": "#2e7d32", "Manipulative_Wording": "#1565c0", "Simplification": "#7b1fa2",
    "other": "#555555",
}
CLAIM_COLOUR = "#00796b"
TIMEX_COLOUR = "#9a7400"
LAYER_NAMES = ("mention", "claim", "technique", "timex")

_BASE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
  background: #fbfbf8; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
header h1 { font-size: 1.5rem; margin: .5rem 0 .2rem; }
header .meta { color: #555; font-size: .9rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
code { font-size: .8em; word-break: break-all; }
.unk { color: #8a8a8a; font-style: italic; }
.muted { color: #666; font-size: .85em; }
.bad { color: #b00020; font-family: monospace; }
.problems { border: 2px solid #b00020; background: #fff1f1; padding: .5rem 1rem; border-radius: 6px; }
.problems li { font-family: monospace; font-size: .85rem; white-space: pre-wrap; }
dl { display: grid; grid-template-columns: 11rem 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; color: #444; }
dd { margin: 0; }
dd ul, td ul { margin: 0; padding-left: 1.1rem; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .4rem 0 1rem; }
th, td { border: 1px solid #d5d5d0; padding: .25rem .45rem; vertical-align: top; text-align: left; }
th { background: #efefe9; }
table.claims td:nth-child(2) { width: 28%; }
table.claims td:nth-child(5) { width: 42%; }
td a, dd a, td code { overflow-wrap: anywhere; word-break: break-word; }
details > summary { cursor: pointer; font-weight: 600; margin: 1rem 0 .4rem; }
tbody tr:nth-child(even) { background: #f5f5f0; }
.chip { display: inline-block; border: 1px solid #999; border-radius: 1rem; padding: 0 .55rem;
  margin: 0 .2rem .2rem 0; font-size: .85rem; }
.chip.primary { border: 2px solid #1b1b1b; font-weight: 700; }
.prov { display: inline-block; font-size: .72rem; border-radius: 3px; padding: 0 .3rem; border: 1px solid; }
.prov.prov-manual { color: #2e7d32; border-color: #2e7d32; }
.prov.prov-toolmanual { color: #1565c0; border-color: #1565c0; }
.prov.prov-tool { color: #b00020; border-color: #b00020; border-style: dashed; }
.prov.prov-model { color: #6a1b9a; border-color: #6a1b9a; }
.prov.prov-toolmodel { color: #6a1b9a; border-color: #6a1b9a; }
.prov.prov-import { color: #5d4037; border-color: #5d4037; }
.prov.prov-unknown { color: #666; border-color: #666; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem .9rem; font-size: .85rem; align-items: center; }
.legend .a { line-height: 2.2; }
.switch { margin: .6rem 0; font-size: .9rem; }
.switch label { border: 1px solid #aaa; border-radius: 4px; padding: .1rem .5rem; margin-right: .3rem;
  cursor: pointer; background: #fff; }
.textsec > input { position: absolute; opacity: 0; }
.doc { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .5rem 1.5rem; }
.doc .line { line-height: 2.8; margin: .3rem 0; }
.doc h3.line { font-size: 1.12rem; margin-top: 1.1rem; }
.a { --k: 0; }
.k1 { --k: 1; } .k2 { --k: 2; } .k3 { --k: 3; } .k4 { --k: 4; } .k5 { --k: 5; }
.L-mention { border-radius: 3px; padding: 2px 0; }
.L-mention.prov-tool { box-shadow: inset 0 0 0 1px #b00020; }
.L-technique { border-bottom: 2px solid var(--g); padding-bottom: calc(1px + var(--k) * 4px); }
.L-technique.prov-tool { border-bottom-style: dashed; }
.L-claim { border-top: 2px solid @CLAIM@; padding-top: calc(1px + var(--k) * 4px); }
.L-claim.prov-tool { border-top-style: dashed; }
.L-cue { font-style: italic; text-decoration: underline wavy @CLAIM@; text-underline-offset: 2px; }
.L-timex.prov-tool { box-shadow: inset 0 0 0 1px #b00020; }
.L-timex { background: #fff5c4; text-decoration: underline dotted @TIMEX@ 2px; text-underline-offset: 3px; }
.first[data-tag]::before { content: attr(data-tag); font: 600 .6rem/1 system-ui, sans-serif;
  display: inline-block; white-space: nowrap; text-indent: 0; vertical-align: super; color: #fff; background: #555; border-radius: 3px; padding: 1px 3px; margin-right: 2px; }
.first.prov-tool[data-tag]::before { content: attr(data-tag) " \\2699?"; }
.first.prov-toolmanual[data-tag]::before { content: attr(data-tag) " \\2699\\2713"; }
.first.prov-toolmodel[data-tag]::before { content: attr(data-tag) " \\2699\\2713"; }
.L-technique.first[data-tag]::before { background: var(--g); }
.L-claim.first[data-tag]::before { background: @CLAIM@; }
.L-timex.first[data-tag]::before { background: @TIMEX@; }
.swatch { display: inline-block; padding: 0 .35rem; }
#hide-tags:checked ~ .doc .first::before { display: none; }
"""


def _layer_rules() -> str:
    rules = []
    for layer in LAYER_NAMES:
        keep = f":not(.L-{layer})" + (":not(.L-cue)" if layer == "claim" else "")
        sel = f"#ly-{layer}:checked ~ .doc .a{keep}"
        rules.append(f"{sel} {{ background: none; border-color: transparent; box-shadow: none; "
                     f"text-decoration: none; font-style: inherit; }}")
        rules.append(f"{sel}::before {{ display: none; }}")
    for layer in ("all", *LAYER_NAMES):
        rules.append(f"#ly-{layer}:checked ~ .switch label[for=ly-{layer}] "
                     "{ background: #1b1b1b; color: #fff; border-color: #1b1b1b; }")
    rules.append("#hide-tags:checked ~ .switch label[for=hide-tags] "
                 "{ background: #1b1b1b; color: #fff; border-color: #1b1b1b; }")
    return "\n".join(rules)


def stylesheet() -> str:
    colour_rules = [f".T-{t} {{ background: {c}; }}" for t, c in ENTITY_COLOURS.items()]
    colour_rules += [f".G-{g} {{ --g: {c}; }}" for g, c in GROUP_COLOURS.items()]
    return (_BASE.replace("@CLAIM@", CLAIM_COLOUR).replace("@TIMEX@", TIMEX_COLOUR)
            + "\n".join(colour_rules) + "\n" + _layer_rules() + "\n")
