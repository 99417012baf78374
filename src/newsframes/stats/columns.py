"""Where each column of the built configs comes from, for the field tables of
docs/fields.md (`fields.py`): the record path of each column (`COLUMN_SOURCES`), and the
descriptions of the columns the build derives (`OWN_DESCRIPTIONS`, `OWN_NULLABLE`)."""

from __future__ import annotations

# config -> column -> record path (dots; `[]` = every item of a list)
COLUMN_SOURCES: dict[str, dict[str, str]] = {
    "articles": {
        "outlet": "source.outlet", "url": "source.url", "authors": "source.authors",
        "published_date": "source.published.date",
        "published_precision": "source.published.precision",
        "published_basis": "source.published.basis",
        "published_evidence": "source.published.evidence",
        "published_note": "source.published.note", "retrieved": "source.retrieved",
        "seed_file": "source.seed.file", "seed_sha256": "source.seed.sha256",
        "rights_status": "source.rights.status", "rights_note": "source.rights.note",
        "source_notes": "source.notes", "annotation_status": "annotation.status",
        "annotators": "annotation.annotators",
        "guidelines_version": "annotation.guidelines_version",
        "annotation_method": "annotation.method",
        "agents": "annotation.agents",
        "adjudicated_from": "annotation.adjudicated_from",
        "adjudication_log": "annotation.adjudication_log",
        "adjudicator": "annotation.adjudicator",
        "paragraphs": "structure.paragraphs", "sentences": "structure.sentences",
        "genre": "genre.label", "genre_source": "genre.source", "genre_note": "genre.note",
        "frames": "frames.labels", "primary_frame": "frames.primary",
        "frames_source": "frames.source", "frames_note": "frames.note",
    },
    "mentions": {
        "id": "mentions[].id", "start": "mentions[].start", "end": "mentions[].end",
        "text": "mentions[].text", "entity": "mentions[].entity",
        "entity_type": "entities[].type", "entity_wikidata": "entities[].wikidata",
        "entity_roles": "entities[].roles",
        "metonymy": "mentions[].metonymy", "source": "mentions[].source",
    },
    "claims": {
        "id": "claims[].id", "start": "claims[].start", "end": "claims[].end",
        "text": "claims[].text", "claimant": "claims[].claimant",
        "cue_start": "claims[].cue.start", "cue_end": "claims[].cue.end",
        "cue_text": "claims[].cue.text", "type": "claims[].type",
        "checkworthy": "claims[].checkworthy", "verdict": "claims[].verdict.label",
        "verdict_checked": "claims[].verdict.checked",
        "verdict_evidence": "claims[].verdict.evidence",
        "verdict_note": "claims[].verdict.note", "source": "claims[].source",
    },
    "techniques": {
        "id": "techniques[].id", "label": "techniques[].label", "start": "techniques[].start",
        "end": "techniques[].end", "text": "techniques[].text",
        "source": "techniques[].source", "note": "techniques[].note",
    },
}
_SOURCE_KIND = ("How the annotation was made, typed: the kind of `source` (`manual` and `tool+manual`: a person; "
                "`model` and `tool+model`: an AI model; `tool`: an unchecked tool proposal; `import`: another "
                "release's annotation). Filter on it to keep or drop people's or models' work.")
_SPAN_OWN = {
    "source_kind": _SOURCE_KIND,
    "article_id": "Id of the article the span belongs to (the `id` of its `articles` row).",
    "split": "Split of the article the span belongs to.",
    "text": "The span's text, text[start:end] of the article text; null when the article's text is "
            "withheld (`text_status`).",
    "text_sha256": "SHA-256 (hex) of the span's text in UTF-8, kept when the text is withheld: checks a "
                   "restored copy (`newsframes rehydrate`).",
    "text_status": "`present`, or `withheld:rights-<status>` when the rights policy (schema/rights.json) "
                   "leaves the article's text out of the built data (docs/rights.md).",
    "context": "The sentence(s) around the span (the paragraph when there are no sentences), "
               "for reading; offsets stay those of the article text; null when withheld.",
    "context_sha256": "SHA-256 (hex) of `context` in UTF-8, kept when the text is withheld.",
    "context_start": "Offset of `context` in the article text: the span is "
                     "context[start - context_start : end - context_start].",
}
OWN_NULLABLE = {("claims", "claimant_name"), ("articles", "text"), ("claims", "cue_text_sha256"),
                ("claims", "cue_text"),
                *((c, f) for c in ("mentions", "claims", "techniques") for f in ("text", "context"))}
OWN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "articles": {"text": "The normalised article text (`corpus/<id>.txt`); every offset "
                         "indexes into it, in Unicode code points. Null when the rights policy withholds "
                         "it (`text_status`); the `text` of the nested mentions, claims and cues, "
                         "techniques and timexes is then null too. `text_sha256` checks a restored copy.",
                 "text_status": "`present`, or `withheld:rights-<status>` (e.g. `withheld:rights-unknown`) "
                                "when the rights policy (schema/rights.json) leaves the text out of the built "
                                "data; restore it with `newsframes rehydrate` (docs/rights.md)."},
    "mentions": {**_SPAN_OWN, "entity_name": "Canonical name of the mention's entity."},
    "claims": {**_SPAN_OWN, "claimant_name": "Canonical name of the claimant entity; null "
                                             "when the claimant is `author` or `unnamed`.",
               "cue_text": "The cue's text (text[cue_start:cue_end]); null when there is no cue or the "
                           "article's text is withheld.",
               "cue_text_sha256": "SHA-256 (hex) of the cue's text in UTF-8 (null without a cue), kept when "
                                  "the text is withheld."},
    "techniques": {**_SPAN_OWN, "group": "Group of the technique (the six groups of the "
                                         "SemEval-2023 Task 3 guidelines)."},
}
CONFIG_TITLES = {
    "articles": "one row per article (default config); nested lists keep the record's layers",
    "mentions": "one row per entity mention",
    "claims": "one row per claim",
    "techniques": "one row per persuasion-technique span",
}
