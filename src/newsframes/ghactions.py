"""GitHub Actions workflow commands (`build --check --format github`): the validator's
report and the check's problems as annotations, and the log lines a runner would take
for commands. The escaping of a command's properties and message is `validate.report`'s."""

from __future__ import annotations


def log_line(text: str) -> str:
    """`text` for the log, where a CI runner reads a line that starts with `::` (or the
    older `##[`) as a workflow command (GitHub reads stderr too, and ends a line at a
    carriage return as at a line feed): such a line, which only a name or value from the
    input can start (a file name may hold a line break), is shown behind `| `. Our commands
    go to stdout, escaped (`--format github`)."""
    import re

    lines = re.split(r"\r\n|\r|\n", text)
    return "\n".join("| " + line if line.lstrip().startswith(("::", "##[")) else line for line in lines)


def esc(text: str) -> str:
    """A workflow command's message, escaped (`%`, carriage returns, line feeds)."""
    from .validate.report import _esc

    return _esc(text)


def report(rep) -> str:
    """The validator's report as GitHub workflow commands, with the records' paths
    relative to the working folder when they are inside it (the build names them by
    absolute path; an annotation's `file` is a path in the repository, as `validate`
    gives it when run from the project's root)."""
    import dataclasses
    import os

    from .validate.report import Report

    def rel(path: str) -> str:
        if os.path.isabs(path):
            r = os.path.relpath(path)
            if r != os.pardir and not r.startswith(os.pardir + os.sep):
                return r
        return path

    issues = [dataclasses.replace(i, path=rel(i.path)) for i in rep.issues]
    return Report(issues, rep.n_files).format("github")


def problem(line: str) -> str:
    """A problem of the check (`<path>: <what>`) as a GitHub error annotation on that file."""
    from .validate.report import _esc_prop

    path, sep, what = line.partition(": ")
    if sep and path and " " not in path:
        return f"::error file={_esc_prop(path)},title=newsframes build --check::{esc(what)}"
    return f"::error title=newsframes build --check::{esc(line)}"
