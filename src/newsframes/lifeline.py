"""Processes a build starts end with it, and what a killed build left is removed.

`die_with_parent` is the initializer of every process pool (and the first call of the
prewarm helper): on Linux the kernel sends SIGKILL to the process when its parent dies
(prctl PR_SET_PDEATHSIG), elsewhere a daemon thread checks the parent's pid every
second. A forkserver's workers are the children of the forkserver, which exits when
the build does. Without this, `kill -9` of a build left its workers (~100 MB each)
running for good.

`remove_stale` removes the temporary folders (`.data.build-<pid>-*`, `.data.old-<pid>-*`,
`.data.rehydrate-<pid>-*`) of builds and rehydrates whose process is gone; never those of
one still running. A killed rehydrate's folder holds restored text that the rights policy
withholds (issue 24): the next build or rehydrate removes it."""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """End this process when `parent` (default: the current parent) is gone."""
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsframes-lifeline", daemon=True).start()


def temp_prefix(beside: Path, tag: str) -> str:
    """The prefix of a temporary folder beside `beside`, naming this process."""
    return f".{beside.name}.{tag}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


STALE_TAGS = ("build", "old", "rehydrate", "check", "base")


def remove_stale(beside: Path, tags: tuple[str, ...] = STALE_TAGS) -> list[Path]:
    """Remove the temporary folders beside `beside` left by builds and rehydrates that
    died (their owner pid no longer runs); returns them."""
    pattern = re.compile(rf"^\.{re.escape(beside.name)}\.(?:{'|'.join(map(re.escape, tags))})-(\d+)-")
    removed = []
    try:
        names = os.listdir(beside.parent)
    except OSError:
        return removed
    for name in names:
        m = pattern.match(name)
        if m is None or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        path = beside.parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def chunked_map(fn, items: list, extra: tuple, jobs: int, *, desc: str, chunk: int = 64):
    """fn((items[i:i + size], *extra)) for chunks of `items`, in a pool of `jobs` processes
    that die with this one (`die_with_parent`); yields the results of each chunk, flattened,
    in order, with a progress bar over the chunks. `chunk`: the most items per chunk (a
    chunk is smaller when there are few items, so that every worker gets several)."""
    from concurrent.futures import ProcessPoolExecutor

    from .progress import bar

    size = max(1, min(chunk, len(items) // (jobs * 4)))
    chunks = [(items[i:i + size], *extra) for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as pool:
        for part in bar(pool.map(fn, chunks), total=len(chunks), desc=desc, unit="chunk"):
            yield from part
