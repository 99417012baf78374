"""One error record, three printings: text (one line per issue + a summary), JSON, and
GitHub Actions workflow commands (`::error file=...,line=...::...`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..safeio import read_text
from .issues import Issue

FORMATS = ("text", "json", "github")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Report:
    issues: list[Issue]
    n_files: int
    # display name of each record checked -> SHA-256 of the .json and .txt bytes its
    # results are of (None when a file could not be read): what a build may convert
    validated: dict = field(default_factory=dict)
    # the level-4 facts of the records checked (runner.run_files): the gold checks use them
    facts: list = field(default_factory=list, repr=False)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def exit_code(self, strict: bool = False) -> int:
        return 0 if self.ok and not (strict and self.warnings) else 1

    def summary(self) -> str:
        return f"{_plural(self.n_files, 'file')}, {_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}"

    def format(self, fmt: str = "text") -> str:
        if fmt == "text":
            return "".join(format_text(i) + "\n" for i in self.issues) + self.summary() + "\n"
        if fmt == "json":
            return json.dumps({"files": self.n_files, "errors": self.errors, "warnings": self.warnings,
                               "ok": self.ok, "issues": [i.to_dict() for i in self.issues]},
                              indent=2, ensure_ascii=False) + "\n"
        if fmt == "github":
            return format_github(self.issues) + f"::notice title=newsframes validate::{_esc(self.summary())}\n"
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def _where(i: Issue) -> str:
    where = i.path
    if i.pointer:
        where += ":" + i.pointer
    elif i.line is not None:
        where += f":{i.line}" + (f":{i.column}" if i.column is not None else "")
    return where


def format_text(i: Issue) -> str:
    return f"{_where(i)}: {i.code} {i.severity} {i.message} — hint: {i.hint}"


# --- GitHub workflow commands --------------------------------------------------------

def _esc(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc(s).replace(":", "%3A").replace(",", "%2C")


_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\s+|.', re.DOTALL)


def pointer_lines(s: str) -> dict[str, int]:
    """JSON pointer -> 1-based line where that value starts, by one scan of the text."""
    from .issues import pointer as make_pointer

    lines: dict[str, int] = {}
    stack: list[list] = []  # [kind "o"/"a", key or index, expecting_key]
    line = 1

    def value_here():
        ptr = make_pointer(*(e[1] for e in stack))
        lines.setdefault(ptr, line)

    for m in _TOKEN.finditer(s):
        tok = m.group()
        c = tok[0]
        if c.isspace():
            line += tok.count("\n")
        elif c == '"':
            if stack and stack[-1][0] == "o" and stack[-1][2]:
                try:
                    stack[-1][1] = json.loads(tok)
                except ValueError:
                    stack[-1][1] = tok[1:-1]
                stack[-1][2] = False
            else:
                value_here()
        elif c in "{[":
            value_here()
            stack.append(["o", "", True] if c == "{" else ["a", 0, False])
        elif c in "}]":
            if stack:
                stack.pop()
        elif c == ",":
            if stack:
                if stack[-1][0] == "a":
                    stack[-1][1] += 1
                else:
                    stack[-1][2] = True
        elif c == ":":
            pass
        else:
            value_here()
    return lines


def _line_for(path: str, ptr: str, cache: dict) -> int | None:
    if path not in cache:
        cache[path] = None
        p = Path(path)
        try:
            if p.suffix == ".json" and p.stat().st_size <= 8 * 1024 * 1024:
                cache[path] = pointer_lines(read_text(p))  # a regular file only
        except (OSError, ValueError):
            pass
    table = cache[path]
    if not table:
        return None
    while True:
        if ptr in table:
            return table[ptr]
        if not ptr:
            return None
        ptr = ptr.rsplit("/", 1)[0]


def format_github(issues: list[Issue]) -> str:
    cache: dict = {}
    out = []
    for i in issues:
        props = [f"file={_esc_prop(i.path)}"]
        line = i.line
        if line is None and i.pointer is not None:
            line = _line_for(i.path, i.pointer, cache)
        if line is not None:
            props.append(f"line={line}")
            if i.column is not None and i.line is not None:
                props.append(f"col={i.column}")
        props.append(f"title={_esc_prop(i.code + ' ' + i.slug)}")
        where = f" at {i.pointer}" if i.pointer else ""
        out.append(f"::{i.severity} {','.join(props)}::{_esc(f'{i.message}{where} — hint: {i.hint}')}\n")
    return "".join(out)
