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

from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..dataset.check import check
from ..dataset.manifest import release_path, sha256_bytes
from ..dataset.project import BuildError, Project
from .uploadset import (  # noqa: F401  (publish's API)
    FOLDERS,
    TOP_FILES,
    PublishError,
    candidates,
    unsafe,
    withheld_annotations,
    withheld_entries,
    withheld_ids,
)


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
    (when present; the folders of withheld articles left out), and the release manifest of
    this version. Hidden files and caches are left out. `data`, `card`: local files to send
    instead of project.out and README.md (a full-text upload).
    PublishError naming every symbolic link, non-regular file, file outside the project,
    annotations/ folder of no article, and file holding a run of withheld words
    (docs/rights.md, leak check)."""
    base = project.card_dir
    paths, problems = candidates(project, data=data, card=card)
    out_rel = project.rel(project.out)
    allowed = [project.root.resolve(), base.resolve()] + ([data.resolve()] if data is not None else [])
    if card is not None:
        allowed.append(card.resolve().parent)
    out = []
    for p, name, column in paths:
        problem = unsafe(p, name, allowed)
        if problem:
            problems.append(problem)
            continue
        content = p.read_bytes()
        out.append(Upload(name, p, len(content), sha256_bytes(content),
                          column if column is not None else _carries_text(p, name, out_rel)))
    if not problems and data is None:  # a full-text upload publishes the withheld text on purpose
        problems += _leaks(project, out)
    if problems:
        raise PublishError("refusing to publish:\n" + "\n".join(f"  {x}" for x in problems))
    return sorted(out, key=lambda u: u.path)


def _leaks(project: Project, uploads: list[Upload]) -> list[str]:
    """The leak check on exactly the files of a policy upload."""
    from ..leaks.check import Published
    from ..leaks.published import leak_problems, title_problems, titles_of, withheld_texts

    try:
        entries = withheld_entries(project)
    except PublishError as exc:
        return [str(exc)]
    files = [Published(u.path, path=u.local, sha256=u.sha256) for u in uploads]
    texts, problems = withheld_texts(project, entries, titles=titles_of(project.out))
    return problems or (title_problems(project, texts) + leak_problems(files, texts))


def _carries_text(path: Path, name: str, out_rel: str) -> str:
    """Whether a data file holds article text: "text" (every row), "withheld" (no row),
    "partly-withheld(k/n)" (k of n rows withheld); "-" for files without rows of text."""
    if not name.startswith(out_rel + "/") or not name.endswith(".parquet"):
        return "-"
    import pyarrow.parquet as pq

    from ..rights import PRESENT

    statuses = pq.read_table(path, columns=["text_status"]).column("text_status").to_pylist()
    held = sum(1 for s in statuses if s != PRESENT)
    if not held:
        return "text"
    return "withheld" if held == len(statuses) else f"partly-withheld({held}/{len(statuses)})"


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
    from ..dataset.card import split_front_matter, with_front_matter
    from ..dataset.pipeline import Options, build_folder, records, validate
    from ..dataset.project import Project as P
    from ..stats.docs import replace_block
    from ..store import Store

    folder = tmp / project.out.name
    folder.mkdir(parents=True)
    full = P(project.corpus, project.out, project.root, withhold=False)
    store = Store.default()
    built = build_folder(full, folder, records(full, validate(full, store=store)), Options(store=store, reuse=False))
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
