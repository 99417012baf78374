"""Level 3: consistency of one schema-valid record with its text (cheap checks first,
the tokenizer last and only when a span needs it)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..taxonomy import load_taxonomies
from .issues import Issue, make
from .l3_layers import check_layers
from .l3_provenance import check_provenance_agents
from .l3_refs import (
    check_evaluative,
    check_ids,
    check_labels,
    check_provenance,
    check_references,
    check_timexes,
    check_verdicts,
)
from .l3_spans import check_duplicate_spans, check_paragraphs, check_sentences, check_spans
from .tokens import token_boundaries


def check_article(record: dict, text: str, text_bytes: bytes, display: str, *,
                  taxonomy_dir: Path | None = None, cache_dir: Path | None = None,
                  tokens: bool = True) -> list[Issue]:
    """`tokens=False` skips the token-boundary checks (NF317/NF318, the only ones that need
    the spaCy tokenizer): for callers that need the errors of records whose spans are
    all soft, such as `newsframes import` before it writes."""
    tax = load_taxonomies(taxonomy_dir)
    issues: list[Issue] = []
    sha = hashlib.sha256(text_bytes).hexdigest()
    if sha != record["text_sha256"]:
        issues.append(make("NF301", display, f"text_sha256 is {record['text_sha256'][:12]}… but the text's "
                           f"SHA-256 is {sha[:12]}…", pointer="/text_sha256"))
    issues += check_ids(record, display)
    issues += check_references(record, display, tax)
    issues += check_labels(record, display, tax)
    issues += check_timexes(record, display)
    issues += check_verdicts(record, display)
    issues += check_evaluative(record, display)
    issues += check_paragraphs(record, text, display)
    issues += check_sentences(record, text, display)
    if tokens:
        issues += check_spans(record, text, display, lambda: token_boundaries(text, cache_dir, sha))
    else:
        every = frozenset(range(len(text) + 1))
        issues += check_spans(record, text, display, lambda: (every, every))
    issues += check_duplicate_spans(record, display)
    issues += check_provenance(record, display)
    issues += check_layers(record, display)
    issues += check_provenance_agents(record, display)
    return issues
