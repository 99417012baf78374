"""The numbers the docs publish agree with what the build produced.

Every count in the generated stats block of DATASHEET.md and README.md is checked:
the split table against data/MANIFEST.json (rows per config and split, articles), the
label distributions against the totals of the same table (each distribution sums to
its layer's row count), and the whole block against a fresh computation from corpus/.
The prose outside the blocks quotes no corpus counts (only taxonomy sizes and dates).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsframes.stats.compute import compute_stats
from newsframes.stats.docs import block_content, stale_docs
from newsframes.stats.render import render_markdown

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "data" / "MANIFEST.json"
DOCS = ("DATASHEET.md", "README.md")
# build config -> column of the stats split table that counts its rows
CONFIG_COLUMN = {"articles": "articles", "mentions": "mentions", "claims": "claims",
                 "techniques": "techniques"}
# distribution title in the block -> the split-table column it must sum to
DIST_TOTAL = {
    "genre": "articles",
    "persuasion techniques (spans)": "techniques",
    "technique groups (spans)": "techniques",
    "entity types (entities)": "entities",
    "entity types (mentions)": "mentions",
    "claim types": "claims",
    "check-worthy claims": "claims",
    "claim verdicts": "claims",
    "TIMEX3 types": "timexes",
    "sub-narratives (entries)": "narratives",
    "annotation status (articles)": "articles",
}


def _int(cell: str) -> int:
    return int(cell.strip().strip("*").replace(",", ""))


def parse_split_table(block: str) -> dict[str, dict[str, int]]:
    lines = block.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| split |"))
    cols = [c.strip() for c in lines[head].strip("|").split("|")][1:]
    table = {}
    for line in lines[head + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        table[cells[0].strip("*")] = dict(zip(cols, map(_int, cells[1:])))
    return table


def parse_distributions(block: str) -> dict[str, dict[str, int]]:
    lines = block.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("| distribution | counts |"))
    out = {}
    for line in lines[head + 2:]:
        if not line.startswith("|"):
            break
        title, cell = (c.strip() for c in line.strip()[1:-1].split(" | ", 1))
        cell = re.sub(r" \(\d+ of \d+ labels used\)$", "", cell)
        out[title] = {} if cell == "none" else {
            label.strip("`"): _int(n)
            for label, n in (re.fullmatch(r"(.*) ([\d,]+)", part.strip()).groups() for part in cell.split(" · "))}
    return out


@pytest.fixture(scope="module")
def manifest() -> dict:
    if not MANIFEST.is_file():
        pytest.skip("data/MANIFEST.json does not exist yet: run `newsframes build` first")
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=DOCS)
def block(request, manifest) -> tuple[str, str]:
    name = request.param
    content = block_content((ROOT / name).read_text(encoding="utf-8"), "stats", name)
    assert content is not None, f"{name}: the newsframes:stats markers are missing"
    assert content.strip(), f"{name}: the stats block is empty — run `newsframes stats --write`"
    return name, content


def test_split_table_matches_manifest(block, manifest):
    name, content = block
    table = parse_split_table(content)
    configs = manifest["configs"]
    assert set(configs) <= set(CONFIG_COLUMN), (
        f"the build has configs {sorted(set(configs) - set(CONFIG_COLUMN))} the stats block does not count")
    for cfg, col in CONFIG_COLUMN.items():
        assert cfg in configs, f"data/MANIFEST.json lacks config {cfg}"
        for split in ("train", "validation", "test"):
            expected = configs[cfg].get(split, 0)
            assert table[split][col] == expected, f"{name}: {split} {col} = {table[split][col]}, manifest {expected}"
        assert table["total"][col] == sum(configs[cfg].values()), f"{name}: total {col}"
    assert table["total"]["articles"] == manifest["articles"]


def test_split_rows_add_up_to_totals(block, manifest):
    name, content = block
    table = parse_split_table(content)
    for col, total in table["total"].items():
        assert sum(table[s][col] for s in table if s != "total") == total, f"{name}: {col}"


def test_distributions_sum_to_their_layer(block, manifest):
    name, content = block
    totals = parse_split_table(content)["total"]
    dists = parse_distributions(content)
    for title, col in DIST_TOTAL.items():
        assert title in dists, f"{name}: distribution {title!r} missing from the stats block"
        assert sum(dists[title].values()) == totals[col], f"{name}: {title} does not sum to {col}"
    assert sum(dists["primary frame"].values()) <= totals["articles"]
    for title in ("primary frame", "narratives (articles)", "frames (multi-label)"):
        assert all(n <= totals["articles"] for n in dists[title].values()), f"{name}: {title}"


def test_block_is_what_the_corpus_gives(block, manifest):
    name, content = block
    expected = render_markdown(compute_stats(ROOT / "corpus"))
    assert content.strip() == expected.strip(), f"{name}: stale — run `newsframes stats --write`"


def test_no_generated_doc_is_stale(manifest):
    assert stale_docs(ROOT) == []


# --- the files a contribution commits (issue 13) -----------------------------------------

COMMIT_DOCS = ("CONTRIBUTING.md", ".github/pull_request_template.md")


@pytest.mark.parametrize("name", COMMIT_DOCS)
def test_contribution_docs_name_the_commit_list_of_the_build(name):
    """CONTRIBUTING, the pull-request template and the hint of `build --check` name the
    same files: every `git add` line of the doc is `commit_command()`, the one constant
    (BUILD_CHANGES, what `build` rewrites, checked by the end-to-end contribution test)."""
    from newsframes.dataset.outputs import BUILD_CHANGES, commit_command

    text = (ROOT / name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("git add ")]
    assert lines, f"{name}: no `git add` line"
    assert all(line == commit_command() for line in lines), (name, lines, commit_command())
    for path in BUILD_CHANGES:
        assert path in lines[0]


def test_contributing_follows_the_tools_path_and_keeps_the_label_studio_place():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # the section headings, in order: tools path first, hand editing as the fallback
    heads = [line for line in text.splitlines() if line.startswith("#")]
    order = ["`newsframes add`", "`newsframes annotate`", "Label Studio", "by hand", "`newsframes find`",
             "`newsframes reanchor`", "`newsframes fmt`, `newsframes validate`, `newsframes view`",
             "`newsframes build`", "Commit"]
    positions = [next(i for i, h in enumerate(heads) if step in h) for step in order]
    assert positions == sorted(positions), list(zip(order, positions))
    ls = heads[positions[2]]
    assert text.index(ls) < text.index("<!-- newsframes:labelstudio:start -->") < text.index(heads[positions[2] + 1])
    assert text.count("<!-- newsframes:labelstudio:start -->") == 1
    assert text.count("<!-- newsframes:labelstudio:end -->") == 1
    assert "--model auto" in text and "en_core_web_sm" in text and "pip install" in text
