"""Every snippet in README.md and CONTRIBUTING.md runs as pasted, in a copy of the project.

Fenced ```python blocks run with this Python; ```bash blocks run with bash -e, with this
environment's `newsframes` first on PATH. Blocks fenced otherwise (```text, ```json,
```console) are illustrations and are not run. The README's first two ```bash blocks are
the set-up commands (a fresh virtual environment and `pip install`): CI runs the test one
itself (.ci/run) and the main one is run by hand before each release, so they are skipped
here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)
IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis",
                                "*.egg-info", ".data.*", "exports")


def snippets(name: str) -> list[tuple[str, int, str, str]]:
    """(file, line, language, code) of every runnable block of a document."""
    text = (ROOT / name).read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        lang = m.group(1)
        if lang in ("python", "bash"):
            out.append((name, text.count("\n", 0, m.start()) + 1, lang, m.group(2)))
    if name == "README.md":
        out = [s for i, s in enumerate(out) if not (i < 2 and s[2] == "bash")]
    return out


ALL = [s for name in ("README.md", "CONTRIBUTING.md") for s in snippets(name)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the working tree as a fresh git repository (some commands read git)."""
    dest = tmp_path_factory.mktemp("snippets") / "newsframes"
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "copy"]):
        subprocess.run(cmd, cwd=dest, env=env, check=True, capture_output=True)
    return dest


def test_the_documents_have_runnable_snippets():
    langs = {(s[0], s[2]) for s in ALL}
    assert ("README.md", "python") in langs


@pytest.mark.parametrize("name,line,lang,code", ALL, ids=[f"{s[0]}:{s[1]}" for s in ALL])
def test_snippet_runs_as_pasted(project, tmp_path, name, line, lang, code):
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["NEWSFRAMES_CACHE"] = str(tmp_path / "cache")
    env["HF_DATASETS_CACHE"] = str(tmp_path / "hf")
    env["HF_HUB_OFFLINE"] = env["HF_DATASETS_OFFLINE"] = "1"
    cmd = [sys.executable, "-c", code] if lang == "python" else ["bash", "-e", "-c", code]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, f"{name}:{line} ({lang}) failed:\n{proc.stdout}\n{proc.stderr}"
