"""The outputs derived from the corpus follow the rights policy (issue 24): `build --exports`
and `export spacy` leave out the articles whose text the policy withholds (they used to
write the seed's whole text into the DocBins without a word), and say so; `--full-text`
keeps them and says loudly that those DocBins are not to be shared. The other derived
outputs of a withheld build (data/, croissant.json, the card, DATASHEET.md, docs/fields.md,
the figures) hold none of the withheld text either; a `view` page, which shows the text
for review, says at its top that it must not be shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_build_support import isolate, run_cli
from test_rights import ARTICLE, REPO, _repo_project, _sentences

from newsframes.cli import main
from newsframes.stats.plots import png_text_chunks

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

SPLITS = ("train", "validation", "test")


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    isolate(tmp_path, monkeypatch)


def docbin_texts(folder: Path) -> tuple[list[str], str]:
    """(ids of the Docs, every text the DocBins hold: docs, spans, user data)."""
    nlp = spacy.blank("en")
    ids, texts = [], []
    for split in SPLITS:
        for doc in DocBin().from_disk(folder / f"{split}.spacy").get_docs(nlp.vocab):
            ids.append(doc.user_data["id"])
            texts.append(doc.text)
            texts += [sp.text for group in doc.spans.values() for sp in group]
            texts += [str(v) for v in doc.user_data.values()]
    return ids, "\n".join(texts)


def test_export_spacy_leaves_withheld_articles_out_and_says_so(tmp_path, capsys):
    root = _repo_project(tmp_path, with_fixture=True)  # the seed (rights unknown) and two public records
    code = main(["export", "spacy", "--corpus", str(root / "corpus"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0, err
    ids, held = docbin_texts(tmp_path / "out")
    assert ARTICLE not in ids and len(ids) == 2
    assert not [s for s in _sentences() if s in held]
    assert f"1 article(s) left out of the DocBins: the rights policy (schema/rights.json) withholds their text: " \
           f"{ARTICLE} (withheld:rights-unknown)" in err
    code = main(["export", "spacy", "--corpus", str(root / "corpus"), "--out", str(tmp_path / "full"), "--full-text"])
    err = capsys.readouterr().err
    assert code == 0, err
    ids, held = docbin_texts(tmp_path / "full")
    assert ARTICLE in ids and all(s in held for s in _sentences())
    assert "NOTICE: these DocBins hold the full text of 1 article(s) whose text the rights policy" in err
    assert "do not publish, upload or share them" in err


def test_only_withheld_articles_give_empty_docbins_not_an_error(tmp_path, capsys):
    root = _repo_project(tmp_path)  # the seed only
    assert main(["export", "spacy", "--corpus", str(root / "corpus"), "--out", str(tmp_path / "out")]) == 0
    assert docbin_texts(tmp_path / "out")[0] == []
    assert "left out of the DocBins" in capsys.readouterr().err


def _documents_project(tmp_path: Path) -> Path:
    """The repository's corpus with the card, DATASHEET.md and docs/fields.md of the
    repository (their generated blocks) and the figures."""
    root = _repo_project(tmp_path)
    for name in ("README.md", "DATASHEET.md", "docs/fields.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, root / name)
    return root


def test_no_derived_output_of_a_withheld_build_holds_the_withheld_text(tmp_path, capsys):
    root = _documents_project(tmp_path)
    code = run_cli(root, "build", "--exports")
    err = capsys.readouterr().err
    assert code == 0, err
    assert "spaCy export: notice: 1 article(s) left out of the DocBins" in err
    outputs = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    outputs.update({root / n: (root / n).read_bytes() for n in ("README.md", "DATASHEET.md", "docs/fields.md")})
    figures = sorted((root / "docs" / "figures").glob("*.png"))
    assert len(figures) == 4
    for png in figures:  # the bars are pixels; the words in a PNG are its text chunks
        outputs[png] = "\n".join(png_text_chunks(png.read_bytes()).values()).encode("utf-8")
    assert (root / "data" / "croissant.json") in outputs
    ids, held = docbin_texts(root / "exports" / "spacy")
    assert ids == []
    for s in _sentences():
        assert s not in held
        assert not [p for p, data in outputs.items() if s.encode("utf-8") in data], s


def test_build_full_text_exports_say_loudly_what_they_hold(tmp_path, capsys):
    root = _repo_project(tmp_path)
    out = tmp_path / "mine" / "data"
    code = run_cli(root, "build", "--full-text", "--out", str(out), "--exports", str(tmp_path / "mine" / "exports"))
    err = capsys.readouterr().err
    assert code == 0, err
    assert "spaCy export: NOTICE: these DocBins hold the full text of 1 article(s)" in err
    ids, held = docbin_texts(tmp_path / "mine" / "exports" / "spacy")
    assert ids == [ARTICLE] and all(s in held for s in _sentences())


def test_view_page_of_a_withheld_text_says_not_to_share_it(tmp_path, capsys):
    root = _repo_project(tmp_path, with_fixture=True)
    page = tmp_path / "seed.html"
    assert main(["view", ARTICLE, "--corpus", str(root / "corpus"), "-o", str(page)]) == 0
    err = capsys.readouterr().err
    html = page.read_text(encoding="utf-8")
    assert 'class="problems rights"' in html and "do not publish, upload or share this page" in html
    assert "rights status: unknown" in err and "do not publish, upload or share this page" in err
    public = tmp_path / "public.html"
    assert main(["view", "fixture-valid-001", "--corpus", str(root / "corpus"), "-o", str(public)]) == 0
    assert "rights" not in capsys.readouterr().err and 'class="problems rights"' not in public.read_text("utf-8")
