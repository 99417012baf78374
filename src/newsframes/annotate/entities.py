"""Entity-mention proposals.

Knowledge accumulates: the entity ruler's patterns are the texts of the mentions already
in the corpus, each mapped to its entity's type and canonical name. The record being
annotated contributes only its checked (`manual` / `tool+manual:`) mentions, so a
re-run never learns from its own unchecked proposals (keeps `annotate` idempotent).
When one text maps to several (type, name) pairs, the most frequent wins (ties: the
first in sorted order).

A metonymic mention ("Bishkek" standing for the government of Kyrgyzstan) teaches only
the literal reading of its text: the pattern proposes the place itself (its own entity,
named by the text, with the type of the entity it stood for), and the proposal's note
says how the text was used elsewhere, so a literal use ("a Bishkek university") is never
linked to the government because of earlier metonymic ones.

A trained model's entities are kept for referent types only; value types (DATE, TIME,
PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL) are left out (dates go to TIMEX3)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

VALUE_TYPES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


def corpus_patterns(corpus: Path, current_id: str, current_record: dict | None = None) -> list[dict]:
    """EntityRuler phrase patterns [{label, pattern, id}] from every record's mentions."""
    counts: dict[str, Counter] = defaultdict(Counter)
    metonymic: dict[str, Counter] = defaultdict(Counter)  # text -> (entity name, metonymy) -> uses
    for path in sorted(Path(corpus).glob("*.json"), key=lambda p: p.stem):
        if path.stem == current_id:
            record = current_record
        else:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # `newsframes validate` reports broken records
        if not isinstance(record, dict):
            continue
        ents = {e.get("id"): e for e in record.get("entities") or [] if isinstance(e, dict)}
        for m in record.get("mentions") or []:
            if not isinstance(m, dict):
                continue
            if path.stem == current_id and str(m.get("source", "")).startswith("tool:"):
                continue
            ent = ents.get(m.get("entity"))
            text = m.get("text")
            if not ent or not isinstance(text, str) or not text.strip() or "\n" in text:
                continue
            if ent.get("type") and ent.get("name"):
                if m.get("metonymy"):
                    counts[text][(ent["type"], text)] += 1  # the literal reading of the text
                    metonymic[text][(ent["name"], m["metonymy"])] += 1
                else:
                    counts[text][(ent["type"], ent["name"])] += 1
    patterns = []
    for text in sorted(counts):
        (label, name), _ = sorted(counts[text].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        pattern = {"label": label, "pattern": text, "id": name}
        if metonymic[text] and name == text:
            uses = sum(counts[text].values())
            seen = "; ".join(f"{other} ({kind}) in {n} of {uses} use(s)"
                             for (other, kind), n in sorted(metonymic[text].items(), key=lambda kv: (-kv[1], kv[0])))
            pattern["note"] = (f"Proposed as the literal {text}: elsewhere in the corpus {text!r} stood for {seen}. "
                               "If it does here, link the mention to that entity and set its metonymy.")
        patterns.append(pattern)
    return patterns


def pattern_notes(patterns: list[dict]) -> dict[tuple[str, str], str]:
    """(label, name) -> the note of a pattern that carries one (see `corpus_patterns`)."""
    return {(p["label"], p["id"]): p["note"] for p in patterns if p.get("note")}


def _strip_article(name: str) -> str:
    for art in ("the ", "The "):
        if name.startswith(art) and len(name) > len(art):
            return name[len(art):]
    return name


def proposals(doc, ruler_tag: str, model_tag: str | None, allowed_types: set[str],
              notes: dict[tuple[str, str], str] | None = None) -> list[dict]:
    """[{start, end, text, type, name, source[, note]}] from doc.ents (ruler or model);
    `notes`: `pattern_notes`, given to a ruler proposal of that (type, name)."""
    out = []
    for ent in doc.ents:
        if "\n" in ent.text or not ent.text.strip() or ent.label_ not in allowed_types:
            continue
        if ent.ent_id_:  # set by the entity ruler's pattern id
            name, source = ent.ent_id_, ruler_tag
        elif model_tag and ent.label_ not in VALUE_TYPES:
            name, source = _strip_article(ent.text), model_tag
        else:
            continue
        prop = {"start": ent.start_char, "end": ent.end_char, "text": ent.text,
                "type": ent.label_, "name": name, "source": source}
        if ent.ent_id_ and notes and (ent.label_, name) in notes:
            prop["note"] = notes[(ent.label_, name)]
        out.append(prop)
    return out
