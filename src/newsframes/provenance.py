"""Who made an annotation: the `source` strings of schema 1.2.0 and the record's agents.

`source` of one annotation (schema/article.schema.json `$defs/provenance`):

| kind | string | made by |
|---|---|---|
| `manual` | `manual` | a person, by hand |
| `model` | `model:<name>/<version>` | an AI model (`unrecorded/unknown` when the model was not recorded) |
| `tool` | `tool:<name>/<version>` | a tool's proposal that nobody checked |
| `tool+manual` | `tool+manual:<name>/<version>` | a tool's proposal checked or corrected by a person |
| `tool+model` | `tool+model:<tool>/<version>,<model>/<version>` | a tool's proposal checked by an AI model |
| `import` | `import:<format>/sha256:<12 hex>` | taken from another release (its own annotators) |

The kinds and the agent kinds are listed once, in the schema (`$defs/source_kind`,
`$defs/agent`); `KINDS` and `AGENT_KINDS` read them from there."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

NAME = r"[A-Za-z0-9_.\-]+"
VERSION = r"[A-Za-z0-9_.+\-]+"
_PARSE = re.compile(
    rf"\A(?:(?P<manual>manual)"
    rf"|model:(?P<m_name>{NAME})/(?P<m_ver>{VERSION})"
    rf"|tool:(?P<t_name>{NAME})/(?P<t_ver>{VERSION})"
    rf"|tool\+manual:(?P<tm_name>{NAME})/(?P<tm_ver>{VERSION})"
    rf"|tool\+model:(?P<tx_name>{NAME})/(?P<tx_ver>{VERSION}),(?P<tx_model>{NAME})/(?P<tx_mver>{VERSION})"
    rf"|import:(?P<i_fmt>[a-z0-9]+)/sha256:(?P<i_sha>[0-9a-f]{{12}}))\Z")

# who stands behind each kind of annotation, for the statistics and the card
PEOPLE = ("manual", "tool+manual")
MODELS = ("model", "tool+model")
UNCHECKED = ("tool",)
IMPORTED = ("import",)


@dataclass(frozen=True)
class Source:
    kind: str  # one of KINDS
    tool: str | None = None  # "<name>/<version>" of the tool that proposed it
    model: str | None = None  # model name (`model:` and `tool+model:`)
    version: str | None = None  # model version
    format: str | None = None  # import format

    @property
    def model_id(self) -> str | None:
        return None if self.model is None else f"{self.model}/{self.version}"


def parse(source: str) -> Source | None:
    """The parts of a `source` string; None when it is not one of the schema's forms."""
    m = _PARSE.match(source) if isinstance(source, str) else None
    if m is None:
        return None
    g = m.groupdict()
    if g["manual"]:
        return Source("manual")
    if g["m_name"]:
        return Source("model", model=g["m_name"], version=g["m_ver"])
    if g["t_name"]:
        return Source("tool", tool=f"{g['t_name']}/{g['t_ver']}")
    if g["tm_name"]:
        return Source("tool+manual", tool=f"{g['tm_name']}/{g['tm_ver']}")
    if g["tx_name"]:
        return Source("tool+model", tool=f"{g['tx_name']}/{g['tx_ver']}", model=g["tx_model"],
                      version=g["tx_mver"])
    return Source("import", format=g["i_fmt"])


def kind(source: str) -> str | None:
    """The kind of a `source` string (`manual`, `model`, `tool`, `tool+manual`,
    `tool+model`, `import`), None when it is not well formed."""
    p = parse(source)
    return None if p is None else p.kind


def _schema() -> dict:
    from .paths import schema_dir

    return json.loads((schema_dir() / "article.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The source kinds, in the schema's order (`$defs/source_kind`): the names of the
    `source_kind` ClassLabel of the span configs."""
    return tuple(_schema()["$defs"]["source_kind"]["enum"])


@lru_cache(maxsize=1)
def agent_kinds() -> tuple[str, ...]:
    """`person`, `model`, `unknown` (`$defs/agent/properties/kind`)."""
    return tuple(_schema()["$defs"]["agent"]["properties"]["kind"]["enum"])


def iter_sources(record: dict):
    """(JSON pointer parts, source) of every annotation of a record that records how it
    was made, in record order."""
    for key in ("genre", "frames"):
        block = record.get(key)
        if isinstance(block, dict) and "source" in block:
            yield (key, "source"), block["source"]
    for i, n in enumerate(record.get("narratives") or []):
        if isinstance(n, dict) and "source" in n:
            yield ("narratives", i, "source"), n["source"]
    for i, e in enumerate(record.get("entities") or []):
        if not isinstance(e, dict):
            continue
        if "source" in e:
            yield ("entities", i, "source"), e["source"]
        for j, r in enumerate(e.get("roles") or []):
            if isinstance(r, dict) and "source" in r:
                yield ("entities", i, "roles", j, "source"), r["source"]
    for layer in ("mentions", "claims", "techniques", "timexes"):
        for i, s in enumerate(record.get(layer) or []):
            if isinstance(s, dict) and "source" in s:
                yield (layer, i, "source"), s["source"]
    structure = record.get("structure")
    if isinstance(structure, dict):
        for i, s in enumerate(structure.get("sentences") or []):
            if isinstance(s, dict) and "source" in s:
                yield ("structure", "sentences", i, "source"), s["source"]


def version_at_least(version, target: tuple[int, int, int]) -> bool:
    """Whether a `schema_version` string "X.Y.Z" is `target` or later (False when malformed)."""
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version) if isinstance(version, str) else None
    return m is not None and tuple(int(x) for x in m.groups()) >= target


AGENTS_SINCE = (1, 2, 0)
