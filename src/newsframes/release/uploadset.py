"""What `newsframes publish` sends, before anything is read: the card and top-level
documents, data/, schema/, the files of annotations/ whose article's text is published
(the folders of withheld articles stay out; a folder of no article is refused), and the
release manifest; only regular files inside the project (`unsafe` names the others).
`leaks.published` reads the same list for the leak check of `build --check`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .. import __version__
from ..dataset.manifest import release_path
from ..dataset.project import Project

TOP_FILES = ("README.md", "DATASHEET.md", "CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE.md")
# annotations/: the per-annotator passes and adjudication logs, published as they are in git
# (docs/annotations.md); the schema/ beside them describes the records
FOLDERS = ("schema", "annotations")


class PublishError(Exception):
    pass


def candidates(project: Project, *, data: Path | None = None, card: Path | None = None,
               held: set[str] | None = None) -> tuple[list[tuple[Path, str, str | None]], list[str]]:
    """What a publish sends, before any file is read: [(local file, path in the Hub
    repository, text column or None to compute it)] and the problems found (links, folders
    of no article). `held`: ids of the articles whose text the upload withholds (default:
    data/MANIFEST.json, `withheld_ids`; none for a full-text upload); their
    annotations/<id>/ folders are left out."""
    base = project.card_dir
    problems: list[str] = []
    paths: list[tuple[Path, str, str | None]] = []
    for f in TOP_FILES:
        p = card if (f == "README.md" and card is not None) else base / f
        if os.path.lexists(base / f):
            paths.append((p, f, "-"))
    out_rel = project.rel(project.out)
    local = data if data is not None else project.out
    paths += [(p, f"{out_rel}/{r}", None) for p, r in _walk(local, out_rel, problems)]
    paths += [(p, f"schema/{r}", "-") for p, r in _walk(project.root / "schema", "schema", problems)]
    if data is not None:
        held = set()
    elif held is None:
        held = withheld_ids(project)
    paths += annotation_files(project, held, problems)
    rel = release_path(project.root, __version__)
    paths.append((rel, Path(_rel(rel, base, project.root)).as_posix(), "-"))
    return paths, problems


def annotation_files(project: Project, held: set[str], problems: list[str]) -> list[tuple[Path, str, str]]:
    """The files under annotations/ that a publish sends, with their text column: a file in
    the folder of an article whose text is published may quote it (`text`); a file directly
    under annotations/ holds no article text (`-`, and the leak check reads it); the folders
    of the `held` articles stay out; a folder that is no article of the corpus is a problem
    (whether its files quote a withheld text cannot be told)."""
    from ..corpus import record_paths

    folder = project.root / "annotations"
    if not folder.is_dir() and not os.path.islink(folder):
        return []
    ids = {p.stem for p in record_paths(project.corpus)}
    out, unknown = [], set()
    for p, r in _walk(folder, "annotations", problems):
        parts = r.split("/")
        if len(parts) == 1:
            out.append((p, f"annotations/{r}", "-"))
        elif parts[0] in held:
            continue
        elif parts[0] not in ids:
            unknown.add(parts[0])
        else:
            out.append((p, f"annotations/{r}", "text"))
    problems += [f"annotations/{a}/: no article {a!r} in the corpus, so whether its files quote a withheld text "
                 "cannot be told; remove the folder or add the article" for a in sorted(unknown)]
    return out


def withheld_entries(project: Project) -> list[dict]:
    """`text_withheld` of data/MANIFEST.json: [{id, text_sha256, text_status}] of the
    articles whose text the built data withholds. PublishError when the manifest cannot be
    read: what may be published is never guessed."""
    import json

    path = project.out / "MANIFEST.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["text_withheld"]
        if not isinstance(entries, list) or not all(isinstance(w, dict) and isinstance(w.get("id"), str)
                                                    and isinstance(w.get("text_sha256"), str) for w in entries):
            raise ValueError("text_withheld is not a list of {id, text_sha256, ...}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"{project.rel(path)}: cannot tell which texts are withheld ({exc}); run "
                           "`newsframes build`") from None
    return entries


def withheld_ids(project: Project) -> set[str]:
    """Ids of the articles whose text the built data withholds (`withheld_entries`). Their
    annotation passes (annotations/<id>/) quote the text in every span, so a policy upload
    leaves those folders out as well."""
    return {w["id"] for w in withheld_entries(project)}


def withheld_annotations(project: Project) -> list[str]:
    """annotations/<id>/ folders a policy upload leaves out (see `withheld_ids`)."""
    base = project.root / "annotations"
    return sorted(f"annotations/{i}/" for i in withheld_ids(project) if (base / i).is_dir())


def _walk(folder: Path, shown: str, problems: list[str]):
    """(file, path relative to `folder`) of the files below `folder`, sorted, hidden ones
    left out; symbolic links (files or folders) are never followed: each is a problem."""
    if os.path.islink(folder):
        problems.append(f"{shown}: a symbolic link (to {os.readlink(folder)}); publish never follows links: "
                        "make it a real folder")
        return []
    if not folder.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            if os.path.islink(here / d) and not _hidden((here / d).relative_to(folder)):
                problems.append(f"{shown}/{(here / d).relative_to(folder).as_posix()}: a symbolic link "
                                f"(to {os.readlink(here / d)}); publish never follows links: make it a real folder")
        dirnames[:] = sorted(d for d in dirnames if not os.path.islink(here / d))
        for name in sorted(filenames):
            rel = (here / name).relative_to(folder)
            if not _hidden(rel):
                found.append((here / name, rel.as_posix()))
    return sorted(found, key=lambda x: x[1])


def unsafe(path: Path, shown: str, allowed: list[Path]) -> str | None:
    """Why `path` must not be uploaded (a symbolic link, not a regular file, outside the
    `allowed` folders), or None."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"{shown}: cannot read it ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return (f"{shown}: a symbolic link (to {os.readlink(path)}); publish never follows links: "
                "replace it with the file itself, or remove it")
    if not stat.S_ISREG(st.st_mode):
        return f"{shown}: not a regular file; remove it"
    real = Path(os.path.realpath(path))
    if not any(real.is_relative_to(a) for a in allowed):
        return f"{shown}: resolves to {real}, outside the project (a linked parent folder?); move it inside"
    return None


def _rel(p: Path, base: Path, root: Path) -> str:
    for b in (base, root):
        try:
            return str(p.relative_to(b))
        except ValueError:
            pass
    raise PublishError(f"{p}: outside the dataset folder {base}")


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


