"""Shared helpers of the build tests (no tests here): a throw-away project made from the
valid fixture plus a second, generated record in another split (in tmp_path only)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from newsframes.cli import main
from newsframes.jsonio import write_record
from newsframes.splits import assign_split

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "corpus"
README_PROSE = "# Demo dataset\n\nProse kept byte for byte: “quotes”, trailing line.\n"


def second_id(split_not: str = "train") -> str:
    for i in range(2, 500):
        cand = f"fixture-valid-{i:03d}"
        if assign_split(cand) != split_not:
            return cand
    raise AssertionError("no id in another split")


def make_project(tmp_path: Path, *, readme: str | None = README_PROSE, second: bool = True) -> Path:
    root = tmp_path / "proj"
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for p in FIXTURE.iterdir():
        shutil.copyfile(p, corpus / p.name)
    if second:
        record = json.loads((FIXTURE / "fixture-valid-001.json").read_text(encoding="utf-8"))
        text = (FIXTURE / "fixture-valid-001.txt").read_text(encoding="utf-8")
        text2 = text[:-1] + "!"  # same length: every offset stays valid
        new_id = second_id()
        record["id"], record["split"] = new_id, assign_split(new_id)
        record["text_sha256"] = hashlib.sha256(text2.encode("utf-8")).hexdigest()
        (corpus / f"{new_id}.txt").write_bytes(text2.encode("utf-8"))
        write_record(corpus / f"{new_id}.json", record)
    if readme is not None:
        (root / "README.md").write_text(readme, encoding="utf-8")
    return root


def isolate(tmp_path: Path, monkeypatch) -> None:
    """Private caches for one test: HF (set before any `datasets` use in this test) and
    the validator's token cache."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf" / "datasets"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("NEWSFRAMES_CACHE", str(tmp_path / "nfcache"))


def run_cli(root: Path, *args: str) -> int:
    return main([args[0], "--corpus", str(root / "corpus"), *args[1:]])


def age(path: Path, seconds: float = 10) -> None:
    """Give `path` (a file, or every file of a folder) an mtime `seconds` in the past:
    outside the digest index's racy window, as files written before a build are. The
    ctime (part of the signature, which no one can set) is then left to age past the
    window of 50 ms."""
    t = time.time() - seconds
    for p in ([path] if path.is_file() else list(path.iterdir())):
        os.utime(p, (t, t))
    time.sleep(0.06)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rows_with_nulls(tmp_path: Path):
    """(rows by config, taxonomies) of the fixture project plus a copy of its first
    article with nulls in ClassLabel columns (genre, primary frame, timex mods)."""
    import json as _json

    from newsframes.corpus import iter_articles
    from newsframes.dataset.rows import rows_by_config
    from newsframes.taxonomy import load_taxonomies

    root = make_project(tmp_path)
    tax = load_taxonomies()
    arts = list(iter_articles(root / "corpus"))
    rec = _json.loads(_json.dumps(arts[0].record))
    rec["genre"]["label"] = None
    rec["frames"]["primary"] = None
    rec["timexes"] = [dict(t, mod=None) for t in rec["timexes"]]
    arts.append(type(arts[0])("zz-nulls", arts[0].json_path, arts[0].txt_path, rec, arts[0].text))
    return rows_by_config(arts, tax), tax
