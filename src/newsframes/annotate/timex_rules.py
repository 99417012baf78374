"""TIMEX3 rules: token patterns for spaCy's `Matcher` (resolvers: `timex_resolve`).

Each rule is a *core* (e.g. `season`, `rel_unit`) with one or more token patterns and a
resolver returning (type, value, left_trim, right_trim) or None (no TIMEX here). Cores
marked as modifiable also match behind a modifier prefix ("later in the", "early",
"mid-", "the end of") that sets the TIMEX3 `mod` and is part of the extent. The
anchoring conventions are documented in `timex`.
"""

from __future__ import annotations

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTH_NUM = {m: i for i, m in enumerate(MONTHS, start=1)}
MONTH_NUM.update({a: i for i, a in enumerate(
    ["Jan.", "Feb.", "Mar.", "Apr.", None, None, None, "Aug.", "Sep.", "Oct.", "Nov.", "Dec."], start=1) if a})
MONTH_NUM.update({"Sept.": 9, "Jan": 1, "Feb": 2, "Aug": 8, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12})
AMBIGUOUS_MONTHS = {"May", "March"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY_PLURAL = {d + "s": i for i, d in enumerate(WEEKDAYS)}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90, "hundred": 100, "dozen": 12, "a": 1, "an": 1})
VAGUE = {"several", "many", "few"}
UNITS = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"),
         "week": ("", "W"), "fortnight": ("", "W"), "month": ("", "M"), "year": ("", "Y"),
         "decade": ("", "Y"), "century": ("", "Y")}
UNIT_FORMS = {**{u: u for u in UNITS}, **{u + "s": u for u in UNITS}, "centuries": "century"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
CONTEXT_PREPS = {"in", "since", "by", "until", "till", "from", "to", "through", "during", "before",
                 "after", "of", "for", "on", "between", "around", "circa", "and", "or", "throughout"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "fortnightly": "P2W",
        "monthly": "P1M", "quarterly": "P3M", "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H"}
REFS = {"recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
        "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "presently": "PRESENT_REF"}


def L(*words):
    return {"LOWER": {"IN": list(words)}}


def O(*words):  # noqa: E743 (a token pattern, read like spaCy's ORTH)
    return {"ORTH": {"IN": list(words)}}


NUM = {"LOWER": {"REGEX": r"^([0-9]{1,4}|" + "|".join(w for w in NUMBERS if w not in ("a", "an")) + ")$"}}
A = L("a", "an")
UNIT = L(*UNIT_FORMS)
UNIT_SG = L(*UNITS)
MONTH = O(*MONTH_NUM)
WEEKDAY = O(*WEEKDAYS)
SEASON = L(*SEASONS)
YEAR = {"TEXT": {"REGEX": r"^(1[5-9]|20)[0-9]{2}$"}}
DAYNUM = {"LOWER": {"REGEX": r"^(0?[1-9]|[12][0-9]|3[01])(st|nd|rd|th)?$"}}
ORD = L(*ORDINALS)
HYPHEN = {"ORTH": {"IN": ["-", "–"]}}
REL = L("this", "last", "next", "coming", "previous")

# core -> (patterns, accepts a modifier prefix)
CORES: dict[str, tuple[list[list[dict]], bool]] = {
    "deictic": ([[L("today", "yesterday", "tomorrow", "tonight")]], False),
    "day_part": ([[L("this"), L(*PARTS)], [L("last"), L("night")], [L("yesterday", "tomorrow"), L(*PARTS)]], False),
    "rel_unit": ([[REL, L("week", "month", "year", "weekend", "quarter", "decade", "century")]], True),
    "the_unit": ([[L("year", "month", "week", "decade", "century")]], True),
    "rel_season": ([[REL, SEASON]], True),
    "rel_month": ([[L("this", "last", "next"), MONTH]], True),
    "rel_weekday": ([[REL, WEEKDAY]], False),
    "weekday": ([[WEEKDAY]], False),
    "month": ([[MONTH]], True),
    "month_year": ([[MONTH, YEAR], [MONTH, {"ORTH": ","}, YEAR]], True),
    "day_month": ([[DAYNUM, MONTH], [DAYNUM, MONTH, YEAR], [DAYNUM, L("of"), MONTH],
                   [DAYNUM, L("of"), MONTH, YEAR], [MONTH, DAYNUM], [MONTH, DAYNUM, YEAR],
                   [MONTH, DAYNUM, {"ORTH": ","}, YEAR]], False),
    "year": ([[YEAR]], True),
    "mid_year": ([[{"LOWER": {"REGEX": r"^mid-((1[5-9]|20)[0-9]{2})s?$"}}]], False),
    "decade": ([[{"TEXT": {"REGEX": r"^(1[5-9]|20)[0-9]0s$"}}]], True),
    "century": ([[{"LOWER": {"REGEX": r"^([0-9]{1,2})(st|nd|rd|th)$"}}, L("century")]], True),
    "quarter": ([[ORD, L("quarter", "half")], [ORD, L("quarter", "half"), L("of"), YEAR],
                 [{"TEXT": {"REGEX": r"^[QH][1-4]$"}}], [{"TEXT": {"REGEX": r"^[QH][1-4]$"}}, YEAR]], True),
    "season": ([[SEASON]], True),
    "season_year": ([[SEASON, YEAR], [SEASON, L("of"), YEAR]], True),
    "duration": ([[NUM, UNIT], [NUM, HYPHEN, UNIT_SG], [L(*VAGUE), UNIT], [A, L("few"), UNIT],
                  [UNIT_SG, HYPHEN, L("long")], [A, UNIT_SG]], False),
    "past_unit": ([[L("past"), UNIT_SG], [L("past"), L("few"), UNIT], [L("past"), NUM, UNIT]], False),
    "ago": ([[NUM, UNIT, L("ago")], [A, UNIT_SG, L("ago")], [L(*VAGUE), UNIT, L("ago")]], False),
    "set": ([[L(*SETS)], [L("every", "each"), UNIT_SG], [L("every"), NUM, UNIT], [L("every", "each"), WEEKDAY],
             [O(*WEEKDAY_PLURAL)], [L("once", "twice"), L("a", "an", "per", "every"), UNIT_SG]], False),
    "ref": ([[L(*REFS)], [L("the"), L("past", "future", "moment")], [L("these"), L("days")],
             [L("at"), L("present")], [L("coming", "next"), L("days", "weeks", "months", "years")],
             [L("coming", "next"), L("few"), L("days", "weeks", "months", "years")]], False),
    "clock": ([[{"TEXT": {"REGEX": r"^(1[0-2]|0?[1-9])$"}}, L("a.m.", "p.m.", "am", "pm")],
               [{"TEXT": {"REGEX": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"}}, L("a.m.", "p.m.", "am", "pm")],
               [{"TEXT": {"REGEX": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"}}], [L("noon", "midnight")]], False),
}

# (prefix tokens, mod, ends with "the": only then may the bare-unit core follow)
_LATE, _EARLY = L("later", "late"), L("earlier", "early")
PREFIXES = [
    ([_LATE], "END", False), ([_EARLY], "START", False),
    ([_LATE, L("in")], "END", False), ([_EARLY, L("in")], "START", False),
    ([_LATE, L("in"), L("the")], "END", True), ([_EARLY, L("in"), L("the")], "START", True),
    ([L("mid"), HYPHEN], "MID", False), ([L("mid")], "MID", False),
    ([L("the"), L("end"), L("of")], "END", False), ([L("the"), L("end"), L("of"), L("the")], "END", True),
    ([L("the"), L("beginning", "start"), L("of")], "START", False),
    ([L("the"), L("beginning", "start"), L("of"), L("the")], "START", True),
    ([L("the"), L("middle"), L("of")], "MID", False), ([L("the"), L("middle"), L("of"), L("the")], "MID", True),
]


def all_patterns():
    """(core, prefix length, mod, pattern, core) for every rule, in a fixed order."""
    for core, (patterns, modifiable) in CORES.items():
        for pat in patterns:
            if core != "the_unit":
                yield core, 0, "MID" if core == "mid_year" else None, pat, core
            if modifiable:
                for prefix, mod, ends_the in PREFIXES:
                    if core == "the_unit" and not ends_the:
                        continue
                    yield core, len(prefix), mod, prefix + pat, core
