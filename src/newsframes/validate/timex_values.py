"""Well-formedness of TIMEX3 values by type (TimeML / ISO-TimeML conventions).

DATE      2025, 2025-06, 2025-06-30, 2025-W26, 2025-W26-WE, 2025-SU (SP/SU/FA/WI),
          2025-Q3, 2025-H1, 199X, 19XX, XXXX-06, XXXX-06-30, PRESENT_REF, PAST_REF, FUTURE_REF
TIME      a day (2025-06-30, XXXX-XX-XX, 2025-W26-3) + T14, T14:30, T14:30:05 (optional Z or
          ±hh:mm) or a part of day TMO/TAF/TEV/TNI
DURATION  ISO 8601 P…: P2D, P3W, P1Y6M, PT3H, PT1H30M, P1.5Y; X for an unknown amount (PXD, PXY)
SET       a duration (P1W) or a date pattern with X (XXXX-WXX-1, XXXX-XX-XX, XXXX-06-XX, XXXX-WXX-1TEV)
"""

from __future__ import annotations

import datetime as _dt
import re

_YEAR = r"(?P<y>\d{4}|\d{3}X|\d{2}XX)"
_DATE_RES = [
    re.compile(rf"{_YEAR}"),
    re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d{2})"),
    re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d{2})-(?P<d>\d{2})"),
    re.compile(r"(?P<y>\d{4})-W(?P<w>\d{2})(-(WE|[1-7]))?"),
    re.compile(r"(?P<y>\d{4})-(SP|SU|FA|WI)"),
    re.compile(r"(?P<y>\d{4})-Q[1-4]"),
    re.compile(r"(?P<y>\d{4})-H[12]"),
    re.compile(r"PRESENT_REF|PAST_REF|FUTURE_REF"),
]
_DAY = r"(?P<day>\d{4}-\d{2}-\d{2}|XXXX-XX-XX|\d{4}-W\d{2}-[1-7])"
_CLOCK = r"T(?:(?P<h>\d{2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?(?:Z|[+-]\d{2}:?\d{2})?|MO|AF|EV|NI|DT)"
_TIME_RE = re.compile(_DAY + _CLOCK)
_N = r"(?:\d+(?:\.\d+)?|X)"
_DURATION_RE = re.compile(rf"P(?:(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?)(?:T(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?")
_SET_DATE_RE = re.compile(r"XXXX(?:-(?:WXX(?:-[1-7])?|XX|\d{2})(?:-(?:XX|\d{2}))?)?"
                          r"(?:T(?:\d{2}(?::\d{2})?|MO|AF|EV|NI))?")


def _calendar_ok(m: re.Match) -> str | None:
    g = m.groupdict()
    y, mo, d, w = g.get("y"), g.get("m"), g.get("d"), g.get("w")
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
        return "not a TIMEX3 DATE value (2025-06-30, 2025-06, 2025, 2025-W26-WE, 2025-FA, 2025-Q3, PRESENT_REF)"
    if ttype == "TIME":
        m = _TIME_RE.fullmatch(value)
        if not m:
            return "not a TIMEX3 TIME value (2025-06-30T14:30, 2025-06-30TEV)"
        day = m.group("day")
        if day[0].isdigit() and "W" not in day:
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
