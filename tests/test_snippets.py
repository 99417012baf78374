"""Every snippet in README.md and CONTRIBUTING.md runs as pasted, in a copy of the project.

Fenced ```python blocks run with this Python; ```bash blocks run with bash -e, with this
environment's `newsframes` first on PATH, in the order of the page and in one copy of the
project (CONTRIBUTING's blocks are one walk through a contribution). Blocks fenced
otherwise (```text, ```json, ```console) are illustrations and are not run. The README's
first two ```bash blocks are the set-up commands (a fresh virtual environment and `pip
install`): CI runs the test one itself (.ci/run), so they are skipped here.

CONTRIBUTING asks the reader to replace `<name>`, `<id>` and `<words>`; the test does so
with a practice article of its own (synthetic text, only in the temporary copy), and
leaves out the lines that need a person or the network (NEEDS_YOU), as the page says.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^[ \t]*```(\w+)[^\n]*\n(.*?)^[ \t]*```", re.S | re.M)  # list items indent theirs
IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".hypothesis",
                                "*.egg-info", ".data.*", "exports")


PLACEHOLDERS = {"<name>": "practice-article", "<id>": "practice-article", "<words>": "harbour"}
NEEDS_YOU = re.compile(r"\$EDITOR|git clone|git push|pip install|spacy download|spacy validate|/path/to/")
PRACTICE = ("Harbour talks resume in Lakeside\n"
            "Officials from two towns met on Tuesday at the harbour to discuss ferry fares.\n"
            "The harbour board said the talks would continue next spring.")
PROVENANCE = {"file": "seeds/practice-article.txt", "outlet": None, "url": None, "authors": [], "title": None,
              "published": {"date": None, "precision": None, "basis": None, "evidence": [], "note": None},
              "retrieved": None, "rights": {"status": "unknown", "note": "Synthetic practice text of the tests."},
              "notes": ["Synthetic practice article written for the snippet test; never part of the corpus."]}


def runnable(code: str) -> str:
    """The block as a reader runs it: placeholders replaced, person/network lines left out."""
    for key, value in PLACEHOLDERS.items():
        code = code.replace(key, value)
    return "\n".join(line for line in code.splitlines() if not NEEDS_YOU.search(line)) + "\n"


def snippets(name: str) -> list[tuple[str, int, str, str]]:
    """(file, line, language, code) of every runnable block of a document."""
    text = (ROOT / name).read_text(encoding="utf-8")
    out = []
    for m in FENCE.finditer(text):
        lang = m.group(1)
        if lang in ("python", "bash"):
            out.append((name, text.count("\n", 0, m.start()) + 1, lang, textwrap.dedent(m.group(2))))
    if name == "README.md":
        out = [s for i, s in enumerate(out) if not (i < 2 and s[2] == "bash")]
    return out


ALL = [s for name in ("README.md", "CONTRIBUTING.md") for s in snippets(name)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:  # one copy for every block, in page order
    """A copy of the working tree as a fresh git repository (some commands read git)."""
    dest = tmp_path_factory.mktemp("snippets") / "newsframes"
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "copy"]):
        subprocess.run(cmd, cwd=dest, env=env, check=True, capture_output=True)
    import json

    (dest / "seeds" / "practice-article.txt").write_text(PRACTICE, encoding="utf-8")
    (dest / "seeds" / "practice-article.provenance.json").write_text(json.dumps(PROVENANCE), encoding="utf-8")
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
    for k, v in (("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                 ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        env[k] = v
    code = runnable(code)
    cmd = [sys.executable, "-c", code] if lang == "python" else ["bash", "-e", "-c", code]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, f"{name}:{line} ({lang}) failed:\n{proc.stdout}\n{proc.stderr}"
