"""Shared helpers for the tests: driving the `newsframes` CLI, walking JSON."""

from __future__ import annotations

import contextlib
import io
import types


def run_cli(*args):
    """In-process run of the CLI (fast); returns returncode, stdout, stderr."""
    from newsframes.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
    return types.SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def json_paths(value, prefix=()):
    """Every path (tuple of keys and indexes) in a parsed JSON value, the root first."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from json_paths(v, prefix + (i,))
