"""One build: validated corpus -> a complete data folder (Parquet shards, JSONL mirror,
MANIFEST.json) in a temporary directory, plus the card text and the release manifest.
`build` swaps the folder into place; `check` compares it with what is there."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..corpus import iter_articles
from ..splits import SPLITS
from ..taxonomy import load_taxonomies
from . import card, manifest, writer
from .features import CONFIGS, features_for
from .rows import rows_by_config

JSONL_DIR = "jsonl"


class BuildError(Exception):
    """A build that cannot proceed (empty corpus, invalid corpus, unreadable README)."""


@dataclass(frozen=True)
class Project:
    """Where things are: the corpus, the output folder, the card (README.md beside the
    output folder, whose paths are relative to it), the release manifests."""
    corpus: Path
    out: Path
    root: Path

    @property
    def card_dir(self) -> Path:
        return self.out.parent

    @property
    def card_path(self) -> Path:
        return self.card_dir / "README.md"

    @property
    def documents_project(self) -> bool:
        """True for the project's own layout (data/ and the card at the project root):
        then the build also refreshes the generated parts of README.md and DATASHEET.md."""
        return self.card_dir.resolve() == self.root.resolve() and (self.root / "DATASHEET.md").is_file()

    def rel(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.card_dir)).as_posix()


@dataclass
class Built:
    folder: Path  # the freshly built data folder (temporary)
    files: dict[str, dict]  # path relative to the card folder -> {sha256, rows, bytes}
    counts: dict[str, dict[str, int]]  # config -> split -> rows (all splits, zeros too)
    card_text: str  # README.md as it must be
    release: dict  # releases/<version>.json as it would be
    n_articles: int
    extra_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # layers without a config
    adopted: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    validation: object = None  # the validator's Report (build only)
    refreshed: list[str] = field(default_factory=list)  # generated docs rewritten by the build


def validate(project: Project, *, doing: str = "nothing was built"):
    """The validator's report; BuildError carrying it when the corpus is not valid."""
    from ..validate import UsageError, validate_corpus

    try:
        report = validate_corpus(project.corpus, project_root=project.root)
    except UsageError as exc:
        raise BuildError(str(exc)) from None
    if not report.ok:
        raise BuildError(f"the corpus is not valid; {doing}\n" + report.format("text").rstrip())
    return report


def build_folder(project: Project, folder: Path) -> Built:
    """Write a full data folder into the empty `folder` and describe it."""
    articles = list(iter_articles(project.corpus))
    if not articles:
        raise BuildError(f"{project.corpus}: no records (corpus/<id>.json): nothing to build")
    tax = load_taxonomies()
    rows = rows_by_config(articles, tax)
    feats = {cfg: features_for(cfg, tax) for cfg in CONFIGS}
    out_rel = project.rel(project.out)

    files: dict[str, dict] = {}
    layout: dict[str, dict[str, list[str]]] = {}
    counts: dict[str, dict[str, int]] = {}
    arrow_bytes: dict[str, dict[str, int]] = {cfg: {} for cfg in CONFIGS}
    notices: list[str] = []
    for cfg in CONFIGS:
        by_split = {s: [r for r in rows[cfg] if r["split"] == s] for s in SPLITS}
        counts[cfg] = {s: len(v) for s, v in by_split.items()}
        # an empty split is left out; a config without rows too (datasets 5.2 cannot load
        # a split of 0 rows: "Instruction 'train' corresponds to no data")
        keep = [s for s in SPLITS if by_split[s]]
        if not keep:
            notices.append(f"config {cfg!r} has no rows: left out of data/ and the card")
            continue
        layout[cfg] = {}
        for split in keep:
            part_rows = by_split[split]
            n = writer.shard_count(part_rows)
            names = []
            for i, part in enumerate(writer.shards(part_rows, n)):
                rel = f"{cfg}/{writer.shard_name(split, i, n)}"
                data, nbytes = writer.parquet_bytes(part, feats[cfg])
                arrow_bytes[cfg][split] = arrow_bytes[cfg].get(split, 0) + nbytes
                _write(folder / rel, data)
                names.append(f"{out_rel}/{rel}")
                files[f"{out_rel}/{rel}"] = {"rows": len(part)}
            layout[cfg][split] = names
            rel = f"{JSONL_DIR}/{cfg}/{split}.jsonl"
            _write(folder / rel, writer.jsonl_bytes(part_rows))
            files[f"{out_rel}/{rel}"] = {"rows": len(part_rows)}

    adopted = writer.adopt_equivalent(folder, project.out)
    for path, info in files.items():
        data = (folder / Path(path).relative_to(out_rel)).read_bytes()
        info["sha256"] = manifest.sha256_bytes(data)
        info["bytes"] = len(data)
    files = {p: {"sha256": f["sha256"], "rows": f["rows"], "bytes": f["bytes"]} for p, f in sorted(files.items())}

    entries = [manifest.article_hashes(a) for a in articles]
    digest = manifest.corpus_digest(entries)
    schema_ver = manifest.schema_version([a.record for a in articles])
    man = manifest.build_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                  n_articles=len(articles), counts=counts, files=files,
                                  taxonomies={n: tax.raw[n].get("version") for n in sorted(tax.raw)})
    _write(folder / manifest.MANIFEST_NAME, manifest.dumps(man).encode("utf-8"))

    languages = sorted({a.record["language"] for a in articles})
    meta = card.card_metadata(languages=languages, n_articles=len(articles), layout=layout,
                              features=feats, counts=counts, num_bytes=arrow_bytes)
    card_text = card.with_front_matter(_read_card(project.card_path), card.dump_yaml(meta))
    release = manifest.release_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                        articles=entries, files=files)
    extra = {layer: {s: sum(len(a.record[layer]) for a in articles if a.record["split"] == s) for s in SPLITS}
             for layer in ("entities", "timexes", "narratives")}
    return Built(folder, files, counts, card_text, release, len(articles), extra, adopted, notices)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _read_card(path: Path) -> str:
    if not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(f"{path}: cannot read the card: {exc}") from None


def build(project: Project) -> Built:
    """Validate, build beside the output folder, then swap it in and write the card."""
    from ..jsonio import atomic_write_text

    report = validate(project)
    tmp = writer.make_temp_dir(project.out, "build")
    try:
        built = build_folder(project, tmp)
        writer.swap_in(tmp, project.out)
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise
    built.folder = project.out
    built.validation = report
    if _read_card(project.card_path) != built.card_text:
        atomic_write_text(project.card_path, built.card_text)
    if project.documents_project:
        from ..stats.docs import refresh_docs

        built.refreshed = [project.rel(p) for p in refresh_docs(project.root, project.corpus)]
    return built
