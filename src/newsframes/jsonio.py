"""JSON in and out: strict reading, canonical writing, atomic replacement.

Canonical form (what `add`, `annotate` and `fmt` write): UTF-8, 2-space indent,
non-ASCII kept as is, keys in the order the schema lists its properties (unknown keys
after them, sorted), a final newline. Stable key order keeps pull-request diffs small.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from .paths import schema_dir


class DuplicateKeyError(ValueError):
    def __init__(self, key: str):
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def _no_duplicates(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise DuplicateKeyError(k)
        seen[k] = v
    return seen


MAX_DEPTH = 64
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)  # closing quote optional: linear on bad input
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(s: str, limit: int = MAX_DEPTH) -> int:
    """Bracket depth of a JSON text, ignoring brackets inside strings (0 when it cannot
    exceed `limit`). Linear time: an unterminated string simply runs to the end."""
    if s.count("[") + s.count("{") <= limit:
        return 0  # cannot be deeper than the limit
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", s))
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets)))


class TooDeep(ValueError):
    """A JSON text nested deeper than MAX_DEPTH (the validator's NF110)."""

    def __init__(self, where: str = ""):
        self.where = where
        super().__init__(f"{where + ': ' if where else ''}NF110 arrays/objects are nested more than "
                         f"{MAX_DEPTH} levels deep (the file is damaged or not a record)")


def loads_guarded(text: str, where: str = "") -> Any:
    """`json.loads` for the trusting readers (stats, view, diff, the corpus reader):
    TooDeep instead of a RecursionError on a deeply nested text."""
    if nesting_depth(text) > MAX_DEPTH:
        raise TooDeep(where)
    return json.loads(text)


def loads_strict(text: str) -> Any:
    """Parse JSON, refusing duplicate keys and the non-standard NaN/Infinity."""

    def bad_constant(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=bad_constant)


@lru_cache(maxsize=1)
def _schema() -> dict:
    with open(schema_dir() / "article.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def _resolve(node: dict, root: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/$defs/")
        node = root["$defs"][ref.split("/")[-1]]
    if isinstance(node, dict) and "anyOf" in node:
        for alt in node["anyOf"]:
            alt = _resolve(alt, root)
            if "properties" in alt or "items" in alt:
                return alt
    return node


def _order(value: Any, node: dict | None, root: dict) -> Any:
    node = _resolve(node, root) if node else None
    if isinstance(value, dict):
        props = (node or {}).get("properties", {})
        keys = [k for k in props if k in value] + sorted(k for k in value if k not in props)
        return {k: _order(value[k], props.get(k), root) for k in keys}
    if isinstance(value, list):
        item = (node or {}).get("items")
        return [_order(v, item, root) for v in value]
    return value


def canonical_dumps(record: dict, schema: dict | None = None) -> str:
    root = schema or _schema()
    return json.dumps(_order(record, root, root), indent=2, ensure_ascii=False) + "\n"


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename over it."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _target_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask
    (mkstemp alone would leave 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Staged:
    """New bytes for `path`, written and synced to a temporary file beside it: `commit()`
    renames it over `path`, `discard()` removes it. Staging every file of a group first
    makes their failures (no space, a folder in the way, no permission) happen before any
    of them is replaced."""

    def __init__(self, path: Path, data: bytes):
        self.path = path = Path(path)
        if path.is_dir():  # a rename over a folder fails only at commit: fail now
            import errno

            raise IsADirectoryError(errno.EISDIR, "a folder is in the way of the file", str(path))
        if path.exists() and not path.is_file():  # `-o /dev/null` as root would replace the device
            from .safeio import NotRegularFile

            raise NotRegularFile(path, path.stat().st_mode)
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _target_mode(path)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(self.tmp, mode)
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


def atomic_write_bytes(path: Path, data: bytes) -> None:
    Staged(path, data).commit()


def write_record(path: Path, record: dict) -> None:
    atomic_write_text(path, canonical_dumps(record))
