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
   text without its record. A journal is trusted only when it reads as one (a regular
   file of bounded size) and each of its renames moves a temporary file of an import
   onto a file beside it in the corpus or seeds folder; any other file named like one
   (put there by hand, or committed) stops the import with NF-IMP-JOURNAL and moves
   nothing.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .problems import Problems, shown
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


MAX_JOURNAL = 16 * 1024 * 1024  # a journal lists two paths per file: far smaller


def _journal_renames(journal: Path, corpus: Path, seeds: Path) -> list[tuple[Path, Path]] | str:
    """The renames a journal lists, or why it is not a journal an import into this corpus
    wrote. A journal is read as a regular file of bounded size (a FIFO would hang, a link
    to /dev/zero never ends), and each rename must move a temporary file of this import
    (`.nf-import-*.tmp`) onto a file beside it, in the corpus folder or its seeds folder:
    a journal put there by hand (or committed by someone) must not move other files."""
    from ..jsonio import loads_guarded
    from ..safeio import NotRegularFile, read_bytes
    if journal.is_symlink():
        return "a symbolic link"
    try:
        data = read_bytes(journal, limit=MAX_JOURNAL)
    except NotRegularFile as exc:
        return f"{exc.kind}, not a regular file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(data) > MAX_JOURNAL:
        return f"larger than {MAX_JOURNAL // (1024 * 1024)} MiB"
    try:
        renames = loads_guarded(data.decode("utf-8"))["renames"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        renames = None
    if not isinstance(renames, list):
        return "no list of renames"
    folders = {str(corpus), str(seeds)}
    out = []
    for item in renames:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) and x and "\x00" not in x
                                                                 for x in item)):
            return "a rename that is not two paths"
        tmp, target = Path(item[0]), Path(item[1])
        if str(tmp.parent) not in folders or target.parent != tmp.parent or not tmp.name.startswith(TMP_PREFIX) \
                or not tmp.name.endswith(".tmp") or target.name.startswith(".") or not tmp.is_absolute():
            return (f"it would move {shown(item[0])} onto {shown(item[1])}: an import only renames its temporary "
                    f"files onto files beside them in {corpus} or {seeds}")
        out.append((tmp, target))
    return out


def recover(corpus: Path, seeds: Path) -> tuple[list[str], list[str]]:
    """Finish or clean up what an interrupted import left (call under the lock): (what was
    done, in words; problems: journals that cannot be trusted, which stop the import)."""
    done, problems = [], []
    named: set[str] = set()
    for journal in sorted(corpus.glob(f"{TMP_PREFIX}*{JOURNAL_SUFFIX}")):
        renames = _journal_renames(journal, corpus, seeds)
        if isinstance(renames, str):
            problems.append(f"{shown(journal.name)}: {renames}: not the journal of an import into this corpus; "
                            "nothing renamed and nothing written. Remove it if you did not put it there (an "
                            "interrupted import is finished by running the same import again)")
            continue
        n = 0
        try:
            for tmp, target in renames:
                named.add(str(tmp))
                try:
                    regular = stat.S_ISREG(os.lstat(tmp).st_mode)
                except FileNotFoundError:
                    continue
                if regular:
                    os.replace(tmp, target)
                    n += 1
        except OSError as exc:  # a folder put in the way of a target since, ...
            problems.append(f"{shown(journal.name)}: cannot finish the renames of an interrupted import "
                            f"({exc.strerror or exc}: {shown(exc.filename2 or exc.filename or '')}); nothing else "
                            "written: remove what is in the way and run the import again")
            continue
        journal.unlink()
        done.append(f"finished an interrupted import ({n} of {len(renames)} file(s) were still to be renamed)")
    if problems:
        return done, problems
    stale = [p for folder in (corpus, seeds) if folder.is_dir() for p in folder.glob(f"{TMP_PREFIX}*.tmp")
             if str(p) not in named and not p.is_dir()]
    for p in stale:
        p.unlink(missing_ok=True)
    if stale:
        done.append(f"removed {len(stale)} temporary file(s) of an import interrupted while writing")
    return done, problems


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
        for p, data in _files(it, corpus):
            try:
                mode = os.lstat(p).st_mode
            except FileNotFoundError:
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # a rename cannot replace it, even with --force
                from ..safeio import kind
                problems.add(p, None, "NF-IMP-EXISTS", f"is {kind(mode)}, not a file; nothing written (remove it)")
            elif not force and not _same(p, data):
                problems.add(p, None, "NF-IMP-EXISTS", "exists with other content; nothing written ("
                             + (_other_record(p, it.record) or "use --force to replace the record and its text") + ")")
        dest = seeds / it.seed_name
        if os.path.lexists(dest):
            try:
                same = dest.is_file() and not dest.is_symlink() and dest.read_bytes() == it.seed_data
            except OSError:
                same = False
            if not same:
                problems.add(dest, None, "NF-IMP-SEED", "a seed of that name exists with other content (or is not "
                             "a regular file); nothing written")


def _other_record(path: Path, new: dict) -> str | None:
    """What an existing record of the same id is, when --force would replace something else
    than an earlier import of this article: a record of another split of the release (the
    release reuses a file name across splits), or a record not imported from this file."""
    if path.suffix != ".json":
        return None
    from ..jsonio import loads_guarded
    from ..safeio import read_text
    try:
        old = loads_guarded(read_text(path))
        split, seed = old.get("split"), ((old.get("source") or {}).get("seed") or {}).get("file")
    except (OSError, ValueError, UnicodeDecodeError, AttributeError):
        return None
    if seed != new["source"]["seed"]["file"]:
        return (f"it is not a record imported from this article file (its seed is {seed!r}): --force would replace "
                "it and its text; rename or move one of them")
    if split != new["split"]:
        return (f"it is the record of the {split!r} split, this import's is {new['split']!r}: the release reuses the "
                "file name across its splits; import each split into its own corpus (--force would replace it)")
    return None


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
    try:
        return _write(items, corpus, seeds, force, problems, extra)
    except OSError as exc:  # no space, no permission, a file where a folder belongs
        where = exc.filename or corpus
        problems.add(where, None, "NF-IMP-WRITE", f"cannot write ({exc.strerror or exc}); nothing written, or, if "
                     "this came while renaming, the journal in the corpus folder lets the next import finish")
        return []


def _write(items, corpus: Path, seeds: Path, force: bool, problems: Problems, extra) -> list[Path]:
    with import_lock(seeds):
        corpus.mkdir(parents=True, exist_ok=True)
        done, bad = recover(corpus, seeds)
        for line in done:
            problems.notice(corpus, None, "NF-IMP-RECOVERED", line)
        for line in bad:
            problems.add(corpus, None, "NF-IMP-JOURNAL", line)
        if bad:
            return []
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
