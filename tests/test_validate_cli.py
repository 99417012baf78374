"""The Done-when list through the real CLI (`python -m newsframes validate`): every broken
input exits 1 naming the file and the place, never with a traceback; output formats;
exit codes; --changed-since; --jobs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from test_validate_support import ID, clean_corpus, cli, load, save, set_text, text

J = f"corpus/{ID}.json"
T = f"corpus/{ID}.txt"


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("token-cache")


def _rec(fn):
    def apply(corpus):
        rec = load(corpus)
        fn(rec)
        save(corpus, rec)
    return apply


def _bytes(name, fn):
    def apply(corpus):
        p = corpus / name
        p.write_bytes(fn(p.read_bytes()))
    return apply


def _huge_file(corpus):
    with open(corpus / f"{ID}.json", "wb") as fh:
        fh.write(b'{"id": "' + b"x" * (30 * 1024 * 1024) + b'"}\n')


def _shift(rec):
    rec["mentions"][0]["start"] += 1
    rec["mentions"][0]["end"] += 1


# name -> (corruption, code, "file:place" expected in the output)
DONE_WHEN = {
    "bad-json": (_bytes(f"{ID}.json", lambda b: b.replace(b'"title": null,', b'"title": null', 1)),
                 "NF111", f"{J}:6:"),
    "bom": (_bytes(f"{ID}.json", lambda b: b"\xef\xbb\xbf" + b), "NF105", f"{J}:1:1"),
    "crlf": (_bytes(f"{ID}.txt", lambda b: b.replace(b"\n", b"\r\n")), "NF107", f"{T}:1:"),
    "bad-utf8": (_bytes(f"{ID}.txt", lambda b: b.replace(b"officials", b"offic\xc3ials")), "NF104", f"{T}:2:"),
    "edited-text": (_bytes(f"{ID}.txt", lambda b: b.replace(b"Monday", b"Sunday")), "NF301",
                    f"{J}:/text_sha256"),
    "shifted-offsets": (_rec(_shift), "NF303", f"{J}:/mentions/0/text"),
    "negative-offset": (_rec(lambda r: r["mentions"][0].update(start=-5)), "NF206", f"{J}:/mentions/0/start"),
    "swapped-offsets": (_rec(lambda r: r["mentions"][0].update(start=26, end=18)), "NF304",
                        f"{J}:/mentions/0/start"),
    "huge-offset": (_rec(lambda r: r["timexes"][0].update(end=10**30)), "NF302", f"{J}:/timexes/0/end"),
    "unknown-label": (_rec(lambda r: r["techniques"][1].update(label="Flag_Wavin")), "NF204",
                      f"{J}:/techniques/1/label"),
    "dangling-reference": (_rec(lambda r: r["mentions"][3].update(entity="e42")), "NF306",
                           f"{J}:/mentions/3/entity"),
    "duplicated-id": (_rec(lambda r: r["timexes"][2].update(id="t1")), "NF305", f"{J}:/timexes/2/id"),
    "missing-txt": (lambda c: (c / f"{ID}.txt").unlink(), "NF115", f"{J}: NF115"),
    "empty-json": (lambda c: (c / f"{ID}.json").write_bytes(b""), "NF102", f"{J}: NF102"),
    "empty-txt": (lambda c: (c / f"{ID}.txt").write_bytes(b""), "NF102", f"{T}: NF102"),
    "json-bomb": (lambda c: (c / f"{ID}.json").write_bytes(b"[" * 200_000), "NF110", f"{J}: NF110"),
    "huge-file": (_huge_file, "NF103", f"{J}: NF103"),
}


@pytest.mark.parametrize("name", sorted(DONE_WHEN))
def test_done_when(name, tmp_path, cache):
    corrupt, code, where = DONE_WHEN[name]
    corrupt(clean_corpus(tmp_path))
    proc = cli("validate", cwd=tmp_path, cache=cache)  # default PATH: corpus/
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "NF199" not in proc.stdout
    assert where in proc.stdout and code in proc.stdout, proc.stdout
    assert re.search(r"^1 file, [1-9]\d* errors?, \d+ warnings?$", proc.stdout, re.MULTILINE), proc.stdout


def test_clean_corpus_exits_0_and_strict_fails_on_warning(tmp_path, cache):
    corpus = clean_corpus(tmp_path)
    proc = cli("validate", "corpus", cwd=tmp_path, cache=cache)
    assert proc.returncode == 0 and proc.stdout == "1 file, 0 errors, 0 warnings\n"
    rec = load(corpus)
    rec["timexes"][2]["source"] = "tool:newsframes-timex/1.0.0"
    save(corpus, rec)
    assert cli("validate", "corpus", cwd=tmp_path, cache=cache).returncode == 0
    proc = cli("validate", "--strict", f"corpus/{ID}.json", cwd=tmp_path, cache=cache)
    assert proc.returncode == 1 and "NF319 warning" in proc.stdout


def test_usage_errors_exit_2(tmp_path, cache):
    clean_corpus(tmp_path)
    for args in (["validate", "no/such/folder"], ["validate", "--format", "xml"],
                 ["validate", "--jobs", "0"], ["fmt", "nowhere"]):
        proc = cli(*args, cwd=tmp_path, cache=cache)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr and "error" in proc.stderr
    proc = cli("validate", cwd=tmp_path / "corpus", cache=cache)  # no corpus/ below corpus/
    assert proc.returncode == 2 and "corpus: no such file or folder" in proc.stderr


def _broken_for_formats(tmp_path):
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    rec["mentions"][1]["text"] = "Ana Exampel"
    rec["techniques"][0].update(start=176, text="iktats")
    save(corpus, rec)
    return corpus


def test_text_format(tmp_path, cache):
    _broken_for_formats(tmp_path)
    proc = cli("validate", "corpus", cwd=tmp_path, cache=cache)
    lines = proc.stdout.splitlines()
    assert lines[-1] == "1 file, 1 error, 1 warning"
    assert f"{J}:/mentions/1/text: NF303 error text 'Ana Exampel' differs from text[44:55] 'Ana Example'" \
           " — hint: " in lines[0]
    assert lines[1].startswith(f"{J}:/techniques/0/start: NF318 warning start 176 is inside a token")


def test_json_format(tmp_path, cache):
    _broken_for_formats(tmp_path)
    proc = cli("validate", "--format", "json", "corpus", cwd=tmp_path, cache=cache)
    out = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert (out["files"], out["errors"], out["warnings"], out["ok"]) == (1, 1, 1, False)
    first = out["issues"][0]
    assert first["path"] == J and first["pointer"] == "/mentions/1/text"
    assert (first["code"], first["slug"], first["severity"]) == ("NF303", "span-text-mismatch", "error")
    assert first["message"] and first["hint"]


def test_github_format_maps_pointers_to_lines(tmp_path, cache):
    corpus = _broken_for_formats(tmp_path)
    proc = cli("validate", "--format", "github", "corpus", cwd=tmp_path, cache=cache)
    assert proc.returncode == 1
    m = re.search(r"^::error file=([^,]+),line=(\d+),title=NF303 span-text-mismatch::(.*)$", proc.stdout, re.MULTILINE)
    assert m, proc.stdout
    assert m.group(1) == J
    json_lines = (corpus / f"{ID}.json").read_text(encoding="utf-8").splitlines()
    assert json_lines[int(m.group(2)) - 1].strip() == '"text": "Ana Exampel",'
    assert re.search(r"^::warning file=[^,]+,line=\d+,title=NF318 token-boundary-soft::", proc.stdout, re.MULTILINE)
    assert "::notice title=newsframes validate::1 file, 1 error, 1 warning" in proc.stdout


def _variants(corpus, n):
    """n more records, each with its own text (a sentence appended to the last line)."""
    base_rec, base_text = load(corpus), text(corpus)
    for k in range(n):
        rid = f"fixture-variant-{k:03d}"
        rec = json.loads(json.dumps(base_rec))
        rec["id"] = rid
        new = base_text + f" Note {k}."
        rec["structure"]["paragraphs"][-1]["end"] = len(new)
        rec["structure"]["sentences"][-1]["end"] = len(new)
        save(corpus, rec, rid)
        set_text(corpus, new, rid)


def test_jobs_gives_the_same_report(tmp_path, cache):
    corpus = clean_corpus(tmp_path)
    _variants(corpus, 9)
    rec = load(corpus, "fixture-variant-004")
    rec["mentions"][0]["end"] = 999
    save(corpus, rec, "fixture-variant-004")
    one = cli("validate", "--format", "json", "corpus", cwd=tmp_path, cache=cache)
    four = cli("validate", "--format", "json", "--jobs", "4", "corpus", cwd=tmp_path, cache=cache)
    assert one.returncode == four.returncode == 1
    assert one.stdout == four.stdout
    assert json.loads(one.stdout)["files"] == 10


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_changed_since(tmp_path, cache):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    corpus = clean_corpus(tmp_path)
    _variants(corpus, 2)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "c")
    proc = cli("validate", "--changed-since", "HEAD", cwd=tmp_path, cache=cache)
    assert proc.returncode == 0 and proc.stdout.endswith("0 files, 0 errors, 0 warnings\n")
    # a changed record and an untracked copy of a committed text
    rec = load(corpus, "fixture-variant-000")
    rec["mentions"][0]["text"] = "wrong"
    save(corpus, rec, "fixture-variant-000")
    dup = load(corpus)
    dup["id"] = "fixture-copy-001"
    save(corpus, dup, "fixture-copy-001")
    shutil.copy(corpus / f"{ID}.txt", corpus / "fixture-copy-001.txt")
    proc = cli("validate", "--changed-since", "HEAD", "--format", "json", cwd=tmp_path, cache=cache)
    out = json.loads(proc.stdout)
    assert proc.returncode == 1 and out["files"] == 2
    got = {(i["path"], i["code"]) for i in out["issues"]}
    assert got == {("corpus/fixture-variant-000.json", "NF303"), ("corpus/fixture-copy-001.json", "NF402")}


def test_changed_since_errors(tmp_path, cache):
    clean_corpus(tmp_path)
    proc = cli("validate", "--changed-since", "HEAD", cwd=tmp_path, cache=cache)
    assert proc.returncode == 2 and "not inside a git repository" in proc.stderr
    if shutil.which("git") is None:
        return
    _git(tmp_path, "init", "-q")
    proc = cli("validate", "--changed-since", "no-such-ref", cwd=tmp_path, cache=cache)
    assert proc.returncode == 2 and "unknown git revision 'no-such-ref'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_edited_text_gives_one_message_naming_the_cause_and_the_fix(tmp_path, cache):
    """Words inserted at the top of the text move every span: one error that says the text
    changed and gives the command that fixes it with the record's real id, not one error
    per span (33 for a small article) with a literal `<id>` and a hint blaming UTF-16."""
    corpus = clean_corpus(tmp_path)
    (corpus / f"{ID}.txt").write_text("Breaking: " + text(corpus), encoding="utf-8")
    proc = cli("validate", cwd=tmp_path, cache=cache)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[-1] == "1 file, 1 error, 0 warnings", proc.stdout
    assert lines[0].startswith(f"{J}:/text_sha256: NF301 error the text {T} changed after this record was annotated")
    assert f"run `newsframes reanchor {ID}`" in lines[0] and f"git checkout -- {T}" in lines[0]
    assert "<id>" not in proc.stdout and "UTF-16" not in proc.stdout
    r = cli("reanchor", ID, "--old", str(tmp_path / "old.txt"), cwd=tmp_path, cache=cache)  # the fix works
    assert r.returncode != 0  # no old text given yet: refused, never a traceback
    assert "Traceback" not in r.stderr
    (tmp_path / "old.txt").write_text(text(corpus)[len("Breaking: "):], encoding="utf-8")
    r = cli("reanchor", ID, "--old", str(tmp_path / "old.txt"), cwd=tmp_path, cache=cache)
    assert r.returncode == 0, r.stdout + r.stderr
    assert cli("validate", cwd=tmp_path, cache=cache).stdout == "1 file, 0 errors, 0 warnings\n"


def test_edited_text_keeps_the_checks_that_do_not_need_offsets(tmp_path, cache):
    """With NF301, the errors that are not consequences of the edit are still all reported."""
    corpus = clean_corpus(tmp_path)
    rec = load(corpus)
    rec["mentions"][3]["entity"] = "e42"  # NF306: does not depend on the text
    save(corpus, rec)
    (corpus / f"{ID}.txt").write_text("Breaking: " + text(corpus), encoding="utf-8")
    proc = cli("validate", "--format", "json", cwd=tmp_path, cache=cache)
    got = sorted(i["code"] for i in json.loads(proc.stdout)["issues"])
    assert got == ["NF301", "NF306"], proc.stdout
