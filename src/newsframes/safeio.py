"""Reading files that users put in the corpus: only regular files are ever opened.

A FIFO named like a record would block `open()` forever (or until a writer comes), a
device such as /dev/zero never ends, a socket cannot be read, a folder is not a file.
`open_regular` looks at the file type before opening (so a device is never opened at
all), opens without blocking (so a FIFO swapped in after that look cannot hang), and
checks the opened file's type again. Everything else raises `NotRegularFile`, an
OSError, so callers that already handle unreadable files handle it too; the validator
reports it as NF101."""

from __future__ import annotations

import errno
import os
import stat

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def kind(mode: int) -> str:
    """What a file of this st_mode is, in words."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


class NotRegularFile(OSError):
    """The path exists but is not a regular file (after following symlinks)."""

    def __init__(self, path, mode: int):
        self.kind = kind(mode)
        super().__init__(errno.EINVAL, f"not a regular file ({self.kind})", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def regular_stat(path) -> os.stat_result:
    """`os.stat(path)`; NotRegularFile when it is not a regular file."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(path, st.st_mode)
    return st


def open_regular(path):
    """A binary file object of `path`, which must be a regular file (see the module)."""
    regular_stat(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, st.st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most `limit` + 1 of them when a limit is given)."""
    with open_regular(path) as fh:
        return fh.read() if limit is None else fh.read(limit + 1)


def read_text(path) -> str:
    """A regular file as UTF-8 text (no newline translation)."""
    return read_bytes(path).decode("utf-8")
