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




def describe_build(project, folder, made: list, made_with: dict, *, adopted: list[str], releasing: bool):
    """The `project.Built` of a build whose groups gave `made` (files in `folder`):
    MANIFEST.json and croissant.json written into `folder`, the card's text and the
    release manifest made, from the facts of the groups alone (no record is read)."""
    from .. import __version__
    from ..rights import PRESENT
    from ..splits import SPLITS
    from ..taxonomy import load_taxonomies
    from . import card, manifest
    from .articles import LAYERS
    from .bundle import bundles
    from .features import CONFIGS
    from .outputs import read_card, write_croissant, write_file
    from .project import Built
    from .sources import corpus_facts, keeps_withheld_text, manifest_sources

    out_rel = project.rel(project.out)
    arts = sorted((a for m in made for a in m.articles), key=lambda a: a.id)
    counts = {cfg: {s: 0 for s in SPLITS} for cfg in CONFIGS}
    arrow_bytes: dict[str, dict[str, int]] = {cfg: {} for cfg in CONFIGS}
    layout: dict[str, dict[str, list[str]]] = {}
    files: dict[str, dict] = {}
    names: list[dict] = []
    for m in made:
        names.append({})
        for cfg, info in m.files.items():
            rel = f"{out_rel}/{cfg}/{m.paths[cfg].name}"
            names[-1][cfg] = rel
            files[rel] = {"sha256": info["sha256"], "rows": info["rows"], "bytes": info["bytes"],
                          "arrow_bytes": info["arrow_bytes"]}
            counts[cfg][m.split] += info["rows"]
            arrow_bytes[cfg][m.split] = arrow_bytes[cfg].get(m.split, 0) + info["arrow_bytes"]
            layout.setdefault(cfg, {}).setdefault(m.split, []).append(rel)
    # an empty split is left out; a config without rows too (datasets 5.2 cannot load a
    # split of 0 rows: "Instruction 'train' corresponds to no data")
    layout = {cfg: {s: layout[cfg][s] for s in SPLITS if s in layout[cfg]} for cfg in CONFIGS if cfg in layout}
    notices = [f"config {cfg!r} has no rows: left out of data/ and the card" for cfg in CONFIGS if cfg not in layout]
    files = dict(sorted(files.items()))
    entries = [{"id": a.id, "split": a.split, "text_sha256": a.text_sha256, "record_sha256": a.record_sha256}
               for a in arts]
    digest = manifest.corpus_digest(entries)
    schema_ver = manifest.schema_version([{"schema_version": a.schema_version} for a in arts])
    withheld = [{"id": a.id, "text_sha256": a.text_sha256, "text_status": a.text_status}
                for a in arts if a.text_status != PRESENT]
    facts = corpus_facts(arts)
    full_text = keeps_withheld_text(project, arts)
    datasheet = (project.card_dir / "DATASHEET.md").is_file()
    release = manifest.release_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                        articles=entries, files=files)
    status = manifest.release_status(project.root, release, releasing=releasing)
    tax = load_taxonomies()
    groups = [{"fingerprint": m.fingerprint, "split": m.split, "files": names[i],
               "articles": [a.to_json() for a in m.articles]} for i, m in enumerate(made)]
    man = manifest.build_manifest(version=__version__, schema_ver=schema_ver, digest=digest, n_articles=len(arts),
                                  counts=counts, files=files, withheld=withheld,
                                  taxonomies={n: tax.raw[n].get("version") for n in sorted(tax.raw)},
                                  status=status, full_text=full_text, layers=sorted(facts.layers),
                                  sources=manifest_sources(facts), built_from=made_with, groups=groups)
    write_file(folder / manifest.MANIFEST_NAME, manifest.dumps(man).encode("utf-8"))
    feats = bundles()
    cut = len(out_rel) + 1
    write_croissant(project.root, folder, {rel[cut:]: info for rel, info in files.items()},
                    {cfg: b.record_set for cfg, b in feats.items()},
                    lambda cite: croissant_terms(man["layers"], man["sources"], project_cite=cite, datasheet=datasheet))
    meta = card.card_metadata(languages=sorted({a.language for a in arts}), n_articles=len(arts), layout=layout,
                              features={c: b.yaml for c, b in feats.items()}, counts=counts,
                              num_bytes=arrow_bytes, facts=facts, datasheet=datasheet)
    card_text = card.with_release_block(card.with_front_matter(read_card(project.card_path), card.dump_yaml(meta)),
                                        status)
    card_text = with_about(card_text, about_text(facts, layout=layout, withheld=len(withheld), articles=len(arts),
                                                 full_text=full_text, datasheet=datasheet))
    extra = {layer: {s: sum(a.n_layer(layer) for a in arts if a.split == s) for s in SPLITS} for layer in LAYERS}
    built = Built(folder, files, counts, card_text, release, len(arts), extra, adopted, notices)
    built.status, built.out_rel, built.groups = status, out_rel, made
    built.withheld, built.withheld_texts = len(withheld), withheld
    return built


__all__ = ["croissant_terms", "about_text", "with_about", "describe_build", "RELEASES"]
