"""Writing an import: seeds, texts and records, all or nothing, one import at a time.

1. Under a lock (`seeds/.nf-import.lock`, flock: imports into corpora that share a
   seeds/ folder wait for each other): an import interrupted earlier is
   finished first (see 4), then every clash is checked (an existing record or text with
   other content, a seed of the same name with other bytes, two sources giving one id)
   and reported. A file that already holds what the import would write is left alone,
   so running the same import again changes nothing and succeeds.
2. Every file is written to a temporary name beside its target (`.nf-import-*.tmp`,
   short, so a long target name still fits); a failure removes them all.
3. A journal (`<corpus>/.nf-import-<pid>.journal`, written atomically) lists the
   renames; then the renames; then the journal is removed.
4. A kill -9 before the journal leaves only temporary files: the next import removes
   them. A kill after it (in the renames) leaves the journal: the next import finishes
   its renames (every temporary file it names is complete), so the corpus never keeps a
   text without its record.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .problems import Problems
from .records import name_problem

LOCK = ".nf-import.lock"
TMP_PREFIX = ".nf-import-"
JOURNAL_SUFFIX = ".journal"


@contextmanager
def import_lock(seeds: Path):
    import fcntl
    seeds.mkdir(parents=True, exist_ok=True)
    fd = os.open(seeds / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"newsframes import: another import with seeds in {seeds} is running; waiting for it",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(corpus: Path, seeds: Path) -> list[str]:
    """Finish or clean up what an interrupted import left (call under the lock); what was
    done, in words."""
    done = []
    named: set[str] = set()
    for journal in sorted(corpus.glob(f"{TMP_PREFIX}*{JOURNAL_SUFFIX}")):
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        except (OSError, ValueError, KeyError, TypeError):
            renames = None
        if not isinstance(renames, list):
            done.append(f"{journal.name}: unreadable journal of an interrupted import, removed")
            journal.unlink(missing_ok=True)
            continue
        n = 0
        for tmp, target in renames:
            named.add(tmp)
            if os.path.lexists(tmp):
                os.replace(tmp, target)
                n += 1
        journal.unlink()
        done.append(f"finished an interrupted import ({n} of {len(renames)} file(s) were still to be renamed)")
    stale = [p for folder in (corpus, seeds) if folder.is_dir() for p in folder.glob(f"{TMP_PREFIX}*.tmp")
             if str(p) not in named]
    for p in stale:
        p.unlink(missing_ok=True)
    if stale:
        done.append(f"removed {len(stale)} temporary file(s) of an import interrupted while writing")
    return done


def _files(it, corpus: Path) -> list[tuple[Path, bytes]]:
    from ..jsonio import canonical_dumps
    return [(corpus / f"{it.record['id']}.txt", it.text.encode("utf-8")),
            (corpus / f"{it.record['id']}.json", canonical_dumps(it.record).encode("utf-8"))]


def _same(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file holding `data` (an import run again writes nothing new)."""
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and \
            path.read_bytes() == data
    except OSError:
        return False


def _clashes(items, corpus: Path, seeds: Path, force: bool, problems: Problems) -> None:
    seen: dict[str, str] = {}
    for it in items:
        rid = it.record["id"]
        if rid in seen:
            problems.add(it.seed_name, None, "NF-IMP-ID", f"two source articles give the record id {rid!r} "
                         f"({seen[rid]} and {it.seed_name}); rename one")
        seen[rid] = it.seed_name
        why = name_problem(it.seed_name)
        if why:
            problems.add(it.seed_name, None, "NF-IMP-NAME", f"the seed name (the article's file name with the "
                         f"prefix {it.seed_name.split('--', 1)[0]}--) {why}: rename the article file")
            continue
        if not force:
            for p, data in _files(it, corpus):
                if os.path.lexists(p) and not _same(p, data):
                    problems.add(p, None, "NF-IMP-EXISTS", "exists with other content; nothing written (use --force "
                                 "to replace the record and its text)")
        dest = seeds / it.seed_name
        if os.path.lexists(dest):
            try:
                same = dest.is_file() and not dest.is_symlink() and dest.read_bytes() == it.seed_data
            except OSError:
                same = False
            if not same:
                problems.add(dest, None, "NF-IMP-SEED", "a seed of that name exists with other content (or is not "
                             "a regular file); nothing written")


def _plan(items, corpus: Path, seeds: Path, extra: list[tuple[Path, bytes]]) -> list[tuple[Path, bytes]]:
    """Every file to write (a file already holding its bytes is left alone)."""
    plan: list[tuple[Path, bytes]] = []
    for path, data in extra:
        if not _same(path, data):
            plan.append((path, data))
    for it in items:
        dest = seeds / it.seed_name
        if not dest.exists():
            plan.append((dest, it.seed_data))
        plan += [(p, data) for p, data in _files(it, corpus) if not _same(p, data)]
    return plan


def write_import(items, corpus: Path, *, force: bool, problems: Problems,
                 extra: list[tuple[Path, bytes]] = ()) -> list[Path]:
    """Write seeds (and `extra` files, e.g. kept label files, when new), texts and records;
    refuse (problems, nothing written) on a clash."""
    corpus = Path(corpus).resolve()
    seeds = corpus.parent / "seeds"
    if seeds.is_symlink() or (os.path.lexists(seeds) and not seeds.is_dir()):
        problems.add(seeds, None, "NF-IMP-SEED", "is a symbolic link or not a folder: import writes seeds only into "
                     "a real seeds/ folder beside the corpus folder; nothing written")
        return []
    with import_lock(seeds):
        corpus.mkdir(parents=True, exist_ok=True)
        for line in recover(corpus, seeds):
            problems.notice(corpus, None, "NF-IMP-RECOVERED", line)
        _clashes(items, corpus, seeds, force, problems)
        if problems:
            return []
        plan = _plan(items, corpus, seeds, list(extra))
        seeds.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[str, Path]] = []
        try:
            for path, data in plan:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".tmp", dir=path.parent)
                staged.append((tmp, path))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.chmod(tmp, 0o644)
            journal = corpus / f"{TMP_PREFIX}{os.getpid()}{JOURNAL_SUFFIX}"
            fd, jtmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".tmp", dir=corpus)
            staged.append((jtmp, journal))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"pid": os.getpid(), "renames": [[t, str(p)] for t, p in staged[:-1]]}, fh)
            os.replace(jtmp, journal)
        except BaseException:
            for tmp, _ in staged:
                Path(tmp).unlink(missing_ok=True)
            raise
        for tmp, path in staged[:-1]:
            os.replace(tmp, path)
        journal.unlink()
    return [p for p, _ in plan]
