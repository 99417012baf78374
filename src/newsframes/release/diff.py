"""`newsframes diff REF`: the corpus at a git revision against the working tree. Articles
added, removed and changed; for a changed article, items added (+) and removed (-) per
layer (an edited span counts as one of each)."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..gitutil import GitError, git, repo_and_commit

LAYERS = ("text", "mentions", "entities", "claims", "techniques", "timexes", "narratives",
          "frames", "genre", "sentences", "metadata")


class DiffError(Exception):
    pass


@dataclass
class ArticleDiff:
    id: str
    status: str  # added | removed | changed
    layers: dict[str, tuple[int, int]] = field(default_factory=dict)  # layer -> (+, -)


def _git(root: Path, *args: str, binary: bool = False):
    try:
        return git(root, *args, binary=binary)
    except GitError as exc:
        raise DiffError(str(exc)) from None


def _items(record: dict, layer: str) -> list[str]:
    if layer == "frames":
        f = record.get("frames") or {}
        return [f"label:{x}" for x in f.get("labels") or []] + [f"primary:{f.get('primary')}"]
    if layer == "genre":
        return [json.dumps(record.get("genre"), sort_keys=True)]
    if layer == "sentences":
        return [json.dumps(s, sort_keys=True) for s in (record.get("structure") or {}).get("sentences") or []]
    if layer == "metadata":
        keys = ("schema_version", "language", "title", "split", "source", "annotation")
        return [json.dumps({k: record.get(k)}, sort_keys=True) for k in keys]
    return [json.dumps(x, sort_keys=True) for x in record.get(layer) or []]


def _count(old: list[str], new: list[str]) -> tuple[int, int]:
    o, n = Counter(old), Counter(new)
    return sum((n - o).values()), sum((o - n).values())


def compare_article(aid: str, old: tuple[dict, bytes] | None, new: tuple[dict, bytes] | None) -> ArticleDiff | None:
    if old is None:
        return ArticleDiff(aid, "added", _all(new, +1))
    if new is None:
        return ArticleDiff(aid, "removed", _all(old, -1))
    (orec, otext), (nrec, ntext) = old, new
    layers = {}
    for layer in LAYERS:
        if layer == "text":
            changed = otext != ntext
            layers[layer] = (int(changed), int(changed))
        else:
            layers[layer] = _count(_items(orec, layer), _items(nrec, layer))
    if not any(a or b for a, b in layers.values()) and orec == nrec:
        return None
    return ArticleDiff(aid, "changed", layers)


def _all(side: tuple[dict, bytes], sign: int) -> dict[str, tuple[int, int]]:
    rec, _ = side
    out = {}
    for layer in LAYERS:
        n = 1 if layer == "text" else len(_items(rec, layer))
        out[layer] = (n, 0) if sign > 0 else (0, n)
    return out


def _parse(data: bytes, where: str) -> dict:
    from ..jsonio import TooDeep, loads_guarded

    try:
        rec = loads_guarded(data.decode("utf-8"), where)
    except TooDeep as exc:
        raise DiffError(f"{exc}; run `newsframes validate`") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise DiffError(f"{where}: not readable JSON ({exc}); run `newsframes validate`") from None
    if not isinstance(rec, dict):
        raise DiffError(f"{where}: not a JSON object")
    return rec


def read_ref(corpus: Path, ref: str) -> dict[str, tuple[dict, bytes]]:
    try:
        top = repo_and_commit(corpus, ref)
    except GitError as exc:
        raise DiffError(str(exc)) from None
    rel = corpus.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if rel == "." else rel + "/"
    names = _git(top, "ls-tree", "-r", "--name-only", "-z", ref, "--", prefix or ".").split("\0")
    out = {}
    for name in sorted(n for n in names if n.endswith(".json") and n[len(prefix):].count("/") == 0):
        aid = name[len(prefix):-len(".json")]
        rec = _parse(_git(top, "show", f"{ref}:{name}", binary=True), f"{ref}:{name}")
        txt_name = name[:-len(".json")] + ".txt"
        try:
            text = _git(top, "show", f"{ref}:{txt_name}", binary=True)
        except DiffError:
            text = b""
        out[aid] = (rec, text)
    return out


def read_tree(corpus: Path) -> dict[str, tuple[dict, bytes]]:
    from ..safeio import NotRegularFile, read_bytes

    out = {}
    for p in sorted(Path(corpus).glob("*.json")):
        txt = p.with_suffix(".txt")
        try:
            data = read_bytes(p)
            text = read_bytes(txt) if os.path.lexists(txt) else b""
        except NotRegularFile as exc:
            raise DiffError(f"{exc.filename}: NF101 {exc.strerror}; run `newsframes validate`") from None
        except OSError as exc:
            raise DiffError(f"{exc.filename or p}: NF101 cannot read the file ({exc.strerror or exc}); "
                            "run `newsframes validate`") from None
        out[p.stem] = (_parse(data, str(p)), text)
    return out


def diff_corpus(corpus: Path, ref: str) -> list[ArticleDiff]:
    old, new = read_ref(corpus, ref), read_tree(corpus)
    out = []
    for aid in sorted(set(old) | set(new)):
        d = compare_article(aid, old.get(aid), new.get(aid))
        if d is not None:
            out.append(d)
    return out


def render_text(diffs: list[ArticleDiff], ref: str) -> str:
    if not diffs:
        return f"no change in the corpus since {ref}\n"
    counts = Counter(d.status for d in diffs)
    head = ("article", "status", *LAYERS)
    rows = [head]
    for d in diffs:
        cells = []
        for layer in LAYERS:
            plus, minus = d.layers.get(layer, (0, 0))
            cells.append("." if not (plus or minus) else f"+{plus}/-{minus}")
        rows.append((d.id, d.status, *cells))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(widths[i]) if i < 2 else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip()
             for r in rows]
    lines.append(f"since {ref}: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed "
                 "(+items added / -items removed per layer; an edited item counts in both)")
    return "\n".join(lines) + "\n"


def render_json(diffs: list[ArticleDiff], ref: str) -> str:
    return json.dumps({
        "ref": ref,
        "added": [d.id for d in diffs if d.status == "added"],
        "removed": [d.id for d in diffs if d.status == "removed"],
        "changed": [d.id for d in diffs if d.status == "changed"],
        "articles": [{"id": d.id, "status": d.status,
                      "layers": {k: {"added": a, "removed": r} for k, (a, r) in d.layers.items()}}
                     for d in diffs],
    }, indent=2, ensure_ascii=False) + "\n"
