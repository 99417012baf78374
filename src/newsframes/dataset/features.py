"""Hugging Face `Features` of the four configs, with every `ClassLabel` built from the
taxonomies (`newsframes.taxonomy.load_taxonomies()`), never from a hand-written list.

Column names are what research code sees: keep them stable once released (a rename is a
major version; a new column is a minor one, see schema/VERSIONING.md)."""

from __future__ import annotations

from ..provenance import agent_kinds, kinds
from ..taxonomy import Taxonomies

CONFIGS = ("articles", "mentions", "claims", "techniques")
DEFAULT_CONFIG = "articles"


def technique_groups(tax: Taxonomies) -> list[str]:
    """The technique groups in the order they first appear in the technique list."""
    out: list[str] = []
    for label in tax.techniques:
        group = tax.technique_groups[label]
        if group not in out:
            out.append(group)
    return out


def _evidence():
    from datasets import List, Value

    return List({"url": Value("string"), "published": Value("string"), "note": Value("string")})


def article_features(tax: Taxonomies):
    from datasets import ClassLabel, Features, List, Value

    s, i32 = Value("string"), Value("int32")

    def label(names):
        return ClassLabel(names=list(names))

    return Features({
        "id": s,
        "split": s,
        "language": s,
        "title": s,
        "text": s,
        "text_sha256": s,
        "text_status": s,
        "schema_version": s,
        # schema 1.1.0: the layers the record annotates (every layer for a 1.0.0 record)
        "annotated_layers": List(s),
        # source
        "outlet": s,
        "url": s,
        "authors": List(s),
        "published_date": s,
        "published_precision": s,
        "published_basis": s,
        "published_evidence": _evidence(),
        "published_note": s,
        "retrieved": s,
        "seed_file": s,
        "seed_sha256": s,
        "rights_status": s,
        "rights_note": s,
        "source_notes": List(s),
        # annotation
        "annotation_status": s,
        "annotators": List(s),
        "guidelines_version": s,
        "annotation_method": s,
        # schema 1.2.0: who each annotator was (a person or an AI model), who adjudicated
        "agents": List({"name": s, "kind": label(agent_kinds()), "model": s, "version": s, "note": s}),
        "adjudicated_from": List(s),
        "adjudication_log": s,
        "adjudicator": s,
        # structure
        "paragraphs": List({"start": i32, "end": i32, "kind": s, "techniques": List(label(tax.techniques))}),
        "sentences": List({"start": i32, "end": i32, "source": s}),
        # article-level labels
        "genre": label(tax.genre),
        "genre_source": s,
        "genre_note": s,
        "frames": List(label(tax.frames)),
        "primary_frame": label(tax.frames),
        "frames_source": s,
        "frames_note": s,
        "narratives": List({
            "narrative": label(tax.narratives),
            "subnarrative": label(tax.subnarratives),
            "source": s,
            "note": s,
        }),
        # layers
        "entities": List({
            "id": s,
            "name": s,
            "type": label(tax.entity_types),
            "wikidata": s,
            "roles": List({
                "main": label(tax.role_main),
                "fine": List(label(tax.role_fine)),
                "source": s,
                "note": s,
            }),
            "source": s,
            "note": s,
        }),
        "mentions": List({
            "id": s, "entity": s, "start": i32, "end": i32, "text": s, "metonymy": s, "source": s,
        }),
        "claims": List({
            "id": s,
            "start": i32,
            "end": i32,
            "text": s,
            "claimant": s,
            "cue": {"start": i32, "end": i32, "text": s},
            "type": label(tax.claim_types),
            "checkworthy": Value("bool"),
            "verdict": {
                "label": label(tax.verdicts),
                "checked": s,
                "evidence": _evidence(),
                "note": s,
            },
            "source": s,
        }),
        "techniques": List({
            "id": s, "label": label(tax.techniques), "start": i32, "end": i32, "text": s,
            "source": s, "note": s,
        }),
        "timexes": List({
            "id": s,
            "start": i32,
            "end": i32,
            "text": s,
            "type": label(tax.timex_types),
            "value": s,
            "mod": label(tax.timex_mods),
            "source": s,
        }),
    })


def _span_head():
    from datasets import Value

    s, i32 = Value("string"), Value("int32")
    return {"article_id": s, "split": s, "id": s, "start": i32, "end": i32, "text": s, "text_sha256": s,
            "text_status": s}


def _span_tail():
    from datasets import Value

    return {"context": Value("string"), "context_start": Value("int32"), "context_sha256": Value("string")}


def mention_features(tax: Taxonomies):
    from datasets import ClassLabel, Features, List, Value

    s = Value("string")
    return Features({
        **_span_head(),
        "entity": s,
        "entity_name": s,
        "entity_type": ClassLabel(names=list(tax.entity_types)),
        "entity_wikidata": s,
        # the framing roles of the mention's entity (SemEval-2025 Task 10 subtask 1 works on mentions)
        "entity_roles": List({"main": ClassLabel(names=list(tax.role_main)),
                              "fine": List(ClassLabel(names=list(tax.role_fine))), "source": s}),
        "metonymy": s,
        "source": s,
        "source_kind": ClassLabel(names=list(kinds())),
        **_span_tail(),
    })


def claim_features(tax: Taxonomies):
    from datasets import ClassLabel, Features, Value

    s, i32 = Value("string"), Value("int32")
    return Features({
        **_span_head(),
        "claimant": s,
        "claimant_name": s,
        "cue_start": i32,
        "cue_end": i32,
        "cue_text": s,
        "cue_text_sha256": s,
        "type": ClassLabel(names=list(tax.claim_types)),
        "checkworthy": Value("bool"),
        "verdict": ClassLabel(names=list(tax.verdicts)),
        "verdict_checked": s,
        "verdict_evidence": _evidence(),
        "verdict_note": s,
        "source": s,
        "source_kind": ClassLabel(names=list(kinds())),
        **_span_tail(),
    })


def technique_features(tax: Taxonomies):
    from datasets import ClassLabel, Features, Value

    s = Value("string")
    return Features({
        **_span_head(),
        "label": ClassLabel(names=list(tax.techniques)),
        "group": ClassLabel(names=technique_groups(tax)),
        "source": s,
        "source_kind": ClassLabel(names=list(kinds())),
        "note": s,
        **_span_tail(),
    })


def features_for(config: str, tax: Taxonomies):
    makers = {"articles": article_features, "mentions": mention_features,
              "claims": claim_features, "techniques": technique_features}
    try:
        return makers[config](tax)
    except KeyError:
        raise ValueError(f"unknown config {config!r} (choose from {', '.join(CONFIGS)})") from None
