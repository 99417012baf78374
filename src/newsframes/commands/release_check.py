"""`newsframes release-check VERSION`: is data/ exactly release VERSION?

    newsframes release-check 1.1.0            # exit 0: every file of the release, same bytes
    newsframes release-check 1.1.0 --data DIR # another data folder (e.g. an unpacked download)

A local clone cannot pin a version through `load_dataset(..., revision=...)`: `datasets`
ignores `revision` for a local path. The manifest releases/<version>.json lists every
file of a release with its sha256; this command compares a data folder with it and names
every file that differs, is missing or is not part of the release. It also names the git
commit that added the manifest, which is the commit to check out for that release.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


# descriptive files a build writes beside the data files; release manifests list data files only
UNLISTED = ("MANIFEST.json", "croissant.json")


def configure(p):
    p.add_argument("version", metavar="VERSION", help="a released version, e.g. 1.1.0 (releases/<VERSION>.json)")
    p.add_argument("--data", metavar="DIR", type=Path,
                   help="the data folder to check (default: data/ of the project)")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def compare(manifest: dict, data: Path) -> list[tuple[str, str]]:
    """[(path, problem)] between a release manifest and a data folder; empty when equal.
    Paths are as the manifest writes them (`data/<config>/...`)."""
    listed = manifest.get("files") or {}
    problems = []
    for rel, entry in sorted(listed.items()):
        path = data / Path(rel).relative_to("data") if rel.startswith("data/") else data / rel
        if path.is_symlink() or not path.is_file():
            problems.append((rel, "missing"))
        elif _sha256(path) != entry.get("sha256"):
            problems.append((rel, f"differs (release sha256 {str(entry.get('sha256'))[:12]}…, "
                                  f"found {_sha256(path)[:12]}…)"))
    if data.is_dir():
        for path in sorted(p for p in data.rglob("*") if p.is_file() or p.is_symlink()):
            rel = "data/" + path.relative_to(data).as_posix()
            if rel not in listed and path.name not in UNLISTED:
                problems.append((rel, "not part of the release"))
    return problems


def _release_commit(root: Path, manifest: Path) -> str | None:
    from ..gitutil import GitError, git

    try:
        out = git(root, "log", "--diff-filter=A", "--format=%H", "--", str(manifest.relative_to(root)))
    except (GitError, ValueError):
        return None
    lines = out.split()
    return lines[-1] if lines else None


def run(args) -> int:
    from ..paths import project_root

    root = project_root()
    manifest_path = root / "releases" / f"{args.version}.json"
    if not manifest_path.is_file():
        known = sorted(p.stem for p in (root / "releases").glob("*.json"))
        print(f"newsframes release-check: {manifest_path}: no such release (known: {', '.join(known) or 'none'})",
              file=sys.stderr)
        return 2
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"newsframes release-check: {manifest_path}: cannot read: {exc}", file=sys.stderr)
        return 2
    data = args.data if args.data is not None else root / "data"
    problems = compare(manifest, data)
    commit = _release_commit(root, manifest_path)
    where = f" (added in commit {commit[:12]}: `git checkout {commit[:12]}` gives that release)" if commit else ""
    if not problems:
        print(f"{data}: identical to release {args.version}: {len(manifest.get('files') or {})} files{where}")
        return 0
    for rel, problem in problems:
        print(f"{rel}: {problem}")
    print(f"{data}: differs from release {args.version} in {len(problems)} file(s){where}", file=sys.stderr)
    return 1
