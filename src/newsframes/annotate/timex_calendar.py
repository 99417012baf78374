"""Calendar arithmetic for TIMEX3 values (ISO weeks, months, seasons, durations)."""

from __future__ import annotations

import datetime as dt

from .timex import Anchor, Unanchored
from .timex_rules import NUMBERS, SEASON_START, UNITS


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def season_of(y: int, m: int) -> tuple[int, str]:
    """Season containing month m of year y, as (year it starts in, code)."""
    if m < 3:
        return y - 1, "WI"
    code = max((s for s in SEASON_START.items() if s[1] <= m), key=lambda s: s[1])[0]
    return y, code


def season_value(rel: str, code: str, a: Anchor) -> str:
    if a.year is None:
        raise Unanchored()  # the undated value (XXXX-FA) comes from timex_resolve.resolve_undated
    if a.month is None:
        if rel in ("this", ""):
            return f"{a.year:04d}-{code}"
        raise Unanchored()
    cy, cc = season_of(a.year, a.month)
    cur = (cy, SEASON_START[cc])
    if rel in ("this", ""):
        return f"{cy if cc == code else a.year:04d}-{code}"
    if rel in ("last", "previous"):
        yy = a.year
        while (yy, SEASON_START[code]) >= cur:
            yy -= 1
    else:
        yy = a.year - 1
        while (yy, SEASON_START[code]) <= cur:
            yy += 1
    return f"{yy:04d}-{code}"


def number(tok) -> int | None:
    t = tok.lower_
    if t.isdigit():
        return int(t)
    return NUMBERS.get(t)


def duration_value(n: int | None, unit: str) -> str:
    """ISO 8601 duration; decades and centuries are written in years (P20Y)."""
    t, code = UNITS[unit]
    factor = {"fortnight": 2, "decade": 10, "century": 100}.get(unit, 1)
    if n is not None:
        n *= factor
    return f"P{t}{'X' if n is None else n}{code}"


def rel_unit_value(rel: str, unit: str, a: Anchor) -> tuple[str, str]:
    step = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[rel]
    if unit == "year":
        return "DATE", f"{a.need_year() + step:04d}"
    if unit == "decade":
        return "DATE", f"{a.need_year() // 10 + step:03d}X"
    if unit == "century":
        return "DATE", f"{a.need_year() // 100 + step:02d}XX"
    if unit == "month":
        return "DATE", "%04d-%02d" % add_months(*a.need_month(), step)
    if unit == "quarter":
        y, m = a.need_month()
        q = y * 4 + (m - 1) // 3 + step
        return "DATE", f"{q // 4:04d}-Q{q % 4 + 1}"
    d = a.need_date()
    monday = d - dt.timedelta(days=d.weekday())
    if unit == "week":
        return "DATE", iso_week(monday + dt.timedelta(weeks=step))
    # weekend: see the rules in `timex`
    wd = d.weekday()  # Monday = 0
    offset = {"this": -1 if wd == 0 else 0, "last": -1, "previous": -1,
              "next": 0 if wd == 0 else 1, "coming": 0 if wd <= 4 else 1}[rel]
    return "DATE", iso_week(monday + dt.timedelta(weeks=offset)) + "-WE"


def weekday_value(rel: str, target: int, a: Anchor) -> str:
    d = a.need_date()  # without one: Unanchored (the undated XXXX-WXX-1 comes from resolve_undated)
    wd = d.weekday()
    if rel == "":
        diff = (target - wd) % 7
        diff = diff - 7 if diff > 3 else diff
    elif rel in ("last", "previous"):
        diff = -((wd - target) % 7 or 7)
    elif rel in ("next", "coming"):
        diff = (target - wd) % 7 or 7
    else:  # this: in the anchor's ISO week
        diff = target - wd
    return (d + dt.timedelta(days=diff)).isoformat()
