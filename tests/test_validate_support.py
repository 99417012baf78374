"""Shared helpers for the validator tests (copy the valid fixture, corrupt it, run the CLI).
The one test here checks that the clean copy the other tests start from has no issue."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from newsframes.jsonio import write_record
from newsframes.validate import Config, validate_paths

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "valid" / "corpus"
ID = "fixture-valid-001"


def clean_corpus(base: Path) -> Path:
    """A copy of the valid fixture corpus in base/corpus, with its one unchecked tool
    proposal marked as checked, so that it validates with no issue at all."""
    corpus = base / "corpus"
    shutil.copytree(VALID, corpus)
    rec = load(corpus)
    rec["timexes"][2]["source"] = "tool+manual:newsframes-timex/1.0.0"
    save(corpus, rec)
    return corpus


def load(corpus: Path, rid: str = ID) -> dict:
    return json.loads((corpus / f"{rid}.json").read_text(encoding="utf-8"))


def save(corpus: Path, rec: dict, rid: str = ID) -> None:
    write_record(corpus / f"{rid}.json", rec)


def text(corpus: Path, rid: str = ID) -> str:
    return (corpus / f"{rid}.txt").read_text(encoding="utf-8")


def set_text(corpus: Path, new: str, rid: str = ID, *, rehash: bool = True) -> None:
    (corpus / f"{rid}.txt").write_bytes(new.encode("utf-8"))
    if rehash:
        rec = load(corpus, rid)
        rec["text_sha256"] = hashlib.sha256(new.encode("utf-8")).hexdigest()
        save(corpus, rec, rid)


def config(tmp_path: Path, **kw) -> Config:
    kw.setdefault("cache_dir", str(tmp_path / "cache"))
    return Config(**kw)


def check(paths, tmp_path: Path, **kw):
    return validate_paths([str(p) for p in paths], config=config(tmp_path, **kw))


def codes(report) -> set[str]:
    return {i.code for i in report.issues}


def cli(*args, cwd: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["NEWSFRAMES_CACHE"] = str(cache or cwd / ".cache")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "newsframes", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_clean_copy_has_no_issue(tmp_path):
    report = check([clean_corpus(tmp_path)], tmp_path)
    assert report.issues == [] and report.ok and report.n_files == 1
