"""One build: validated corpus -> a complete data folder (Parquet shards, JSONL mirror,
MANIFEST.json) in a temporary directory, plus the card text and the release manifest.
`build` swaps the folder into place; `check` compares it with what is there."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..splits import SPLITS
from ..taxonomy import load_taxonomies
from . import card, manifest, writer
from .features import CONFIGS, features_for

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


def _validate_config(cache: bool):
    """The validator's settings for a build: with `cache`, levels 1-3 results are kept
    per file content under `paths.cache_dir()/results` (an unchanged article is not
    checked again; the corpus-level checks always run over all)."""
    from ..paths import cache_dir
    from ..validate import Config

    if not cache:
        return Config(cache_dir=None)
    return Config(results_dir=str(cache_dir() / "results"))


def validate(project: Project, *, doing: str = "nothing was built", cache: bool = True):
    """The validator's report; BuildError carrying it when the corpus is not valid."""
    from ..validate import UsageError, validate_corpus

    try:
        report = validate_corpus(project.corpus, project_root=project.root, config=_validate_config(cache))
    except UsageError as exc:
        raise BuildError(str(exc)) from None
    if not report.ok:
        raise BuildError(f"the corpus is not valid; {doing}\n" + report.format("text").rstrip())
    return report


def build_folder(project: Project, folder: Path, *, cache: Path | None | bool = True,
                 jobs: int | None = None) -> Built:
    """Write a full data folder into the empty `folder` and describe it.

    Streams article by article: rows come from the per-article row cache (`rowcache`,
    converted in a process pool when missing), go to the JSONL mirror and the Parquet
    shards (`stream.ShardWriter`); memory holds per-article facts, never the corpus.
    `cache`: True for `paths.cache_dir()/rows`, a folder, or None/False for a temporary
    one (same output either way)."""
    import tempfile

    from ..corpus import record_paths
    from . import rowcache
    from .stream import ShardWriter, shard_count

    paths = record_paths(project.corpus)
    if not paths:
        raise BuildError(f"{project.corpus}: no records (corpus/<id>.json): nothing to build")
    tmp_cache = None
    if cache is True:
        from ..paths import cache_dir

        cache_path = cache_dir() / "rows"
    elif cache:
        cache_path = Path(cache)
    else:
        tmp_cache = tempfile.TemporaryDirectory(prefix="newsframes-rows-")
        cache_path = Path(tmp_cache.name)
    try:
        return _build_streaming(project, folder, paths, cache_path, jobs, rowcache, ShardWriter, shard_count)
    finally:
        if tmp_cache is not None:
            tmp_cache.cleanup()


def _build_streaming(project, folder, paths, cache_path, jobs, rowcache, ShardWriter, shard_count) -> Built:
    from ..progress import bar

    tax = load_taxonomies()
    feats = {cfg: features_for(cfg, tax) for cfg in CONFIGS}
    out_rel = project.rel(project.out)
    entries = rowcache.ensure_entries(paths, cache_path, jobs)
    # articles sorted by id (the file stem; the validator checked id == stem)
    order = sorted(range(len(paths)), key=lambda i: entries[i][1].id)
    metas = [entries[i][1] for i in order]
    keys = [entries[i][0] for i in order]

    counts = {cfg: {s: 0 for s in SPLITS} for cfg in CONFIGS}
    chars = {cfg: {s: 0 for s in SPLITS} for cfg in CONFIGS}
    for m in metas:
        for cfg in CONFIGS:
            counts[cfg][m.split] += m.rows[cfg]
            chars[cfg][m.split] += m.chars[cfg]

    files: dict[str, dict] = {}
    layout: dict[str, dict[str, list[str]]] = {}
    arrow_bytes: dict[str, dict[str, int]] = {cfg: {} for cfg in CONFIGS}
    notices: list[str] = []
    writers: dict[tuple[str, str], ShardWriter] = {}
    jsonl: dict[tuple[str, str], object] = {}
    for cfg in CONFIGS:
        # an empty split is left out; a config without rows too (datasets 5.2 cannot load
        # a split of 0 rows: "Instruction 'train' corresponds to no data")
        keep = [s for s in SPLITS if counts[cfg][s]]
        if not keep:
            notices.append(f"config {cfg!r} has no rows: left out of data/ and the card")
            continue
        layout[cfg] = {}
        for split in keep:
            n = shard_count(counts[cfg][split], chars[cfg][split])
            writers[(cfg, split)] = ShardWriter(folder / cfg, split, counts[cfg][split], n,
                                                feats[cfg].arrow_schema)
            path = folder / JSONL_DIR / cfg / f"{split}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            jsonl[(cfg, split)] = open(path, "wb")
    try:
        for key, m in bar(list(zip(keys, metas)), desc="writing", unit="article"):
            entry = rowcache.open_entry(cache_path, key)
            if entry is None:
                raise BuildError(f"the row cache entry of {m.id} vanished during the build; run it again")
            try:
                for cfg in CONFIGS:
                    if not m.rows[cfg]:
                        continue
                    jsonl[(cfg, m.split)].write(entry.jsonl(cfg))
                    if entry.sizes[cfg][1] > rowcache.LAZY_BYTES:
                        table = rowcache.LazyTable(cache_path, key, cfg, m.rows[cfg])
                    else:
                        table = entry.table(cfg)
                    writers[(cfg, m.split)].add(table)
            finally:
                entry.close()
    finally:
        for fh in jsonl.values():
            fh.close()
    for (cfg, split), w in writers.items():
        w.close()
        arrow_bytes[cfg][split] = w.nbytes
        names = []
        for name, rows in zip(w.names, w.shard_rows):
            rel = f"{out_rel}/{cfg}/{name}"
            names.append(rel)
            files[rel] = {"rows": rows}
        layout[cfg][split] = names
        files[f"{out_rel}/{JSONL_DIR}/{cfg}/{split}.jsonl"] = {"rows": counts[cfg][split]}

    adopted = writer.adopt_equivalent(folder, project.out)
    for path, info in files.items():
        info["sha256"], info["bytes"] = _file_hash(folder / Path(path).relative_to(out_rel))
    files = {p: {"sha256": f["sha256"], "rows": f["rows"], "bytes": f["bytes"]} for p, f in sorted(files.items())}

    entries_m = [{"id": m.id, "split": m.split, "text_sha256": m.text_sha256, "record_sha256": m.record_sha256}
                 for m in metas]
    digest = manifest.corpus_digest(entries_m)
    schema_ver = manifest.schema_version([{"schema_version": m.schema_version} for m in metas])
    man = manifest.build_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                  n_articles=len(metas), counts=counts, files=files,
                                  taxonomies={n: tax.raw[n].get("version") for n in sorted(tax.raw)})
    _write(folder / manifest.MANIFEST_NAME, manifest.dumps(man).encode("utf-8"))
    _write_croissant(project, folder)

    languages = sorted({m.language for m in metas})
    meta = card.card_metadata(languages=languages, n_articles=len(metas), layout=layout,
                              features=feats, counts=counts, num_bytes=arrow_bytes)
    card_text = card.with_front_matter(_read_card(project.card_path), card.dump_yaml(meta))
    release = manifest.release_manifest(version=__version__, schema_ver=schema_ver, digest=digest,
                                        articles=entries_m, files=files)
    extra = {layer: {s: sum(m.layers[layer] for m in metas if m.split == s) for s in SPLITS}
             for layer in ("entities", "timexes", "narratives")}
    return Built(folder, files, counts, card_text, release, len(metas), extra, adopted, notices)


CROISSANT_NAME = "croissant.json"


def _write_croissant(project: Project, folder: Path) -> None:
    """Croissant 1.0 metadata of the Parquet files, inside the data folder (Croissant
    readers look for files below the metadata file); citation from the project's
    CITATION.cff, so the bytes do not depend on where the folder is built."""
    from ..export.croissant import citation_from_cff, export_croissant

    cff = project.root / "CITATION.cff"
    cite = citation_from_cff(cff, __version__) if cff.is_file() else None
    export_croissant(folder, folder / CROISSANT_NAME, version=__version__, cite_as=cite)


def _file_hash(path: Path) -> tuple[str, int]:
    import hashlib

    h, n = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            n += len(block)
    return h.hexdigest(), n


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


def build(project: Project, *, cache: bool = True) -> Built:
    """Validate, build beside the output folder, then swap it in and write the card.
    `cache`: reuse and keep per-article validation results and rows (same output)."""
    from ..jsonio import atomic_write_text

    report = validate(project, cache=cache)
    tmp = writer.make_temp_dir(project.out, "build")
    try:
        built = build_folder(project, tmp, cache=cache)
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
