"""`newsframes publish`: upload a released, up-to-date build to the Hugging Face Hub as a
dataset repository, in one commit, tagged `v<version>` (load it with
`load_dataset(repo_id, "articles", revision="v<version>")`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .check import check
from .manifest import release_path, sha256_bytes
from .project import BuildError, Project

TOP_FILES = ("README.md", "DATASHEET.md", "CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE.md")
FOLDERS = ("schema",)


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Upload:
    path: str  # path in the Hub repository
    local: Path
    size: int
    sha256: str


def tag_name(version: str = __version__) -> str:
    return f"v{version}"


def plan(project: Project) -> list[Upload]:
    """The exact file list: the card and top-level docs present, data/, schema/, and the
    release manifest of this version. Hidden files and caches are left out."""
    base = project.card_dir
    paths: list[Path] = [base / f for f in TOP_FILES if (base / f).is_file()]
    for folder in (project.out, *(project.root / f for f in FOLDERS)):
        if folder.is_dir():
            paths += [p for p in sorted(folder.rglob("*")) if p.is_file() and not _hidden(p.relative_to(folder))]
    paths.append(release_path(project.root, __version__))
    out = []
    for p in paths:
        data = p.read_bytes()
        rel = Path(_rel(p, base, project.root)).as_posix()
        out.append(Upload(rel, p, len(data), sha256_bytes(data)))
    return sorted(out, key=lambda u: u.path)


def _rel(p: Path, base: Path, root: Path) -> str:
    for b in (base, root):
        try:
            return str(p.relative_to(b))
        except ValueError:
            pass
    raise PublishError(f"{p}: outside the dataset folder {base}")


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in rel.parts)


def preflight(project: Project) -> list[Upload]:
    """Refuse unless the version is released and data/ and the card are up to date."""
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
    return plan(project)


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
