"""The few git calls `validate --changed-since` and `diff REF` need, with one error type."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git could not run, or answered with an error (the message is git's last line)."""


def git(cwd: Path, *args: str, binary: bool = False, timeout: int = 120):
    try:
        proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {' '.join(args)} failed")
    return proc.stdout if binary else proc.stdout.decode("utf-8")


def repo_and_commit(path: Path, ref: str) -> Path:
    """The top folder of the git repository holding `path`, after checking that `ref`
    names a commit. GitError says which of the two failed."""
    try:
        top = Path(git(path, "rev-parse", "--show-toplevel").strip())
    except GitError:
        raise GitError(f"{path}: not inside a git repository") from None
    try:
        git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"unknown git revision {ref!r}") from None
    return top
