"""`newsframes add SEED --id ID`: normalise a raw seed article into a draft record.

Writes `corpus/<id>.txt` (normalised text, see `newsframes.normalize`; no final newline)
and a draft `corpus/<id>.json` (status `draft`, structure.paragraphs filled, no other
annotation). Metadata comes from the provenance sidecar `<seed stem>.provenance.json`
beside the seed when there is one; `--published` and `--title` override it. Nothing
is invented: unknown fields are null and `source.notes` says what is unknown.
Exit codes: 0 written, 1 refused or failed (nothing changed), 2 bad arguments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from pathlib import Path

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}\Z")
DATE_FORM = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
GUIDELINES_VERSION = "1.3.0"
SIDECAR_SUFFIX = ".provenance.json"


class AddError(Exception):
    def __init__(self, code: str, message: str, exit_code: int = 1):
        super().__init__(message)
        self.code = code
        self.exit_code = exit_code


def configure(p):
    p.add_argument("seed", help="raw article file (UTF-8 text; see --encoding)")
    p.add_argument("--id", required=True, help="record id, pattern ^[a-z0-9][a-z0-9-]{2,80}$")
    p.add_argument("--published", metavar="DATE", help="publication date YYYY, YYYY-MM or YYYY-MM-DD (basis: stated)")
    p.add_argument("--title", help="headline as published")
    p.add_argument("--encoding", help="decode the seed with this encoding instead of UTF-8 (e.g. cp1252)")
    p.add_argument("--force", action="store_true", help="overwrite an existing record")
    p.add_argument("--corpus", metavar="DIR", help="corpus folder (default: <project root>/corpus)")


def tool_tag() -> str:
    from .. import __version__
    return f"tool:newsframes-add/{__version__}"


def schema_version() -> str:
    from ..jsonio import _schema
    m = re.search(r"/([0-9]+\.[0-9]+\.[0-9]+)/", _schema().get("$id", ""))
    return m.group(1) if m else "1.0.0"


def parse_published(value: str) -> dict:
    m = DATE_FORM.match(value)
    if not m:
        raise AddError("NF-ADD-DATE", f"--published {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", 2)
    y, mo, d = m.groups()
    try:
        dt.date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        raise AddError("NF-ADD-DATE", f"--published {value!r}: not a calendar date", 2) from None
    precision = "day" if d else "month" if mo else "year"
    return {"date": value, "precision": precision, "basis": "stated", "evidence": [],
            "note": "Given on the command line of `newsframes add`."}


def read_sidecar(seed: Path, raw_sha: str) -> tuple[Path | None, dict | None]:
    from ..jsonio import loads_strict
    path = seed.with_name(seed.stem + SIDECAR_SUFFIX)
    if not path.is_file():
        return None, None
    try:
        data = loads_strict(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise AddError("NF-ADD-SIDECAR", f"{path}: not readable JSON ({exc}); fix or remove the sidecar") from None
    if not isinstance(data, dict):
        raise AddError("NF-ADD-SIDECAR", f"{path}: expected a JSON object")
    if data.get("sha256") not in (None, raw_sha):
        raise AddError("NF-ADD-SIDECAR", f"{path}: /sha256 {data.get('sha256')} is not the sha256 of "
                       f"{seed.name} ({raw_sha}): the sidecar describes another file")
    return path, data


def build_source(sidecar: dict | None, seed_file: str, raw_sha: str, published_flag: str | None) -> dict:
    sc = sidecar or {}
    notes = [n for n in sc.get("notes") or [] if isinstance(n, str) and n]
    published = sc.get("published") or {"date": None, "precision": None, "basis": None, "evidence": [], "note": None}
    if published_flag:
        published = parse_published(published_flag)
    rights = sc.get("rights") or {"status": "unknown", "note": None}
    source = {
        "outlet": sc.get("outlet"),
        "url": sc.get("url"),
        "authors": list(sc.get("authors") or []),
        "published": published,
        "retrieved": sc.get("retrieved"),
        "seed": {"file": seed_file, "sha256": raw_sha},
        "rights": rights,
        "notes": notes,
    }
    if sidecar is None:
        unknown = [k for k in ("outlet", "url", "authors", "retrieved") if not source[k]]
        if not published["date"]:
            unknown.append("publication date")
        unknown.append("redistribution rights")
        source["notes"].append(
            "No provenance sidecar was found beside the seed; unknown: " + ", ".join(unknown) + ".")
    return source


PENDING_NOTE = "Not annotated yet (draft made by `newsframes add`)."  # the note of a layer not annotated yet


def build_record(article_id: str, text: str, source: dict, title: str | None) -> dict:
    from .. import __version__
    from ..splits import assign_split
    from ..structure import paragraphs
    tag = tool_tag()
    pending = PENDING_NOTE
    return {
        "schema_version": schema_version(),
        "id": article_id,
        "language": "en",
        "title": title,
        "split": assign_split(article_id),
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "source": source,
        "annotation": {
            "status": "draft",
            "annotators": [],
            "guidelines_version": GUIDELINES_VERSION,
            "method": f"Text normalised from the seed by `newsframes add` {__version__} "
                      "(UTF-8, NFC, LF, no BOM, zero-width and control characters removed, "
                      "one paragraph or heading per line); paragraphs and headings detected by rule.",
        },
        "structure": {"paragraphs": paragraphs(text), "sentences": []},
        # The schema requires a genre label; a draft has none yet (see the report to the lead).
        "genre": {"label": None, "source": tag, "note": pending},
        "frames": {"labels": [], "primary": None, "source": tag, "note": pending},
        "narratives": [], "entities": [], "mentions": [], "claims": [], "techniques": [], "timexes": [],
    }


def check_metadata(record: dict, sidecar_path: Path | None) -> None:
    """Refuse metadata (from the sidecar or the flags) that does not fit the schema."""
    from jsonschema import Draft202012Validator

    from ..jsonio import _schema
    errors = sorted((list(e.absolute_path), e.message) for e in Draft202012Validator(_schema()).iter_errors(record)
                    if e.absolute_path and e.absolute_path[0] in ("source", "title"))
    if errors:
        where = f"{sidecar_path}" if sidecar_path else "the command-line metadata"
        shown = "; ".join("/" + "/".join(map(str, p)) + f": {m}" for p, m in errors[:8])
        raise AddError("NF-ADD-METADATA", f"{where}: metadata does not fit the schema ({shown}); nothing written")


def place_seed(seed: Path, raw: bytes, root: Path) -> tuple[str, Path | None]:
    """Return the seed's path relative to the project root (under seeds/), and the
    destination if the raw bytes have to be copied there first."""
    seeds = (root / "seeds").resolve()
    if seed.parent == seeds:
        return f"seeds/{seed.name}", None
    dest = seeds / seed.name
    if dest.exists() and dest.read_bytes() != raw:
        raise AddError("NF-ADD-SEED", f"{dest} exists with other content; rename the seed file")
    return f"seeds/{seed.name}", (None if dest.exists() else dest)


def write_all(corpus: Path, article_id: str, text: str, record: dict, seed_copy: tuple[bytes, Path] | None):
    """Write seed copy, text, record; on failure restore what was there before."""
    from ..jsonio import atomic_write_bytes, atomic_write_text, write_record
    txt, js = corpus / f"{article_id}.txt", corpus / f"{article_id}.json"
    before = {p: (p.read_bytes() if p.is_file() else None) for p in (txt, js)}
    done: list[Path] = []
    try:
        if seed_copy:
            atomic_write_bytes(seed_copy[1], seed_copy[0])
            done.append(seed_copy[1])
        atomic_write_text(txt, text)
        done.append(txt)
        write_record(js, record)
        done.append(js)
    except OSError:
        for p in reversed(done):
            old = before.get(p)
            if old is None:
                p.unlink(missing_ok=True)
            else:
                atomic_write_bytes(p, old)
        raise


def _run(args) -> int:
    from ..normalize import NormalizationError, normalize_bytes
    from ..paths import project_root

    if not ID_PATTERN.match(args.id):
        raise AddError("NF-ADD-ID", f"bad id {args.id!r}: use 3-81 characters a-z, 0-9 and '-', "
                       "starting with a letter or digit", 2)
    if args.published:
        parse_published(args.published)
    seed = Path(args.seed)
    if not seed.is_file():
        raise AddError("NF-ADD-SEED", f"{seed}: no such file" if not seed.exists() else f"{seed}: not a regular file")
    seed = seed.resolve()
    corpus = Path(args.corpus) if args.corpus else project_root() / "corpus"
    corpus = corpus.resolve()
    root = corpus.parent
    js = corpus / f"{args.id}.json"
    if (js.exists() or js.with_suffix(".txt").exists()) and not args.force:
        raise AddError("NF-ADD-EXISTS", f"{js} already exists; nothing changed (use --force to replace it)")

    raw = seed.read_bytes()
    raw_sha = hashlib.sha256(raw).hexdigest()
    try:
        text = normalize_bytes(raw, args.encoding)
    except NormalizationError as exc:
        raise AddError(exc.code, f"{seed}: {exc}") from None
    sidecar_path, sidecar = read_sidecar(seed, raw_sha)
    seed_file, copy_to = place_seed(seed, raw, root)
    source = build_source(sidecar, seed_file, raw_sha, args.published)
    title = args.title if args.title is not None else (sidecar or {}).get("title")
    record = build_record(args.id, text, source, title)
    check_metadata(record, sidecar_path)

    replaced = js.exists()
    corpus.mkdir(parents=True, exist_ok=True)
    try:
        write_all(corpus, args.id, text, record, (raw, copy_to) if copy_to else None)
    except OSError as exc:
        raise AddError("NF-ADD-WRITE", f"could not write the record ({exc}); nothing changed") from None

    if replaced:
        print(f"--force: replaced the existing record {js} by a fresh draft")
    if copy_to:
        print(f"copied the raw seed unchanged to {copy_to} (records point to {seed_file})")
    paras = record["structure"]["paragraphs"]
    heads = sum(p["kind"] == "heading" for p in paras)
    print(f"wrote {corpus / (args.id + '.txt')} ({len(text)} characters, {len(paras)} lines: "
          f"{len(paras) - heads} body, {heads} heading) and {js} (split {record['split']}, status draft)")
    if sidecar_path:
        print(f"metadata from {sidecar_path}")
    else:
        print("no provenance sidecar: outlet, url, authors, rights"
              + ("" if args.published else ", publication date") + " unknown (null, noted in source.notes)")
    return 0


def run(args) -> int:
    try:
        return _run(args)
    except AddError as exc:
        print(f"newsframes add: error [{exc.code}] {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"newsframes add: error [NF-ADD-IO] {exc}", file=sys.stderr)
        return 1

