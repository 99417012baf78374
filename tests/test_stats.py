"""`newsframes stats`: numbers, rendering, generated docs blocks, figures, datasheet and
citation metadata. Real files only: the valid fixture corpus, the real README.md and
DATASHEET.md copied into a temporary project."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

import newsframes
from newsframes.cli import main
from newsframes.stats import plots
from newsframes.stats.compute import compute_stats
from newsframes.stats.docs import (
    BLOCKS,
    DocsError,
    block_content,
    markers,
    plan_docs,
    refresh_docs,
    replace_block,
    stale_docs,
)
from newsframes.stats.fields import field_tables, load_schema, render_field_tables, undocumented_columns
from newsframes.stats.render import render_markdown, render_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "corpus"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: the valid fixture corpus, the real README.md and DATASHEET.md."""
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    shutil.copy(ROOT / "DATASHEET.md", tmp_path / "DATASHEET.md")
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "fields.md", tmp_path / "docs" / "fields.md")
    return tmp_path


def _outside_blocks(text: str) -> str:
    for block in BLOCKS:
        start, end = markers(block)
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), start + end, text, flags=re.S)
    return text


# --- numbers ---------------------------------------------------------------------------

def test_fixture_counts_by_hand(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    s = compute_stats(tmp_path / "corpus")
    # hand-counted from fixture-valid-001.{txt,json}: 4 + 15 + 14 whitespace tokens
    assert s["totals"] == {
        "articles": 1, "paragraphs": 3, "sentences": 3, "words": 33, "characters": 214,
        "entities": 3, "mentions": 5, "claims": 1, "techniques": 2, "timexes": 3, "narratives": 1,
    }
    assert s["splits"]["train"] == s["totals"]
    assert set(s["splits"]["validation"].values()) == {0}
    assert set(s["splits"]["test"].values()) == {0}
    assert s["per_1000_words"] == {"mentions": 151.5, "claims": 30.3, "techniques": 60.6, "timexes": 90.9}
    lab = s["labels"]
    used = {k: {label: n for label, n in v.items() if n} for k, v in lab.items()}
    assert used["genre"] == {"reporting": 1}
    assert used["frames"] == {"External_regulation_and_reputation": 1, "Political": 1}
    assert used["primary_frames"] == {"Political": 1}
    assert used["techniques"] == {"Flag_Waving": 1, "Loaded_Language": 1}
    assert used["technique_groups"] == {"Justification": 1, "Manipulative_Wording": 1}
    assert used["entity_types"] == {"GPE": 2, "PERSON": 1}
    assert used["mention_entity_types"] == {"GPE": 3, "PERSON": 2}
    assert used["roles_main"] == {"Protagonist": 1}
    assert used["roles_fine"] == {"Guardian": 1}
    assert used["claim_types"] == {"factual": 1}
    assert lab["checkworthy"] == {"yes": 1, "no": 0}
    assert used["verdicts"] == {"unverified": 1}
    assert used["timex_types"] == {"DATE": 2, "DURATION": 1}
    assert used["narratives"] == {"URW: Discrediting the West, Diplomacy": 1}
    assert len(lab["techniques"]) == 25 and len(lab["frames"]) == 14  # zeros kept (23 + 2 PTC_Merged)
    assert {k: v for k, v in s["annotation_status"].items() if v} == {"single": 1}
    none = {"model": 0, "tool+model": 0, "import": 0}
    assert s["provenance"]["mentions"] == {"manual": 4, "tool+manual": 1, "tool": 0, **none}
    assert s["provenance"]["timexes"] == {"manual": 2, "tool+manual": 0, "tool": 1, **none}
    assert s["provenance"]["sentences"] == {"manual": 0, "tool+manual": 0, "tool": 3, **none}
    assert s["tools"] == {"newsframes-annotate/1.0.0": 1, "newsframes-timex/1.0.0": 1, "newsframes/1.0.0": 3}
    assert s["models"] == {} and s["made_by_models_only"] == [] and s["adjudicated_by"] == {}
    # people: genre, frames, 1 narrative, 1 role, 3 entities, 5 mentions (one a checked proposal), 1 claim,
    # 2 techniques, 2 timexes = 17; tools: 1 timex proposal + 3 sentences
    assert s["makers"] == {"people": 17, "models": 0, "tools": 4, "imported": 0}


def test_second_article_in_another_split_adds_up(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    rec = json.loads((corpus / "fixture-valid-001.json").read_text(encoding="utf-8"))
    rec["id"], rec["split"] = "fixture-valid-002", "test"
    rec["techniques"] = rec["techniques"][:1]
    rec["narratives"].append(dict(rec["narratives"][0],
                                  subnarrative="URW: Discrediting the West, Diplomacy: The West is weak"))
    (corpus / "fixture-valid-002.json").write_text(json.dumps(rec), encoding="utf-8")
    shutil.copy(corpus / "fixture-valid-001.txt", corpus / "fixture-valid-002.txt")
    s = compute_stats(corpus)
    assert s["totals"]["articles"] == 2 and s["totals"]["words"] == 66
    assert s["splits"]["test"]["techniques"] == 1 and s["splits"]["train"]["techniques"] == 2
    assert s["labels"]["techniques"]["Loaded_Language"] == 2
    assert s["labels"]["techniques"]["Flag_Waving"] == 1
    # narrative entries: 1 + 2; a narrative counts once per article
    assert s["totals"]["narratives"] == 3
    assert s["labels"]["narratives"] == {"URW: Discrediting the West, Diplomacy": 2}
    assert s["labels"]["subnarratives"] == {"URW: Discrediting the West, Diplomacy: Other": 2,
                                            "URW: Discrediting the West, Diplomacy: The West is weak": 1}


def test_empty_corpus_gives_zeros(tmp_path):
    (tmp_path / "corpus").mkdir()
    s = compute_stats(tmp_path / "corpus")
    assert s["totals"]["articles"] == 0
    assert s["per_1000_words"]["techniques"] == 0.0
    assert "none" in render_markdown(s)


def test_text_json_markdown_outputs(project, capsys):
    assert main(["stats", "--corpus", str(project / "corpus"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == compute_stats(project / "corpus")
    assert main(["stats", "--corpus", str(project / "corpus")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^train\s+1\s+3\s+3\s+33\s", out, re.M)
    assert "whitespace-separated" in out
    assert main(["stats", "--corpus", str(project / "corpus"), "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "| train | 1 | 3 | 3 | 33 | 3 | 5 | 1 | 2 | 3 | 1 |" in md
    assert "Spans per 1,000 words: mentions 151.5 · claims 30.3 · techniques 60.6 · timexes 90.9." in md
    # nothing was written by a plain run
    assert not (project / "docs" / "figures").exists()
    assert (project / "docs" / "fields.md").read_bytes() == (ROOT / "docs" / "fields.md").read_bytes()


# --- errors ----------------------------------------------------------------------------

def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    assert main(["stats", "--corpus", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "NF-STATS-001" in err and "Traceback" not in err


def test_broken_record_is_a_clear_error(project, capsys):
    path = project / "corpus" / "fixture-valid-001.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    del rec["techniques"]
    path.write_text(json.dumps(rec), encoding="utf-8")
    assert main(["stats", "--corpus", str(project / "corpus")]) == 2
    err = capsys.readouterr().err
    assert "fixture-valid-001.json" in err and "NF-STATS-003" in err and "validate" in err

    path.write_text("{not json", encoding="utf-8")
    assert main(["stats", "--corpus", str(project / "corpus")]) == 2
    assert "NF-STATS-002" in capsys.readouterr().err


# --- generated blocks ------------------------------------------------------------------

def test_write_then_check_is_clean_and_only_blocks_change(project, capsys):
    corpus = str(project / "corpus")
    before = {n: (project / n).read_bytes().decode("utf-8") for n in ("README.md", "DATASHEET.md")}
    assert main(["stats", "--corpus", corpus, "--check"]) == 1
    assert main(["stats", "--corpus", corpus, "--write"]) == 0
    capsys.readouterr()
    assert main(["stats", "--corpus", corpus, "--check"]) == 0
    assert stale_docs(project) == []
    assert refresh_docs(project) == []  # idempotent: nothing left to write
    for name, old in before.items():
        new = (project / name).read_bytes().decode("utf-8")
        assert _outside_blocks(new) == _outside_blocks(old), name
        stats_block = block_content(new, "stats")
        assert "| train | 1 | 3 | 3 | 33 | 3 | 5 | 1 | 2 | 3 | 1 |" in stats_block
    fields = (project / "docs" / "fields.md").read_text(encoding="utf-8")
    assert "| `techniques` | list of struct (`articles.techniques[]`) |" in block_content(fields, "fields")
    for name in plots.PLOTS:
        assert (project / "docs" / "figures" / name).read_bytes().startswith(PNG_SIGNATURE)


def test_changed_corpus_makes_check_fail(project, capsys):
    corpus = project / "corpus"
    assert main(["stats", "--corpus", str(corpus), "--write"]) == 0
    path = corpus / "fixture-valid-001.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["techniques"] = [t for t in rec["techniques"] if t["label"] != "Flag_Waving"]
    path.write_text(json.dumps(rec), encoding="utf-8")
    capsys.readouterr()
    assert main(["stats", "--corpus", str(corpus), "--check"]) == 1
    err = capsys.readouterr().err
    for name in ("README.md", "DATASHEET.md", "docs/figures/techniques.png"):
        assert name in err
    # figures whose numbers did not change are not reported
    assert "entity_types.png" not in err
    changed = {p.name for p in refresh_docs(project)}
    assert changed == {"README.md", "DATASHEET.md", "techniques.png"}
    assert stale_docs(project) == []


def test_files_without_markers_are_left_alone(project):
    (project / "README.md").write_bytes(b"# no markers here\r\nkept as is\r\n")
    plan = plan_docs(project)
    assert any("README.md" in n and "markers" in n for n in plan.notices)
    refresh_docs(project, plan=plan)
    assert (project / "README.md").read_bytes() == b"# no markers here\r\nkept as is\r\n"


def test_crlf_outside_markers_is_preserved():
    start, end = markers("stats")
    text = f"a\r\nb\r\n{start}\nold\n{end}\r\nc\r\n"
    new = replace_block(text, "stats", "new table\n")
    assert new == f"a\r\nb\r\n{start}\n\nnew table\n\n{end}\r\nc\r\n"
    assert replace_block("nothing", "stats", "x") is None


def test_broken_markers_are_refused():
    start, end = markers("stats")
    with pytest.raises(DocsError, match="NF-DOCS-001"):
        replace_block(f"{start}\n{start}\n{end}", "stats", "x", where="README.md")
    with pytest.raises(DocsError, match="NF-DOCS-002"):
        replace_block(f"{end}\n{start}", "stats", "x", where="README.md")


# --- figures ---------------------------------------------------------------------------

def test_plots_are_deterministic_pngs(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    s = compute_stats(tmp_path / "corpus")
    specs = plots.expected_plots(s)
    assert set(specs) == {"techniques.png", "frames.png", "entity_types.png", "verdicts.png"}
    for name, spec in specs.items():
        a, b = plots.render_png(spec), plots.render_png(spec)
        assert a.startswith(PNG_SIGNATURE) and len(a) > 1000, name
        assert a == b, f"{name}: two renders differ"
        chunks = plots.png_text_chunks(a)
        assert chunks[plots.CHUNK_KEY] == plots.spec_hash(spec)
        assert "Software" not in chunks  # no matplotlib version in the file
    assert specs["techniques.png"]["counts"][:2] == [1, 1]
    assert len(specs["techniques.png"]["labels"]) == 25  # 23 + 2 PTC_Merged


def test_plot_staleness_follows_the_numbers(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    spec = plots.expected_plots(compute_stats(tmp_path / "corpus"))["verdicts.png"]
    path = tmp_path / "verdicts.png"
    path.write_bytes(plots.render_png(spec))
    assert plots.plot_is_current(path, spec)
    other = dict(spec, counts=[2] + spec["counts"][1:])
    assert not plots.plot_is_current(path, other)
    path.write_bytes(b"not a png")
    assert not plots.plot_is_current(path, spec)


# --- field tables ----------------------------------------------------------------------

def _covers(md: str, prop: str) -> bool:
    """A top-level record property is documented as a column or as a column's source."""
    return f"| `{prop}` |" in md or f"record field `{prop}." in md or f"record field `{prop}[]" in md


def test_field_tables_cover_every_column_and_the_schema():
    schema = load_schema()
    assert undocumented_columns(schema) == []
    tables = {title: rows for title, _, rows in field_tables(schema)}
    for config in ("articles", "mentions", "claims", "techniques"):
        assert f"`{config}` config" in tables, config
    for struct in ("articles.published_evidence[]", "articles.entities[]",
                   "articles.entities[].roles[]", "articles.claims[].cue",
                   "articles.claims[].verdict", "articles.timexes[]", "claims.verdict_evidence[]"):
        assert f"`{struct}`" in tables, struct
    for title, rows in tables.items():
        for col, type_text, desc, _ in rows:
            assert type_text and desc, f"{title}: {col} lacks a type or a description"
    md = render_field_tables(schema)
    for prop in schema["properties"]:
        assert _covers(md, prop), prop
    assert "corpus/&lt;id&gt;.json" in md  # angle brackets outside code spans escaped
    assert "| `cue_start` | int32 or null |" in md  # null when the cue is null
    assert "| `split` | string: `train`, `validation`, `test` |" in md


def test_real_field_tables_cover_top_level_properties():
    """docs/fields.md holds the generated field tables (moved out of the card)."""
    content = block_content((ROOT / "docs" / "fields.md").read_text(encoding="utf-8"), "fields", "docs/fields.md")
    assert content and content.strip()
    assert block_content((ROOT / "README.md").read_text(encoding="utf-8"), "fields", "README.md") is None
    for prop in load_schema()["properties"]:
        assert _covers(content, prop), prop


# --- datasheet and citation ------------------------------------------------------------

def test_datasheet_has_the_seven_sections_and_links_the_figures():
    text = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for section in ("Motivation", "Composition", "Collection process",
                    "Preprocessing, cleaning, labeling", "Uses", "Distribution", "Maintenance"):
        assert section in headings, section
    assert block_content(text, "stats", "DATASHEET.md") is not None
    linked = set(re.findall(r"\]\((docs/figures/[^)]+\.png)\)", text))
    assert linked == {f"docs/figures/{name}" for name in plots.PLOTS}


def test_citation_version_is_the_package_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == newsframes.__version__
    assert cff["authors"] == [{"name": "newsframes maintainers"}]
    assert cff["license"] == "Apache-2.0"
    assert "DATASHEET.md" in cff["message"]
    assert "doi" not in cff and "url" not in cff and "repository-code" not in cff


def test_render_text_lists_provenance(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    out = render_text(compute_stats(tmp_path / "corpus"))
    assert re.search(r"^\s+mentions\s+4\s+1\s+0\s+0\s+0\s+0$", out, re.M)


def test_checking_docs_does_not_need_matplotlib(project):
    """`build --check` in CI judges figures from their embedded hash: no drawing."""
    import subprocess
    import sys

    assert main(["stats", "--corpus", str(project / "corpus"), "--write"]) == 0
    code = ("import sys; from newsframes.stats.docs import stale_docs; "
            f"assert stale_docs({str(project)!r}) == []; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_rebuild_does_not_import_datasets(project, tmp_path):
    """The build writes docs/fields.md from the cached feature bundle: a rebuild (no
    change, then one edit) imports neither `datasets` (~0.7 s, three times a whole
    rebuild at 2,000 articles) nor, when nothing changed, pyarrow."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, NEWSFRAMES_CACHE=str(tmp_path / "nfcache"), HF_HOME=str(tmp_path / "hf"))
    code = ("import sys; from newsframes.cli import main; "
            f"assert main(['build', '--corpus', {str(project / 'corpus')!r}]) == 0; "
            "print(json.dumps(sorted(m for m in ('datasets', 'pyarrow') if m in sys.modules)))")
    run = [sys.executable, "-c", "import json; " + code]
    subprocess.run(run, check=True, env=env, cwd=project, capture_output=True)  # fills the caches
    assert (project / "data" / "MANIFEST.json").is_file()
    fields = (project / "docs" / "fields.md").read_text(encoding="utf-8")
    again = subprocess.run(run, check=True, env=env, cwd=project, capture_output=True, text=True)
    assert json.loads(again.stdout.strip().splitlines()[-1]) == []
    path = sorted((project / "corpus").glob("*.json"))[0]
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["title"] = "Fixture article (edited)"
    path.write_text(json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    edited = subprocess.run(run, check=True, env=env, cwd=project, capture_output=True, text=True)
    assert "datasets" not in json.loads(edited.stdout.strip().splitlines()[-1])
    assert (project / "docs" / "fields.md").read_text(encoding="utf-8") == fields


def test_stats_count_a_draft_without_genre(tmp_path):
    """A draft (genre and primary frame still null) is counted, not a crash."""
    import json
    import shutil

    from newsframes.stats.compute import compute_stats

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid" / "corpus", corpus)
    path = corpus / "fixture-valid-001.json"
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec["genre"]["label"] = None
    rec["frames"]["primary"] = None
    rec["annotation"]["status"] = "draft"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    stats = compute_stats(corpus)
    assert sum(stats["labels"]["genre"].values()) == 0
    assert stats["labels"]["primary_frames"] == {}
