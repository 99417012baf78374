"""`build --check`: build into a temporary folder and compare bytes with data/, the card
and the generated docs; check that the release manifests under releases/ are untouched
and that data declared released is the release. Every difference is named.

What the check may take as known (docs/caches.md, "What `build --check` trusts"): with
the store, what this machine made (`store=`); with `base=REF`, what the base commit
verified in full; with neither (`build --check --full`), nothing: every record is
validated and converted and every file written and compared.

Data built between releases is not an error: it is marked unreleased (`"release": null`
in data/MANIFEST.json, and in the card), so a contribution needs no version change."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .gate import corpus_digests, open_base, records, validate
from .outputs import read_card
from .pipeline import build_folder
from .project import Built, Options, Project


@dataclass
class CheckResult:
    problems: list[str]
    built: Built | None
    leaks: list[str] = field(default_factory=list)  # the leak check's problems (also in `problems`)
    notices: list[str] = field(default_factory=list)  # e.g. why the base was not used

    @property
    def ok(self) -> bool:
        return not self.problems


def _tree(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def compare_folders(expected: Path, actual: Path, shown: str) -> list[str]:
    out = []
    exp, act = _tree(expected), _tree(actual)
    if not actual.is_dir():
        return [f"{shown}/ is missing: run `newsframes build`"]
    for rel in sorted(set(exp) | set(act)):
        if rel not in act:
            out.append(f"{shown}/{rel}: missing (the corpus builds it)")
        elif rel not in exp:
            out.append(f"{shown}/{rel}: extra (the corpus does not build it)")
        elif not _same_file(exp[rel], act[rel]) and exp[rel].read_bytes() != act[rel].read_bytes():
            out.append(f"{shown}/{rel}: differs from what the corpus builds")
    return out


def _same_file(a: Path, b: Path) -> bool:
    """One file under two names (the build linked a file it knew): equal, unread."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def symlink_problems(project: Project) -> list[str]:
    """A symbolic link in data/ or schema/ (what `publish` uploads besides the card):
    publish refuses them, and a link can make the files seem current when they are not."""
    import os

    out = []
    for folder in (project.out, project.root / "schema"):
        shown = project.rel(folder)
        if os.path.islink(folder):
            out.append(f"{shown}: a symbolic link (to {os.readlink(folder)}): make it a real folder; "
                       "`newsframes publish` never follows links")
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            for name in sorted(dirnames + filenames):
                p = Path(dirpath) / name
                if os.path.islink(p):
                    out.append(f"{shown}/{p.relative_to(folder).as_posix()}: a symbolic link (to {os.readlink(p)}): "
                               "replace it with the file itself, or remove it; `newsframes publish` never "
                               "follows links")
    return sorted(out)


def check(project: Project, *, cache: bool = True, store=None, base: str | None = None,
          jobs: int | None = None) -> CheckResult:
    """`cache`: use the store (`store`, default the one of `paths.cache_dir()`); False
    for the full check, which takes nothing as known. `base`: a git revision whose
    verified data and records are known too (when it cannot be used, everything is
    checked and `notices` says why)."""
    from ..lifeline import remove_stale
    from ..store import Store
    from . import bundle, writer

    bundle.warm()  # while this process validates
    if cache and store is None:
        store = Store.default()
    elif not cache:
        store, base = None, None
    from ..leaks import speculate

    # the leak check's results are kept in the store; the full check keeps and takes none
    leak_folder = store.root if store is not None else None
    # the leak check of data/ as it is, in a helper process while this one validates and
    # builds: when the build gives the same files, the check's leak check takes its results
    speculation = speculate.start(project)
    try:
        base_obj, why_not = open_base(project, base)
        digests = corpus_digests(project, store)
        report = validate(project, doing="nothing was checked", store=store, base=base_obj, digests=digests)
    except BaseException:
        if speculation is not None:
            speculation.cancel()
        raise
    remove_stale(project.out)
    folder = writer.make_temp_dir(project.out, "check")  # beside data/: its known files are linked
    try:
        built = build_folder(project, folder, records(project, report),
                             Options(store=store, jobs=jobs, reuse=bool(cache), base=base_obj))
        built.validation = report  # its warnings are printed (`build --check --format github`: annotations)
        stale = compare_folders(folder, project.out, project.rel(project.out))
        problems = _links(project) + stale
        problems += _card_problems(project, built)
        from ..leaks.published import check_problems

        # the helper read data/ as it is: its results are taken only when data/ is exactly
        # what the build gave (the same files, titles and withheld texts); else the leak
        # check reads everything itself (the check fails anyway)
        known = speculation.known() if speculation is not None and not stale else None
        leaks = check_problems(project, built, folder, cache_folder=leak_folder, known=known)
        problems += leaks
        from ..release.checks import declared_problems, releases_problems

        problems += declared_problems(project, built)
        problems += releases_problems(project.root)
        if project.documents_project:
            from ..stats.docs import DocsError, stale_docs

            try:
                problems += stale_docs(project.root, project.corpus)
            except DocsError as exc:  # broken markers, a FIFO in place of a document: named, not a crash
                problems.append(str(exc))
    finally:
        if speculation is not None:  # a build that failed: the helper is not waited for
            speculation.cancel()
        shutil.rmtree(folder, ignore_errors=True)
    notices = [f"--base {base}: not used ({why_not}); everything was checked"] if why_not else []
    return CheckResult(list(dict.fromkeys(problems)), built, leaks, notices)  # a link of the docs is named once


def _card_problems(project: Project, built: Built) -> list[str]:
    card = project.card_path
    current = read_card(card) if card is not None and card.is_file() else None
    if card is None:
        return []  # `--out DIR` without `--card`: the build writes no card
    if current is None:
        return [f"{project.rel(card)}: missing (the build writes the card)"]
    if current != built.card_text:
        from .card import split_front_matter

        part = ("its YAML front matter" if split_front_matter(current)[0] != split_front_matter(built.card_text)[0]
                else "its release line (unreleased / release X.Y.Z)")
        return [f"{project.rel(project.card_path)}: {part} differs from what the corpus builds"]
    return []


def _links(project: Project) -> list[str]:
    """Symbolic links among what the build writes (`outguard.link_problems`: the build
    refuses them) and in data/ and schema/ (`symlink_problems`: publish refuses them),
    each named once."""
    from .outguard import link_problems

    ours = link_problems(project)
    named = {line.split(": a symbolic link", 1)[0] for line in ours}
    return ours + [p for p in symlink_problems(project) if p.split(": a symbolic link", 1)[0] not in named]
