"""Whose annotations a corpus holds, and what the card, Croissant and MANIFEST may say
about them (issue 23): the project's own annotations (CC BY 4.0, made by the people or
models its records name) and annotations imported from third-party releases, each with
its release, citation, licence ("unknown" when it is) and annotators, never the
project's licence.

Per article the row cache keeps `record_facts`: how many annotations of each kind
(`manual`, `model`, ..., and `import:<format>` per format) and which layers hold
annotations; `CorpusFacts` adds them up over the build. The releases are described in
`RELEASES`, from public pages (addresses in `evidence`); what is not stated there is
"unknown"."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

PROJECT_LICENCE = "CC BY 4.0"
PROJECT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Release:
    name: str
    url: str
    citation: str  # BibTeX
    licence: str  # "unknown" unless a licence is stated in a public source
    licence_note: str
    annotators: str
    evidence: tuple[str, ...]


RELEASES: dict[str, Release] = {
    "semeval2023": Release(
        name="SemEval-2023 Task 3 (category, framing and persuasion techniques in online news)",
        url="https://propaganda.math.unipd.it/semeval2023task3/",
        citation=(
            "@inproceedings{piskorski-etal-2023-semeval,\n"
            "  title = {{SemEval}-2023 Task 3: Detecting the Category, the Framing, and the Persuasion Techniques "
            "in Online News in a Multi-lingual Setup},\n"
            "  author = {Piskorski, Jakub and Stefanovitch, Nicolas and Da San Martino, Giovanni and Nakov, "
            "Preslav},\n"
            "  booktitle = {Proceedings of the 17th International Workshop on Semantic Evaluation (SemEval-2023)},\n"
            "  year = {2023},\n  publisher = {Association for Computational Linguistics},\n"
            "  url = {https://aclanthology.org/2023.semeval-1.317},\n  doi = {10.18653/v1/2023.semeval-1.317}\n}"),
        licence="unknown",
        licence_note="the data are obtained by registering on the task's page, which states no licence",
        annotators="people: the task organisers' annotation campaign (see the task paper)",
        evidence=("https://propaganda.math.unipd.it/semeval2023task3/",
                  "https://aclanthology.org/2023.semeval-1.317"),
    ),
    "semeval2025": Release(
        name="SemEval-2025 Task 10 (multilingual characterization and extraction of narratives from online news)",
        url="https://propaganda.math.unipd.it/semeval2025task10/",
        citation=(
            "@inproceedings{nikolaidis-etal-2025-polynarrative,\n"
            "  title = {{PolyNarrative}: A Multilingual, Multilabel, Multi-domain Dataset for Narrative Extraction "
            "from News Articles},\n"
            "  author = {Nikolaidis, Nikolaos and Stefanovitch, Nicolas and Silvano, Purifica{\\c{c}}{\\~a}o and "
            "Dimitrov, Dimitar Iliyanov and Yangarber, Roman and Guimar{\\~a}es, Nuno and Sartori, Elisa and "
            "Androutsopoulos, Ion and Nakov, Preslav and Da San Martino, Giovanni and Piskorski, Jakub},\n"
            "  booktitle = {Proceedings of the 63rd Annual Meeting of the Association for Computational "
            "Linguistics (Volume 1: Long Papers)},\n  year = {2025}\n}\n"
            "@inproceedings{mahmoud-etal-2025-entity,\n"
            "  title = {Entity Framing and Role Portrayal in the News},\n"
            "  author = {Mahmoud, Tarek and Xie, Zhuohan and Dimitrov, Dimitar Iliyanov and Nikolaidis, Nikolaos "
            "and Silvano, Purifica{\\c{c}}{\\~a}o and Yangarber, Roman and Sharma, Shivam and Sartori, Elisa and "
            "Stefanovitch, Nicolas and Da San Martino, Giovanni and Piskorski, Jakub and Nakov, Preslav},\n"
            "  booktitle = {Findings of the Association for Computational Linguistics: ACL 2025},\n"
            "  year = {2025}\n}"),
        licence="unknown",
        licence_note=("the data are released to registered participants for research purposes; no licence "
                      "is stated"),
        annotators="people: the task organisers' annotators (see the dataset papers)",
        evidence=("https://propaganda.math.unipd.it/semeval2025task10/",
                  "https://nikon95.github.io/narrative-detection"),
    ),
    "ptc": Release(
        name="PTC, SemEval-2020 Task 11 (detection of propaganda techniques in news articles)",
        url="https://propaganda.qcri.org/semeval2020-task11/",
        citation=(
            "@inproceedings{da-san-martino-etal-2020-semeval,\n"
            "  title = {{SemEval}-2020 Task 11: Detection of Propaganda Techniques in News Articles},\n"
            "  author = {Da San Martino, Giovanni and Barr{\\'o}n-Cede{\\~n}o, Alberto and Wachsmuth, Henning "
            "and Petrov, Rostislav and Nakov, Preslav},\n"
            "  booktitle = {Proceedings of the Fourteenth Workshop on Semantic Evaluation},\n  year = {2020},\n"
            "  doi = {10.18653/v1/2020.semeval-1.186}\n}"),
        licence="unknown",
        licence_note="no licence is stated with the release; its Hugging Face copy says `unknown`",
        annotators="people: expert annotators of the task organisers (see the task paper)",
        evidence=("https://zenodo.org/record/3952415",
                  "https://huggingface.co/datasets/sem_eval_2020_task_11"),
    ),
    "brat": Release(
        name="a brat standoff corpus (the release is not identified by the format)",
        url="",
        citation="",
        licence="unknown",
        licence_note="the brat format names no release; check where the files came from",
        annotators="unknown",
        evidence=(),
    ),
}


def _release(fmt: str) -> Release:
    return RELEASES.get(fmt) or Release(f"a `{fmt}` release (not described)", "", "", "unknown",
                                        "the format names no release", "unknown", ())


# layers whose annotations are counted (the record keys; `paragraph_techniques` and
# `entity_types` are derived)
LAYERS = ("genre", "frames", "narratives", "entities", "entity_types", "roles", "mentions", "claims",
          "techniques", "paragraph_techniques", "timexes")


def record_facts(record: dict) -> tuple[tuple, tuple]:
    """((source key, count), ...) and the layers holding annotations, of one record. A
    source key is a kind (`manual`, `model`, `tool`, `tool+manual`, `tool+model`) or
    `import:<format>`."""
    from ..formats.records import ALL_LAYERS
    from ..provenance import iter_sources, parse

    counts: Counter = Counter()
    empty = {("genre", "source")} if record["genre"]["label"] is None else set()
    if not record["frames"]["labels"]:
        empty.add(("frames", "source"))  # a placeholder of a layer not annotated, not an annotation
    for parts, s in iter_sources(record):
        if parts in empty:
            continue
        p = parse(s)
        counts["other" if p is None else (f"import:{p.format}" if p.kind == "import" else p.kind)] += 1
    annotated = set(record.get("annotated_layers", ALL_LAYERS))
    present = {
        "genre": record["genre"]["label"] is not None,
        "frames": bool(record["frames"]["labels"]),
        "narratives": bool(record["narratives"]),
        "entities": bool(record["entities"]),
        "entity_types": any(e.get("type") for e in record["entities"]),
        "roles": any(e["roles"] for e in record["entities"]),
        "mentions": bool(record["mentions"]),
        "claims": bool(record["claims"]),
        "techniques": bool(record["techniques"]),
        "paragraph_techniques": any(p.get("techniques") for p in record["structure"]["paragraphs"]),
        "timexes": bool(record["timexes"]),
    }
    # a layer counts when it holds annotations and the record annotates it (entity types
    # with the entities; entities and mentions that only carry roles count as `roles`)
    layers = tuple(k for k in LAYERS if present[k] and {"entity_types": "entities"}.get(k, k) in annotated)
    return tuple(sorted(counts.items())), layers


@dataclass
class CorpusFacts:
    sources: Counter = field(default_factory=Counter)  # source key -> annotations
    records: Counter = field(default_factory=Counter)  # "project" or "import:<format>" -> records
    layers: set = field(default_factory=set)
    languages: dict = field(default_factory=dict)  # "import:<format>" -> set of languages

    def add(self, sources: tuple, layers: tuple, language: str) -> None:
        keys = set()
        for k, n in sources:
            self.sources[k] += n
            keys.add(k if k.startswith("import:") else "project")
        for k in keys:
            self.records[k] += 1
            if k.startswith("import:"):
                self.languages.setdefault(k, set()).add(language)
        self.layers.update(layers)

    @property
    def imports(self) -> list[str]:
        return sorted(k.split(":", 1)[1] for k in self.records if k.startswith("import:"))

    @property
    def own(self) -> int:
        """Annotations the project made (every source that is not an import)."""
        return sum(n for k, n in self.sources.items() if not k.startswith("import:"))


def corpus_facts(metas) -> CorpusFacts:
    """The facts of a build, from its articles' facts (`articles.ArticleFacts`)."""
    facts = CorpusFacts()
    for m in metas:
        facts.add(m.sources, m.present, m.language)
    return facts


def keeps_withheld_text(project, metas) -> bool:
    """Whether the data carries text the rights policy withholds: a `--full-text` build of a
    corpus with such articles (MANIFEST.json `full_text`; a build of a corpus whose texts
    are all allowed is the same either way, byte for byte)."""
    if project.withhold:
        return False
    from ..rights import RightsError, default_policy

    try:
        policy = default_policy()
    except RightsError:
        return True  # cannot tell: the flag errs on the side of "do not publish"
    return any(not policy.text_allowed(m.rights) for m in metas)


def licences(facts: CorpusFacts) -> list[tuple[str, str]]:
    """[(whose annotations, licence)] of the corpus."""
    out = [("newsframes (this project)", PROJECT_LICENCE)] if facts.own else []
    out += [(_release(f).name, _release(f).licence) for f in facts.imports]
    return out


def manifest_sources(facts: CorpusFacts) -> list[dict]:
    """The `sources` of data/MANIFEST.json: whose annotations the data holds."""
    out = []
    if facts.own:
        from ..provenance import MODELS, PEOPLE

        made = {"people": sum(facts.sources.get(k, 0) for k in PEOPLE),
                "models": sum(facts.sources.get(k, 0) for k in MODELS),
                "tools_unchecked": facts.sources.get("tool", 0)}
        out.append({"name": "newsframes", "annotations": facts.own, "records": facts.records["project"],
                    "licence": PROJECT_LICENCE, "licence_url": PROJECT_LICENCE_URL,
                    "annotators": "see `agents` in the articles config", "made_by": made})
    for f in facts.imports:
        r = _release(f)
        out.append({"name": r.name, "format": f, "annotations": facts.sources[f"import:{f}"],
                    "records": facts.records[f"import:{f}"],
                    "languages": sorted(facts.languages.get(f"import:{f}", ())),
                    "release_url": r.url or None, "citation": r.citation or "unknown", "licence": r.licence,
                    "licence_note": r.licence_note, "annotators": r.annotators, "evidence": list(r.evidence)})
    return out
