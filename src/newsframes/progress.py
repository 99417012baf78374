"""A progress bar (counts and rate, on stderr) for long commands, shown only on a
terminal: quiet when stderr is not a tty or the `CI` environment variable is set.
Uses `tqdm` (a dependency of `datasets`); without it, no bar."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
MIN_ITEMS = 200  # below this a command is quick: no bar


def wanted(total: int | None = None) -> bool:
    if os.environ.get("CI"):
        return False
    if total is not None and total < MIN_ITEMS:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def bar(items: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "file") -> Iterator[T]:
    """`items`, with a bar on a terminal."""
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not wanted(total):
        yield from items
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield from items
        return
    with tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False,
              dynamic_ncols=True, mininterval=0.2) as it:
        yield from it
