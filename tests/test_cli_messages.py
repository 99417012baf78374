"""Messages a person reads: the top-level help, counts in `fmt`, the trailing-comma
error of a hand-edited record, and the view of a verdict with no evidence."""

from __future__ import annotations

from test_validate_support import ID, clean_corpus, cli, load

from newsframes.taxonomy import load_taxonomies
from newsframes.view import render_page


def test_help_description_is_whole_sentences(tmp_path):
    out = cli("--help", cwd=tmp_path)
    assert out.returncode == 0
    head = out.stdout.split("positional arguments")[0]
    assert "Each subcommand lives in its own module" not in head
    assert "newsframes COMMAND --help" in head
    assert head.strip().endswith(".")


def test_fmt_counts_one_file_in_the_singular(tmp_path):
    corpus = clean_corpus(tmp_path)
    out = cli("fmt", str(corpus / f"{ID}.json"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "1 file, 0 rewritten" in out.stderr
    assert "1 files" not in out.stderr


def test_trailing_comma_points_at_the_comma(tmp_path):
    corpus = clean_corpus(tmp_path)
    path = corpus / f"{ID}.json"
    s = path.read_text(encoding="utf-8")
    end = s.rindex("}")
    broken = s[:end].rstrip() + ",\n" + s[end:]  # a comma after the last member
    path.write_text(broken, encoding="utf-8")
    comma_line = broken[:broken.rindex(",")].count("\n") + 1
    out = cli("validate", str(corpus), cwd=tmp_path)
    assert out.returncode == 1
    assert "trailing comma after the previous value" in out.stdout
    assert f"{ID}.json:{comma_line}:" in out.stdout
    assert "Expecting property name" not in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_verdict_without_evidence_is_not_glued_to_its_note(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    claim = rec["claims"][0]
    claim["verdict"] = {"label": "unverified", "checked": None, "evidence": [],
                        "note": "Nothing found in the pages searched."}
    text = (corpus / f"{ID}.txt").read_text(encoding="utf-8")
    page = render_page(rec, text, load_taxonomies())
    assert "searched.<span" not in page
    assert 'evidence:</span> <span class="unk">none</span>' in page
