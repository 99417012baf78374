"""Rule-based TIMEX3 recognition and normalisation over spaCy's `Matcher` (no dateparser).

Values are anchored to the publication date (`source.published`, any precision). The
patterns live in `timex_rules`, the value resolvers in `timex_resolve` (calendar
arithmetic in `timex_calendar`); this module runs them and picks among overlapping hits.

Extent (what the span covers) — the minimal TIMEX3 extent:
- a preposition or determiner before the expression is outside: "in August" -> `August`,
  "the 1990s" -> `1990s`, "the third quarter" -> `third quarter`, "on 5 May" -> `5 May`;
- except when a modifier phrase gives the `mod`: the phrase is inside, e.g.
  "later in the autumn" (mod END), "early 2025" (START), "mid-August" (MID),
  "the end of the year" (END); and except for the fixed phrases "the past",
  "the future", "the moment" (PAST_REF, FUTURE_REF, PRESENT_REF);
- among overlapping hits the longest wins ("three weeks ago" over "three weeks").

Anchoring rules (documented choices):
- "this weekend": on a Monday it is the weekend just passed (previous ISO week), on
  Tuesday-Sunday the weekend of the current ISO week (the coming one, or the current one
  on Saturday/Sunday). "last weekend": previous ISO week; "next weekend": on Monday the
  coming one, otherwise the one of the following ISO week.
- a bare weekday ("Monday") is the nearest such day (within 3 days either way; the
  anchor day itself when it is that weekday); "last Friday" / "next Friday" are the
  nearest strictly before / after; "this Friday" is in the anchor's ISO week.
- a bare month or season, or a day and month without year, is in the anchor's year.
  Seasons: spring SP (Mar-May), summer SU (Jun-Aug), autumn/fall FA (Sep-Nov), winter WI
  (Dec-Feb, labelled with the year it starts in). "last/next <season>" is the nearest
  one whose start is before/after the start of the current season.
- mods: later/late/end -> END; earlier/early/beginning/start -> START; mid/middle -> MID.
Without an anchor date (or with one too coarse for the expression) an expression gets the
undated value of GUIDELINES §9: what the text says, with the unknown year `XXXX` and an
unknown month, week or day `XX` ("on Tuesday" -> `XXXX-WXX-2`, "next spring" ->
`XXXX-SP`, "today" -> `XXXX-XX-XX`, "last week" -> `XXXX-WXX`, "next year" -> `XXXX`,
"August" -> `XXXX-08`); only what has no such value (a relative quarter, decade or
century: "next quarter") is skipped and counted.
Decades and centuries are written 199X and 19XX; durations in decades or centuries in
years (P20Y).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class Unanchored(Exception):
    """The value needs an anchor the record does not have."""


@dataclass(frozen=True)
class Anchor:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, date: str | None) -> "Anchor":
        m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", date or "")
        if not m:
            return cls()
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    def need_year(self) -> int:
        if self.year is None:
            raise Unanchored()
        return self.year

    def need_month(self) -> tuple[int, int]:
        if self.month is None:
            raise Unanchored()
        return self.need_year(), self.month

    def need_date(self) -> dt.date:
        if self.day is None:
            raise Unanchored()
        y, m = self.need_month()
        return dt.date(y, m, self.day)

    def year_or_x(self) -> str:
        return "XXXX" if self.year is None else f"{self.year:04d}"


@dataclass
class Context:
    doc: object
    start: int  # token index of the whole match
    end: int
    anchor: Anchor

    def prev_lower(self) -> str:
        return self.doc[self.start - 1].lower_ if self.start > 0 else ""

    def next_tok(self):
        return self.doc[self.end] if self.end < len(self.doc) else None


_MATCHER_CACHE: dict = {}


def _matcher(vocab):
    from spacy.matcher import Matcher

    from . import timex_rules
    key = id(vocab)
    if key not in _MATCHER_CACHE:
        _MATCHER_CACHE.clear()  # one pipeline at a time; keeps memory flat
        matcher = Matcher(vocab)
        table = {}
        for n, (name, prefix, mod, pattern, core) in enumerate(timex_rules.all_patterns()):
            rid = f"TIMEX_{n}"
            matcher.add(rid, [pattern])
            table[vocab.strings[rid]] = (name, prefix, mod, core, n)
        _MATCHER_CACHE[key] = (vocab, matcher, table)
    return _MATCHER_CACHE[key][1], _MATCHER_CACHE[key][2]


def find_timexes(doc, published: str | None) -> tuple[list[dict], int]:
    """Return ([{start, end, text, type, value, mod}], number skipped for lack of anchor)."""
    from . import timex_resolve
    anchor = Anchor.parse(published)
    matcher, table = _matcher(doc.vocab)
    candidates = []
    for match_id, start, end in matcher(doc):
        name, prefix_len, mod, core, order = table[match_id]
        ctx = Context(doc, start, end, anchor)
        core_toks = list(doc[start + prefix_len:end])
        try:
            res = timex_resolve.resolve(core, core_toks, ctx, has_prefix=prefix_len > 0)
        except Unanchored:  # GUIDELINES §9's undated value; else it competes for the extent, then is counted
            res = (*(timex_resolve.resolve_undated(core, core_toks) or (None, None)), 0, 0)
        except (ValueError, OverflowError):  # impossible dates such as 31 June: block, mark nothing
            res = ("", None, 0, 0)
        if res is None:
            continue
        ttype, value, ltrim, rtrim = res
        s_tok, e_tok = start + (ltrim if prefix_len == 0 else 0), end - rtrim
        span = doc[s_tok:e_tok]
        candidates.append((span.start_char, span.end_char, order, ttype, value, mod))
    # longest first, then leftmost, then rule order; keep non-overlapping
    chosen = []
    for c in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        if all(c[1] <= o[0] or o[1] <= c[0] for o in chosen):
            chosen.append(c)
    skipped = sum(1 for c in chosen if c[3] is None)
    chosen = [c for c in chosen if c[3]]
    out = [{"start": s, "end": e, "text": doc.text[s:e], "type": t, "value": v, "mod": m}
           for s, e, _, t, v, m in sorted(chosen)]
    return out, skipped


def proposals(doc, published: str | None, tag: str) -> tuple[list[dict], int]:
    found, skipped = find_timexes(doc, published)
    for t in found:
        t["source"] = tag
    return found, skipped
