"""Reading annotation passes for `newsframes agree`: explicit files, or every article of a
project with two or more passes under `annotations/<article-id>/<pass-id>.json`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .compare import Pass


class LoadError(Exception):
    """One or more passes could not be read; `problems` lists them all."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def text_path(path: Path, article: str) -> Path | None:
    """The article text of a record file: `<stem>.txt` beside a corpus record, or
    `corpus/<article>.txt` of the project holding `annotations/<article>/<pass>.json`."""
    import os

    beside = path.with_suffix(".txt")
    if os.path.lexists(beside):  # a FIFO or the like is found, then refused when read
        return beside
    if path.parent.name == article and path.parent.parent.name == "annotations":
        cand = path.parent.parent.parent / "corpus" / f"{article}.txt"
        if os.path.lexists(cand):
            return cand
    return None


def pass_id(path: Path, record: dict) -> str:
    """The pass's id: `annotation.pass.id` when set, else the file name without `.json`."""
    p = (record.get("annotation") or {}).get("pass") or {}
    return p.get("id") if isinstance(p, dict) and isinstance(p.get("id"), str) else path.stem


def _read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes (a FIFO or device is never opened: NF101), at most `limit`
    (the validator's limits: a larger file is not a record or text of the corpus)."""
    from ..safeio import read_bytes

    data = read_bytes(path, limit)
    if len(data) > limit:
        raise ValueError(f"larger than {limit // (1024 * 1024)} MiB, the most a record or text may have")
    return data


def read_pass(path: Path, problems: list[str]) -> Pass | None:
    from ..jsonio import TooDeep, loads_guarded
    from ..safeio import NotRegularFile
    from ..validate.l1_file import MAX_JSON_BYTES, MAX_TEXT_BYTES

    path = Path(path)
    try:
        record = loads_guarded(_read_limited(path, MAX_JSON_BYTES).decode("utf-8"), str(path))
    except FileNotFoundError:
        problems.append(f"{path}: no such file")
        return None
    except NotRegularFile as exc:
        problems.append(f"{path}: NF101 {exc.strerror}; give the pass file itself")
        return None
    except TooDeep as exc:
        problems.append(f"{exc}; check it with `newsframes validate`")
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.append(f"{path}: not readable as JSON ({exc}); check it with `newsframes validate`")
        return None
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        problems.append(f"{path}: not an article record (no string `id`); check it with `newsframes validate`")
        return None
    art = record["id"]
    tp = text_path(path, art)
    if tp is None:
        problems.append(f"{path}: the text of article {art!r} was not found (looked for {path.with_suffix('.txt').name} "
                        f"beside it and for corpus/{art}.txt of the project holding annotations/{art}/)")
        return None
    try:
        raw = _read_limited(tp, MAX_TEXT_BYTES)
    except (OSError, ValueError) as exc:
        problems.append(f"{path}: the text {tp} cannot be read ({exc}); check it with `newsframes validate`")
        return None
    if record.get("text_sha256") != hashlib.sha256(raw).hexdigest():
        problems.append(f"{path}: /text_sha256 does not match {tp} (the pass was made on another text); "
                        "re-anchor the pass or check that it belongs to this article")
        return None
    text = raw.decode("utf-8")
    problem = shape_problem(record, len(text))
    if problem:
        problems.append(f"{path}: {problem}; check it with `newsframes validate`")
        return None
    return Pass(pass_id(path, record), art, str(path), record, text)


def shape_problem(record: dict, length: int) -> str | None:
    """What keeps `agree` from reading the record (a missing field, a span outside the
    text), or None. `newsframes validate` says more."""
    from . import layers

    try:
        for layer in layers.SPAN_LAYERS:
            for k, x in enumerate(layers.spans(record, layer)):
                s, e = x["start"], x["end"]
                if not (type(s) is int and type(e) is int and 0 <= s < e <= length):  # not a bool either
                    return f"{layer} #{k + 1}: span [{s}, {e}) is not within the text (length {length})"
        for field in layers.SINGLE_LABELS:
            layers.single_label(record, field)
        for field in layers.MULTI_LABELS:
            layers.multi_label(record, field)
        layers.entity_roles(record)
        problem = value_problem(record)
    except (KeyError, TypeError, AttributeError) as exc:
        return f"not a complete record ({type(exc).__name__}: {exc})"
    return problem


_STR = (str, type(None))


def value_problem(record: dict) -> str | None:
    """A value the comparisons read that is not of its kind (a label that is a number or a
    list, a verdict that is not an object): where it is, or None. Such values used to reach
    the sorting and counting of the figures: an internal error."""
    from . import layers

    checks = [("/genre/label", layers.single_label(record, "genre"), _STR),
              ("/frames/primary", layers.single_label(record, "primary_frame"), _STR)]
    checks += [(f"/frames/labels/{i}", v, str) for i, v in enumerate((record.get("frames") or {}).get("labels") or [])]
    for i, n in enumerate(record.get("narratives") or []):
        checks += [(f"/narratives/{i}/narrative", n.get("narrative"), _STR),
                   (f"/narratives/{i}/subnarrative", n.get("subnarrative"), _STR)]
    for i, e in enumerate(record.get("entities") or []):
        checks += [(f"/entities/{i}/id", e.get("id"), str), (f"/entities/{i}/type", e.get("type"), _STR),
                   (f"/entities/{i}/name", e.get("name"), _STR)]
        for j, r in enumerate(e.get("roles") or []):
            checks += [(f"/entities/{i}/roles/{j}/main", r.get("main"), str)]
            checks += [(f"/entities/{i}/roles/{j}/fine/{k}", f, str) for k, f in enumerate(r.get("fine") or [])]
    for i, m in enumerate(record.get("mentions") or []):
        checks += [(f"/mentions/{i}/entity", m.get("entity"), str), (f"/mentions/{i}/metonymy", m.get("metonymy"), _STR)]
    for i, c in enumerate(record.get("claims") or []):
        verdict = c.get("verdict")
        checks += [(f"/claims/{i}/type", c.get("type"), _STR), (f"/claims/{i}/claimant", c.get("claimant", ""), str),
                   (f"/claims/{i}/checkworthy", c.get("checkworthy"), (bool, type(None))),
                   (f"/claims/{i}/verdict", verdict, (dict, type(None)))]
        if isinstance(verdict, dict):
            checks.append((f"/claims/{i}/verdict/label", verdict.get("label"), _STR))
    for i, t in enumerate(record.get("techniques") or []):
        checks.append((f"/techniques/{i}/label", t.get("label"), str))
    for i, t in enumerate(record.get("timexes") or []):
        checks += [(f"/timexes/{i}/type", t.get("type"), str)]  # a span's label
        checks += [(f"/timexes/{i}/{f}", t.get(f), _STR) for f in ("value", "mod")]
    for where, value, kinds in checks:
        kinds = kinds if isinstance(kinds, tuple) else (kinds,)
        if not isinstance(value, kinds) or (str in kinds and isinstance(value, bool)):
            return f"{where}: {value!r} is not {'a string' if str in kinds else 'true or false'}"
    return None


def group(passes: list[Pass], problems: list[str]) -> dict[str, dict[str, Pass]]:
    out: dict[str, dict[str, Pass]] = {}
    for p in passes:
        slot = out.setdefault(p.article, {})
        if p.id in slot:
            problems.append(f"{p.path}: pass id {p.id!r} of article {p.article!r} is also the id of {slot[p.id].path}; "
                            "each pass of an article needs its own id")
            continue
        slot[p.id] = p
    return out


def load_files(paths: list[Path]) -> dict[str, dict[str, Pass]]:
    problems: list[str] = []
    passes = [p for p in (read_pass(Path(x), problems) for x in paths) if p is not None]
    articles = group(passes, problems)
    if not problems and not any(len(v) >= 2 for v in articles.values()):
        problems.append("no article has two or more of the given passes; give two or more passes of one article")
    if problems:
        raise LoadError(problems)
    return articles


def load_project(root: Path) -> dict[str, dict[str, Pass]]:
    """Every article under `root/annotations/` with two or more pass files."""
    ann = Path(root) / "annotations"
    problems: list[str] = []
    passes = []
    if ann.is_dir():
        for folder in sorted(p for p in ann.iterdir() if p.is_dir()):
            files = sorted(folder.glob("*.json"))
            if len(files) >= 2:
                passes += [p for p in (read_pass(f, problems) for f in files) if p is not None]
    articles = {k: v for k, v in group(passes, problems).items() if len(v) >= 2}
    if not problems and not articles:
        problems.append(f"{ann}: no article has two or more annotation passes (annotations/<article-id>/<pass-id>.json)")
    if problems:
        raise LoadError(problems)
    return articles
