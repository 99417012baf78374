"""The base commit as the cache of a fresh clone (`validate --base REF`, `build --check
--base REF`, `build --base REF`): the data it verified in full, and which files changed
since. docs/caches.md ("Checking against the base") says what this trusts and why.

The base is the merge base of REF and HEAD. Its data/MANIFEST.json (read from git, never
from the working tree) records, for every group of articles, its fingerprint, its
articles' ids, splits and digests and what its files are (sha256, rows, sizes): a group
with the same fingerprint now has those files, a record git reports unchanged since the
base is the one the base validated. It is used only when nothing but data changed since
(`ALLOWED`) and the code is the base's: this checkout's src/ (unchanged since, then), or
a newsframes installed elsewhere of the version that built the base's data. Any change to
the code, the schema or the settings, or data built with other code makes the command
check everything (`Unusable`, with the reason it prints)."""

from __future__ import annotations

from pathlib import Path

from ..gitutil import GitError, git
from .project import BuildError, Made

# What may change between the base and the working tree for the base to be used: the
# files of a contribution (CONTRIBUTING.md) and what the build writes. Anything else (src/,
# schema/, pyproject.toml, .gitattributes, scripts/, ...) makes the command check everything.
ALLOWED = ("corpus/", "annotations/", "seeds/", "data/", "docs/", "README.md", "DATASHEET.md", "CHANGELOG.md")


class Unusable(Exception):
    """The base cannot stand in for a full check (the message says why)."""


def _git(top: Path, *args: str, binary: bool = False):
    try:
        return git(top, *args, binary=binary, timeout=600)
    except GitError as exc:
        raise Unusable(f"git: {exc}") from None


def _paths(out: str) -> list[str]:
    return [p for p in out.split("\0") if p]


class Base:
    def __init__(self, top: Path, commit: str, ref: str, data_rel: str, manifest: dict, changed: set[str],
                 tracked: set[str], deleted: set[str]):
        self.top, self.commit, self.ref, self.data_rel = top, commit, ref, data_rel
        self.prefix = data_rel[:-len("data")]  # the project folder in the repository ("" at its top)
        self.manifest, self.changed, self.tracked, self._deleted = manifest, changed, tracked, deleted
        self._groups: dict[str, Made] = {}
        self._by_path: dict[str, tuple[str, str]] = {}  # file path in the base -> (fingerprint, config)
        files = manifest["files"]
        for g in manifest["groups"]:
            made = Made.from_json({**g, "files": {cfg: files[path] for cfg, path in g["files"].items()}})
            self._groups[made.fingerprint] = made
            for cfg, path in g["files"].items():
                self._by_path[path] = (made.fingerprint, cfg)
        self._paths = {(fp, cfg): path for path, (fp, cfg) in self._by_path.items()}

    @classmethod
    def open(cls, project, ref: str, built_from: dict, on_changed=None) -> Base:
        """BuildError for a REF that names no commit or a project outside git; `Unusable`
        when the base cannot stand in for a full check (see the module). `on_changed(top,
        prefix, changed)` is called as soon as git has said which paths changed (before the
        base's manifest is read), e.g. to start loading what their checks will need."""
        import newsframes

        root = project.root.resolve()
        if not ref or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
            # git would take `-...` as an option of its own (`--independent` made HEAD the base)
            shown = ref.encode("unicode_escape").decode("ascii")
            raise BuildError(f"--base {shown}: not a git revision (a branch, tag or commit, e.g. origin/main)")
        try:
            top = Path(git(root, "rev-parse", "--show-toplevel").strip()).resolve()
        except GitError:
            raise BuildError(f"--base {ref}: {root} is not inside a git repository") from None
        try:
            commit = git(top, "merge-base", ref, "HEAD").strip()
        except GitError as exc:
            raise BuildError(f"--base {ref}: unknown git revision, or no history in common with HEAD ({exc})") from None
        prefix = "" if root == top else root.relative_to(top).as_posix() + "/"
        if project.out.resolve() != root / "data":
            raise Unusable(f"the output folder is not {prefix}data/")
        package = Path(newsframes.__file__).resolve().parent
        inside = package.is_relative_to(top)  # this repository's own code: git says whether it changed
        if inside and not _editable_here(package, top):
            raise Unusable(f"the newsframes running ({package}) is not this checkout's src/")
        _refresh_index(top)
        status = _paths(_git(top, "diff", "--name-status", "-z", "--no-renames", commit))
        changed = set(status[1::2])
        deleted = {p for tag, p in zip(status[::2], status[1::2]) if tag == "D"}
        tracked, hidden = set(), []
        for line in _paths(_git(top, "ls-files", "-v", "-c", "-o", "--exclude-standard", "-z")):
            tag, name = line[:1], line[2:]
            if tag == "?":
                changed.add(name)  # untracked: new since the base
            else:
                tracked.add(name)
                if tag.islower() or tag == "S":
                    hidden.append(name)
        if on_changed is not None:
            on_changed(top, prefix, frozenset(changed))
        outside = sorted(p for p in changed if not (p.startswith(prefix) and p[len(prefix):].startswith(ALLOWED)))
        if outside:
            more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
            raise Unusable(f"{outside[0]}{more} changed since the base {commit[:12]} (only data may change)")
        for p in sorted(deleted):
            rest = p[len(prefix):]
            if not (rest.startswith(("corpus/", "data/")) or (rest.startswith("annotations/") and rest.count("/") >= 2)):
                raise Unusable(f"{p} was deleted since the base {commit[:12]} (a record may name it)")
        if hidden:
            raise Unusable(f"git hides changes to {hidden[0]} (assume-unchanged or skip-worktree)")
        if _autocrlf(top):
            raise Unusable("core.autocrlf converts line ends between git and the working tree")
        try:
            import orjson

            manifest = orjson.loads(_git(top, "show", f"{commit}:{prefix}data/MANIFEST.json", binary=True))
        except (Unusable, ValueError, RecursionError) as exc:
            raise Unusable(f"no readable data/MANIFEST.json at the base {commit[:12]} ({exc})") from None
        if not isinstance(manifest, dict) or "groups" not in manifest or "built_from" not in manifest:
            raise Unusable(f"the data at the base {commit[:12]} records no groups (built by an older newsframes)")
        if manifest["built_from"] != built_from:
            raise Unusable(f"the data at the base {commit[:12]} was built with other code, taxonomies or features")
        if not inside and manifest.get("version") != newsframes.__version__:
            raise Unusable(f"the data at the base {commit[:12]} was built by newsframes {manifest.get('version')}, "
                           f"this is {newsframes.__version__} (installed outside the repository: its code is known "
                           "by its version only)")
        try:
            return cls(top, commit, ref, f"{prefix}data", manifest, changed, tracked, deleted)
        except (ValueError, KeyError, TypeError) as exc:
            raise Unusable(f"the base's data/MANIFEST.json cannot be read ({exc})") from None

    # --- files
    def unchanged(self, rel: str) -> bool:
        """Whether the file `rel` (its path in the repository) is the base's file, byte for
        byte as git sees it: tracked (an ignored file is not) and not changed since the base."""
        return rel in self.tracked and rel not in self.changed

    def rel(self, folder: Path) -> str | None:
        """The path of `folder` in the repository ("" for its top), None outside it."""
        try:
            rel = Path(folder).resolve().relative_to(self.top).as_posix()
        except ValueError:
            return None
        return "" if rel == "." else rel

    def deleted(self) -> list[str]:
        """Files of the base deleted since (paths in the repository)."""
        return sorted(self._deleted)

    # --- groups
    def group(self, fingerprint: str) -> Made | None:
        made = self._groups.get(fingerprint)
        return None if made is None else _copy(made)

    def all_groups(self) -> list[Made]:
        return [_copy(m) for m in self._groups.values()]

    def articles(self) -> dict:
        """article id -> `articles.ArticleFacts` at the base."""
        return {a.id: a for m in self._groups.values() for a in m.articles}

    def blob_file(self, fingerprint: str, cfg: str, sha256: str, scratch: Path) -> Path | None:
        """The base's file of a group's config, written to `scratch` (None when it cannot be
        read or is not the bytes the base's manifest records)."""
        import hashlib

        path = self._paths.get((fingerprint, cfg))
        if path is None:
            return None
        try:
            data = git(self.top, "show", f"{self.commit}:{path}", binary=True, timeout=600)
        except GitError:
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            return None
        dest = Path(scratch) / sha256
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        return dest


def _refresh_index(top: Path) -> None:
    """Record in git's index the file times of the files whose bytes it holds (what `git
    status` does in passing): in a fresh clone every entry is "racily clean" (checked out
    in the second the index was written), so each `git diff` reads and hashes every file
    again (0.3 s at 10,000 articles, 3 s at 100,000), and CI runs two commands. Only the
    stat cache changes, never what git reports; when the index cannot be written (read
    only, another git holds its lock) the diff is as before, only slower."""
    try:
        git(top, "update-index", "-q", "--refresh", timeout=600)
    except GitError:
        pass  # files that differ from the index (exit 1), or no lock: nothing else to do


def _editable_here(package: Path, top: Path) -> bool:
    return package == (top / "src" / "newsframes").resolve()


def _autocrlf(top: Path) -> bool:
    try:
        return git(top, "config", "--get", "core.autocrlf").strip().lower() in ("true", "input")
    except GitError:
        return False


def _copy(made: Made) -> Made:
    return Made(made.fingerprint, made.split, list(made.articles), {k: dict(v) for k, v in made.files.items()})
