"""Small HTML helpers. Every value that comes from a record goes through `esc` (or
`cell`, `link`), which escape with html.escape(..., quote=True); links are made only
for http(s) addresses."""

from __future__ import annotations

import re
from html import escape

from .spans import provenance_kind

_HTTP = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
_QID = re.compile(r"^Q[1-9][0-9]*\Z")


def esc(value) -> str:
    return escape(str(value), quote=True)


def unknown(word: str = "unknown") -> str:
    return f'<span class="unk">{esc(word)}</span>'


def cell(value, null: str = "—") -> str:
    """A table cell's content: None as a muted word, booleans as yes/no, lists joined."""
    if value is None:
        return unknown(null)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(esc(v) for v in value) if value else unknown("none" if null == "—" else null)
    return esc(value)


def safe_href(url) -> str | None:
    """The address when it is a plain http(s) URL, else None (shown as text, not linked)."""
    if isinstance(url, str) and _HTTP.match(url):
        return url
    return None


def link(url, null: str = "unknown") -> str:
    if url is None:
        return unknown(null)
    href = safe_href(url)
    if href is None:
        return f'<span class="bad">{esc(url)}</span> <span class="unk">(not linked: not an http(s) address)</span>'
    return f'<a href="{esc(href)}" rel="noopener noreferrer">{esc(url)}</a>'


def wikidata(qid) -> str:
    if qid is None:
        return unknown("—")
    if isinstance(qid, str) and _QID.match(qid):
        return link(f"https://www.wikidata.org/wiki/{qid}").replace(
            f">https://www.wikidata.org/wiki/{qid}<", f">{qid}<")
    return f'<span class="bad">{esc(qid)}</span> <span class="unk">(not a Wikidata id)</span>'


def prov(source) -> str:
    """A provenance badge: manual / model / tool / tool+manual / tool+model / import, the
    full string as its title."""
    kind = provenance_kind(source)
    word = {"manual": "manual", "model": "model", "tool": "tool", "toolmanual": "tool+manual",
            "toolmodel": "tool+model", "import": "import"}.get(kind, "unknown")
    return f'<span class="prov prov-{kind}" title="{esc(source)}">{esc(word)}</span>'


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """Headers are literal; rows hold cells already rendered by the helpers above."""
    if not rows:
        return f'<p class="none">{unknown("none")}</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'


def dl(items: list[tuple[str, str]]) -> str:
    """A definition list: literal terms, rendered values."""
    return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"
