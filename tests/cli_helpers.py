"""Shared helpers for tests that drive the `newsframes` CLI."""

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
