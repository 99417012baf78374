"""The withheld-text leak check (docs/rights.md): `build --check` and `publish` fail when a
published file holds a run of N (8) or more words of a withheld text, whatever its case,
quotes, apostrophes, punctuation or line breaks; real files, real Parquet, real builds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_build_support import isolate, make_project, run_cli

from newsframes.jsonio import write_record
from newsframes.leaks.check import N, Published, Withheld, scan
from newsframes.leaks.words import hashes, longest_common, shingle_hashes, tokens, words

ID = "fixture-valid-001"
# the fixture text's second line, 16 words: Foreign Minister Ana Example arrived in Lakeside on
# Monday for a two-day visit, officials said.


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def test_words_ignore_case_quotes_apostrophes_and_punctuation():
    assert words("Russia’s “post-Western” ORDER, isn't it?") == ["russias", "post", "western", "order", "isnt", "it"]
    assert words("RUSSIA'S") == words("russia’s") == words("Russiaʼs") == ["russias"]
    assert words("ﬁnal １２") == ["final", "12"]  # NFKC: ligatures, full-width digits
    assert words("a&lt;b") == ["a", "lt", "b"]


def _scan(tmp_path, files: dict[str, bytes], text: str = "one two three four five six seven eight nine ten"):
    src = tmp_path / "withheld.txt"
    src.write_text(text, encoding="utf-8")
    w = [Withheld("art-1", "0" * 64, src)]
    return {f.name: f for f in scan([Published(k, data=v) for k, v in files.items()], w)}


def test_runs_of_n_words_are_found_across_lines_and_markup_not_shorter_ones(tmp_path):
    found = _scan(tmp_path, {
        "docs/a.md": b"# Notes\n\nHe said \xe2\x80\x9cONE two, three\nfour -- five six seven eight\xe2\x80\x9d.\n",
        "docs/b.md": b"one two three four five six seven\n",  # 7 words: allowed
        "docs/c.md": b"two three four five six seven eight nine ten and more",  # 9 words
        "docs/fig.png": b"one two three four five six seven eight nine ten",  # images are not read
    })
    assert set(found) == {"docs/a.md", "docs/c.md"}
    assert found["docs/a.md"].words == 8 and found["docs/a.md"].where == "line 3"
    assert found["docs/c.md"].words == 9 and found["docs/c.md"].article == "art-1"
    assert "one" not in found["docs/a.md"].message()  # the words are never printed


def test_values_of_structured_files_are_not_joined(tmp_path):
    """A run never spans two JSON values; inside one value it is found, with its pointer."""
    half = {"a": "one two three four", "b": "five six seven eight"}
    whole = {"x": [{"note": "zero one two three four five six seven eight"}]}
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table({"id": ["r1", "r2"], "nested": [[{"note": "nothing here"}],
                                                             [{"note": "three four five six seven eight nine"
                                                                       " ten"}]]}), buf)
    found = _scan(tmp_path, {
        "data/x.json": json.dumps(half).encode(),
        "data/y.json": json.dumps(whole).encode(),
        "data/z.jsonl": (json.dumps(half) + "\n" + json.dumps(whole) + "\n").encode(),
        "data/t.parquet": buf.getvalue().to_pybytes(),
        "data/broken.json": b"{not json: one two three four five six seven eight",
    })
    assert set(found) == {"data/y.json", "data/z.jsonl", "data/t.parquet", "data/broken.json"}
    assert found["data/y.json"].where == "/x/0/note"
    assert found["data/z.jsonl"].where == "line 2, /x/0/note"
    assert found["data/t.parquet"].where == "row 2, /nested/0/note"
    assert found["data/broken.json"].where == "line 1"


def test_a_hash_collision_is_not_a_match(tmp_path, monkeypatch):
    """Matches are confirmed on the words: give every n-gram the same hash."""
    from newsframes.leaks import match

    def one_hash(h, n, bad=None):
        got, ok = shingle_hashes(h, n, bad)
        return np.zeros_like(got), ok
    monkeypatch.setattr(match, "shingle_hashes", one_hash)
    found = _scan(tmp_path, {"docs/other.md": b"alpha beta gamma delta epsilon zeta eta theta iota kappa",
                             "docs/same.md": b"so: three four five six seven eight nine ten"})
    assert set(found) == {"docs/same.md"} and found["docs/same.md"].words == 8


def test_word_hashes_are_those_of_the_words():
    """`tokens` finds the words of `words` (the regular expression, after normalising), and
    gives a word the same hash wherever it is: the shingles of a quote are those of the text."""
    text = "Russia’s “post-Western” ORDER, isn't it? ﬁnal １２ 𝐀𝐁𝐂 Straße"
    h, bad, starts, ends, norm = tokens(text)
    assert [norm[a:b] for a, b in zip(starts, ends)] == words(text)
    assert list(h) == list(hashes(words(text))) and not bad.any()
    assert len(set(hashes(["a", "b", "ab", "ba", "aa"]).tolist())) == 5


def test_longest_common_is_exact():
    from newsframes.leaks.scan import text_stream

    s = text_stream("yes the cat sat on a mat today")
    assert longest_common(s.h, s.bad, ["the cat sat on the mat today"]) == 4  # "the cat sat on"


def test_results_are_cached_by_content(tmp_path):
    """The second scan of the same files against the same texts reads neither the texts
    nor the files' words again (the withheld text can be gone); a changed file is read."""
    src = tmp_path / "w.txt"
    src.write_text("one two three four five six seven eight", encoding="utf-8")
    w = [Withheld("art-1", "a" * 64, src)]
    files = [Published("docs/a.md", data=b"one two three four five six seven eight")]
    first = scan(files, w, cache_folder=tmp_path / "cache")
    src.unlink()
    assert scan(files, w, cache_folder=tmp_path / "cache") == first and first
    with pytest.raises(FileNotFoundError):  # a new file needs the text: it is scanned
        scan([Published("docs/a.md", data=b"other words")], w, cache_folder=tmp_path / "cache")


def _withheld_project(tmp_path) -> Path:
    root = make_project(tmp_path, second=False)
    rec = json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))
    rec["source"]["rights"] = {"status": "unknown", "note": "test: the text is withheld"}
    write_record(root / "corpus" / f"{ID}.json", rec)
    assert run_cli(root, "build") == 0
    return root


def _check(root, capsys):
    capsys.readouterr()
    rc = run_cli(root, "build", "--check")
    return rc, capsys.readouterr()


def test_build_check_names_each_leaking_file(tmp_path, capsys):
    root = _withheld_project(tmp_path)
    rc, out = _check(root, capsys)
    assert rc == 0, out.err
    (root / "docs").mkdir()
    # 8 words of the withheld text, re-cased and re-punctuated, wrapped over two lines
    (root / "docs" / "quote.md").write_text("Intro.\n\n> ANA EXAMPLE arrived in\n> Lakeside, on Monday, for\n",
                                            encoding="utf-8")
    (root / "docs" / "short.md").write_text("Ana Example arrived in Lakeside on Monday.\n", encoding="utf-8")  # 7
    (root / "annotations").mkdir()
    (root / "annotations" / "README.md").write_text("officials said. The Republic of Examplia will never bow\n",
                                                    encoding="utf-8")
    (root / "annotations" / ID).mkdir()  # the withheld article's folder is not published
    (root / "annotations" / ID / "notes.md").write_text(
        (root / "corpus" / f"{ID}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    rc, out = _check(root, capsys)
    assert rc == 1
    leaks = [line for line in out.err.splitlines() if "leak check" in line and ":" in line.split()[0]]
    assert [line.split(":")[0] for line in leaks] == ["annotations/README.md", "docs/quote.md"]
    assert "8 consecutive words of the withheld text of fixture-valid-001 (line 3)" in leaks[1]
    assert "9 consecutive words" in leaks[0]
    assert "Lakeside" not in out.err  # never the words themselves
    assert "fix: quote fewer than 8" in out.err and "fix: run `newsframes build`" not in out.err


def test_a_note_that_quotes_the_text_fails_the_data_files(tmp_path, capsys):
    root = _withheld_project(tmp_path)
    rec = json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))
    rec["techniques"][0]["note"] = "As in 'The Republic of Examplia will never bow to foreign diktats'."
    write_record(root / "corpus" / f"{ID}.json", rec)
    assert run_cli(root, "build") == 0
    rc, out = _check(root, capsys)
    assert rc == 1
    named = {line.split(":")[0] for line in out.err.splitlines() if line.startswith("data/")}
    assert named == {"data/articles/train-00000-of-00001.parquet", "data/techniques/train-00000-of-00001.parquet"}
    assert "(row 1, /techniques/0/note)" in out.err  # the articles row holds its techniques
    assert ("data/techniques/train-00000-of-00001.parquet: 10 consecutive words of the withheld text of "
            "fixture-valid-001 (row 2, /note)") in out.err  # rows sorted by offset


def test_a_full_text_build_is_not_checked_for_leaks(tmp_path, capsys):
    root = _withheld_project(tmp_path)
    out_dir = tmp_path / "full"
    assert run_cli(root, "build", "--full-text", "--out", str(out_dir / "data")) == 0
    capsys.readouterr()
    assert run_cli(root, "build", "--check", "--full-text", "--out", str(out_dir / "data")) == 0, \
        capsys.readouterr().err


def test_n_is_documented():
    text = (Path(__file__).resolve().parents[1] / "docs" / "rights.md").read_text(encoding="utf-8")
    assert f"N = {N}" in text


def _retitle(root: Path, title: str, text: str | None = None) -> None:
    """Give the withheld fixture article a title (and a new text, re-anchoring nothing: the
    record keeps only what still fits; used with a text whose first line is the title)."""
    rec = json.loads((root / "corpus" / f"{ID}.json").read_text(encoding="utf-8"))
    rec["title"] = title
    write_record(root / "corpus" / f"{ID}.json", rec)


def test_titles_are_kept_by_the_policy_but_not_a_whole_text_nor_a_body_sentence(tmp_path, capsys):
    """An article's own headline (its text's first line, as its `title`) may be quoted; a
    `title` that is a sentence of the body is read like any string; a title that is the
    whole withheld text is a problem of its own."""
    root = _withheld_project(tmp_path)
    first_line = (root / "corpus" / f"{ID}.txt").read_text(encoding="utf-8").split("\n")[0]
    _retitle(root, first_line)  # "Ministers meet in Lakeside": the text's first line
    assert run_cli(root, "build") == 0
    (root / "docs").mkdir()
    (root / "docs" / "cite.md").write_text(f"Headline: {first_line}.\n\nAlso, for a two-day visit, officials said.\n",
                                           encoding="utf-8")
    rc, out = _check(root, capsys)
    assert rc == 0, out.err
    # a body sentence stuffed into `title` is published with the row: a leak
    _retitle(root, "Foreign Minister Ana Example arrived in Lakeside on Monday")
    assert run_cli(root, "build") == 0
    rc, out = _check(root, capsys)
    assert rc == 1 and "data/articles/train-00000-of-00001.parquet: 9 consecutive words" in out.err
    assert "row 1, /title" in out.err
    # a one-line withheld article titled with its whole text: the title would publish it
    src = Withheld(ID, "0" * 64, tmp_path / "one.txt", "Eight words make up this whole short article here")
    src.path.write_text("Eight words make up this whole short article here", encoding="utf-8")
    from newsframes.dataset.project import Project
    from newsframes.leaks.published import title_problems

    problems = title_problems(Project(root / "corpus", root / "data", root), [src])
    assert len(problems) == 1 and "is its whole withheld text (9 words)" in problems[0]
    assert src.headline_of_text() is None  # not a headline: its words stay looked for


def test_an_article_s_own_headline_may_be_quoted(tmp_path):
    src = tmp_path / "w.txt"
    src.write_text("A headline of nine words written for this test\nThe body has other words, eleven of them "
                   "in one line.", encoding="utf-8")
    w = [Withheld("art-1", "b" * 64, src, "A headline of nine words written for this test")]
    quote_title = Published("docs/t.md", data=b"As its headline said: a headline of nine words written for this test.")
    quote_body = Published("docs/b.md", data=b"The body has other words, eleven of them in one line.")
    assert [f.name for f in scan([quote_title, quote_body], w)] == ["docs/b.md"]
    untitled = [Withheld("art-1", "b" * 64, src)]
    assert [f.name for f in scan([quote_title, quote_body], untitled)] == ["docs/b.md", "docs/t.md"]


def test_invisible_characters_do_not_hide_a_quote_and_deep_json_does_not_crash(tmp_path):
    """Zero-width spaces, soft hyphens and word joiners inside words are dropped (Unicode
    Cf); a JSON value nested 1,000 deep (orjson parses up to 1,024) is read without overflowing the stack."""
    hidden = "one\u200b two\u00ad three four\u2060 fi\u200bve six seven eight".encode()
    deep = ("[" * 1000 + '"one two three four five six seven eight"' + "]" * 1000).encode()
    found = _scan(tmp_path, {"docs/z.md": hidden, "schema/deep.json": deep})
    assert set(found) == {"docs/z.md", "schema/deep.json"}


@pytest.mark.parametrize("damage", ['{"titles": [0, "{bad", ""]}', '{"titles": [0, "[[1, 2, 3]]", ""]}',
                                    "[]", "not json", '{"x": [1, "a"]}'])
def test_a_damaged_cache_is_ignored(tmp_path, damage):
    """A damaged cache file or entry (the titles entry included) costs a rescan, never a
    wrong answer or an internal error."""
    from newsframes.leaks.check import cached_whole_titles

    src = tmp_path / "w.txt"
    src.write_text("one two three four five six seven eight", encoding="utf-8")
    w = [Withheld("art-1", "c" * 64, src)]
    files = [Published("docs/a.md", data=b"one two three four five six seven eight")]
    cache = tmp_path / "cache"
    first = scan(files, w, cache_folder=cache)
    (entry,) = (cache / "leaks").iterdir()
    entry.write_text(damage, encoding="utf-8")
    assert scan(files, w, cache_folder=cache) == first and first
    entry.write_text(damage, encoding="utf-8")
    assert cached_whole_titles(w, cache_folder=cache) == []


def test_tokens_on_two_threads_are_those_of_one(tmp_path):
    """The leak check tokenises on two threads, whose texts grow the shared table of
    powers: a thread never sees one array grown and the other not (an internal error of
    `build --check`, "operands could not be broadcast together", once)."""
    from concurrent.futures import ThreadPoolExecutor

    from newsframes.leaks import words as w

    texts = [" ".join(f"word{i}" for i in range(k * 400)) for k in range(1, 60)]
    serial = [tuple(tokens(t)[0]) for t in texts]
    for _ in range(8):
        w._POWERS = w._Powers()  # grown again from nothing, by both threads at once
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert [tuple(h) for h, *_ in pool.map(tokens, texts)] == serial


def test_the_titles_entry_is_found_after_a_scan_that_read_the_titles(tmp_path):
    """A scan reads the titles lazily (from the data); the cache key of its results must
    not change with it: `build --check` then asked for the titles entry under another key
    and read every withheld text again."""
    from newsframes.leaks.check import cached_whole_titles

    src = tmp_path / "w.txt"
    src.write_text("Headline here\none two three four five six seven eight", encoding="utf-8")
    titles = {"art-1": "Headline here"}
    w = [Withheld("art-1", "d" * 64, src, record_sha256="e" * 64, titles=titles)]
    scan([Published("docs/a.md", data=b"nothing to see")], w, cache_folder=tmp_path / "cache")
    assert w[0].title == "Headline here"  # read during the scan
    src.unlink()  # the entry must come from the cache, not from the text
    assert cached_whole_titles(w, cache_folder=tmp_path / "cache") == []


# -- round 4: ways to hide a quotation that the first reading missed ---------------------------

QUOTE = "Foreign Minister Ana Example arrived in Lakeside on Monday for a two-day visit, officials said."


def _bold(text: str) -> str:
    """Mathematical bold letters (U+1D400...): NFKC reads them as Latin letters."""
    return "".join(chr(0x1D41A + ord(c) - 97) if "a" <= c <= "z" else chr(0x1D400 + ord(c) - 65)
                   if "A" <= c <= "Z" else c for c in text)


def _each_word(fn) -> str:
    return " ".join(fn(w) for w in QUOTE.split())


HIDDEN = {
    # json.dumps (ensure_ascii) writes a letter beyond the BMP as a surrogate pair of escapes
    "data/bold.json": json.dumps({"note": _bold(QUOTE)}).encode(),
    "data/bold.jsonl": (json.dumps({"note": _bold(QUOTE)}) + "\n").encode(),
    "data/entities.json": json.dumps({"note": "".join(f"&#{ord(c)};" for c in QUOTE)}).encode(),
    # markup inside every word: rendered, the words read as they are
    "docs/tags.md": _each_word(lambda w: w[:2] + "<b></b>" + w[2:]).encode(),
    "docs/comment.md": _each_word(lambda w: w[:2] + "<!-- x -->" + w[2:]).encode(),
    "docs/bold.md": _each_word(lambda w: w[:1] + "**" + w[1:] + "**").encode(),
    "docs/link.md": _each_word(lambda w: "[" + w[:2] + "](https://example.org)" + w[2:]).encode(),
    "docs/page.html": _each_word(lambda w: w[:2] + "<wbr>" + w[2:]).encode(),
    "docs/zwsp.md": QUOTE.replace(" ", "&#8203;").encode(),  # zero-width spaces for spaces
    # Cyrillic and Greek letters drawn like Latin ones
    "docs/lookalike.md": QUOTE.replace("a", "\u0430").replace("o", "\u03bf").replace("M", "\u041c").encode(),
    "data/lookalike.json": json.dumps({"n": QUOTE.replace("e", "\u0435").replace("i", "\u0456")}).encode(),
    # YAML double-quoted escapes in a published CFF
    "CITATION.cff": ('message: "' + QUOTE.replace("a", "\\x61").replace(" ", "\\u0020") + '"\n').encode(),
}


def test_quotations_hidden_by_escapes_markup_and_lookalikes_are_found(tmp_path):
    found = _scan(tmp_path, HIDDEN, text=QUOTE)
    missed = sorted(set(HIDDEN) - set(found))
    assert not missed, missed
    assert all(f.words == 16 for f in found.values()), {k: f.words for k, f in found.items()}
    assert found["docs/tags.md"].where == "line 1" and found["data/bold.json"].where == "/note"


def test_legitimate_text_beside_hiding_characters_is_not_a_leak(tmp_path):
    """The other readings only take out what hides words inside a word: quotations of at
    most 7 words with markup, escapes and look-alike letters around them, a Russian text
    and a zero-width joiner stay what they are."""
    ok = {
        "docs/a.md": ("He wrote *Foreign Minister Ana Example arrived in Lakeside* (7 words), then "
                      "<b>on Monday</b> <!-- for a two-day visit --> `officials said`.").encode(),
        "docs/b.md": "* Foreign Minister Ana Example arrived\n* **the** in Lakeside\u200d on Monday for\n".encode(),
        "docs/ru.md": "Министр Ана Пример прибыл в Лейксайд в понедельник на два дня, сказали чиновники.".encode(),
        "data/c.json": json.dumps({"a": "Foreign Minister Ana Example arrived in Lakeside",
                                   "b": "for a two-day visit, officials said"}, ensure_ascii=True).encode(),
    }
    assert not _scan(tmp_path, ok, text=QUOTE)


def test_markup_taken_out_never_joins_two_json_values(tmp_path):
    """A comment or tag opened in one string and closed in the next is no markup of either:
    the words of the two values stay apart (5 + 6 words, 11 if they were joined)."""
    for a, b in (("Foreign Minister Ana Example arrived <!--", "--> in Lakeside on Monday for a"),
                 ("Foreign Minister Ana Example arrived <b", "> in Lakeside on Monday for a"),
                 ("Foreign Minister Ana Example arrived [x", "](y) in Lakeside on Monday for a")):
        doc = json.dumps({"a": a, "b": b, "c": "<b>x</b>"}).encode()
        assert not _scan(tmp_path, {"data/c.json": doc, "data/c.jsonl": doc + b"\n"}, text=QUOTE)


def test_a_quotation_hidden_in_a_parquet_string_is_found_with_its_row(tmp_path):
    """Parquet files are read as their distinct strings: the further readings see each
    string, and the place names the row and pointer of the string as the file holds it."""
    hidden = "".join(f"&#{ord(c)};" for c in QUOTE)
    buf = pa.BufferOutputStream()
    pq.write_table(pa.table({"id": ["r1", "r2"], "note": ["nothing here", f"see {hidden}"],
                             "zw": ["a", QUOTE.replace(" ", "\u200b")]}), buf)
    found = _scan(tmp_path, {"data/x/train.parquet": buf.getvalue().to_pybytes()}, text=QUOTE)
    assert found["data/x/train.parquet"].words == 16
    assert found["data/x/train.parquet"].where in ("row 2, /note", "row 2, /zw")


@pytest.mark.parametrize("column", ["map", "binary"])
def test_build_check_finds_a_withheld_text_in_a_map_or_binary_parquet_column_of_schema(tmp_path, capsys, column):
    """schema/ is published as it is: a Parquet file there whose map (or UTF-8 binary)
    column quotes a withheld text passed the check (its strings were not read; binary
    crashed it) and would have been uploaded by publish."""
    root = _withheld_project(tmp_path)
    quote = "Foreign Minister Ana Example arrived in Lakeside on Monday"  # 9 words
    value = (pa.array([[("k", quote)]], pa.map_(pa.string(), pa.string())) if column == "map"
             else pa.array([quote.encode()], pa.binary()))
    (root / "schema").mkdir(exist_ok=True)
    pq.write_table(pa.table({"c": value}), root / "schema" / "extra.parquet")
    rc, out = _check(root, capsys)
    assert rc == 1, out.err
    assert "internal error" not in out.err
    assert ("schema/extra.parquet: 9 consecutive words of the withheld text of fixture-valid-001 (row 1, /c"
            in out.err)
