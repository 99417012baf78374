"""A shard writer process started when a rebuild begins, so that importing pyarrow
(~90 ms here, more than writing the one group an edited article changes) happens on the
other core while the build validates and plans.

`WarmWriter()` starts a Python process running `main`, which imports pyarrow, then
reads a pickled list of `write.write_group` tasks from stdin and answers with a pickled
list of results on stdout. The helper blocks numpy, which pyarrow imports when it can
(half of pyarrow's import time) but which writing Parquet from JSON does not use; a
pyarrow that cannot do without it makes the helper fail, and the build writes the shards
itself. Two processes importing at once slow each other down (page faults on the same
large libraries), so the build starts a helper only when a few records changed
(`wanted`). The build hands it the tasks when there are few (many go to
the process pool, and the helper is stopped). Anything unexpected (the helper cannot
start, dies, or answers garbage) makes `write` return None and the build writes the
shards itself: the same code, so the same bytes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

FEW_RECORDS = 32  # more changed records than this: the shards go to a process pool


def wanted(digests, corpus: Path) -> bool:
    """True when the corpus was built before (its digest index has entries) and between 1
    and FEW_RECORDS of its records changed since (a record is its .json and .txt): a
    rebuild that writes a few shards. The stat calls this makes are the ones validation
    would make (`digests` remembers the answers)."""
    if digests is None or not digests.entries:
        return False
    try:
        names = [n for n in os.listdir(corpus) if n.endswith((".json", ".txt"))]
    except OSError:
        return False
    changed = {n.rpartition(".")[0] for n in names if digests.known(n) is None}
    return 0 < len(changed) <= FEW_RECORDS


# The helper imports this very package (the folder holding it goes first on its path
# when it is not there already: never ahead of the standard library otherwise), runs
# `main`, and skips the interpreter's teardown (tens of ms with pyarrow loaded, which
# the build would wait for): the answer is out and the files are closed by then.
_BOOT = ("import os, sys\n"
         "src = {src!r}\n"
         "if src not in sys.path:\n"
         "    sys.path.insert(0, src)\n"
         "from newsframes.dataset.prewarm import main\n"
         "os._exit(main())\n")


class WarmWriter:
    def __init__(self):
        src = str(Path(__file__).resolve().parents[2])  # the folder holding the package
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", _BOOT.format(src=src)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        except OSError:
            self.proc = None

    def write(self, tasks: list[dict]) -> list[dict] | None:
        """The results of `tasks` in order, or None when the helper failed (nothing to
        undo: the caller writes the same files again). A `BuildError` in the helper is
        raised here."""
        from .project import BuildError

        if self.proc is None:
            return None
        try:
            out, _ = self.proc.communicate(pickle.dumps(tasks, protocol=pickle.HIGHEST_PROTOCOL))
            kind, value = pickle.loads(out)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            return None
        finally:
            self.close()
        if kind == "error":
            raise BuildError(value)
        if kind != "ok" or not isinstance(value, list) or len(value) != len(tasks):
            if os.environ.get("NEWSFRAMES_DEBUG"):
                print(f"newsframes: the prewarm helper failed ({kind}: {value!r:.300}); the build writes itself",
                      file=sys.stderr)
            return None
        return value

    def close(self) -> None:
        """Stop the helper (when it is not needed, or after use)."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for fh in (proc.stdin, proc.stdout):
            if fh is not None and not fh.closed:
                fh.close()


def main() -> int:
    """The helper: never a traceback (the build's terminal is its stderr); anything
    unexpected is answered as "failed", and the build writes the groups itself."""
    sys.modules.setdefault("numpy", None)  # see the module's docstring
    from ..lifeline import die_with_parent

    die_with_parent()
    try:
        import pyarrow.json  # noqa: F401  (the reason this process exists)
        import pyarrow.parquet  # noqa: F401

        from .articles import Changed
        from .project import BuildError
        from .write import write_group
    except Exception as exc:  # noqa: BLE001
        return _answer(("failed", f"{type(exc).__name__}: {exc}"))
    try:
        tasks = pickle.load(sys.stdin.buffer)
    except (OSError, EOFError, pickle.UnpicklingError):  # the build went away or stopped us
        return 0
    try:
        answer = ("ok", [write_group(t) for t in tasks])
    except (BuildError, Changed) as exc:  # a record changed during the build: the build stops
        answer = ("error", str(exc))
    except Exception as exc:  # noqa: BLE001
        answer = ("failed", f"{type(exc).__name__}: {exc}")
    return _answer(answer)


def _answer(answer: tuple) -> int:
    try:
        sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        sys.stdout.buffer.flush()
    except OSError:  # the build went away
        pass
    return 0

