"""The rights policy (`schema/rights.json`): which `source.rights.status` values allow
the project to redistribute an article's text in the built dataset.

An article whose status does not allow it is built "withheld": its text fields are null,
their sha256 are kept, and its rows say why (`text_status`, see `text_status()`). The
policy file is checked here: every status of the record schema must appear in it, no
other, each with a boolean `text` and a `why`; all problems are reported at once, each
with the file, its JSON pointer, a code and what to do."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import schema_dir

POLICY_NAME = "rights.json"
PRESENT = "present"
WITHHELD_PREFIX = "withheld:rights-"
_TOP = {"policy_version", "description", "statuses"}
_ENTRY = {"text", "why"}


class RightsError(Exception):
    """A policy file that cannot be used; `problems` are located one-line messages."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Policy:
    version: str
    allows: dict  # status -> True when the text may be redistributed
    why: dict  # status -> reason
    sha256: str  # of the policy file's bytes (part of the withheld rows' cache key)
    path: str

    def text_allowed(self, status: str) -> bool:
        return bool(self.allows.get(status, False))

    @property
    def withheld_statuses(self) -> list[str]:
        return [s for s, ok in self.allows.items() if not ok]

    def as_args(self) -> tuple:
        """A small picklable form (for the conversion pool): ((status, allowed), ...), sha256."""
        return tuple(sorted(self.allows.items())), self.sha256


def text_status(status: str, withheld: bool) -> str:
    """`present`, or `withheld:rights-<status>` (e.g. `withheld:rights-unknown`)."""
    return f"{WITHHELD_PREFIX}{status}" if withheld else PRESENT


def schema_statuses(folder: Path | None = None) -> list[str]:
    """The `source.rights.status` enum of the record schema."""
    schema = json.loads((Path(folder or schema_dir()) / "article.schema.json").read_text(encoding="utf-8"))

    def deref(node: dict) -> dict:
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        return node

    node = schema
    for name in ("source", "rights", "status"):
        node = deref(deref(node)["properties"][name])
    return list(node["enum"])


def policy_path(folder: Path | None = None) -> Path:
    return Path(folder or schema_dir()) / POLICY_NAME


def parse_policy(data: bytes, statuses: list[str], shown: str) -> Policy:
    """The policy in `data` (the bytes of a policy file), checked against the schema's
    `statuses`; RightsError with every problem."""
    def bad(pointer: str, code: str, message: str, hint: str) -> str:
        return f"{shown}: {pointer or '/'}: {code} {message}; {hint}"

    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise RightsError([bad("", "NF-RIGHTS-001", f"not valid UTF-8 JSON ({exc})", "fix the file")]) from None
    if not isinstance(doc, dict):
        raise RightsError([bad("", "NF-RIGHTS-001", "not a JSON object", "see docs/rights.md for its form")])
    problems = []
    for key in sorted(set(doc) - _TOP):
        problems.append(bad(f"/{key}", "NF-RIGHTS-003", f"unknown key {key!r}",
                            f"the keys are {', '.join(sorted(_TOP))}"))
    version = doc.get("policy_version")
    if not isinstance(version, str) or not version:
        problems.append(bad("/policy_version", "NF-RIGHTS-003", "missing or not a string", 'write e.g. "1.0.0"'))
    entries = doc.get("statuses")
    allows, why = {}, {}
    if not isinstance(entries, dict):
        problems.append(bad("/statuses", "NF-RIGHTS-003", "missing or not an object",
                            "map every rights status to {\"text\": true|false, \"why\": \"...\"}"))
        entries = {}
    for status, entry in entries.items():
        where = f"/statuses/{status}"
        if status not in statuses:
            problems.append(bad(where, "NF-RIGHTS-002", f"unknown rights status {status!r}",
                                f"the record schema's statuses are {', '.join(statuses)}"))
            continue
        if not isinstance(entry, dict) or set(entry) != _ENTRY:
            problems.append(bad(where, "NF-RIGHTS-003", "expected exactly the keys text and why",
                                'write {"text": true|false, "why": "..."}'))
            continue
        if not isinstance(entry["text"], bool):
            problems.append(bad(f"{where}/text", "NF-RIGHTS-003", f"{entry['text']!r} is not true or false",
                                "true: the text may be redistributed; false: it is withheld"))
        if not isinstance(entry["why"], str) or not entry["why"].strip():
            problems.append(bad(f"{where}/why", "NF-RIGHTS-003", "missing reason", "say why in one sentence"))
        allows[status], why[status] = entry["text"] is True, entry["why"]
    for status in statuses:
        if status not in entries:
            problems.append(bad("/statuses", "NF-RIGHTS-004", f"no entry for the rights status {status!r}",
                                "every status of the record schema needs one (unlisted is never guessed)"))
    if problems:
        raise RightsError(problems)
    return Policy(version, allows, why, hashlib.sha256(data).hexdigest(), shown)


def load_policy(path: Path | None = None) -> Policy:
    """The policy at `path` (default: schema/rights.json), checked; RightsError otherwise."""
    path = Path(path) if path is not None else policy_path()
    shown = f"schema/{path.name}" if path == policy_path() else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RightsError([f"{shown}: NF-RIGHTS-001 cannot read the rights policy ({exc.strerror}); "
                           "restore it from git"]) from None
    return parse_policy(data, schema_statuses(), shown)


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return load_policy()
