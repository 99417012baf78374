"""Checking a prediction row before it is used: its kind, integer offsets (not floats,
strings or booleans; start < end), and labels of the taxonomy (a spelling variant, as in
`labels`, is read as the label). A bad row raises RowError with what is wrong."""

from __future__ import annotations

from functools import lru_cache

from .labels import Vocabulary


class RowError(ValueError):
    pass


@lru_cache(maxsize=1)
def _vocab():
    from ..taxonomy import load_taxonomies
    tax = load_taxonomies()
    return tax, {k: Vocabulary(v) for k, v in (("technique", tax.techniques), ("genre", tax.genre),
                                                ("frame", tax.frames), ("narrative", tax.narratives),
                                                ("sub-narrative", tax.subnarratives), ("main role", tax.role_main),
                                                ("fine role", tax.role_fine))}


def kind(row: dict) -> str | None:
    if {"start", "end", "label"} <= row.keys():
        return "techniques"
    if {"start", "end"} <= row.keys() and ("roles" in row or "main_role" in row):
        return "roles"
    if ("id" in row or "article_id" in row) and {"genre", "frames", "narratives", "paragraphs"} & row.keys():
        return "article"
    return None


def label(value, what: str) -> str:
    if not isinstance(value, str):
        raise RowError(f"{what} {value!r} is not a string")
    got, _ = _vocab()[1][what].resolve(value)
    if got is None:
        raise RowError(f"unknown {what} {value!r} (see schema/taxonomies)")
    return got


def span(row: dict) -> tuple[int, int]:
    s, e = row.get("start"), row.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (s, e)) or not 0 <= s < e:
        raise RowError(f"start {s!r}, end {e!r}: expected integers with 0 <= start < end (code points of the "
                       "corpus text, end exclusive)")
    return s, e


def labels(values, what: str) -> list[str]:
    if not isinstance(values, list):
        raise RowError(f"{what}s {values!r}: expected a list")
    return [label(v, what) for v in values]


def roles(row: dict) -> list[dict]:
    tax = _vocab()[0]
    given = row["roles"] if "roles" in row else [{"main": row["main_role"], "fine": row.get("fine_roles") or []}]
    if not isinstance(given, list) or not all(isinstance(r, dict) for r in given):
        raise RowError(f"roles {given!r}: expected a list of {{\"main\", \"fine\"}}")
    out = []
    for r in given:
        main = label(r.get("main"), "main role")
        fine = labels(r.get("fine") or [], "fine role")
        bad = [f for f in fine if tax.role_fine[f] != main]
        if bad:
            raise RowError(f"fine role(s) {bad} are not roles under {main!r}")
        out.append({"main": main, "fine": fine})
    return out


def narratives(value) -> list[dict]:
    tax = _vocab()[0]
    if not isinstance(value, list) or not all(isinstance(n, dict) for n in value):
        raise RowError(f"narratives {value!r}: expected a list of {{\"narrative\", \"subnarrative\"}}")
    out = []
    for n in value:
        nar, sub = label(n.get("narrative"), "narrative"), label(n.get("subnarrative"), "sub-narrative")
        if tax.subnarratives[sub] != nar:
            raise RowError(f"{sub!r} is not a sub-narrative of {nar!r}")
        out.append({"narrative": nar, "subnarrative": sub})
    return out


def paragraphs(value) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        raise RowError(f"paragraphs {value!r}: expected a list of {{\"start\", \"end\", \"techniques\"}}")
    out = [{"start": s, "end": e, "techniques": labels(p.get("techniques") or [], "technique")}
           for p in value for s, e in [span(p)]]
    spans = [(p["start"], p["end"]) for p in out]
    again = next((x for i, x in enumerate(spans) if x in spans[:i]), None)
    if again is not None:
        raise RowError(f"paragraph {again[0]}-{again[1]} is listed twice (the second would replace the first)")
    return out


def article(row: dict) -> dict:
    """The layers an article row predicts: {layer: value}."""
    out = {}
    if "genre" in row:
        out["genre"] = None if row["genre"] is None else label(row["genre"], "genre")
    if "frames" in row:
        out["frames"] = labels(row["frames"], "frame")
    if "narratives" in row:
        out["narratives"] = narratives(row["narratives"])
    if "paragraphs" in row:
        out["paragraph_techniques"] = paragraphs(row["paragraphs"])
    return out
