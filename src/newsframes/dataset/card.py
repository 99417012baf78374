"""The dataset card's YAML front matter (the block between the first two `---` lines of
README.md). Only that block is generated; the prose below it is kept byte for byte.

Traps of `datasets` this block avoids: every config listed under `configs` has a
`dataset_info` entry with the SAME `config_name` (a mismatch loads untyped); every
column of the Parquet is declared and nothing else (a declared column missing from the
file silently becomes all-null); one data format (Parquet) for all configs; no
`version:` key (ignored by `datasets`: versions are git tags, `revision="vX.Y.Z"`)."""

from __future__ import annotations

import re

from .features import CONFIGS, DEFAULT_CONFIG

LICENSE = {
    # Annotations CC BY 4.0, code Apache-2.0, source text of unknown rights status
    # (DATASHEET.md "Licences: three different things"): no single SPDX id fits.
    "license": "other",
    "license_name": "newsframes-mixed",
    "license_link": "DATASHEET.md",
}
TASK_CATEGORIES = ["text-classification", "token-classification"]
TASK_IDS = ["multi-label-classification", "multi-class-classification", "named-entity-recognition"]
TAGS = ["framing", "persuasion-techniques", "propaganda", "claims", "narratives",
        "entity-framing", "timex3", "news"]
PRETTY_NAME = "newsframes"
# what each layer that holds annotations (`sources.record_facts`) adds to the card's YAML:
# (task categories, task ids, tags); the lists above give the order
LAYER_TERMS = {
    "genre": (["text-classification"], ["multi-class-classification"], []),
    "frames": (["text-classification"], ["multi-label-classification"], ["framing"]),
    "narratives": (["text-classification"], ["multi-label-classification"], ["narratives"]),
    "paragraph_techniques": (["text-classification"], ["multi-label-classification"],
                             ["persuasion-techniques", "propaganda"]),
    "techniques": (["token-classification"], [], ["persuasion-techniques", "propaganda"]),
    "entity_types": (["token-classification"], ["named-entity-recognition"], []),
    "roles": (["token-classification"], [], ["entity-framing"]),
    "claims": (["token-classification"], [], ["claims"]),
    "timexes": (["token-classification"], [], ["timex3"]),
}


def terms(layers) -> tuple[list[str], list[str], list[str]]:
    """(task categories, task ids, tags) of the layers present, in the lists' order."""
    cats, ids, tags = set(), set(), {"news"}
    for layer in layers:
        c, i, t = LAYER_TERMS.get(layer, ([], [], []))
        cats.update(c)
        ids.update(i)
        tags.update(t)
    return ([x for x in TASK_CATEGORIES if x in cats], [x for x in TASK_IDS if x in ids],
            [x for x in TAGS if x in tags])


def licence_fields(facts, *, datasheet: bool) -> dict:
    """The card's licence keys: the project's mixed licence (its annotations CC BY 4.0, code
    Apache-2.0, source text of unknown rights) linked to DATASHEET.md when it is there, else
    to the card itself; for a corpus only of third-party annotations, their release's licence
    (`unknown` when it is): the project's CC BY 4.0 is never given to them."""
    from .sources import licences

    link = "DATASHEET.md" if datasheet else "README.md"
    if facts is None or (facts.own and not facts.imports):
        return {**LICENSE, "license_link": link}
    named = {lic for _, lic in licences(facts)}
    if not facts.own and len(named) == 1:
        return {"license": next(iter(named))}
    return {"license": "other", "license_name": "mixed", "license_link": link}


def size_category(n: int) -> str:
    bounds = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
              (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")]
    for bound, name in bounds:
        if n < bound:
            return name
    return "10M<n<100M"


def card_metadata(*, languages: list[str], n_articles: int, layout: dict[str, dict[str, list[str]]],
                  features: dict, counts: dict[str, dict[str, int]],
                  num_bytes: dict[str, dict[str, int]], facts=None, datasheet: bool = True) -> dict:
    """`layout`: config -> split -> data file paths (relative to the card's folder), only
    for non-empty splits; `features`: config -> the YAML feature list
    (`datasets.Features._to_yaml_list()`, see `bundle.py`);
    `counts`: config -> split -> rows; `num_bytes`: config -> split -> Arrow bytes;
    `facts`: `sources.CorpusFacts` (licence, tasks and tags of the layers present; None: the
    project's, every layer); `datasheet`: DATASHEET.md sits beside the card."""
    configs, infos = [], []
    for cfg in CONFIGS:
        if cfg not in layout:
            continue
        entry = {"config_name": cfg}
        if cfg == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = [
            {"split": split, "path": files[0] if len(files) == 1 else list(files)}
            for split, files in layout[cfg].items()
        ]
        configs.append(entry)
        infos.append({
            "config_name": cfg,
            "features": features[cfg],
            "splits": [{"name": split, "num_bytes": num_bytes[cfg][split], "num_examples": counts[cfg][split]}
                       for split in layout[cfg]],
            "dataset_size": sum(num_bytes[cfg][split] for split in layout[cfg]),
        })
    cats, ids, tags = (TASK_CATEGORIES, TASK_IDS, TAGS) if facts is None else terms(facts.layers)
    tasks = {"task_categories": list(cats)} if cats else {}
    if ids:
        tasks["task_ids"] = list(ids)
    return {
        **licence_fields(facts, datasheet=datasheet),
        "pretty_name": PRETTY_NAME,
        "language": list(languages),
        **tasks,
        "size_categories": [size_category(n_articles)],
        "tags": list(tags),
        "configs": configs,
        "dataset_info": infos,
    }


def dump_yaml(meta: dict) -> str:
    """The card's YAML front matter (PyYAML's pure-Python emitter: the same bytes on every
    machine, with or without libyaml). It takes ~0.04 s; a cache of the text, with the
    sizes as placeholders, bought 8 % of a rebuild at 2,000 articles and 0.3 % at 100,000,
    and was removed (docs/caches.md)."""
    return _safe_dump(meta)


def _safe_dump(meta: dict) -> str:
    """Leaf lists and mappings in flow style (`- {name: id, dtype: string}`): the same data
    in half the lines, so the card's prose does not start 800 lines down. Each split's
    sizes stay in block style, one number to a line, so the cached text with placeholders
    fills in exactly as a direct dump would write it (a flow line could wrap otherwise)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    class Block(dict):
        pass

    Dumper.add_representer(Block, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data,
                                                                      flow_style=False))
    if "dataset_info" in meta:
        meta = {**meta, "dataset_info": [{**info, "splits": [Block(sp) for sp in info["splits"]]}
                                         for info in meta["dataset_info"]]}
    return yaml.dump(meta, Dumper=Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None,
                     width=100)


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


def split_front_matter(readme: str) -> tuple[str | None, str]:
    """(yaml text or None, the rest of the file, byte for byte)."""
    m = _FRONT.match(readme)
    if not m:
        return None, readme
    return m.group(1) or "", readme[m.end():]


def with_front_matter(readme: str, yaml_text: str) -> str:
    """`readme` with its front matter replaced by `yaml_text` (created when absent)."""
    _, rest = split_front_matter(readme)
    if not yaml_text.endswith("\n"):
        yaml_text += "\n"
    return f"---\n{yaml_text}---\n{rest}"


RELEASE_START, RELEASE_END = "<!-- newsframes:release:start -->", "<!-- newsframes:release:end -->"


def release_text(status: dict) -> str:
    """The card's release notice: which released version this data is, or that it is
    unreleased (built between releases from contributions that choose no version)."""
    rel, after = status.get("release"), status.get("built_after")
    if rel:
        return (f"**Release {rel}.** The data in `data/` is exactly what `releases/{rel}.json` records "
                f"(`\"release\": \"{rel}\"` in `data/MANIFEST.json`); from the Hub, pin this version with "
                f"`revision=\"v{rel}\"` (a local clone is pinned by what it has checked out: `datasets` "
                "ignores `revision` for a folder).")
    since = f"built after release {after}" if after else "no version has been released yet"
    pin = (f" For the released data: from the Hub, load `revision=\"v{after}\"`; in a clone, check the release "
           f"out first (`git checkout v{after}`, or the commit `newsframes release-check {after}` names; `datasets` "
           "ignores `revision` for a folder)." if after else "")
    return (f"**Unreleased data ({since}).** The corpus has changed since the last release; "
            f"`data/MANIFEST.json` says `\"release\": null`. Maintainers cut releases with "
            f"`newsframes build --release`.{pin}")


def with_release_block(readme: str, status: dict) -> str:
    """`readme` with the text between the release markers replaced by `release_text`
    (unchanged when the markers are absent or unusable: the build does not invent them)."""
    if readme.count(RELEASE_START) != 1 or readme.count(RELEASE_END) != 1:
        return readme
    i, j = readme.index(RELEASE_START) + len(RELEASE_START), readme.index(RELEASE_END)
    if j < i:
        return readme
    return readme[:i] + "\n" + release_text(status) + "\n" + readme[j:]
