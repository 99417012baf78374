"""What a built dataset says about itself, from the facts of its articles
(`sources.CorpusFacts`): the Croissant description, licence and citation, and the card's
generated *about* block (for a card without prose of its own, e.g. an imported corpus
built in its own folder). None of it names a licence, a file or a layer the data does
not have."""

from __future__ import annotations

from .sources import PROJECT_LICENCE, RELEASES, CorpusFacts

ABOUT_START, ABOUT_END = "<!-- newsframes:about:start -->", "<!-- newsframes:about:end -->"
LAYER_WORDS = {
    "genre": "genre", "frames": "frames", "narratives": "narratives", "entities": "entities",
    "entity_types": "entity types", "roles": "entity framing roles", "mentions": "entity mentions",
    "claims": "claims", "techniques": "persuasion-technique spans",
    "paragraph_techniques": "persuasion techniques per paragraph", "timexes": "temporal expressions (TIMEX3)",
}


def layer_words(facts: CorpusFacts) -> str:
    words = [LAYER_WORDS[k] for k in LAYER_WORDS if k in facts.layers]
    return ", ".join(words) if words else "no layer"


def _release(fmt: str):
    from .sources import _release

    return _release(fmt)


def croissant_terms(layers, sources: list[dict], *, project_cite: str | None, datasheet: bool) -> dict:
    """description, license and citeAs of croissant.json, from what MANIFEST.json records
    (`layers`, `sources`), so that the build and `newsframes export croissant` agree."""
    words = [LAYER_WORDS[k] for k in LAYER_WORDS if k in set(layers)]
    parts = [f"News articles annotated for {', '.join(words) if words else 'no layer'}."]
    lic: list[str] = []
    cites: list[str] = []
    for s in sources:
        own = s.get("name") == "newsframes"
        who = "newsframes (this project)" if own else s.get("name")
        parts.append(f"Annotations of {who}: licence {s.get('licence')}.")
        if own:
            lic.append(s.get("licence_url") or str(s.get("licence")))
            if project_cite:
                cites.insert(0, project_cite)
        else:
            known = s.get("licence") not in (None, "unknown")
            lic.append(s["licence"] if known else f"unknown ({who}: {s.get('licence_note')})")
            if s.get("citation") not in (None, "unknown", ""):
                cites.append(s["citation"])
    parts.append("Article text: present or withheld by the rights policy, per row (`text_status`); source-text "
                 f"rights: see {'DATASHEET.md' if datasheet else 'README.md'}.")
    out = {"description": " ".join(parts), "cite_as": "\n".join(cites) or None}
    if lic:
        out["license"] = lic[0] if len(lic) == 1 else lic
    return out


def about_text(facts: CorpusFacts, *, layout: dict, withheld: int, articles: int, full_text: bool,
               datasheet: bool) -> str:
    """The card's about block: whose annotations, their licences and citations, the
    layers present, the text, and how to load the configs and splits that exist."""
    out = [f"Built by `newsframes build` from {articles} article(s). Layers with annotations: "
           f"{layer_words(facts)}; the other layers were not annotated (their columns are empty; "
           "`annotated_layers` in the `articles` config says which layers each article annotates).", "",
           "**Whose annotations.**", ""]
    if facts.own:
        from ..provenance import MODELS, PEOPLE

        people = sum(facts.sources.get(k, 0) for k in PEOPLE)
        models = sum(facts.sources.get(k, 0) for k in MODELS)
        out.append(f"- newsframes (this project): {facts.own} annotation(s) in {facts.records['project']} "
                   f"article(s), {people} made or checked by people and {models} by AI models (`agents` in the "
                   f"`articles` config, `source_kind` in the span configs). Licence: {PROJECT_LICENCE}.")
    for f in facts.imports:
        r = _release(f)
        langs = ", ".join(sorted(facts.languages.get(f"import:{f}", ())))
        out.append(f"- {r.name}: {facts.sources[f'import:{f}']} annotation(s) in {facts.records[f'import:{f}']} "
                   f"article(s) ({langs}), imported unchanged by `newsframes import {f}` and not reviewed by "
                   f"newsframes. Release: {r.url or 'unknown'}. Annotated by: {r.annotators}. Licence: "
                   f"**{r.licence}** ({r.licence_note}); the project's {PROJECT_LICENCE} does not apply to them.")
    out.append("")
    if full_text:
        out.append("**Text.** This is a full-text build (`newsframes build --full-text`): it carries the text of "
                   "every article whatever its rights (`data/MANIFEST.json`: `\"full_text\": true`). Do not "
                   "publish it.")
    elif withheld:
        out.append(f"**Text.** The text of {withheld} of {articles} article(s) is withheld by the rights policy "
                   "(null text fields, sha256 kept, `text_status` says why); restore it from your own copies with "
                   "`newsframes rehydrate --texts DIR`.")
    else:
        out.append("**Text.** Every article's text is in the data.")
    if datasheet:
        out.append("See DATASHEET.md.")
    out += ["", "**Loading.** Configs and splits in this build:", ""]
    for cfg, splits in layout.items():
        out.append(f"- `{cfg}`: {', '.join(f'`{s}`' for s in splits)}")
    cfg = "articles" if "articles" in layout else next(iter(layout))
    split = next(iter(layout[cfg]))
    out += ["", "```python", "from datasets import load_dataset", "",
            f'ds = load_dataset(PATH, "{cfg}", split="{split}")  # PATH: this folder (absolute) or the Hub id',
            "```"]
    cites = [r.citation for r in (_release(f) for f in facts.imports) if r.citation]
    if cites:
        out += ["", "**Citation** of the imported annotations:", "", "```bibtex", *cites, "```"]
    return "\n".join(out)


def with_about(readme: str, about: str, title: str = "newsframes data") -> str:
    """`readme` with its about block replaced; a card with no prose at all (only its YAML,
    or empty) gets a title and the block; a card with prose of its own and no block is
    left as it is (the build does not invent its markers)."""
    from .card import split_front_matter

    _, rest = split_front_matter(readme)
    if readme.count(ABOUT_START) == 1 and readme.count(ABOUT_END) == 1:
        i, j = readme.index(ABOUT_START) + len(ABOUT_START), readme.index(ABOUT_END)
        if i <= j:
            return readme[:i] + "\n" + about + "\n" + readme[j:]
        return readme
    if rest.strip():
        return readme
    return readme[:len(readme) - len(rest)] + f"# {title}\n\n{ABOUT_START}\n{about}\n{ABOUT_END}\n"


__all__ = ["croissant_terms", "about_text", "with_about", "RELEASES"]
