"""Writes that stay inside what a command owns: never through a symbolic link.

A build owns files of the project (README.md, DATASHEET.md, docs/fields.md,
docs/figures/*.png, data/); a symbolic link among them (docs/figures -> a folder
elsewhere) would make a plain write land outside the project and rewrite a file there
(issue 25). `StagedInside` is `jsonio.Staged` for such files: it walks from the owner's
root to the file one folder at a time, opening each with O_NOFOLLOW, and creates, writes
and renames the temporary file relative to the last folder's descriptor, so a link met
on the way (even one swapped in after a check) is refused with `LinkedPath`, never
followed. `first_link` finds a link on a path, for the checks that report it."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class LinkedPath(OSError):
    """A symbolic link where a command writes only real folders and files."""

    def __init__(self, path: Path, target: str):
        super().__init__(errno.ELOOP, f"a symbolic link (to {target}); newsframes does not write through links: "
                                      "make it a real folder or file, or remove it", str(path))
        self.path, self.target = Path(path), target

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def first_link(root: Path, path: Path) -> Path | None:
    """The first symbolic link among the components of `path` below `root` (`path`
    itself included; `root` and its parents not, nor anything past a missing component),
    or None. What lies behind a link is not the owner's, so the first one is enough."""
    root, path = Path(root), Path(path)
    try:
        rel = path.relative_to(root)
    except ValueError:
        return None
    cur = root
    for part in rel.parts:
        cur = cur / part
        if os.path.islink(cur):
            return cur
        if not os.path.lexists(cur):
            return None
    return None


def link_message(link: Path, shown: str) -> str:
    return (f"{shown}: a symbolic link (to {_link_target(link)}); newsframes writes only real files and folders "
            "where it writes and never follows a link out of them: replace it with a real folder or file "
            "(or remove it), then run the command again")


def _open_dir(root: Path, parts: tuple[str, ...], create: bool) -> int:
    """A descriptor of root/parts..., each component opened without following a link
    (created when missing and `create`)."""
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        for i, name in enumerate(parts):
            try:
                nfd = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(name, 0o777, dir_fd=fd)
                except FileExistsError:
                    pass
                nfd = _open_next(fd, name, root, parts[:i + 1])
            except OSError as exc:
                if exc.errno in (errno.ENOTDIR, errno.ELOOP):
                    _raise_if_link(fd, name, root, parts[:i + 1])
                raise
            os.close(fd)
            fd = nfd
        return fd
    except BaseException:
        os.close(fd)
        raise


def _open_next(fd: int, name: str, root: Path, shown: tuple[str, ...]) -> int:
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=fd)
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ELOOP):
            _raise_if_link(fd, name, root, shown)
        raise


def _raise_if_link(fd: int, name: str, root: Path, shown: tuple[str, ...]) -> None:
    try:
        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise LinkedPath(root.joinpath(*shown), os.readlink(name, dir_fd=fd))


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class StagedInside:
    """New bytes for `path` (inside `root`), written and synced to a temporary file
    `.<name>.<random>.tmp` beside it; `commit()` renames it over `path`, `discard()`
    removes it (the interface of `jsonio.Staged`). Refuses with `LinkedPath` when a
    folder between `root` and `path`, or `path` itself, is a symbolic link; with
    IsADirectoryError when `path` is a folder."""

    def __init__(self, root: Path, path: Path, data: bytes):
        self.path = path = Path(path)
        rel = path.relative_to(root)  # ValueError: a caller's mistake, not the user's
        self.name = rel.name
        self.tmp: str | None = None
        self.dirfd = _open_dir(Path(root), rel.parent.parts, create=True)
        try:
            mode = _default_mode()
            try:
                st = os.stat(self.name, dir_fd=self.dirfd, follow_symlinks=False)
            except FileNotFoundError:
                st = None
            if st is not None:
                if stat.S_ISLNK(st.st_mode):
                    raise LinkedPath(path, os.readlink(self.name, dir_fd=self.dirfd))
                if stat.S_ISDIR(st.st_mode):
                    raise IsADirectoryError(errno.EISDIR, "a folder is in the way of the file", str(path))
                mode = st.st_mode & 0o7777
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            while True:
                name = f".{self.name}.{secrets.token_hex(4)}.tmp"
                try:
                    fd = os.open(name, flags, 0o600, dir_fd=self.dirfd)
                    break
                except FileExistsError:
                    continue
            self.tmp = name
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
                os.fchmod(fh.fileno(), mode)
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.name, src_dir_fd=self.dirfd, dst_dir_fd=self.dirfd)
            self.tmp = None
        finally:
            self.discard()

    def discard(self) -> None:
        if self.dirfd is None:
            return
        if self.tmp is not None:
            try:
                os.unlink(self.tmp, dir_fd=self.dirfd)
            except FileNotFoundError:
                pass
            self.tmp = None
        os.close(self.dirfd)
        self.dirfd = None


def write_inside(root: Path, path: Path, data: bytes) -> None:
    """Replace `path` (inside `root`) by `data` atomically, never through a link."""
    StagedInside(root, path, data).commit()
