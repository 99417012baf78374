"""Identical texts under different ids: kept as the release has them (each carries its own
gold), flagged and reported. Each such record gets the note `Same text as `<id>`...`
(`validate.l4_corpus.same_text_note`) naming the other records with its text, among
those imported and those already in the corpus; the validator then reports the pair as
NF407 (a warning) instead of NF402 (an error), and the corpus builds."""

from __future__ import annotations

from pathlib import Path


def _existing(corpus: Path, replaced: set[str]) -> dict[str, list[str]]:
    """text sha256 -> ids of the records already in the corpus (but those an import replaces)."""
    out: dict[str, list[str]] = {}
    if not corpus.is_dir():
        return out
    from ..jsonio import loads_guarded
    from ..safeio import read_text
    for p in sorted(corpus.glob("*.json")):
        if p.stem in replaced:
            continue
        try:  # a record validate would refuse (nested past its limit, not an object) has no text to compare
            sha = loads_guarded(read_text(p)).get("text_sha256")
        except (OSError, ValueError, UnicodeDecodeError, AttributeError):
            continue
        if isinstance(sha, str):
            out.setdefault(sha, []).append(p.stem)
    return out


def flag(items, corpus: Path, problems) -> None:
    from ..validate.l4_corpus import same_text_note
    groups: dict[str, list] = {}
    for it in items:
        groups.setdefault(it.record["text_sha256"], []).append(it)
    existing = _existing(Path(corpus), {it.record["id"] for it in items})
    for sha, group in groups.items():
        ids = [it.record["id"] for it in group] + existing.get(sha, [])
        if len(ids) < 2:
            continue
        for it in group:
            others = [i for i in ids if i != it.record["id"]]
            it.record["source"]["notes"].append(same_text_note(others))
        problems.notice(group[0].seed_name, None, "NF-IMP-SAME-TEXT", f"the same text under {len(ids)} ids "
                        f"({', '.join(ids)}): kept as released (each with its own labels), each record's notes say "
                        "so, and validate reports the pair as NF407 (a warning), not NF402")
