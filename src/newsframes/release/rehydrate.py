"""`newsframes rehydrate`: put the withheld text back into a built data folder from the
user's own copies, so that it equals a full-text build byte for byte.

The copies are files in a folder (raw seed files as received, or normalised texts):
each is normalised as `newsframes add` does (`newsframes.normalize`) and matched to a
withheld article by the sha256 of its normalised text (`MANIFEST.json` lists
`text_withheld`). Every sha256 is checked before anything is written: the article's text,
then each span's text, context and cue against the hashes the rows carry. The new folder
is written beside the data folder and swapped in at the end (as the build does); on any
problem nothing changes. The Parquet files, MANIFEST.json and croissant.json
are rewritten; the card's sizes are updated (README.md beside the folder, only when it
is this data's card: its configs name the Parquet files of MANIFEST.json). A symbolic
link as the folder, in it or as the card is refused before anything is written; the
folder of a killed rehydrate (restored text) is removed by the next build or rehydrate."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..dataset.textfields import Mismatch, restore_article, restore_span, structure_of
from ..rights import PRESENT
from .copies import RehydrateError, find_texts  # noqa: F401  (RehydrateError: the API)


@dataclass
class Result:
    restored: list[str] = field(default_factory=list)  # article ids
    files: list[str] = field(default_factory=list)  # rewritten files, relative to the data folder
    card: str | None = None  # the card updated, if any
    skipped: list[str] = field(default_factory=list)  # copies that could not be read as text


def _restore_rows(rows: list[dict], config: str, texts: dict[str, str], structures: dict, shown: str,
                  problems: list[str]) -> None:
    for n, row in enumerate(rows, 1):
        if row.get("text_status", PRESENT) == PRESENT:
            continue
        aid = row["id"] if config == "articles" else row["article_id"]
        text = texts.get(aid)
        if text is None:  # cannot happen: find_texts covered every withheld article
            problems.append(f"{shown} row {n}: article {aid} is withheld but not listed in MANIFEST.json")
            continue
        try:
            if config == "articles":
                restore_article(row, text)
            else:
                restore_span(row, text, *structures[aid][:1], config, structures[aid][1])
        except Mismatch as exc:
            problems.append(f"{shown} row {n}: article {aid}, {config[:-1]} {row['id']}: {exc} "
                            "(the data folder was changed: download or build it again)")


def _rewrite_parquet(src: Path, dest: Path, config: str, texts, structures, shown, problems) -> int:
    """The Parquet file with the text restored, written as `write.write_group` writes it
    (same schema, options and row groups, the rows parsed from label-encoded JSON Lines
    one group of articles at a time); returns its Arrow size (the card's num_bytes)."""
    import orjson
    import pyarrow.parquet as pq

    from ..dataset import writer
    from ..dataset.write import PARSE_BYTES, ParquetStream, to_table

    schema = _stored_schema(src)
    plain = schema.remove_metadata()
    rows = pq.read_table(src).to_pylist()
    _restore_rows(rows, config, texts, structures, shown, problems)
    key = "id" if config == "articles" else "article_id"
    size = writer.row_group_size(config)
    stream = ParquetStream(dest, schema, size)
    pending: list[bytes] = []
    pending_rows = pending_bytes = 0
    i = 0
    while i < len(rows):  # one article's rows at a time, as the build reads them
        j = i
        while j < len(rows) and rows[j][key] == rows[i][key]:
            j += 1
        blob = b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in rows[i:j])
        pending.append(blob)
        pending_rows += j - i
        pending_bytes += len(blob)
        i = j
        if pending_rows >= size or pending_bytes >= PARSE_BYTES:
            stream.add(to_table(pending, plain))
            pending, pending_rows, pending_bytes = [], 0, 0
    if pending:
        stream.add(to_table(pending, plain))
    return stream.close()


def _stored_schema(path: Path):
    """The Arrow schema the build wrote with (as stored in the file: `read_schema` would
    rename list items to `element`, which changes the bytes written)."""
    import base64

    import pyarrow as pa
    import pyarrow.parquet as pq

    stored = (pq.read_metadata(path).metadata or {}).get(b"ARROW:schema")
    if stored is None:
        return pq.read_schema(path)
    return pa.ipc.read_schema(pa.py_buffer(base64.b64decode(stored)))


def data_files(data: Path) -> tuple[list[Path], list[str]]:
    """(the files of the data folder, problems): a symbolic link in it (or the folder
    itself a link), or anything but a regular file or folder, is a problem: the rewritten
    folder would copy in a file from elsewhere (issue 25)."""
    import stat

    if os.path.islink(data):
        return [], [f"{data}: a symbolic link (to {os.readlink(data)}); rehydrate writes only into a real folder "
                    f"and never through a link: pass --data with the folder itself"]
    files, problems = [], []
    for dirpath, dirnames, filenames in os.walk(data):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                problems.append(f"{path}: a symbolic link (to {os.readlink(path)}) in the data folder; rehydrate "
                                "never copies what a link points to: replace it with the file, or download or "
                                "build the folder again")
            elif stat.S_ISREG(st.st_mode):
                files.append(path)
            elif not stat.S_ISDIR(st.st_mode):
                from ..safeio import kind

                problems.append(f"{path}: {kind(st.st_mode)} in the data folder, not a file a build writes: "
                                "remove it, or download or build the folder again")
    return sorted(files), problems


def rehydrate(data: Path, texts: Path) -> Result:
    from ..dataset.manifest import dumps
    from ..dataset.writer import make_temp_dir, swap_in
    from ..digests import sha256_file
    from ..lifeline import remove_stale

    data, texts = Path(data), Path(texts)
    if not texts.is_dir():
        raise RehydrateError([f"{texts}: not a folder (pass --texts with the folder of your copies)"])
    files, problems = data_files(data)
    card, card_problems = _card_of(data)
    problems += card_problems
    if problems:
        raise RehydrateError(problems)
    remove_stale(data)  # what a killed rehydrate or build left beside it (restored text among it)
    found, article_rows, skipped = find_texts(data, texts)
    result = Result(restored=sorted(found), skipped=skipped)
    if not found:
        return result
    structures = {aid: structure_of(row) for aid, row in article_rows.items()}
    nbytes: dict[str, int] = {}  # parquet path relative to data -> Arrow size
    tmp = make_temp_dir(data, "rehydrate")
    try:
        for src in files:
            rel = src.relative_to(data).as_posix()
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            parts = rel.split("/")
            shown = f"{data.name}/{rel}"
            if len(parts) == 2 and rel.endswith(".parquet"):
                nbytes[rel] = _rewrite_parquet(src, dest, parts[0], found, structures, shown, problems)
            else:
                shutil.copyfile(src, dest)
                continue
            result.files.append(rel)
        if problems:
            raise RehydrateError(problems)
        sums = {rel: (sha256_file(tmp / rel), (tmp / rel).stat().st_size) for rel in result.files}
        man = json.loads((tmp / "MANIFEST.json").read_text(encoding="utf-8"))
        for key, info in man["files"].items():
            rel = next((r for r in sums if key.endswith("/" + r)), None)
            if rel is not None:
                info["sha256"], info["bytes"] = sums[rel]
                if "arrow_bytes" in info:
                    info["arrow_bytes"] = nbytes[rel]
        man["text_withheld"] = [e for e in man["text_withheld"] if e["id"] not in found]
        if found and "full_text" in man:  # now carries text the policy withholds, as a --full-text build
            man["full_text"] = True
        _full_text_groups(man, found)
        (tmp / "MANIFEST.json").write_text(dumps(man), encoding="utf-8")
        _update_croissant(tmp / "croissant.json", sums)
        swap_in(tmp, data)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.card = _update_card(card, nbytes) if card is not None else None
    return result


def _full_text_groups(man: dict, found: dict) -> None:
    """What a full-text build records of its groups (data/MANIFEST.json `groups`): every
    text present, so the fingerprint of a group with a restored article is that of its
    full text."""
    from ..dataset.groups import env_digest, fingerprint
    from ..dataset.project import Record

    if not isinstance(man.get("built_from"), dict) or not isinstance(man.get("groups"), list):
        return  # data of an older build: no groups
    env = env_digest(man["built_from"])
    for g in man["groups"]:
        for a in g["articles"]:
            if a["id"] in found:
                a["text_status"] = PRESENT
        members = [Record(a["id"], g["split"], "", a["record_sha256"], a["text_sha256"], a["text_status"])
                   for a in g["articles"]]
        g["fingerprint"] = fingerprint(env, g["split"], members)


def _card_of(data: Path) -> tuple[Path | None, list[str]]:
    """(README.md beside `data` when it is this data's card, else None; problems). The card
    is this data's when the Parquet files its `configs` name are those of MANIFEST.json:
    another README.md there (another project's, a folder of notes) is never touched
    (issue 25). A link in its place is a problem: it would be read and written through."""
    import yaml

    from ..dataset.card import split_front_matter

    card = data.parent / "README.md"
    if os.path.islink(card):
        return None, [f"{card}: a symbolic link (to {os.readlink(card)}); rehydrate never writes through a "
                      "link: replace it with the card itself"]
    if not card.is_file():
        return None, []
    try:
        from ..safeio import read_text

        front, _ = split_front_matter(read_text(card))
        meta = yaml.safe_load(front) if front else None
        man = json.loads((data / "MANIFEST.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None, []
    if not isinstance(meta, dict) or not isinstance(man, dict) or not isinstance(man.get("files"), dict):
        return None, []
    named = set()
    for cfg in meta.get("configs") or []:
        for entry in (cfg.get("data_files") or []) if isinstance(cfg, dict) else []:
            paths = entry.get("path") if isinstance(entry, dict) else None
            named.update([paths] if isinstance(paths, str) else paths if isinstance(paths, list) else [])
    ours = {k for k in man["files"] if k.endswith(".parquet")}
    return (card if named and named == ours else None), []


def _update_croissant(path: Path, sums: dict[str, tuple[str, int]]) -> None:
    import orjson

    if not path.is_file():
        return
    doc = json.loads(path.read_text(encoding="utf-8"))
    for d in doc.get("distribution", []):
        if d.get("@type") == "cr:FileObject" and d.get("contentUrl") in sums:
            d["sha256"], size = sums[d["contentUrl"]]
            d["contentSize"] = f"{size} B"
    text = orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode("utf-8")
    path.write_text(text + "\n", encoding="utf-8")


def _update_card(card: Path, nbytes: dict[str, int]) -> str | None:
    """The card (this data's, `_card_of`) with the Arrow sizes of the rewritten splits
    (what a full build writes there); None when it has no `dataset_info`."""
    import yaml

    from ..dataset.card import _safe_dump, split_front_matter, with_front_matter
    from ..inside import write_inside

    text = card.read_text(encoding="utf-8")
    front, _ = split_front_matter(text)
    meta = yaml.safe_load(front) if front else None
    if not isinstance(meta, dict) or not isinstance(meta.get("dataset_info"), list):
        return None
    per_split: dict[tuple[str, str], int] = {}
    for rel, n in nbytes.items():
        cfg, name = rel.split("/")
        split = name.rsplit("-", 3)[0]  # <split>-NNNNN-of-NNNNN.parquet
        per_split[(cfg, split)] = per_split.get((cfg, split), 0) + n
    for info in meta["dataset_info"]:
        cfg = info.get("config_name")
        for sp in info.get("splits", []):
            if (cfg, sp.get("name")) in per_split:
                sp["num_bytes"] = per_split[(cfg, sp["name"])]
        info["dataset_size"] = sum(sp["num_bytes"] for sp in info.get("splits", []))
    new = with_front_matter(text, _safe_dump(meta))
    if new != text:
        write_inside(card.parent, card, new.encode("utf-8"))  # never through a link
        return str(card)
    return None
