"""Finding the row-cache entry of every article of a build (`ensure_entries`): by the
digests validation saw, through the rows snapshot when the entry is known, else by
opening the entry; the missing ones are converted (in a process pool when many) and
written. The entries themselves, their keys and format are in `rowcache.py`."""

from __future__ import annotations

import os
from pathlib import Path

from .rowcache import Changed, Meta, article_key, changed_message, entry_path, key_of, make_entry, open_entry


def _entry_chunk(args) -> list[tuple[str, Meta]]:
    items, cache, policy = args
    return [make_entry(p, cache, policy, e) for p, e in items]


def _snapshot_value(meta: Meta, size: int) -> list:
    return [*meta.to_list(), size]


def ensure_entries(json_paths: list[Path], cache: Path, jobs: int | None = None,
                   digests=None, snapshot=None, policy=None, validated: dict | None = None) -> list[tuple[str, Meta]]:
    """(key, meta) of every article, in order: read from the cache, or converted (in a
    process pool when many are missing) and written to it. `validated`: file name ->
    the digests of the bytes validation checked (the keys; a conversion of other bytes
    raises Changed); else `digests`: a `digests.DigestIndex` of the corpus folder (files
    unchanged since the last build are not read to find their key). `snapshot`: a
    `snapshot.Snapshot` of the metadata and entry size by key (entries are not opened
    when their size is right; a damaged one of the right size is remade by `reopen`).
    `policy`: see `article_key`."""
    from ..progress import bar
    from ..validate.runner import CHUNK_FILES, auto_jobs

    out: list[tuple[str, Meta] | None] = []
    missing: list[int] = []
    expect: list[tuple[str, str] | None] = []
    indexed: dict[str, bool] = {}  # folder -> the digest index covers it
    rows = str(cache)
    for i, jp in enumerate(bar(json_paths, desc="hashing")):
        folder, name = os.path.split(str(jp))  # strings: pathlib costs more than the lookups here
        if folder not in indexed:
            indexed[folder] = digests is not None and Path(folder).resolve() == digests.folder
        pair = None
        if validated is not None:
            pair = validated.get(name)
            if pair is None:  # added (or made unreadable) after validation
                raise Changed(changed_message(name))
            key = key_of(pair[0], pair[1], policy)
        elif indexed[folder]:
            key = key_of(digests.sha256(name), digests.sha256(name[:-5] + ".txt"), policy)
        else:
            key = article_key(jp.read_bytes(), jp.with_suffix(".txt").read_bytes(), policy)[0]
        expect.append(pair)
        got = snapshot.get(key) if snapshot is not None else None
        if got is not None:
            try:
                ok = os.stat(f"{rows}/{key[:2]}/{key}.rows").st_size == got[-1]  # entry_path, without pathlib
            except OSError:
                ok = False
            if ok:
                out.append((key, Meta.from_list(got)))
                continue
        entry = open_entry(cache, key)
        if entry is None:
            out.append(None)
            missing.append(i)
        else:
            out.append((key, entry.meta))
            if snapshot is not None:
                snapshot.put(key, _snapshot_value(entry.meta, os.fstat(entry.fh.fileno()).st_size))
            entry.close()
    todo = [(str(json_paths[i]), expect[i]) for i in missing]
    jobs = auto_jobs(len(todo)) if jobs is None else jobs
    if jobs > 1 and len(todo) >= 8:
        from ..lifeline import chunked_map

        made = list(chunked_map(_entry_chunk, todo, (str(cache), policy), jobs, desc="converting", chunk=CHUNK_FILES))
    else:
        made = [make_entry(p, str(cache), policy, e) for p, e in bar(todo, desc="converting")]
    for i, got in zip(missing, made):
        out[i] = got
        if snapshot is not None:
            try:
                size = os.stat(entry_path(cache, got[0])).st_size
            except OSError:
                continue
            snapshot.put(got[0], _snapshot_value(got[1], size))
    return out  # type: ignore[return-value]  (a snapshot hit is kept by `snapshot.get` itself)
