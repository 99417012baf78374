"""`newsframes view`: the review page renders every layer, escapes everything that comes
from the data, links only http(s) addresses, and survives broken records."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from cli_helpers import json_paths  # noqa: E402
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframes.taxonomy import load_taxonomies
from newsframes.view import render_page

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "corpus"
FID = "fixture-valid-001"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
URL_BREAK = 'https://example.org/a?b=1&c="><img/src=x/onerror=alert(1)>'
JS_URL = "javascript:alert(1)"


def load(corpus: Path, rid: str = FID) -> tuple[dict, str]:
    record = json.loads((corpus / f"{rid}.json").read_text(encoding="utf-8"))
    return record, (corpus / f"{rid}.txt").read_text(encoding="utf-8")


def save(corpus: Path, record: dict, text: str) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    record["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (corpus / f"{record['id']}.txt").write_text(text, encoding="utf-8")
    (corpus / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


def hostile(record: dict, text: str) -> tuple[dict, str]:
    """The fixture with attack strings in the text, title, notes, a label, an entity name
    and evidence URLs. A new last line holds the text payload, covered by a mention and
    an overlapping technique, so existing offsets stay valid."""
    record = json.loads(json.dumps(record))
    start = len(text) + 1
    line = f"Then {SCRIPT} and {IMG} end."
    text = f"{text}\n{line}"
    s_start = start + line.index(SCRIPT)
    record["title"] = f"Title {SCRIPT}{IMG}"
    record["source"]["notes"].append(f"note {SCRIPT} {IMG}")
    record["source"]["url"] = JS_URL
    record["entities"][0]["name"] = f"Ana {SCRIPT}{IMG}"
    record["entities"][0]["note"] = IMG
    record["techniques"][0]["label"] = SCRIPT  # label-like value, not in the taxonomy
    record["techniques"][1]["note"] = f"{SCRIPT}{IMG}"
    record["mentions"].append({"id": "m9", "entity": "e1", "start": s_start, "end": s_start + len(SCRIPT),
                               "text": SCRIPT, "metonymy": None, "source": "manual"})
    record["techniques"].append({"id": "p9", "label": "Doubt", "start": start, "end": s_start + 8,
                                 "text": text[start:s_start + 8], "source": f"tool:{IMG}/1", "note": None})
    record["claims"][0]["verdict"] = {
        "label": "supported", "checked": "2025-07-01", "note": SCRIPT,
        "evidence": [{"url": JS_URL, "published": None, "note": "js"},
                     {"url": URL_BREAK, "published": None, "note": IMG},
                     {"url": "https://example.org/with space" + IMG, "published": None, "note": "space"},
                     {"url": "https://example.org/ok", "published": "2025-06-30", "note": "fine"}]}
    return record, text


class Tree(HTMLParser):
    """Text chunks of the page with the titles and classes of their enclosing elements."""

    VOID = {"meta", "input", "br", "img", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.chunks: list[tuple[str, list[dict]]] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.chunks.append((data, [a for _, a in self.stack]))

    def covered(self, span_id: str) -> str:
        return "".join(d for d, anc in self.chunks
                       if any((a.get("title") or "").startswith(span_id + " ") for a in anc))

    def article_lines(self) -> list[str]:
        lines: dict[str, str] = {}
        for d, anc in self.chunks:
            line = next((a["id"] for a in anc if (a.get("id") or "").startswith("line-")), None)
            if line:
                lines[line] = lines.get(line, "") + d
        return [lines[k] for k in sorted(lines, key=lambda k: int(k.split("-")[1]))]


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert not tree.stack, "unclosed elements"
    return tree


def test_fixture_page_shows_every_layer():
    record, text = load(FIXTURE)
    page = render_page(record, text, load_taxonomies())
    tree = parse(page)
    assert tree.article_lines() == text.split("\n")
    for layer in ("mentions", "techniques", "timexes", "claims"):
        for span in record[layer]:
            assert tree.covered(span["id"]) == span["text"], span["id"]
    assert tree.covered("c1.cue") == record["claims"][0]["cue"]["text"]
    # the heading line (structure.paragraphs kind heading) is a heading
    assert re.search(r'<h3 class="line" id="line-1"[^>]*>Ministers meet in', page)
    # overlapping techniques: "diktats" sits inside both p1 and p2, on different tracks
    diktats = [anc for d, anc in tree.chunks if d == "diktats"][0]
    titles = [a.get("title", "") for a in diktats]
    assert any(t.startswith("p1 ") for t in titles) and any(t.startswith("p2 ") for t in titles)
    tracks = {a["title"][:2]: re.search(r"\bk(\d)\b", a["class"]).group(1) for a in diktats
              if a.get("title", "").startswith(("p1 ", "p2 "))}
    assert tracks["p1"] != tracks["p2"]
    # tables, provenance and metadata
    for expected in ("Flag_Waving", "Loaded_Language", "Protagonist", "Guardian", "2025-06-30", "P2D",
                     "officials said", "URW: Discrediting the West, Diplomacy: Other", "public-domain",
                     "Synthetic test fixture: not a real article.", 'class="chip primary"',
                     'title="tool+manual:newsframes-annotate/1.0.0"', 'title="tool:newsframes-timex/1.0.0"'):
        assert expected in page, expected
    assert "wikidata.org" not in page  # every wikidata id of the fixture is null
    assert tree.hrefs == []  # the fixture has no URL at all
    assert "problem(s)" not in page
    assert render_page(record, text, load_taxonomies()) == page  # deterministic


def test_hostile_values_are_escaped():
    record, text = hostile(*load(FIXTURE))
    page = render_page(record, text, load_taxonomies())
    tree = parse(page)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "img" not in tree.tags and "script" not in tree.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert tree.hrefs == [URL_BREAK, "https://example.org/ok"]
    assert all(h.startswith(("https://", "http://")) for h in tree.hrefs)
    assert not re.search(r'href\s*=\s*["\']?\s*javascript:', page, re.IGNORECASE)
    assert JS_URL in page  # shown as text, not linked
    assert tree.article_lines() == text.split("\n")
    assert tree.covered("m9") == SCRIPT
    assert tree.covered("p9") == text[record["techniques"][-1]["start"]:record["techniques"][-1]["end"]]
    # every title attribute survived as one attribute (no breaking out of the quotes)
    data_titles = [a.get("title") for _, anc in tree.chunks for a in anc if a.get("title")]
    assert any(IMG in t for t in data_titles)


def test_wikidata_link_only_for_a_valid_id():
    record, text = load(FIXTURE)
    record["entities"][0]["wikidata"] = "Q42"
    record["entities"][1]["wikidata"] = JS_URL
    tree = parse(render_page(record, text, load_taxonomies()))
    assert tree.hrefs == ["https://www.wikidata.org/wiki/Q42"]


def test_broken_spans_are_clipped_and_flagged():
    record, text = load(FIXTURE)
    record["mentions"][0]["end"] = 10_000
    record["mentions"][1]["start"] = "x"
    record["timexes"][0].update(start=-5, end=-1)
    record["claims"][0]["text"] = "something else"
    del record["frames"]
    record["entities"] = "not a list"
    page = render_page(record, text, load_taxonomies())
    tree = parse(page)
    assert tree.article_lines() == text.split("\n")
    assert "problem(s) in this record" in page
    assert "clipped to [18, 214)" in page
    assert "offsets are not integers" in page
    assert "empty span after clipping" in page
    assert "differs from text[27:105]" in page
    assert tree.covered("m1").startswith("Lakeside")


JSON = st.recursive(st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=6)


_paths = json_paths


FIXTURE_RECORD, FIXTURE_TEXT = load(FIXTURE)
FIXTURE_PATHS = [p for p in _paths(FIXTURE_RECORD) if p]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIXTURE_PATHS), JSON), min_size=1, max_size=4))
def test_any_broken_record_renders_without_raising(edits):
    """Replace values anywhere in the record with arbitrary JSON: the page still renders,
    still holds the whole text, and stays well formed."""
    record = json.loads(json.dumps(FIXTURE_RECORD))
    for path, value in edits:
        node = record
        try:
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this place
    tree = parse(render_page(record, FIXTURE_TEXT, load_taxonomies()))
    assert tree.article_lines() == FIXTURE_TEXT.split("\n")
    assert all(h.startswith(("https://", "http://")) for h in tree.hrefs)


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "newsframes", "view", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_cli_writes_page_and_is_deterministic(tmp_path):
    corpus = tmp_path / "corpus"
    save(corpus, *hostile(*load(FIXTURE)))
    r = cli(FID, "--corpus", str(corpus), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / f"{FID}.html"
    assert r.stdout.strip() == str(out)
    first = out.read_bytes()
    other = tmp_path / "x" / "page.html"
    r = cli(FID, "--corpus", str(corpus), "-o", str(other), cwd=tmp_path)
    assert r.returncode == 0 and other.read_bytes() == first
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in first and b"<script" not in first.lower()


def test_cli_unknown_id_and_bad_record(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    r = cli("no-such-article", "--corpus", str(corpus), cwd=tmp_path)
    assert r.returncode == 1
    assert "no article 'no-such-article'" in r.stderr and "Traceback" not in r.stderr
    r = cli("../../etc/passwd", "--corpus", str(corpus), cwd=tmp_path)
    assert r.returncode == 1 and "not an article id" in r.stderr and "Traceback" not in r.stderr
    (corpus / f"{FID}.json").write_text('{"id": ', encoding="utf-8")
    r = cli(FID, "--corpus", str(corpus), cwd=tmp_path)
    assert r.returncode == 1 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / f"{FID}.html").exists()


def test_cli_survives_out_of_range_spans(tmp_path):
    corpus = tmp_path / "corpus"
    record, text = load(FIXTURE)
    record["techniques"][0]["end"] = 99_999
    save(corpus, record, text)
    r = cli(FID, "--corpus", str(corpus), "-o", "-", cwd=tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "fall outside the text" in r.stdout
