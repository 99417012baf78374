"""Offsets counted on a copy with CRLF line breaks, read against a file with bare LFs.

A release made on Windows counts each line break as two characters; a copy whose CRs
were stripped (git's autocrlf, an editor) then shifts every span after the first line
break by one character per line break. Formats whose lines carry the span's text
(SemEval-2025 subtask 1, brat) compare texts (see those readers). For formats that carry
offsets only (SemEval-2023 span files, PTC), `prefer_crlf` decides from the offsets:

- some span does not lie in the file as it is (beyond its end, or on nothing kept), and
  every span does when each bare LF counts as CRLF; or
- every span lies in the file both ways, at least MIN_SPANS spans lie after the first
  line break, and their edges fall between words (not inside a word) at least
  GOOD of the time counting CRLF, at most BAD of the time counting LF.

Either way the import says so in a notice and the record keeps a note, so export counts
the same way.
"""

from __future__ import annotations

MIN_SPANS, GOOD, BAD = 3, 0.9, 0.5


def _fits(align, spans) -> bool:
    n = len(align.raw)
    return all(0 <= s < e <= n and align.to_text(s, e) is not None for s, e in spans)


def _between_words(raw: str, spans) -> float:
    def edge(i: int) -> bool:
        return i <= 0 or i >= len(raw) or not (raw[i - 1].isalnum() and raw[i].isalnum())
    edges = [edge(s) for s, _ in spans] + [edge(e) for _, e in spans]
    return sum(edges) / len(edges) if edges else 1.0


def prefer_crlf(src, spans: list[tuple[int, int]]) -> bool:
    """Whether `src`'s spans (raw code-point offsets) are counted with CRLF line breaks."""
    from .offsets import Alignment
    raw = src.align.raw
    if not spans or "\r" in raw or "\n" not in raw:
        return False
    crlf = Alignment.with_crlf(raw)
    if not _fits(crlf, spans):
        return False
    if not _fits(src.align, spans):
        return True
    first_break = raw.index("\n")
    later = [(s, e) for s, e in spans if e > first_break]
    return len(later) >= MIN_SPANS and _between_words(crlf.raw, later) >= GOOD and \
        _between_words(raw, later) <= BAD


def notice(run, file, src) -> None:
    run.problems.notice(file, None, "NF-IMP-CRLF", f"the offsets of {src.path.name} fit its text only when each "
                        "line break counts as two characters (CRLF): the article file is a copy whose CRs were "
                        "stripped; imported counting them that way, and export does the same")
