"""Reading the input of an import: only regular files inside the input folder, of a
bounded size, decoded as UTF-8; label files as lines; numbers as ASCII digits.

- A FIFO, a device, a socket or a folder named like an input file is refused with its
  kind (it is never opened: a FIFO would hang the import, /dev/zero never ends).
- A symbolic link is followed only when its target lies inside the input folder; a link
  to a file outside it (or a file in a linked folder outside it) is refused (an import copies what it reads into seeds/ and
  corpus/, and must not copy files the user did not put in the folder).
- A file larger than MAX_BYTES is refused (no news article or label file comes near).
- A label file may start with a UTF-8 BOM: it is not part of the first line (a notice
  says so).
- Offsets and line numbers are ASCII digits only: `²` or `٣` pass `str.isdigit`, and
  `int()` takes `٣`, but no format writes them.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems

MAX_BYTES = 64 * 1024 * 1024
BOM = "\ufeff"
_NATURAL = re.compile(r"[0-9]{1,12}\Z")


def natural(value: str) -> int | None:
    """A non-negative integer written in ASCII digits (at most 12), else None."""
    return int(value) if _NATURAL.match(value) else None


def is_input_file(path: Path) -> bool:
    """A directory entry that may be an input file: not a folder (a broken link, a FIFO,
    a device are input files here, so that reading them reports what they are)."""
    try:
        return not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return os.path.lexists(path)


def read_input(path: Path, root: Path, problems: Problems, **scope) -> bytes | None:
    """The bytes of an input file; a located problem and None when it is not a regular
    file inside `root` or is too large. `scope`: record/layer for the problem."""
    from ..safeio import NotRegularFile, read_bytes
    path = Path(path)
    try:
        target = path.resolve()
        if not target.is_relative_to(Path(root).resolve()):  # a link, or a file in a linked folder
            problems.add(path, None, "NF-IMP-LINK", f"a symbolic link to {target}, outside the input folder: "
                         "not followed (copy the file into the folder if it belongs to the import)", **scope)
            return None
        data = read_bytes(path, limit=MAX_BYTES)
    except NotRegularFile as exc:
        problems.add(path, None, "NF-IMP-FILETYPE", f"{exc.kind}, not a regular file: not read (remove it or put "
                     "the file itself there)", **scope)
        return None
    except OSError as exc:
        problems.add(path, None, "NF-IMP-READ", f"cannot read ({exc.strerror or exc})", **scope)
        return None
    if len(data) > MAX_BYTES:
        problems.add(path, None, "NF-IMP-SIZE", f"larger than {MAX_BYTES // (1024 * 1024)} MiB: not an article or "
                     "label file of a shared task", **scope)
        return None
    return data


def read_utf8(path: Path, root: Path, problems: Problems, **scope) -> tuple[bytes, str] | None:
    """A file's bytes and its text; a located problem (and None) when it cannot be read or
    is not UTF-8."""
    data = read_input(path, root, problems, **scope)
    if data is None:
        return None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(path, line, "NF-IMP-UTF8", f"not valid UTF-8 at byte {exc.start}: convert the file to UTF-8",
                     **scope)
        return None


@dataclass
class LabelFile:
    """A label file's lines (without their line ends) and the sha256 of its bytes."""
    path: Path
    lines: list[str]
    sha: str
    data: bytes


def read_lines(path: Path, root: Path, problems: Problems) -> LabelFile | None:
    """A label file's lines (LF or CRLF, no final empty line, a leading BOM dropped with
    a notice)."""
    from .records import sha256
    got = read_utf8(path, root, problems)
    if got is None:
        return None
    data, text = got
    if text.startswith(BOM):
        problems.notice(path, 1, "NF-IMP-BOM", "the file starts with a UTF-8 byte order mark (\\ufeff): not part of "
                        "the first field")
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return LabelFile(Path(path), [ln.removesuffix("\r") for ln in lines], sha256(data), data)


MAX_DEPTH = 32


def walk(root: Path, problems: Problems) -> tuple[list[Path], list[Path]]:
    """(every entry that is not a folder, every linked folder) under `root`, without
    recursion (a folder nested thousands of levels deep must not exhaust Python's
    stack) and at most MAX_DEPTH levels deep (deeper folders are reported, not searched;
    no release nests more than three)."""
    files, links = [], []
    stack = [(Path(root), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.add(folder, None, "NF-IMP-READ", f"cannot list the folder ({exc.strerror or exc})")
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() and entry.is_dir():
                links.append(path)
            elif entry.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_DEPTH:
                    problems.add(path, None, "NF-IMP-LAYOUT", f"nested more than {MAX_DEPTH} folders deep: not "
                                 "searched (no release nests its files so deep)")
                else:
                    stack.append((path, depth + 1))
            else:
                files.append(path)
    return sorted(files), sorted(links)
