"""TIMEX3 value resolvers, one per rule core of `timex_rules` (conventions: `timex`).

`resolve(core, tokens, ctx, has_prefix)` returns (type, value, left_trim, right_trim)
or None when the match is not a temporal expression here; it raises `Unanchored` when
the value needs a publication date the record lacks."""

from __future__ import annotations

import datetime as dt

from .timex import Anchor, Context, Unanchored
from .timex_calendar import add_months, duration_value, iso_week, number, rel_unit_value, season_value, weekday_value
from .timex_rules import (
    AMBIGUOUS_MONTHS,
    CONTEXT_PREPS,
    MONTH_NUM,
    ORDINALS,
    PARTS,
    REFS,
    SEASONS,
    SETS,
    UNIT_FORMS,
    VAGUE,
    WEEKDAY_PLURAL,
    WEEKDAYS,
)


def _context_ok(ctx: Context, has_prefix: bool) -> bool:
    return has_prefix or ctx.prev_lower() in CONTEXT_PREPS

_NODOT_ABBR = {"Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"}


def _rel(tok) -> str:
    r = tok.lower_
    return {"coming": "next", "previous": "last"}.get(r, r)


def _month_of(toks):
    return next(MONTH_NUM[t.text] for t in toks if t.text in MONTH_NUM)


def _day_value(a: Anchor, y: int | None, m: int, d: int) -> str:
    dt.date(y if y is not None else 2000, m, d)  # raises ValueError for 31 June
    ys = f"{y:04d}" if y is not None else a.year_or_x()
    return f"{ys}-{m:02d}-{d:02d}"


def _date_or_x(a: Anchor, delta: int = 0) -> str:
    try:
        return (a.need_date() + dt.timedelta(days=delta)).isoformat()
    except Unanchored:
        if delta:
            raise
        return "XXXX-XX-XX"


def _plural_noun_follows(ctx: Context) -> bool:
    nxt = ctx.next_tok()
    return bool(nxt is not None and nxt.is_alpha and nxt.is_lower and nxt.lower_.endswith("s")
                and nxt.lower_ not in {"as", "was", "is", "has", "this", "its", "his", "thus", "us"})


def _ago(n_tok, unit: str, a: Anchor):
    n = 1 if n_tok.lower_ in ("a", "an") else number(n_tok)
    if n is None:
        return "DATE", "PAST_REF"
    if unit in ("second", "minute", "hour"):
        return "DATE", a.need_date().isoformat()
    if unit in ("day", "week", "fortnight"):
        days = n * {"day": 1, "week": 7, "fortnight": 14}[unit]
        d = a.need_date() - dt.timedelta(days=days)
        return "DATE", d.isoformat() if unit == "day" else iso_week(d)
    if unit == "month":
        return "DATE", "%04d-%02d" % add_months(*a.need_month(), -n)
    if unit == "year":
        return "DATE", f"{a.need_year() - n:04d}"
    if unit == "decade":
        return "DATE", f"{(a.need_year() - 10 * n) // 10:03d}X"
    return "DATE", f"{(a.need_year() - 100 * n) // 100:02d}XX"


def _clock(toks, a: Anchor, ctx: Context, has_ampm: bool):
    t = toks[0].lower_
    if t in ("noon", "midnight"):
        return "TIME", f"{_date_or_x(a)}T{'12:00' if t == 'noon' else '24:00'}"
    if not has_ampm and ctx.prev_lower() not in {"at", "by", "until", "till", "from", "before", "after",
                                                 "around", "since", "to"}:
        return None
    h, _, mi = t.partition(":")
    h, mi = int(h), int(mi or 0)
    if has_ampm:
        pm = toks[-1].lower_.startswith("p")
        if h > 12:
            return None
        h = (h % 12) + (12 if pm else 0)
    return "TIME", f"{_date_or_x(a)}T{h:02d}:{mi:02d}"


def resolve(core: str, toks: list, ctx: Context, has_prefix: bool):  # noqa: C901 (a dispatch table)
    a = ctx.anchor
    w = [t.lower_ for t in toks]
    typ = val = None
    lt = rt = 0
    if core == "deictic":
        if w[0] == "tonight":
            typ, val = "TIME", f"{a.need_date().isoformat()}TNI"
        else:
            typ, val = "DATE", (a.need_date() + dt.timedelta(days={"today": 0, "yesterday": -1,
                                                                     "tomorrow": 1}[w[0]])).isoformat()
    elif core == "day_part":
        delta = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[w[0]]
        typ, val = "TIME", f"{(a.need_date() + dt.timedelta(days=delta)).isoformat()}T{PARTS[w[1]]}"
    elif core in ("rel_unit", "the_unit"):
        rel, unit = ("this", w[0]) if core == "the_unit" else (w[0], w[1])
        typ, val = rel_unit_value(rel, unit, a)
    elif core == "rel_season":
        typ, val = "DATE", season_value(_rel(toks[0]), SEASONS[w[1]], a)
    elif core == "rel_month":
        mm, rel = _month_of(toks), w[0]
        if rel == "this":
            y = a.need_year()
        else:
            y, m = a.need_month()
            y = (y if mm < m else y - 1) if rel == "last" else (y if mm > m else y + 1)
        typ, val = "DATE", f"{y:04d}-{mm:02d}"
    elif core in ("rel_weekday", "weekday"):
        nxt = ctx.next_tok()
        if core == "weekday" and nxt is not None and nxt.is_title and nxt.is_alpha and nxt.text not in MONTH_NUM:
            return None  # part of a name ("Sunday Times")
        rel = _rel(toks[0]) if core == "rel_weekday" else ""
        typ, val = "DATE", weekday_value(rel, WEEKDAYS.index(toks[-1].text), a)
    elif core == "month":
        t = toks[0].text
        if (t in AMBIGUOUS_MONTHS or t in _NODOT_ABBR) and not _context_ok(ctx, has_prefix):
            return None
        typ, val = "DATE", f"{a.year_or_x()}-{MONTH_NUM[t]:02d}"
    elif core == "month_year":
        typ, val = "DATE", f"{toks[-1].text}-{_month_of(toks):02d}"
    elif core == "day_month":
        day = next(int("".join(c for c in t.text if c.isdigit())) for t in toks
                   if t.text[:1].isdigit() and len(t.text) <= 4 and not (len(t.text) == 4 and t.text.isdigit()))
        year = int(toks[-1].text) if len(toks[-1].text) == 4 and toks[-1].text.isdigit() else None
        typ, val = "DATE", _day_value(a, year, _month_of(toks), day)
    elif core == "year":
        if not _context_ok(ctx, has_prefix) or _plural_noun_follows(ctx):
            return None
        typ, val = "DATE", toks[0].text
    elif core == "mid_year":
        digits = toks[0].text[4:]
        typ, val = "DATE", digits[:3] + "X" if digits.endswith("s") else digits
    elif core == "decade":
        typ, val = "DATE", toks[0].text[:3] + "X"
    elif core == "century":
        n = int("".join(c for c in w[0] if c.isdigit()))
        typ, val = "DATE", f"{n - 1:02d}XX"
    elif core == "quarter":
        if toks[0].text[:1] in "QH" and toks[0].text[1:].isdigit():
            kind, n = toks[0].text[0], int(toks[0].text[1])
            if kind == "H" and n > 2:
                return None
        else:
            kind, n = ("Q" if w[1] == "quarter" else "H"), ORDINALS[w[0]]
            if kind == "H" and (n > 2 or len(toks) == 2):
                return None
        year = toks[-1].text if toks[-1].text.isdigit() and len(toks[-1].text) == 4 else a.year_or_x()
        typ, val = "DATE", f"{year}-{kind}{n}"
    elif core == "season":
        nxt = ctx.next_tok()
        if nxt is not None and nxt.lower_ in ("of", "in"):
            return None
        if w[0] == "fall" and not (has_prefix or ctx.prev_lower() in ("the", "this", "last", "next")):
            return None
        if not toks[0].is_lower and not has_prefix and ctx.start > 0 and not toks[0].is_sent_start:
            return None  # "Arab Spring"
        typ, val = "DATE", season_value("", SEASONS[w[0]], a)
    elif core == "season_year":
        typ, val = "DATE", f"{toks[-1].text}-{SEASONS[w[0]]}"
    elif core == "duration":
        if w[0] in ("a", "an") and len(toks) == 2:
            if ctx.prev_lower() not in {"for", "within", "over", "about", "nearly", "almost", "than", "in",
                                        "just", "only", "least", "after", "half"}:
                return None
            n, unit = 1, UNIT_FORMS[w[1]]
        elif w[-1] == "long":
            n, unit = 1, UNIT_FORMS[w[0]]
        else:
            n = None if (w[0] in VAGUE or w[0] in ("a", "an")) else number(toks[0])
            unit = UNIT_FORMS[w[-1]]
            if w[0] == "second" or (n is not None and n > 1 and not w[-1].endswith("s") and "-" not in w
                                    and "–" not in w):
                return None
        typ, val = "DURATION", duration_value(n, unit)
    elif core == "past_unit":
        n = 1 if len(toks) == 2 else (None if w[1] == "few" else number(toks[1]))
        typ, val = "DURATION", duration_value(n, UNIT_FORMS[w[-1]])
    elif core == "ago":
        if w[0] in VAGUE:
            typ, val = "DATE", "PAST_REF"
        else:
            typ, val = _ago(toks[0], UNIT_FORMS[w[1]], a)
    elif core == "set":
        if w[0] in SETS:
            typ, val = "SET", SETS[w[0]]
        elif toks[0].text in WEEKDAY_PLURAL:
            typ, val = "SET", f"XXXX-WXX-{WEEKDAY_PLURAL[toks[0].text] + 1}"
        elif toks[-1].text in WEEKDAYS:
            typ, val = "SET", f"XXXX-WXX-{WEEKDAYS.index(toks[-1].text) + 1}"
        elif w[0] in ("once", "twice"):
            typ, val = "SET", duration_value(1, UNIT_FORMS[w[-1]])
        else:
            n = 1 if len(toks) == 2 else number(toks[1])
            typ, val = "SET", duration_value(n, UNIT_FORMS[w[-1]])
    elif core == "ref":
        nxt = ctx.next_tok()
        if w[0] in REFS:
            typ, val = "DATE", REFS[w[0]]
        elif w[0] == "the":
            if nxt is not None and (nxt.lower_ in UNIT_FORMS or nxt.lower_ in ("few", "several")
                                    or number(nxt) is not None):
                return None
            if w[1] == "moment" and ctx.prev_lower() not in ("at", "for"):
                return None
            typ, val = "DATE", {"past": "PAST_REF", "future": "FUTURE_REF", "moment": "PRESENT_REF"}[w[1]]
        elif w[0] == "at":
            typ, val, lt = "DATE", "PRESENT_REF", 1
        elif w[0] == "these":
            typ, val = "DATE", "PRESENT_REF"
        else:
            typ, val = "DATE", "FUTURE_REF"
    elif core == "clock":
        res = _clock(toks, a, ctx, has_ampm=len(toks) == 2)
        if res is None:
            return None
        typ, val = res
    if typ is None:
        return None
    return typ, val, lt, rt



_UNDATED_UNIT = {"second": "XXXX-XX-XX", "minute": "XXXX-XX-XX", "hour": "XXXX-XX-XX", "day": "XXXX-XX-XX",
                 "week": "XXXX-WXX", "fortnight": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
                 "year": "XXXX"}


def resolve_undated(core: str, toks: list) -> tuple[str, str] | None:
    """(type, value) of an expression whose value needs a publication date the record does
    not give (`resolve` raised `Unanchored`), in the forms of GUIDELINES §9 for undated
    articles: what the text says, the unknown year `XXXX`, an unknown month, week or day
    `XX` ("on Tuesday" -> XXXX-WXX-2, "next spring" -> XXXX-SP, "today" -> XXXX-XX-XX, "last
    week" -> XXXX-WXX, "next year" -> XXXX). None when no such value exists (a relative
    quarter, decade or century): the expression is left for the annotator and counted."""
    w = [t.lower_ for t in toks]
    if core == "deictic":
        return ("TIME", "XXXX-XX-XXTNI") if w[0] == "tonight" else ("DATE", "XXXX-XX-XX")
    if core == "day_part":
        return "TIME", f"XXXX-XX-XXT{PARTS[w[-1]]}"
    if core in ("rel_unit", "the_unit"):
        value = _UNDATED_UNIT.get(w[0] if core == "the_unit" else w[1])
        return ("DATE", value) if value else None
    if core in ("rel_season", "season"):
        return "DATE", f"XXXX-{SEASONS[w[-1]]}"
    if core == "rel_month":
        return "DATE", f"XXXX-{_month_of(toks):02d}"
    if core in ("rel_weekday", "weekday"):
        return "DATE", f"XXXX-WXX-{WEEKDAYS.index(toks[-1].text) + 1}"
    if core == "ago":
        value = _UNDATED_UNIT.get(UNIT_FORMS[w[1]])
        return ("DATE", value) if value else None
    return None
