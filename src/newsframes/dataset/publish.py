"""`newsframes publish`: upload a released, up-to-date build to the Hugging Face Hub as a
dataset repository, in one commit, tagged `v<version>` (load it with
`load_dataset(repo_id, "articles", revision="v<version>")`).

What is uploaded is data/ as `newsframes build` makes it: the rights policy applied
(schema/rights.json), so the text of an article whose rights do not allow redistribution
is not in it. `include_text=True` (`--with-text-of-unknown-rights`) uploads a full-text
build instead, made in a temporary folder, with a card that says so. Only regular files
inside the project are sent: a symbolic link anywhere in the upload set, or a file that
resolves outside the project, is refused (`plan` names each one)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .check import check
from .manifest import release_path, sha256_bytes
from .project import BuildError, Project

TOP_FILES = ("README.md", "DATASHEET.md", "CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE.md")
# annotations/: the per-annotator passes and adjudication logs, published as they are in git
# (docs/annotations.md); the schema/ beside them describes the records
FOLDERS = ("schema", "annotations")


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Upload:
    path: str  # path in the Hub repository
    local: Path
    size: int
    sha256: str
    text: str = "-"  # data files: "text", "withheld" or "partly-withheld(k/n)" rows; "-": no article text


def tag_name(version: str = __version__) -> str:
    return f"v{version}"


def plan(project: Project, *, data: Path | None = None, card: Path | None = None) -> list[Upload]:
    """The exact file list: the card and top-level docs present, data/, schema/, annotations/
    (when present), and the
    release manifest of this version. Hidden files and caches are left out. `data`, `card`:
    local files to send instead of project.out and README.md (a full-text upload).
    PublishError naming every symbolic link, non-regular file or file outside the project."""
    base = project.card_dir
    problems: list[str] = []
    paths: list[tuple[Path, str]] = []  # (local file, path in the Hub repository)
    for f in TOP_FILES:
        p = card if (f == "README.md" and card is not None) else base / f
        if os.path.lexists(base / f):
            paths.append((p, f))
    out_rel = project.rel(project.out)
    for folder, shown in ((project.out, out_rel), *((project.root / f, f) for f in FOLDERS)):
        local = data if (folder == project.out and data is not None) else folder
        paths += [(p, f"{shown}/{r}") for p, r in _walk(local, shown, problems)]
    rel = release_path(project.root, __version__)
    paths.append((rel, Path(_rel(rel, base, project.root)).as_posix()))
    allowed = [project.root.resolve(), base.resolve()] + ([data.resolve()] if data is not None else [])
    if card is not None:
        allowed.append(card.resolve().parent)
    out = []
    for p, name in paths:
        problem = unsafe(p, name, allowed)
        if problem:
            problems.append(problem)
            continue
        content = p.read_bytes()
        out.append(Upload(name, p, len(content), sha256_bytes(content), _carries_text(p, name, out_rel)))
    if problems:
        raise PublishError("refusing to publish; only regular files inside the project are uploaded:\n"
                           + "\n".join(f"  {x}" for x in problems))
    return sorted(out, key=lambda u: u.path)


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


def _carries_text(path: Path, name: str, out_rel: str) -> str:
    """Whether a data file holds article text: "text" (every row), "withheld" (no row),
    "partly-withheld(k/n)" (k of n rows withheld); "-" for files without rows of text."""
    if not name.startswith(out_rel + "/") or not name.endswith((".parquet", ".jsonl")):
        return "-"
    from ..rights import PRESENT

    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        statuses = pq.read_table(path, columns=["text_status"]).column("text_status").to_pylist()
    else:
        import orjson

        statuses = [orjson.loads(line).get("text_status", PRESENT) for line in path.read_bytes().splitlines()
                    if line.strip()]
    held = sum(1 for s in statuses if s != PRESENT)
    if not held:
        return "text"
    return "withheld" if held == len(statuses) else f"partly-withheld({held}/{len(statuses)})"


def _rel(p: Path, base: Path, root: Path) -> str:
    for b in (base, root):
        try:
            return str(p.relative_to(b))
        except ValueError:
            pass
    raise PublishError(f"{p}: outside the dataset folder {base}")


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


def preflight(project: Project, *, data: Path | None = None, card: Path | None = None) -> list[Upload]:
    """Refuse unless the version is released and data/ and the card are up to date.
    `data`, `card`: see `plan`."""
    rel = release_path(project.root, __version__)
    if not rel.is_file():
        raise PublishError(f"{project.rel(rel)} does not exist: version {__version__} is not released; "
                           "run `newsframes build --release`, commit, tag v" + __version__)
    try:
        result = check(project)
    except BuildError as exc:
        raise PublishError(str(exc)) from None
    if not result.ok:
        raise PublishError("`newsframes build --check` fails; publish only what the corpus builds:\n"
                           + "\n".join(result.problems))
    if result.built.status.get("release") != __version__:
        raise PublishError(f"the data built now is not release {__version__} (it differs from "
                           f"{project.rel(rel)}): unreleased data is never published; a maintainer bumps the "
                           "version and runs `newsframes build --release`")
    return plan(project, data=data, card=card)


def full_text_build(project: Project, tmp: Path) -> tuple[Path, Path, int]:
    """A full-text build of the project in `tmp` (data folder, card): what
    `--with-text-of-unknown-rights` uploads, the card saying so. Returns (data, card,
    number of articles whose text the rights policy would withhold)."""
    from ..stats.docs import replace_block
    from .card import split_front_matter, with_front_matter
    from .core import build_folder
    from .project import Project as P

    folder = tmp / project.out.name
    folder.mkdir(parents=True)
    built = build_folder(P(project.corpus, project.out, project.root, withhold=False), folder)
    import json

    withheld = json.loads((project.out / "MANIFEST.json").read_text(encoding="utf-8")).get("text_withheld", [])
    note = (f"**This upload carries the full text of every article**, also of the {len(withheld)} article(s) "
            "whose rights the project's policy (schema/rights.json) does not clear for redistribution: it was "
            "published with `newsframes publish --with-text-of-unknown-rights`, on the publisher's responsibility. "
            "The project's own build withholds that text (docs/rights.md).")
    text = replace_block(built.card_text, "rights", note, where="README.md")
    if text is None:
        front, rest = split_front_matter(built.card_text)
        text = with_front_matter("---\n---\n" + note + "\n\n" + rest, front or "")
    card = tmp / "README.md"
    card.write_text(text, encoding="utf-8")
    return folder, card, len(withheld)


def upload(project: Project, files: list[Upload], repo_id: str, token: str | None) -> str:
    """One commit with exactly `files` (deleting other files under data/ on the Hub),
    then the tag. Returns the commit URL."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi

    api = HfApi(token=token)
    tag = tag_name()
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
        refs = api.list_repo_refs(repo_id, repo_type="dataset")
        if any(t.name == tag for t in refs.tags):
            raise PublishError(f"{repo_id} already has the tag {tag}: a published version is never replaced; "
                               "bump the version")
        ours = {f.path for f in files}
        data_prefix = project.rel(project.out) + "/"
        stale = [p for p in api.list_repo_files(repo_id, repo_type="dataset")
                 if p.startswith(data_prefix) and p not in ours]
        ops = [CommitOperationAdd(path_in_repo=f.path, path_or_fileobj=str(f.local)) for f in files]
        ops += [CommitOperationDelete(path_in_repo=p) for p in stale]
        info = api.create_commit(repo_id, operations=ops, repo_type="dataset",
                                 commit_message=f"newsframes {__version__}")
        api.create_tag(repo_id, tag=tag, revision=info.oid, repo_type="dataset",
                       tag_message=f"newsframes {__version__}")
    except PublishError:
        raise
    except Exception as exc:  # noqa: BLE001 - network, auth, Hub errors: one clear line
        raise PublishError(f"upload to {repo_id} failed: {type(exc).__name__}: {str(exc)[:300]}") from None
    return info.commit_url
