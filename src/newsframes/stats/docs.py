"""The generated parts of the docs: blocks between marker lines in README.md and
DATASHEET.md, and the figures in docs/figures/.

Only the text between a start and an end marker is replaced; every other byte of the
file stays as it is. A file without the markers is left alone (a notice says so).

`refresh_docs(root)` writes what is stale and returns the changed files;
`stale_docs(root)` lists what is stale (empty when current). `newsframes build` and
`build --check` call these two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..inside import first_link, link_message, write_inside
from ..safeio import read_bytes
from .compute import compute_stats
from .fields import render_field_tables
from .render import render_markdown

BLOCKS = ("provenance", "stats", "fields", "rights")
# file -> blocks it carries
DOCUMENTS = {"README.md": ("provenance", "stats", "rights"), "DATASHEET.md": ("provenance", "stats", "rights"),
             "docs/fields.md": ("fields",)}
FIGURES_DIR = Path("docs") / "figures"


class DocsError(Exception):
    """Markers that cannot be used (e.g. an end marker without a start)."""


def markers(block: str) -> tuple[str, str]:
    return f"<!-- newsframes:{block}:start -->", f"<!-- newsframes:{block}:end -->"


def find_block(text: str, block: str, where: str = "") -> tuple[int, int] | None:
    """(index after the start marker, index of the end marker), or None when the file
    has neither marker."""
    start, end = markers(block)
    n_start, n_end = text.count(start), text.count(end)
    if n_start == 0 and n_end == 0:
        return None
    if n_start != 1 or n_end != 1:
        raise DocsError(f"{where}: NF-DOCS-001 expected one `{start}` and one `{end}`, "
                        f"found {n_start} and {n_end} — fix the markers by hand")
    i, j = text.index(start) + len(start), text.index(end)
    if j < i:
        raise DocsError(f"{where}: NF-DOCS-002 `{end}` comes before `{start}` — fix the markers by hand")
    return i, j


def block_content(text: str, block: str, where: str = "") -> str | None:
    span = find_block(text, block, where)
    return None if span is None else text[span[0]:span[1]]


def replace_block(text: str, block: str, content: str, where: str = "") -> str | None:
    """`text` with the block's content replaced (a blank line on each side), or None
    when the markers are absent."""
    span = find_block(text, block, where)
    if span is None:
        return None
    return text[:span[0]] + "\n\n" + content.rstrip("\n") + "\n\n" + text[span[1]:]


@dataclass
class Plan:
    """What the docs should be: new texts and figures, and notices for the user."""
    texts: dict[Path, tuple[str, str]] = field(default_factory=dict)  # path -> (current, expected)
    figures: dict[Path, dict] = field(default_factory=dict)  # path -> plot spec
    notices: list[str] = field(default_factory=list)


def plan_docs(project_root: Path, corpus_dir: Path | None = None, stats: dict | None = None,
              base: dict[str, str] | None = None) -> Plan:
    """`base`: file name -> the text to put the blocks into instead of the file's current
    text (the build passes README.md with its new front matter)."""
    root = Path(project_root)
    base = base or {}
    stats = stats if stats is not None else compute_stats(corpus_dir or root / "corpus")
    from .render import render_provenance
    from .rightsdoc import render_rights

    contents = {"stats": render_markdown(stats), "rights": render_rights(stats.get("rights_status", {})),
                "provenance": render_provenance(stats)}
    plan = Plan()
    for name, blocks in DOCUMENTS.items():
        path = root / name
        if not path.is_file():
            if path.exists():  # a FIFO, device or folder: never opened (safeio), never replaced
                from ..safeio import kind

                raise DocsError(f"{name}: NF101 not a regular file ({kind(path.stat().st_mode)}); put the "
                                "document itself there")
            plan.notices.append(f"{name}: not found; its generated blocks were not written")
            continue
        current = read_bytes(path).decode("utf-8")  # no newline translation; only a regular file is opened
        new = base.get(name, current)
        for block in blocks:
            if block not in contents:
                contents[block] = render_field_tables()
            replaced = replace_block(new, block, contents[block], where=name)
            if replaced is None:
                start, end = markers(block)
                plan.notices.append(f"{name}: no `{start}` … `{end}` markers; the {block} block was not written")
            else:
                new = replaced
        plan.texts[path] = (current, new)
    from .plots import expected_plots

    for fname, spec in expected_plots(stats).items():
        plan.figures[root / FIGURES_DIR / fname] = spec
    return plan


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


_FIX = "run `newsframes build` (or `newsframes stats --write`)"


def stale_docs(project_root: Path, corpus_dir: Path | None = None, plan: Plan | None = None) -> list[str]:
    """What is stale, one line per file (empty when everything is current)."""
    from .plots import plot_is_current

    root = Path(project_root)
    plan = plan or plan_docs(root, corpus_dir)
    out = link_lines(root, plan)
    for path, (current, new) in plan.texts.items():
        if current != new:
            out.append(f"{_rel(path, root)}: generated block(s) out of date — {_FIX}")
    for path, spec in plan.figures.items():
        if not path.is_file():
            out.append(f"{_rel(path, root)}: figure missing — {_FIX}")
        elif not plot_is_current(path, spec):
            out.append(f"{_rel(path, root)}: figure out of date — {_FIX}")
    return out


def link_lines(root: Path, plan: Plan) -> list[str]:
    """One line per symbolic link on the way to a generated file (a linked docs/figures
    would make a refresh rewrite files elsewhere; issue 25): a refresh refuses them."""
    out, seen = [], set()
    for path in [*plan.texts, *plan.figures]:
        link = first_link(root, path)
        if link is not None and link not in seen:
            seen.add(link)
            out.append(link_message(link, _rel(link, root)))
    return out


def stale_files(plan: Plan) -> dict[Path, bytes]:
    """The new bytes of every stale generated file of `plan` (nothing is written)."""
    from .plots import plot_is_current, render_png

    out = {}
    for path, (current, new) in plan.texts.items():
        if current != new:
            out[path] = new.encode("utf-8")
    for path, spec in plan.figures.items():
        if not plot_is_current(path, spec):
            out[path] = render_png(spec)
    return out


def refresh_docs(project_root: Path, corpus_dir: Path | None = None, plan: Plan | None = None) -> list[Path]:
    """Write every stale generated part; return the files that changed."""
    root = Path(project_root)
    plan = plan or plan_docs(root, corpus_dir)
    links = link_lines(root, plan)
    if links:
        raise DocsError("nothing was written: " + "; ".join(links))
    changed = []
    for path, data in stale_files(plan).items():
        write_inside(root, path, data)  # never through a link, even one made meanwhile
        changed.append(path)
    return changed
