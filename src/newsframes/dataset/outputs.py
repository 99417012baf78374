"""What a build writes besides the shards (croissant.json, small files), reads (the
card), and remembers of its outputs for the next build (their digests by stat
signature)."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from .project import BuildError, Built

# What `newsframes build` changes in the project (relative to the project root): the one
# list CONTRIBUTING.md, the pull-request template and `build --check` name (a test
# keeps them equal; the end-to-end contribution test checks the build changes nothing else).
BUILD_CHANGES = ("data/", "README.md", "DATASHEET.md", "docs/fields.md", "docs/figures/")
# What a contribution of one article adds besides (see CONTRIBUTING.md, "Commit").
CONTRIBUTION_FILES = ("seeds/<name>.txt", "seeds/<name>.provenance.json", "corpus/<id>.json", "corpus/<id>.txt")


def commit_command() -> str:
    """The `git add` line of a contribution: its own files, then everything the build changed."""
    return "git add " + " ".join(CONTRIBUTION_FILES + BUILD_CHANGES)


def record_outputs(built: Built, out: Path, store=None) -> None:
    """Remember the sha256 of the files now in `out` and the groups they hold (the next
    build reuses them): in the digest index of `out` and the store's record of outputs."""
    if store is not None:
        store.set_outputs(out, [m.fingerprint for m in built.groups])
    index = built.out_index
    if index is None:
        return
    import os

    for rel, info in built.files.items():
        name = Path(rel).relative_to(built.out_rel).as_posix()
        try:
            st = os.stat(out / name)
        except OSError:
            continue
        if st.st_size == info["bytes"]:
            index.remember(name, info["sha256"], st, trusted=True)
    index.forget_missing()
    index.save()


CROISSANT_NAME = "croissant.json"


def write_croissant(root: Path, folder: Path, known: dict | None, record_sets: dict | None = None,
                    terms=None) -> None:
    """Croissant 1.0 metadata of the Parquet files, inside the data folder (Croissant
    readers look for files below the metadata file); citation from the project's
    CITATION.cff, so the bytes do not depend on where the folder is built. `known`:
    "<config>/<file name>" -> facts of the files just written (not read again); `record_sets`:
    config -> Croissant record set of the schema they were written with; `terms`: project
    citation -> {description, license, cite_as} (`describe.croissant_terms`)."""
    from ..export.croissant import citation_from_cff, export_croissant

    cff = root / "CITATION.cff"
    cite = citation_from_cff(cff, __version__) if cff.is_file() else None
    extra = {"cite_as": cite} if terms is None else terms(cite)
    export_croissant(folder, folder / CROISSANT_NAME, version=__version__, known=known, record_sets=record_sets,
                     **extra)


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def read_card(path: Path | None) -> str:
    """README.md as text (empty when absent, or when no card is written); BuildError when
    it cannot be read (a FIFO or device is never opened: `safeio`)."""
    from ..safeio import read_text

    if path is None or not path.exists():
        return ""
    try:
        return read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(f"{path}: cannot read the card: {exc}") from None


def changed_documents(project, built) -> tuple[dict[Path, bytes], list[str]]:
    """(new bytes of each document to change {path: bytes}, the generated docs among them
    as the summary names them)."""
    card_path = project.card_path
    out: dict[Path, bytes] = {}
    if card_path is not None and read_card(card_path) != built.card_text:
        out[card_path] = built.card_text.encode("utf-8")
    refreshed: list[str] = []
    if project.documents_project:
        from ..stats.docs import DocsError, plan_docs, stale_files
        from ..stats.plots import MissingMatplotlib

        try:
            plan = plan_docs(project.root, project.corpus, base={card_path.name: built.card_text})
            docs = stale_files(plan)
        except (MissingMatplotlib, DocsError) as exc:  # broken markers, a FIFO in place of a document
            raise BuildError(f"{exc}; nothing was replaced") from None
        for path, data in docs.items():
            if path.resolve() == card_path.resolve():
                path = card_path
                if data == built.card_text.encode("utf-8"):
                    continue  # only the front matter changed: the card, not a generated block
            out[path] = data
            refreshed.append(project.rel(path))
    return out, refreshed
