"""The features of the configs in a form the build can use without importing `datasets`
(whose import alone costs ~0.7 s here, more than a whole incremental rebuild may take):
the Arrow schema (with the `huggingface` metadata `datasets` reads back), the card's
YAML feature list, a plain description the row encoder (`encode.py`) compiles, and the
Croissant record set (so a rebuild writes croissant.json without pyarrow).

They are derived from `features.features_for` (the one definition) the first time, then
kept in the store (`features/<key>.json`), keyed by the build's code, the taxonomies, the
`datasets` and pyarrow versions and the Croissant modules. A damaged file is made again."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..cachefile import read_small, sealed, unsealed, write_cache_file
from .features import CONFIGS

BUNDLE_FORMAT = 2


@dataclass(frozen=True)
class Bundle:
    config: str
    schema_bytes: bytes  # the serialised Arrow schema
    yaml: list  # Features._to_yaml_list()
    desc: object  # describe(features)
    record_set: dict  # export.croissant.record_set(config, schema)

    @property
    def arrow_schema(self):
        import pyarrow as pa

        return pa.ipc.read_schema(pa.py_buffer(self.schema_bytes))


def describe(feature):
    """A `datasets` feature as plain JSON data: {"dict": [[name, d], ...]}, {"list": d},
    {"label": [names]}, {"value": arrow type}."""
    from datasets import ClassLabel, LargeList, List, Value

    if isinstance(feature, dict):
        return {"dict": [[k, describe(v)] for k, v in feature.items()]}
    if isinstance(feature, (List, LargeList)):
        return {"list": describe(feature.feature)}
    if isinstance(feature, ClassLabel):
        return {"label": list(feature.names)}
    if isinstance(feature, Value):
        return {"value": str(feature.pa_type)}
    raise TypeError(f"a feature the build does not use: {type(feature).__name__}")


def _make(tax) -> dict[str, Bundle]:
    from ..export.croissant import record_set
    from .features import features_for

    out = {}
    for cfg in CONFIGS:
        f = features_for(cfg, tax)
        schema = f.arrow_schema
        out[cfg] = Bundle(cfg, schema.serialize().to_pybytes(), f._to_yaml_list(), describe(dict(f)),
                          record_set(cfg, schema))
    return out


def _dump(bundles: dict[str, Bundle]) -> str:
    return json.dumps({"format": BUNDLE_FORMAT, "configs": {
        c: {"schema": base64.b64encode(b.schema_bytes).decode("ascii"), "yaml": b.yaml, "desc": b.desc,
            "record_set": b.record_set}
        for c, b in bundles.items()}}, ensure_ascii=False)


def _load(path: Path) -> dict[str, Bundle] | None:
    try:
        raw = unsealed(read_small(path))
        if raw is None:  # damaged (even where it still parses): derived again
            return None
        data = json.loads(raw)
        if data.get("format") != BUNDLE_FORMAT or sorted(data["configs"]) != sorted(CONFIGS):
            return None
        return {c: Bundle(c, base64.b64decode(d["schema"]), d["yaml"], d["desc"], d["record_set"])
                for c, d in data["configs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _path() -> Path:
    """Where the store keeps the bundles of the installed code, taxonomies and libraries."""
    from ..store import Store
    from ..versions import dist_version
    from .groups import code_digest, taxonomies_digest

    h = hashlib.sha256(f"{BUNDLE_FORMAT}\0{code_digest()}\0{taxonomies_digest()}\0{dist_version('datasets')}\0"
                       f"{dist_version('pyarrow')}\0".encode())
    for name in ("croissant.py", "croissant_fields.py"):
        h.update((Path(__file__).parent.parent / "export" / name).read_bytes())
    return Store.default().path("features", h.hexdigest())


_WARM: list = []  # the process deriving the bundles for this one, if any


def warm() -> None:
    """On a machine whose store has no bundles (a fresh clone's, in CI), start deriving
    them in another process, which imports `datasets` (most of a second) on the other
    core while this one validates; `bundles` then waits for it and reads the store. A
    helper that cannot start or fails costs nothing: `bundles` derives them itself."""
    import subprocess
    import sys

    if _WARM or bundles.cache_info().currsize or _path().is_file():
        return
    src = str(Path(__file__).resolve().parents[2])  # the folder holding the package
    code = ("import sys\nsrc = {src!r}\nif src not in sys.path:\n    sys.path.insert(0, src)\n"
            "from newsframes.lifeline import die_with_parent\ndie_with_parent()\n"
            "from newsframes.dataset.bundle import bundles\nbundles()\n").format(src=src)
    try:
        _WARM.append(subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    except OSError:
        pass


@lru_cache(maxsize=1)
def bundles() -> dict[str, Bundle]:
    """config -> Bundle for the installed taxonomies, from the store when possible (after
    the process `warm` started, if any, is done)."""
    while _WARM:
        proc = _WARM.pop()
        try:
            proc.wait(timeout=120)
        except Exception:  # noqa: BLE001 - a helper that hangs: stopped, the bundles are derived here
            proc.kill()
            proc.wait()
    path = _path()
    got = _load(path)
    if got is not None:
        return got
    from ..taxonomy import load_taxonomies

    made = _make(load_taxonomies())
    write_cache_file(path, sealed(_dump(made).encode("utf-8")))
    return made
