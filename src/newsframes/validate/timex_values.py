"""Well-formedness of TIMEX3 values by type (TimeML / ISO-TimeML conventions).

DATE      2025, 2025-06, 2025-06-30, 2025-W26, 2025-W26-WE, 2025-SU (SP/SU/FA/WI),
          2025-Q3, 2025-H1, 199X, 19XX, PRESENT_REF, PAST_REF, FUTURE_REF;
          underspecified (an undated article, or a year the text leaves open): the year XXXX
          and, after it, XX for an unknown month/week/day: XXXX, XXXX-06, XXXX-XX,
          XXXX-06-30, XXXX-XX-15, XXXX-XX-XX ("today"), XXXX-W26, XXXX-WXX ("last week"),
          XXXX-WXX-2 ("Tuesday"), XXXX-WXX-WE ("the weekend"), XXXX-SP ("next spring"),
          XXXX-Q3, XXXX-H1
TIME      a day (2025-06-30, 2025-W26-3, XXXX-XX-XX, XXXX-06-30, XXXX-WXX-2) + T14, T14:30,
          T14:30:05 (optional Z or ±hh:mm) or a part of day TMO/TAF/TEV/TNI
DURATION  ISO 8601 P…: P2D, P3W, P1Y6M, PT3H, PT1H30M, P1.5Y; X for an unknown amount (PXD, PXY)
SET       a duration (P1W) or a date pattern with X (XXXX-WXX-1, XXXX-XX-XX, XXXX-06-XX, XXXX-WXX-1TEV)
"""

from __future__ import annotations

import datetime as _dt
import re

_YEAR = r"(?P<y>\d{4}|\d{3}X|\d{2}XX)"
# a known year, or XXXX (unknown: an undated article); an unknown month/week/day is XX
# only after an unknown year (2025-XX-15 would mean "the 15th of some month of 2025",
# which TimeML writes, but nothing here needs it: kept strict)
_YEAR_OR_X = r"(?P<y>\d{4}|XXXX)"
_DATE_RES = [
    re.compile(rf"{_YEAR}|XXXX"),
    re.compile(rf"{_YEAR_OR_X}-(?P<m>\d{{2}})|XXXX-XX"),
    re.compile(rf"{_YEAR_OR_X}-(?P<m>\d{{2}})-(?P<d>\d{{2}})|XXXX-XX-(?P<dx>\d{{2}})|XXXX-XX-XX"),
    re.compile(rf"{_YEAR_OR_X}-W(?P<w>\d{{2}})(-(WE|[1-7]))?|XXXX-WXX(-(WE|[1-7]))?"),
    re.compile(rf"{_YEAR_OR_X}-(SP|SU|FA|WI)"),
    re.compile(rf"{_YEAR_OR_X}-Q[1-4]"),
    re.compile(rf"{_YEAR_OR_X}-H[12]"),
    re.compile(r"PRESENT_REF|PAST_REF|FUTURE_REF"),
]
_DAY = r"(?P<day>\d{4}-\d{2}-\d{2}|XXXX-XX-XX|XXXX-\d{2}-\d{2}|XXXX-XX-\d{2}|\d{4}-W\d{2}-[1-7]|XXXX-W(?:\d{2}|XX)-[1-7])"
_CLOCK = r"T(?:(?P<h>\d{2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?(?:Z|[+-]\d{2}:?\d{2})?|MO|AF|EV|NI|DT)"
_TIME_RE = re.compile(_DAY + _CLOCK)
_N = r"(?:\d+(?:\.\d+)?|X)"
_DURATION_RE = re.compile(rf"P(?:(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?)(?:T(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?")
_SET_DATE_RE = re.compile(r"XXXX(?:-(?:WXX(?:-[1-7])?|XX|\d{2})(?:-(?:XX|\d{2}))?)?"
                          r"(?:T(?:\d{2}(?::\d{2})?|MO|AF|EV|NI))?")


def _calendar_ok(m: re.Match) -> str | None:
    g = m.groupdict()
    y, mo, d, w = g.get("y"), g.get("m"), g.get("d"), g.get("w")
    if g.get("dx") is not None and not 1 <= int(g["dx"]) <= 31:
        return f"day {g['dx']} does not exist"
    if mo is not None and not 1 <= int(mo) <= 12:
        return f"month {mo} does not exist"
    if w is not None and not 1 <= int(w) <= 53:
        return f"week {w} does not exist"
    if d is not None:
        year = int(y) if y and y.isdigit() else 2000  # XXXX: any leap year
        try:
            _dt.date(year, int(mo), int(d))
        except ValueError:
            return f"day {d} does not exist in {y}-{mo}"
    return None


def _duration_ok(value: str) -> str | None:
    if not _DURATION_RE.fullmatch(value):
        return "not an ISO 8601 duration (P2D, PT3H, P1Y6M, PXD)"
    if value in ("P", "PT") or value.endswith("T"):
        return "a duration needs at least one amount (P2D, PT3H)"
    return None


def timex_value_problem(ttype: str, value: str) -> str | None:
    """None when `value` is well formed for TIMEX3 `ttype`, else what is wrong."""
    if ttype == "DATE":
        for rx in _DATE_RES:
            m = rx.fullmatch(value)
            if m:
                return _calendar_ok(m)
        hint = ""
        if _SET_DATE_RE.fullmatch(value) or value.startswith("P"):
            hint = "; a recurring time (\"every Tuesday\") is type SET, a one-off date in an undated article is DATE"
        return ("not a TIMEX3 DATE value (2025-06-30, 2025-06, 2025, 2025-W26-WE, 2025-FA, 2025-Q3, PRESENT_REF; "
                f"undated article: XXXX-WXX-2, XXXX-SP, XXXX-03){hint}")
    if ttype == "TIME":
        m = _TIME_RE.fullmatch(value)
        if not m:
            return "not a TIMEX3 TIME value (2025-06-30T14:30, 2025-06-30TEV)"
        day = m.group("day")
        if "W" not in day and day != "XXXX-XX-XX":
            dm = _DATE_RES[2].fullmatch(day)
            problem = _calendar_ok(dm)
            if problem:
                return problem
        if m.group("h") and int(m.group("h")) > 24 or m.group("mi") and int(m.group("mi")) > 59 \
                or m.group("s") and int(m.group("s")) > 60:
            return "the clock time does not exist"
        return None
    if ttype == "DURATION":
        return _duration_ok(value)
    if ttype == "SET":
        if value.startswith("P"):
            return _duration_ok(value)
        if _SET_DATE_RE.fullmatch(value):
            return None
        return "not a TIMEX3 SET value (P1W, XXXX-WXX-1, XXXX-XX-XX)"
    return f"unknown TIMEX3 type {ttype!r}"
