"""Export the corpus as spaCy DocBins: `<out>/train.spacy`, `validation.spacy`, `test.spacy`.

Every split file is always written, an empty split as an empty DocBin, so the file
names the training config points at always exist (see configs/spacy/README.md for
what to pass as `--paths.dev` while the validation split is empty).

One Doc per article, tokenised by the blank spaCy class of its language (`spacy.blank("en")`
for English; `xx` for a language spaCy lacks, see validate.tokens.spacy_code) on the record text:

- `doc.ents`: the entity mentions, label = the entity's `type`, `kb_id_` = its Wikidata
  id (when set), `id_` = the mention id. Overlapping mentions cannot all be entities;
  `spacy.util.filter_spans` keeps the longest (then the earliest) and the others go to
  the span group `mentions_overlap`, so none is lost.
- span groups (each span's `id_` is the record's span id: m1, c1, p1, t1):
  `mentions` (all mentions; attrs["entity"] maps mention id -> entity id),
  `mentions_overlap` (mentions not in doc.ents), `claims` (label = claim type;
  attrs claimant / checkworthy / verdict by claim id), `claim_cues` (label "cue",
  id_ = the claim id), `techniques` (label = technique), `timexes` (label = TIMEX3
  type; attrs["value"] and attrs["mod"] map timex id -> value / mod). Span-group attrs
  are serialised by DocBin; Span extensions are not, hence attrs.
- `doc.cats`: the 14 frame labels only, 1.0 when present else 0.0, so
  `textcat_multilabel` trains on frames and nothing else. The genre is not a cat: it
  is in `doc.user_data["genre"]` (train a separate `textcat` on it if wanted).
- sentence starts from `structure.sentences` (`token.is_sent_start`).
- `doc.user_data`: id, split, genre, primary_frame (DocBin store_user_data=True).

Spans that do not fall on token boundaries are placed with `alignment_mode="expand"`
(widened to whole tokens) and counted as misaligned; a span that cannot be placed at
all is counted as unplaceable and listed, never dropped silently.

A Doc is its text: the export follows the rights policy (schema/rights.json, docs/rights.md)
as the build does. An article whose rights do not allow its text to be redistributed is
left out of the DocBins and listed in `counts["withheld"]`; `full_text=True` keeps it and
lists it in `counts["withheld_included"]` (the caller says loudly that those DocBins are
for the user's own use).
"""

from __future__ import annotations

from pathlib import Path

from ..jsonio import atomic_write_bytes
from ..splits import SPLITS

SPAN_GROUPS = ("mentions", "mentions_overlap", "claims", "claim_cues", "techniques", "timexes")


class ExportError(Exception):
    """Bad input for an export: message names the file, JSON pointer and what to do."""

    def __init__(self, code: str, where: str, message: str):
        super().__init__(f"{where}: {code} {message}")
        self.code, self.where, self.message = code, where, message


def _new_counts() -> dict:
    return {
        "docs": {s: 0 for s in SPLITS},
        "ents": 0,
        "mentions": 0,
        "overlaps_kept_in_group": 0,
        "misaligned_spans": 0,
        "unplaceable_spans": 0,
        "misaligned_sentence_starts": 0,
        "spans": {g: 0 for g in SPAN_GROUPS},
        "warnings": [],
        "withheld": [],  # "<id> (withheld:rights-<status>)": left out by the rights policy
        "withheld_included": [],  # the same, kept because full_text=True
    }


class _Placer:
    """Turns character offsets into token spans, counting every misalignment."""

    def __init__(self, doc, article_id: str, counts: dict):
        self.doc, self.article_id, self.counts = doc, article_id, counts

    def span(self, start: int, end: int, label: str, pointer: str, span_id: str | None = None, kb_id: str | None = None):
        doc = self.doc
        kw = {"label": label}
        if kb_id:
            kw["kb_id"] = kb_id
        if span_id:
            kw["span_id"] = span_id
        sp = doc.char_span(start, end, alignment_mode="strict", **kw)
        if sp is None:
            sp = doc.char_span(start, end, alignment_mode="expand", **kw)
            if sp is None or len(sp) == 0:
                self.counts["unplaceable_spans"] += 1
                self.counts["warnings"].append(
                    f"{self.article_id}{pointer}: span [{start}, {end}) cannot be placed on tokens; left out")
                return None
            self.counts["misaligned_spans"] += 1
            self.counts["warnings"].append(
                f"{self.article_id}{pointer}: span [{start}, {end}) is not on token boundaries; "
                f"expanded to [{sp.start_char}, {sp.end_char})")
        return sp


def _check_span(rec_id: str, text: str, span: dict, pointer: str) -> None:
    s, e = span.get("start"), span.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        raise ExportError("NFX102", f"corpus/{rec_id}.json#{pointer}",
                          f"offsets [{s}, {e}) are outside the text (length {len(text)}); "
                          "run `newsframes validate` and fix the record")


def article_to_doc(nlp, article, frames: list[str], counts: dict):
    """Build the Doc of one corpus article (see the module docstring for the layout)."""
    from spacy.tokens import SpanGroup
    from spacy.util import filter_spans

    rec, text, aid = article.record, article.text, article.id
    doc = nlp.make_doc(text)
    place = _Placer(doc, aid, counts)

    # sentence starts
    starts = set()
    for i, sent in enumerate((rec.get("structure") or {}).get("sentences") or []):
        _check_span(aid, text, sent, f"/structure/sentences/{i}")
        sp = doc.char_span(sent["start"], sent["end"], alignment_mode="strict")
        if sp is None:
            sp = doc.char_span(sent["start"], sent["end"], alignment_mode="expand")
            counts["misaligned_sentence_starts"] += 1
            counts["warnings"].append(f"{aid}/structure/sentences/{i}: sentence start not on a token boundary")
        if sp is not None and len(sp):
            starts.add(sp.start)
    if starts:
        for tok in doc:
            tok.is_sent_start = tok.i == 0 or tok.i in starts

    # entity mentions
    ent_by_id = {e["id"]: e for e in rec.get("entities") or []}
    mentions, entity_of = [], {}
    for i, m in enumerate(rec.get("mentions") or []):
        ptr = f"/mentions/{i}"
        _check_span(aid, text, m, ptr)
        ent = ent_by_id.get(m.get("entity"))
        if ent is None:
            raise ExportError("NFX103", f"corpus/{aid}.json#{ptr}/entity",
                              f"mention refers to unknown entity {m.get('entity')!r}; run `newsframes validate`")
        counts["mentions"] += 1
        if ent["type"] is None:  # schema 1.1.0: an imported entity without a type has no spaCy label
            counts["warnings"].append(f"{aid}{ptr}: mention of an untyped entity left out of doc.ents")
            continue
        sp = place.span(m["start"], m["end"], ent["type"], ptr, m["id"], ent.get("wikidata"))
        if sp is not None:
            mentions.append(sp)
            entity_of[m["id"]] = ent["id"]
    ents = filter_spans(mentions)
    kept = {(s.start, s.end, s.id_) for s in ents}
    overlap = [s for s in mentions if (s.start, s.end, s.id_) not in kept]
    doc.ents = ents
    counts["ents"] += len(ents)
    counts["overlaps_kept_in_group"] += len(overlap)
    groups = {
        "mentions": (mentions, {"entity": entity_of}),
        "mentions_overlap": (overlap, {}),
    }

    # claims and their attribution cues
    claims, cues, claimant, checkworthy, verdict = [], [], {}, {}, {}
    for i, c in enumerate(rec.get("claims") or []):
        ptr = f"/claims/{i}"
        _check_span(aid, text, c, ptr)
        sp = place.span(c["start"], c["end"], c["type"], ptr, c["id"])
        if sp is not None:
            claims.append(sp)
            claimant[c["id"]] = c.get("claimant")
            checkworthy[c["id"]] = c.get("checkworthy")
            verdict[c["id"]] = (c.get("verdict") or {}).get("label")
        if c.get("cue"):
            _check_span(aid, text, c["cue"], ptr + "/cue")
            cue = place.span(c["cue"]["start"], c["cue"]["end"], "cue", ptr + "/cue", c["id"])
            if cue is not None:
                cues.append(cue)
    groups["claims"] = (claims, {"claimant": claimant, "checkworthy": checkworthy, "verdict": verdict})
    groups["claim_cues"] = (cues, {})

    techniques = []
    for i, t in enumerate(rec.get("techniques") or []):
        ptr = f"/techniques/{i}"
        _check_span(aid, text, t, ptr)
        sp = place.span(t["start"], t["end"], t["label"], ptr, t["id"])
        if sp is not None:
            techniques.append(sp)
    groups["techniques"] = (techniques, {})

    timexes, value, mod = [], {}, {}
    for i, t in enumerate(rec.get("timexes") or []):
        ptr = f"/timexes/{i}"
        _check_span(aid, text, t, ptr)
        sp = place.span(t["start"], t["end"], t["type"], ptr, t["id"])
        if sp is not None:
            timexes.append(sp)
            value[t["id"]], mod[t["id"]] = t.get("value"), t.get("mod")
    groups["timexes"] = (timexes, {"value": value, "mod": mod})

    for name in SPAN_GROUPS:
        spans, attrs = groups[name]
        doc.spans[name] = SpanGroup(doc, name=name, attrs=attrs, spans=spans)
        counts["spans"][name] += len(spans)

    present = set((rec.get("frames") or {}).get("labels") or [])
    unknown = sorted(present - set(frames))
    if unknown:
        raise ExportError("NFX104", f"corpus/{aid}.json#/frames/labels",
                          f"unknown frame label(s) {unknown}; run `newsframes validate`")
    doc.cats = {f: 1.0 if f in present else 0.0 for f in frames}
    doc.user_data["id"] = aid
    doc.user_data["split"] = rec.get("split")
    doc.user_data["genre"] = (rec.get("genre") or {}).get("label")
    doc.user_data["primary_frame"] = (rec.get("frames") or {}).get("primary")
    return doc


def _policy():
    """The rights policy (needed by a full-text export too, to say which texts it holds)."""
    from ..rights import RightsError, default_policy

    try:
        return default_policy()
    except RightsError as exc:
        raise ExportError("NFX109", "schema/rights.json", "the rights policy cannot be used, so the export cannot "
                          "tell which texts it may hold:\n" + "\n".join(exc.problems)) from None


def _rights_status(record: dict):
    rights = (record.get("source") or {}).get("rights") if isinstance(record.get("source"), dict) else None
    return rights.get("status") if isinstance(rights, dict) else None


def export_spacy(corpus_dir, out_dir, *, full_text: bool = False) -> dict:
    """Write `<out_dir>/{train,validation,test}.spacy`; return the counts. Articles whose
    text the rights policy withholds are left out unless `full_text` (see the module).

    Raises ExportError on input the export cannot use (missing corpus, unknown split,
    offsets out of range, dangling references, an unusable rights policy)."""
    import spacy
    from spacy.tokens import DocBin

    from ..corpus import read_article, record_paths
    from ..rights import text_status
    from ..taxonomy import load_taxonomies

    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    if not corpus_dir.is_dir():
        raise ExportError("NFX101", str(corpus_dir), "corpus folder not found; pass --corpus DIR")
    frames = load_taxonomies().frames
    policy = _policy()
    from ..validate.tokens import spacy_code
    nlps: dict = {}  # one blank tokenizer per language class (validate.tokens.spacy_code)
    bins = {s: DocBin(store_user_data=True) for s in SPLITS}
    counts = _new_counts()
    paths = record_paths(corpus_dir)
    for json_path in paths:
        try:
            article = read_article(json_path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ExportError("NFX107", str(json_path),
                              f"cannot read the record or its text ({exc}); run `newsframes validate`") from None
        split = article.record.get("split")
        if split not in bins:
            raise ExportError("NFX105", f"corpus/{article.id}.json#/split",
                              f"split {split!r} is not one of {list(SPLITS)}")
        status = _rights_status(article.record)
        if not policy.text_allowed(status):
            entry = f"{article.id} ({text_status(str(status), True)})"
            if not full_text:
                counts["withheld"].append(entry)
                continue
            counts["withheld_included"].append(entry)
        try:
            code = spacy_code(article.record.get("language") or "en")
            nlp = nlps.get(code) or nlps.setdefault(code, spacy.blank(code))
            doc = article_to_doc(nlp, article, frames, counts)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ExportError("NFX108", str(json_path),
                              f"record does not have the expected shape ({exc!r}); run `newsframes validate`") from None
        bins[split].add(doc)
        counts["docs"][split] += 1
    if not paths:
        raise ExportError("NFX106", str(corpus_dir), "no corpus records (*.json) found")
    files = {}
    for split in SPLITS:
        path = out_dir / f"{split}.spacy"
        atomic_write_bytes(path, bins[split].to_bytes())
        files[split] = str(path)
    counts["files"] = files
    return counts
