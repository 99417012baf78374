"""`newsframes fmt`: canonical rewriting, --check, refusal of files that do not parse."""

from __future__ import annotations

import json

from test_validate_support import ID, clean_corpus, cli, load

from newsframes.jsonio import canonical_dumps


def _scramble(path):
    rec = json.loads(path.read_text(encoding="utf-8"))
    shuffled = dict(reversed(list(rec.items())))
    path.write_text(json.dumps(shuffled, indent=4), encoding="utf-8")  # ASCII escapes, no final newline


def test_fmt_rewrites_to_canonical_and_is_idempotent(tmp_path):
    corpus = clean_corpus(tmp_path)
    path = corpus / f"{ID}.json"
    want = path.read_bytes()
    _scramble(path)
    assert path.read_bytes() != want
    assert "NF116" in cli("validate", cwd=tmp_path).stdout
    proc = cli("fmt", cwd=tmp_path)
    assert proc.returncode == 0 and f"formatted corpus/{ID}.json" in proc.stdout
    assert path.read_bytes() == want == canonical_dumps(load(corpus)).encode("utf-8")
    again = cli("fmt", "corpus", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""
    assert sorted(p.name for p in corpus.iterdir()) == [f"{ID}.json", f"{ID}.txt"]  # no temp files left
    assert cli("validate", cwd=tmp_path).returncode == 0


def test_fmt_check_lists_and_changes_nothing(tmp_path):
    corpus = clean_corpus(tmp_path)
    assert cli("fmt", "--check", cwd=tmp_path).returncode == 0
    path = corpus / f"{ID}.json"
    _scramble(path)
    before = path.read_bytes()
    proc = cli("fmt", "--check", f"corpus/{ID}.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert f"corpus/{ID}.json: NF116" in proc.stdout and "newsframes fmt" in proc.stdout
    assert path.read_bytes() == before


def test_fmt_refuses_files_that_do_not_parse(tmp_path):
    corpus = clean_corpus(tmp_path)
    (corpus / "broken-001.json").write_bytes(b'{"id": "broken-001",\n  "title": }\n')
    (corpus / "bomb-001.json").write_bytes(b"[" * 200_000)
    (corpus / "dup-001.json").write_bytes(b'{"a": 1, "a": 2}\n')
    good = corpus / f"{ID}.json"
    _scramble(good)
    proc = cli("fmt", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "corpus/broken-001.json:2:12: NF111" in proc.stderr
    assert "corpus/bomb-001.json: NF110" in proc.stderr
    assert "corpus/dup-001.json:1: NF112" in proc.stderr
    assert (corpus / "broken-001.json").read_bytes() == b'{"id": "broken-001",\n  "title": }\n'
    assert good.read_bytes() == canonical_dumps(load(corpus)).encode("utf-8")  # the others still done
