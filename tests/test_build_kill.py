"""kill -9 of `newsframes build` (issue 18 item 11): data/ stays whole, the processes the
build started (validation and conversion pools, the forkserver's shard writers) exit
with it, and the next build removes the temporary folder it left; a live build's folder
is never removed. Real builds in subprocesses, killed at points found by watching them
(a pool worker running, a group being written, a shard written)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_build_cache import synthetic_project
from test_build_support import snapshot

from newsframes.dataset.rowview import jsonl
from newsframes.lifeline import remove_stale

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            out.setdefault(ppid, []).append(int(name))
    return out


def _descendants(pid: int) -> set[int]:
    kids, todo, seen = _children(), [pid], set()
    while todo:
        for c in kids.get(todo.pop(), []):
            if c not in seen:
                seen.add(c)
                todo.append(c)
    return seen


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "NEWSFRAMES_CACHE": str(tmp_path / "nfcache"), "HF_HOME": str(tmp_path / "hf"),
            "HF_HUB_OFFLINE": "1", "CI": "1"}


# `newsframes build` with its pools used from a few files on (real pools: the threshold
# of 200 files only keeps a small corpus from paying for them)
_BUILD = """
import sys
from newsframes.validate import runner
runner.auto_jobs = lambda n: 2
from newsframes.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _build(root: Path, env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _BUILD, "build", "--corpus", str(root / "corpus"),
                             "--out", str(root / "data"), *extra], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _kill_when(proc: subprocess.Popen, ready, limit: float = 120) -> set[int]:
    """kill -9 `proc` once `ready()` (polled); returns the processes it had started."""
    end = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < end:
        if ready(proc):
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        pytest.fail(f"the build ended before the kill point: {proc.stderr.read().decode()[-500:]}")
    started = _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return started | _descendants(proc.pid)


def test_kill_9_leaves_data_whole_and_no_stray_process_or_folder(tmp_path):
    root = synthetic_project(tmp_path, 40)
    env = _env(tmp_path)
    first = _build(root, env)
    assert first.wait(timeout=600) == 0, first.stderr.read().decode()
    first.stderr.close()
    whole = snapshot(root / "data")
    points = {
        "a validation worker runs": lambda p: bool(_descendants(p.pid)) and not list(root.glob(".data.build-*/*")),
        "a group is being written": lambda p: any(root.glob(".data.build-*/*/.*.parquet")),
        "a shard is written": lambda p: any(root.glob(".data.build-*/*/*-of-*.parquet")),
    }
    strays: set[int] = set()
    try:
        for name, ready in points.items():
            shutil.rmtree(tmp_path / "nfcache", ignore_errors=True)  # the build has to do the work
            started = _kill_when(_build(root, env), ready)
            strays |= started
            assert snapshot(root / "data") == whole, name
            end = time.monotonic() + 20
            while any(_alive(p) for p in started) and time.monotonic() < end:
                time.sleep(0.05)
            assert not [p for p in started if _alive(p)], f"killed when {name}: its processes outlived it"
        assert list(root.glob(".data.build-*")), "the kills left no temporary folder: nothing tested"
        again = _build(root, env)
        assert again.wait(timeout=600) == 0, again.stderr.read().decode()
        again.stderr.close()
        assert not list(root.glob(".data.*")), list(root.glob(".data.*"))
        assert snapshot(root / "data") == whole
        check = _build(root, env, "--check")
        assert check.wait(timeout=600) == 0, check.stderr.read().decode()
        check.stderr.close()
    finally:
        for pid in strays:  # only what this test's builds started
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_remove_stale_spares_the_folders_of_live_builds(tmp_path):
    out = tmp_path / "data"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        mine = tmp_path / f".data.build-{os.getpid()}-a"
        theirs = tmp_path / f".data.build-{live.pid}-b"
        gone = tmp_path / f".data.build-{dead.pid}-c"
        old = tmp_path / f".data.old-{dead.pid}-d"
        other = tmp_path / f".corpus.build-{dead.pid}-e"
        for d in (mine, theirs, gone, old, other):
            (d / "x").mkdir(parents=True)
        assert sorted(remove_stale(out)) == sorted([gone, old])
        assert mine.is_dir() and theirs.is_dir() and other.is_dir()
        assert not gone.exists() and not old.exists()
    finally:
        live.kill()
        live.wait()


# `newsframes rehydrate` that stops itself (SIGSTOP) once a file with restored text is
# written in its temporary folder: the kill -9 then lands there every time
_REHYDRATE = """
import os, signal, sys
from newsframes.release import rehydrate
real = rehydrate._rewrite_parquet
def rewrite_then_stop(src, dest, config, *args):
    got = real(src, dest, config, *args)
    if config == "articles":
        os.kill(os.getpid(), signal.SIGSTOP)
    return got
rehydrate._rewrite_parquet = rewrite_then_stop
from newsframes.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _rows(folder: Path) -> bytes:
    """Every row of the Parquet files of `folder`, as JSON Lines (the files are compressed)."""
    return b"".join(line for p in sorted(folder.rglob("*.parquet")) for line in jsonl(p))


def _stopped(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "T"
    except OSError:
        return False


def test_kill_9_during_rehydrate_leaves_data_whole_and_the_restored_text_is_removed(tmp_path):
    """Issue 24: a killed rehydrate left the restored text in a stale folder beside data/.
    data/ stays the withheld build, and the next rehydrate, or the next build, removes it."""
    root = synthetic_project(tmp_path, 12)  # synthetic copies of the seed: rights unknown, text withheld
    env = _env(tmp_path)
    first = _build(root, env)
    assert first.wait(timeout=600) == 0, first.stderr.read().decode()
    first.stderr.close()
    whole = snapshot(root / "data")
    text = (root / "corpus" / sorted(p.name for p in (root / "corpus").glob("*.txt"))[0]).read_text(encoding="utf-8")
    # a phrase of the withheld text found nowhere in the withheld build (notes may quote a few words)
    rows = _rows(root / "data")
    sentence = next(s for s in (line[:60].encode("utf-8") for line in text.split("\n") if len(line) >= 80)
                    if s not in rows)
    for then in ("rehydrate", "build"):
        proc = subprocess.Popen([sys.executable, "-c", _REHYDRATE, "rehydrate", "--texts", str(root / "corpus"),
                                 "--data", str(root / "data")], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        end = time.monotonic() + 120
        while proc.poll() is None and not _stopped(proc.pid) and time.monotonic() < end:
            time.sleep(0.01)
        assert proc.poll() is None, f"rehydrate ended before the kill point: {proc.stderr.read().decode()[-500:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        left = list(root.glob(".data.rehydrate-*"))
        assert len(left) == 1, left
        assert sentence in _rows(left[0]), "no restored text: nothing tested"
        assert snapshot(root / "data") == whole  # data/ is the withheld build still
        if then == "rehydrate":
            again = subprocess.run([sys.executable, "-m", "newsframes", "rehydrate", "--texts", str(root / "corpus"),
                                    "--data", str(root / "data")], env=env, capture_output=True, timeout=600)
            assert again.returncode == 0, again.stderr.decode()
            assert sentence in _rows(root / "data")
            back = _build(root, env)  # the withheld build again, for the next round
        else:
            back = _build(root, env)
        assert back.wait(timeout=600) == 0, back.stderr.read().decode()
        back.stderr.close()
        assert not list(root.glob(".data.*")), list(root.glob(".data.*"))
        assert snapshot(root / "data") == whole


# ---------------------------------------------------------------- import (issue 25)

# `newsframes import`, killed (SIGKILL, by itself, so the point is exact) after `after`
# renames of its final phase, or while it writes its temporary files (after = -1)
_IMPORT = """
import os, signal, sys, tempfile
after = int(sys.argv.pop(1))
real_replace, real_mkstemp, renames, staged = os.replace, tempfile.mkstemp, [0], [0]
def replace(a, b):
    if not str(b).endswith(".journal"):
        if after >= 0 and renames[0] == after:
            os.kill(os.getpid(), signal.SIGKILL)
        renames[0] += 1
    return real_replace(a, b)
def mkstemp(*a, **k):
    got = real_mkstemp(*a, **k)
    staged[0] += 1
    if after < 0 and staged[0] == 4:
        os.kill(os.getpid(), signal.SIGKILL)
    return got
os.replace, tempfile.mkstemp = replace, mkstemp
from newsframes.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _import(after: int, src: Path, corpus: Path, env: dict) -> int:
    return subprocess.run([sys.executable, "-c", _IMPORT, str(after), "import", "semeval2025", str(src), "--corpus",
                           str(corpus)], env=env, capture_output=True, timeout=300).returncode


def test_kill_9_of_import_is_finished_or_cleaned_by_the_next_import(tmp_path):
    from test_formats import FORMATS
    src, env = FORMATS["semeval2025"], _env(tmp_path)
    clean = tmp_path / "clean" / "corpus"
    assert _import(10 ** 6, src, clean, env) == 0
    want = snapshot(clean.parent)
    for after in (-1, 0, 1, 4):  # while staging; after 0, 1 and 4 renames
        corpus = tmp_path / f"killed{after}" / "corpus"
        assert _import(after, src, corpus, env) == -signal.SIGKILL
        left = [p.name for p in corpus.parent.rglob("*") if p.suffix in (".tmp", ".journal")
                or (p.suffix == ".txt" and p.parent == corpus and not p.with_suffix(".json").exists())]
        assert left, f"the kill (after {after}) left nothing to clean up: nothing tested"
        r = subprocess.run([sys.executable, "-m", "newsframes", "import", "semeval2025", str(src), "--corpus",
                            str(corpus)], env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        if after >= 0:  # the renames were under way: the next import finishes them (then has nothing to do)
            assert "finished an interrupted import" in r.stderr, r.stderr
        else:  # killed while writing temporary files: nothing was renamed, the next import does it all
            assert "removed" in r.stderr and "temporary file(s)" in r.stderr, r.stderr
        assert not list(corpus.parent.rglob("*.tmp")) and not list(corpus.glob("*.journal"))
        assert snapshot(corpus.parent) == want, after
