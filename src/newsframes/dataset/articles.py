"""One article: its record and text -> its rows in every config (JSON Lines with labels
as ClassLabel ids, what `write.to_table` parses with pyarrow's JSON reader) and its
facts (`ArticleFacts`: what the manifest, the card and the summary need of it besides its
rows). No Arrow work happens here, so a conversion needs neither pyarrow nor pandas.

A build converts only the bytes its validation checked: given the digests validation saw
(`expected`), a record whose files hash otherwise when converted is refused as changed
during the build (`Changed`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .features import CONFIGS

LAYERS = ("entities", "timexes", "narratives")  # nested layers counted for the build summary
_CFG = {cfg: i for i, cfg in enumerate(CONFIGS)}
_LAYER = {layer: i for i, layer in enumerate(LAYERS)}


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the build needs of one article besides its rows (tuples in the order of
    CONFIGS and LAYERS). Kept with its group in the store and in data/MANIFEST.json."""

    id: str
    split: str
    language: str
    schema_version: str
    record_sha256: str  # of the .json bytes
    text_sha256: str  # of the .txt bytes
    rights: str  # source.rights.status (a full-text build says whether it keeps withheld text)
    text_status: str  # "present" or "withheld:rights-<status>" (newsframes.rights)
    rows: tuple  # rows per config
    layers: tuple  # items per LAYERS
    sources: tuple = ()  # ((source key, annotations), ...): `sources.record_facts`
    present: tuple = ()  # layers holding annotations (`sources.record_facts`)

    def n_rows(self, config: str) -> int:
        return self.rows[_CFG[config]]

    def n_layer(self, layer: str) -> int:
        return self.layers[_LAYER[layer]]

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What its rows are made from: (id, record sha256, text sha256, text status)."""
        return self.id, self.record_sha256, self.text_sha256, self.text_status

    def to_json(self) -> dict:
        return {"id": self.id, "split": self.split, "record_sha256": self.record_sha256,
                "text_sha256": self.text_sha256, "language": self.language, "schema_version": self.schema_version,
                "rights": self.rights, "text_status": self.text_status, "rows": list(self.rows),
                "layers": list(self.layers), "sources": {k: n for k, n in self.sources},
                "annotated": list(self.present)}

    @classmethod
    def from_json(cls, d: dict) -> ArticleFacts:
        """ValueError for anything that is not a `to_json` object."""
        try:
            facts = cls(d["id"], d["split"], d["language"], d["schema_version"], d["record_sha256"],
                        d["text_sha256"], d["rights"], d["text_status"], tuple(d["rows"]), tuple(d["layers"]),
                        tuple(sorted((str(k), n) for k, n in d["sources"].items())), tuple(d["annotated"]))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not the facts of an article: {exc}") from None
        strings = (facts.id, facts.split, facts.language, facts.schema_version, facts.record_sha256,
                   facts.text_sha256, facts.rights, facts.text_status, *facts.present)
        if not all(isinstance(s, str) for s in strings) or len(facts.rows) != len(CONFIGS) or \
                len(facts.layers) != len(LAYERS) or not all(type(n) is int for n in facts.rows + facts.layers) or \
                not all(type(n) is int for _, n in facts.sources):
            raise ValueError("not the facts of an article")
        return facts


class Changed(Exception):
    """A record's files are not the bytes the build validated."""


def changed_message(name: str) -> str:
    return (f"{name} changed while the build was running (its bytes differ from those validated); "
            "nothing was built from it: run the build again")


@lru_cache(maxsize=1)
def _taxonomies():
    from ..taxonomy import load_taxonomies

    return load_taxonomies()


def encoders(descs: dict) -> dict:
    """config -> the row encoder compiled from its description (`bundle.Bundle.desc`)."""
    from .encode import compile_desc

    return {cfg: compile_desc(d) for cfg, d in descs.items()}


def text_status(rights: str, policy) -> str:
    """The `text_status` of the rows of an article whose `source.rights.status` is `rights`
    under `policy` (`Policy.as_args()` of a build that withholds text the rights policy
    does not allow, or None for a full-text build)."""
    from ..rights import text_status as status_of

    if policy is None:
        return status_of("", False)
    return status_of(rights, not dict(policy[0]).get(rights, False))


def convert(json_path: str, policy=None, expected: tuple[str, str] | None = None,
            encode: dict | None = None) -> tuple[ArticleFacts, dict]:
    """(facts, config -> the rows as label-encoded JSON Lines) of one article. `policy`:
    see `text_status` (the text of an article it does not allow is withheld). `expected`:
    the SHA-256 of the .json and .txt bytes that were validated (Changed when they differ).
    `encode`: `encoders(...)` of the configs (default: those of the installed features)."""
    from ..corpus import Article
    from ..rights import PRESENT
    from .rows import article_row, claim_rows, mention_rows, span_sort_key, technique_rows
    from .sources import record_facts
    from .textfields import withhold
    from .writer import jsonl_bytes

    jp = Path(json_path)
    jb = jp.read_bytes()
    tb = jp.with_suffix(".txt").read_bytes()
    rs, ts = hashlib.sha256(jb).hexdigest(), hashlib.sha256(tb).hexdigest()
    if expected is not None and (rs, ts) != tuple(expected):
        raise Changed(changed_message(jp.name))
    record = json.loads(jb.decode("utf-8"))
    art = Article(jp.stem, jp, jp.with_suffix(".txt"), record, tb.decode("utf-8"))
    if encode is None:
        from .bundle import bundles

        encode = encoders({cfg: b.desc for cfg, b in bundles().items()})
    tax = _taxonomies()
    rows = {"articles": [article_row(art)],
            "mentions": sorted(mention_rows(art), key=span_sort_key),
            "claims": sorted(claim_rows(art), key=span_sort_key),
            "techniques": sorted(technique_rows(art, tax), key=span_sort_key)}
    status = text_status(record["source"]["rights"]["status"], policy)
    if status != PRESENT:
        withhold(rows, status)
    encoded = {cfg: jsonl_bytes([encode[cfg](r) for r in rows[cfg]]) for cfg in CONFIGS}
    sources, present = record_facts(record)
    facts = ArticleFacts(id=record["id"], split=record["split"], language=record["language"],
                         schema_version=record.get("schema_version", ""), record_sha256=rs, text_sha256=ts,
                         rights=record["source"]["rights"]["status"], text_status=status,
                         rows=tuple(len(rows[cfg]) for cfg in CONFIGS), layers=tuple(len(record[k]) for k in LAYERS),
                         sources=sources, present=present)
    return facts, encoded
