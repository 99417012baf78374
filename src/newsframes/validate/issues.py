"""The error record and the catalogue of check codes.

Every check has a stable code (NF1xx file, NF2xx schema, NF3xx article, NF4xx corpus),
a slug, a severity and a hint. `schema/ERRORS.md` is generated from `CATALOGUE`
(`newsframes validate --catalogue > schema/ERRORS.md`); a test keeps it current.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    slug: str
    severity: str
    level: str
    summary: str
    hint: str


@dataclass(frozen=True)
class Issue:
    path: str
    code: str
    slug: str
    severity: str
    message: str
    hint: str
    pointer: str | None = None  # RFC 6901 JSON pointer into the record
    line: int | None = None  # 1-based line in the file (text checks, parse errors)
    column: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def sort_key(self):
        return (self.path, self.line or 0, self.pointer or "", self.code, self.message)


_L1, _L2, _L3, _L4, _L5 = "file", "schema", "article", "corpus", "annotations"
_FMT = "run `newsframes fmt` on the record"

_CODES = [
    # --- L1: file ---------------------------------------------------------------------
    Code("NF101", "unreadable-file", ERROR, _L1, "the file cannot be read (permissions, a folder, I/O error)",
         "check that the path is a readable regular file"),
    Code("NF102", "empty-file", ERROR, _L1, "the file is empty (0 bytes)",
         "restore the file from git or delete the record pair"),
    Code("NF103", "file-too-large", ERROR, _L1,
         "the file is larger than the limit (8 MiB for a record, 4 MiB for a text); it is not read",
         "a news article is far smaller: check that the right file was saved here"),
    Code("NF104", "invalid-utf8", ERROR, _L1, "the bytes are not valid UTF-8",
         "re-save the file as UTF-8 (the line and byte are given)"),
    Code("NF105", "byte-order-mark", ERROR, _L1, "the file starts with a UTF-8 byte order mark",
         "remove the BOM (save as UTF-8 without BOM)"),
    Code("NF106", "not-nfc", ERROR, _L1, "the text is not in Unicode normalisation form NFC",
         "normalise with unicodedata.normalize('NFC', text), then re-anchor the spans"),
    Code("NF107", "carriage-return", ERROR, _L1, "the file contains CR characters (CRLF or CR line endings)",
         "convert line endings to LF"),
    Code("NF108", "control-character", ERROR, _L1,
         "a control, zero-width, bidi or line/paragraph separator character other than \\n",
         "delete the character (the line and column are given)"),
    Code("NF109", "trailing-space", ERROR, _L1, "a line of the text ends with spaces or tabs",
         "strip trailing whitespace from the line, then re-anchor the spans after it"),
    Code("NF110", "nesting-too-deep", ERROR, _L1, "JSON arrays/objects nested deeper than 64 levels (checked before parsing)",
         "a record is at most a few levels deep: the file is damaged or not a record"),
    Code("NF111", "invalid-json", ERROR, _L1, "the record is not valid JSON (or uses NaN/Infinity)",
         "fix the syntax at the given line and column"),
    Code("NF112", "duplicate-key", ERROR, _L1, "an object has the same key twice",
         "keep one of the two values"),
    Code("NF113", "not-an-object", ERROR, _L1, "the top level of the record is not a JSON object",
         "a record is one JSON object: see tests/fixtures/valid/corpus/"),
    Code("NF114", "id-mismatch", ERROR, _L1, "the record's `id` differs from its file name",
         "rename the file to <id>.json (and <id>.txt) or fix `id`; released ids never change"),
    Code("NF115", "missing-text", ERROR, _L1, "the text file <id>.txt beside the record is missing",
         "restore corpus/<id>.txt (the normalised text the offsets point into)"),
    Code("NF116", "non-canonical", WARNING, _L1, "the record's bytes differ from the canonical JSON form",
         _FMT),
    Code("NF117", "lone-surrogate", ERROR, _L1,
         "a string holds a lone UTF-16 surrogate (a `\\ud800`-`\\udfff` escape without its pair): "
         "it is not a character and cannot be written as UTF-8",
         "delete the escape, or write the character itself (the JSON pointer is given)"),
    Code("NF118", "escaped-control-character", ERROR, _L1,
         "a string holds, written as a JSON escape (`\\u001b`, `\\t`, `\\u202e`, ...), a character NF108 "
         "refuses: a control, zero-width, bidi or line/paragraph separator character (`\\n` is allowed)",
         "delete the escape (the JSON pointer is given)"),
    Code("NF199", "internal-error", ERROR, _L1, "the validator failed on this file (a bug in newsframes, not in the record)",
         "please report it with the file attached"),
    # --- L2: schema -------------------------------------------------------------------
    Code("NF201", "wrong-type", ERROR, _L2, "a value has the wrong JSON type", "see the schema's description of the field"),
    Code("NF202", "missing-property", ERROR, _L2, "a required property is missing",
         "add it; unknown values are null with a note, never left out"),
    Code("NF203", "unknown-property", ERROR, _L2, "a property the schema does not define", "remove it or fix its spelling"),
    Code("NF204", "unknown-label", ERROR, _L2, "a value is not among the allowed labels (enum)",
         "use a label from schema/taxonomies/*.json (the message suggests the closest, when one is close)"),
    Code("NF205", "pattern-mismatch", ERROR, _L2, "a string does not match the required pattern (ids, dates, provenance, urls)",
         "see the pattern in the message"),
    Code("NF206", "schema-violation", ERROR, _L2, "any other JSON Schema rule (minimum, minLength, uniqueItems, minItems, ...)",
         "see the schema's description of the field"),
    # --- L3: article ------------------------------------------------------------------
    Code("NF301", "text-hash-mismatch", ERROR, _L3, "`text_sha256` is not the SHA-256 of <id>.txt",
         "the text was edited: `newsframes reanchor <id>` moves every span to the new text and updates "
         "text_sha256 (or restore the text from git)"),
    Code("NF302", "offset-out-of-range", ERROR, _L3, "a span offset lies past the end of the text",
         "offsets are 0-based code points into <id>.txt, end exclusive"),
    Code("NF303", "span-text-mismatch", ERROR, _L3, "the span's `text` differs from text[start:end]",
         "re-anchor the span (offsets count Unicode code points, not UTF-16 units or bytes)"),
    Code("NF304", "empty-or-reversed-span", ERROR, _L3, "a span has start >= end",
         "start is the first code point, end the one after the last"),
    Code("NF305", "duplicate-id", ERROR, _L3, "two entities/mentions/claims/techniques/timexes share an id",
         "give each its own id (e1, e2, ...)"),
    Code("NF306", "dangling-entity", ERROR, _L3, "a mention refers to an entity id that does not exist",
         "add the entity or fix the mention's `entity`"),
    Code("NF307", "dangling-claimant", ERROR, _L3, "a claim's claimant e<n> is not an entity of the record",
         "add the entity, or use `author` / `unnamed`"),
    Code("NF308", "fine-role-mismatch", ERROR, _L3, "a fine role does not belong to its main role",
         "see schema/taxonomies/entity_roles.json for which fine roles go with which main role"),
    Code("NF309", "subnarrative-mismatch", ERROR, _L3, "a sub-narrative does not belong to its narrative",
         "pick a sub-narrative listed under the narrative in schema/taxonomies/"),
    Code("NF310", "label-not-in-taxonomy", ERROR, _L3,
         "a label is missing from schema/taxonomies/*.json (the schema's enums are stale)",
         "run `newsframes schema --check`; use a label from the taxonomy"),
    Code("NF311", "primary-not-in-frames", ERROR, _L3, "`frames.primary` is not one of `frames.labels`",
         "add the primary frame to `labels` or change `primary`"),
    Code("NF312", "label-missing", ERROR, _L3,
         "`genre.label` or `frames.primary` is null in a record that is not a draft",
         "choose the genre / the dominant frame, or set annotation.status to `draft`"),
    Code("NF313", "bad-timex-value", ERROR, _L3, "a TIMEX3 value is not well formed for its type",
         "DATE 2025-06-30/2025-W26-WE/2025-FA/PRESENT_REF (undated article: XXXX-WXX-2, XXXX-SP, XXXX-03; "
         "GUIDELINES §9), TIME 2025-06-30T14:00 or XXXX-WXX-2TEV, DURATION P2D/PT3H/PXY; SET only for a "
         "recurring time (\"every Monday\"): P1W or XXXX-WXX-1"),
    Code("NF314", "verdict-without-evidence", ERROR, _L3, "a verdict other than `unverified` lists no evidence",
         "cite dated public evidence, or use `unverified`"),
    Code("NF315", "verdict-without-date", ERROR, _L3, "a verdict lists evidence but no `checked` date",
         "set `checked` to the day the evidence was consulted"),
    Code("NF316", "paragraphs-mismatch", ERROR, _L3, "`structure.paragraphs` do not match the non-empty lines of the text",
         "one paragraph per non-empty line, in order, start..end of the line"),
    Code("NF317", "token-boundary", ERROR, _L3,
         "a mention or timex starts or ends inside a token (spaCy blank English tokenizer)",
         "extend or trim the span to whole tokens"),
    Code("NF318", "token-boundary-soft", WARNING, _L3,
         "a claim, claim cue or technique span starts or ends inside a token; allowed (long spans may cut at "
         "punctuation the tokenizer glues to a word) but usually a slip",
         "check the span's edges"),
    Code("NF319", "unchecked-tool-output", WARNING, _L3,
         "a record marked single/reviewed/adjudicated still holds `tool:` proposals nobody checked "
         "(sentence boundaries excepted: they are tool output by design)",
         "check each proposal and mark it `tool+manual:...`, or delete it"),
    Code("NF320", "sentence-outside-paragraph", ERROR, _L3, "a sentence does not lie within one paragraph",
         "sentence boundaries never cross a line; re-run `newsframes annotate` or fix the offsets"),
    Code("NF321", "unannotated-layer-filled", ERROR, _L3,
         "a layer the record does not list in `annotated_layers` holds annotations (an unlisted layer was not "
         "annotated and must be empty; with only `roles` listed, entities and mentions are those carrying roles)",
         "add the layer to `annotated_layers` if it was annotated exhaustively, else remove its annotations"),
    Code("NF322", "duplicate-span", ERROR, _L3,
         "a span is repeated in its layer: same offsets and same entity (mention), claimant (claim), "
         "label (technique) or type (timex)",
         "delete the repeat; the same words elsewhere in the text have other offsets "
         "(`newsframes find <id> \"<words>\"` lists every occurrence)"),
    Code("NF323", "draft-record", WARNING, _L3,
         "a corpus record is still a draft (`annotation.status` is `draft`): work in progress, its genre and "
         "primary frame may be null and its tool proposals unchecked; CI shows it on every run",
         "finish every layer, check every `tool:` proposal, then set annotation.status to `single` "
         "(CONTRIBUTING §4); a pull request adding a draft says why in its description"),
    Code("NF336", "evaluative-checkworthy", ERROR, _L3, "an `evaluative` claim is marked check-worthy",
         "GUIDELINES §7.3: set `checkworthy` to false, or, if a fact-checker would check a factual core, "
         "type the claim by that core (factual, quantitative, ...)"),
    Code("NF340", "annotator-without-agent", ERROR, _L3,
         "a record of schema 1.2.0 or later names an annotator with no entry in `annotation.agents`",
         "add {name, kind: person|model|unknown, model, version, note} for it (docs/annotations.md)"),
    Code("NF341", "agent-not-annotator", ERROR, _L3,
         "an entry of `annotation.agents` is not one of `annotation.annotators`, or is listed twice (also "
         "under a spelling that differs only by case, white space or Unicode normalisation)",
         "one agent per annotator, with the same name"),
    Code("NF342", "agent-fields", ERROR, _L3,
         "a `model` agent without its `model` or `version`, or a `person`/`unknown` agent that names one",
         "for a model whose name or version was not recorded write `unrecorded` / `unknown`; a person has "
         "null model and version"),
    Code("NF343", "model-source-without-agent", ERROR, _L3,
         "a `model:<name>/<version>` or `tool+model:...,<name>/<version>` source names a model that is not a "
         "`model` agent of the record",
         "add the model to annotation.agents, or fix the source"),
    Code("NF344", "manual-by-model", ERROR, _L3,
         "`manual` or `tool+manual:` sources (a person's work) in a record whose agents are all AI models",
         "a model's work is `model:<name>/<version>` (or `tool+model:<tool>/<version>,<name>/<version>` for a "
         "tool proposal it checked); `newsframes migrate --agents PLAN` rewrites them"),
    Code("NF345", "adjudicator", ERROR, _L3,
         "an adjudicated gold record of schema 1.2.0 or later does not name its `adjudicator` (one of "
         "`annotators`), or a record that is not adjudicated names one",
         "set annotation.adjudicator to the annotator who resolved the disagreements"),
    Code("NF347", "model-work-by-hand", WARNING, _L3,
         "the method text or the pass note says \"by hand\", \"manually\" or \"hand-...\" in a record whose "
         "agents are all AI models",
         "describe what the model did; \"by hand\" means a person"),
    # --- L4: corpus -------------------------------------------------------------------
    Code("NF401", "duplicate-record-id", ERROR, _L4, "two record files carry the same `id`", "ids are unique in the corpus"),
    Code("NF402", "duplicate-text", ERROR, _L4, "two records have the same text (same text_sha256)",
         "keep one record; remove the duplicate article"),
    Code("NF403", "split-changed", ERROR, _L4, "a released article's split differs from the release manifest",
         "restore the split of releases/<version>.json; splits never change after a release"),
    Code("NF404", "released-article-missing", WARNING, _L4,
         "an article of a release manifest is no longer in the corpus (checked when a whole corpus folder is validated)",
         "if it was withdrawn on purpose, say so in CHANGELOG.md"),
    Code("NF405", "orphan-text", WARNING, _L4, "a .txt file has no .json record beside it",
         "add the record (`newsframes add`) or delete the text"),
    Code("NF406", "bad-release-manifest", ERROR, _L4, "a release manifest releases/<version>.json cannot be read",
         "restore it from git: manifests are written once per release"),
    Code("NF407", "declared-same-text", WARNING, _L4,
         "two records have the same text, and one says so in `source.notes` (`Same text as `<id>``): a release "
         "that has one text under several ids with different gold, imported as released",
         "nothing to do for an import kept as released; otherwise keep one record"),
    # --- L5: annotation passes (annotations/<article-id>/<pass-id>.json) ---------------
    Code("NF501", "pass-article-mismatch", ERROR, _L5,
         "a pass's `id` differs from its folder annotations/<article-id>/",
         "a pass is a record of the article its folder names: move the file or fix `id`"),
    Code("NF502", "pass-without-article", ERROR, _L5,
         "a pass's article has no text corpus/<article-id>.txt",
         "add the article to the corpus first (`newsframes add`), or fix the folder name"),
    Code("NF503", "pass-id-mismatch", ERROR, _L5,
         "a pass has no `annotation.pass`, or its `annotation.pass.id` differs from the file name",
         "set annotation.pass (id, annotator, started, finished, tool, saw, note) with id = the file name "
         "without .json"),
    Code("NF504", "bad-pass-file-name", ERROR, _L5,
         "a file under annotations/ is not annotations/<article-id>/<pass-id>.json with a slug pass id",
         "pass ids are lowercase letters, digits and hyphens (e.g. pass-1, ls-anna), at most 41 characters"),
    Code("NF505", "adjudicated-without-passes", ERROR, _L5,
         "a gold record with status `adjudicated` does not name the passes it was adjudicated from",
         "set annotation.adjudicated_from to the ids of two or more passes in annotations/<id>/"),
    Code("NF506", "unknown-pass", ERROR, _L5,
         "annotation.adjudicated_from names a pass with no file annotations/<id>/<pass-id>.json",
         "add the pass file, or fix the pass id"),
    Code("NF507", "missing-adjudication-log", ERROR, _L5,
         "annotation.adjudication_log names a file that does not exist",
         "add the log (every disagreement and how it was resolved), or set adjudication_log to null"),
    Code("NF508", "pass-block-in-gold", ERROR, _L5,
         "a corpus record carries `annotation.pass` (only pass files under annotations/ do)",
         "move the pass to annotations/<id>/<pass-id>.json, or remove annotation.pass from the gold record"),
    Code("NF509", "pass-annotator", ERROR, _L5,
         "a pass's `annotation.pass.annotator` is not one of `annotators` (or, from schema 1.2.0, has no "
         "entry in `agents`)",
         "name the pass's annotator in annotators and agents"),
]

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}


def make(code: str, path, message: str, *, pointer: str | None = None, line: int | None = None,
         column: int | None = None, hint: str | None = None) -> Issue:
    c = CATALOGUE[code]
    return Issue(path=str(path), code=c.code, slug=c.slug, severity=c.severity, message=message,
                 hint=hint or c.hint, pointer=pointer, line=line, column=column)


def pointer(*parts) -> str:
    """An RFC 6901 JSON pointer from path parts (``~`` -> ``~0``, ``/`` -> ``~1``)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def catalogue_markdown() -> str:
    out = [
        "# Validation error codes",
        "",
        ("Generated from `src/newsframes/validate/issues.py` by "
         "`newsframes validate --catalogue > schema/ERRORS.md`; do not edit by hand."),
        "",
        ("Levels run in order: file (NF1xx), schema (NF2xx), article (NF3xx), corpus (NF4xx); "
         "annotation passes under annotations/ get the same file, schema and article checks plus "
         "their own (NF5xx). "
         "When a file fails a file-level check, its schema and article checks are skipped; when the "
         "schema fails, the article checks are skipped (they assume the shapes the schema "
         "guarantees). Other files are still checked. Exit status: 0 valid (warnings allowed), "
         "1 errors (or warnings with `--strict`), 2 usage error."),
        "",
        ("Token boundaries come from the blank spaCy tokenizer of the record's language "
         "(`spacy.blank(\"en\")` for English; the multi-language `xx` for a language spaCy lacks, e.g. `ka`). "
         "A mention or timex that cuts a token is an error (names and dates are whole tokens). "
         "A claim, cue or technique that cuts a token is only a warning: long passages may "
         "legitimately end at punctuation that the tokenizer glues to a word (e.g. a claim "
         "that stops before the final period of a sentence ending in `U.S.`, one token)."),
        "",
        "| code | slug | severity | level | what it means | what to do |",
        "|---|---|---|---|---|---|",
    ]
    for c in _CODES:
        out.append(f"| {c.code} | `{c.slug}` | {c.severity} | {c.level} | "
                   f"{_md(c.summary)} | {_md(c.hint)} |")
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    return s.replace("|", "\\|")
