"""Entity-mention proposals.

Knowledge accumulates: the entity ruler's patterns are the texts of the mentions already
in the corpus, each mapped to its entity's type and canonical name. The record being
annotated contributes only its checked (`manual` / `tool+manual:`) mentions, so a
re-run never learns from its own unchecked proposals (keeps `annotate` idempotent).
When one text maps to several (type, name) pairs, the most frequent wins (ties: the
first in sorted order).

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
                counts[text][(ent["type"], ent["name"])] += 1
    patterns = []
    for text in sorted(counts):
        (label, name), _ = sorted(counts[text].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        patterns.append({"label": label, "pattern": text, "id": name})
    return patterns


def _strip_article(name: str) -> str:
    for art in ("the ", "The "):
        if name.startswith(art) and len(name) > len(art):
            return name[len(art):]
    return name


def proposals(doc, ruler_tag: str, model_tag: str | None, allowed_types: set[str]) -> list[dict]:
    """[{start, end, text, type, name, source}] from doc.ents (ruler or model)."""
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
        out.append({"start": ent.start_char, "end": ent.end_char, "text": ent.text,
                    "type": ent.label_, "name": name, "source": source})
    return out
