"""The `newsframes` command line. Each subcommand lives in its own module under
`newsframes.commands` with `configure(parser)` and `run(args) -> int`; heavy libraries
are imported inside `run`, so `newsframes --help` stays fast."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__

DESCRIPTION = ("Validate, build and inspect the newsframes corpus: annotated news articles "
               "(entities, claims, frames, persuasion techniques, narratives, dates) built into a "
               "Hugging Face dataset. Run `newsframes COMMAND --help` for one command.")

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("newsframes.commands.validate", "check corpus records (file, schema, article and corpus levels)"),
    "add": ("newsframes.commands.add", "normalise a raw seed article into a draft corpus record"),
    "annotate": ("newsframes.commands.annotate", "pre-annotate a record with spaCy (sentences, entities, dates)"),
    "find": ("newsframes.commands.find", "list every occurrence of a text in an article, with its offsets"),
    "reanchor": ("newsframes.commands.reanchor", "after an edit of corpus/<id>.txt, move every span to the new text"),
    "fmt": ("newsframes.commands.fmt", "rewrite records in canonical JSON form"),
    "build": ("newsframes.commands.build", "validate, then build data/ (Parquet) and the dataset card"),
    "rows": ("newsframes.commands.rows", "print the rows of built Parquet files as JSON Lines (git's textconv for data/)"),
    "diff": ("newsframes.commands.diff", "compare the corpus with a git revision"),
    "stats": ("newsframes.commands.stats", "counts and label distributions of the corpus"),
    "view": ("newsframes.commands.view", "render one article as a self-contained HTML page"),
    "import": ("newsframes.commands.importer", "import records from semeval2023, ptc, semeval2025 or brat files"),
    "export": ("newsframes.commands.export", "export to other formats (spaCy DocBin, Croissant, semeval2023, ptc, "
                                             "semeval2025, brat)"),
    "publish": ("newsframes.commands.publish", "upload a released version to the Hugging Face Hub"),
    "release-check": ("newsframes.commands.release_check",
                      "check that data/ is exactly a released version (names every differing file)"),
    "rehydrate": ("newsframes.commands.rehydrate", "restore withheld article text from your own copies, hash-checked"),
    "agree": ("newsframes.commands.agree", "inter-annotator agreement of annotation passes, per layer"),
    "labelstudio": ("newsframes.commands.labelstudio",
                    "Label Studio round trip: labeling config, export tasks, import annotations"),
    "migrate": ("newsframes.commands.migrate", "migrate records to schema 1.2.0: who annotated, people or AI models"),
    "schema": ("newsframes.commands.schema", "regenerate or check the schema enums and schema/LABELS.md from the taxonomies"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser. `only`: the subcommand about to run; only its module is imported (the
    others are listed with their one-line help), which saves ~20 ms per run."""
    parser = _Parser(prog="newsframes", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"newsframes {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (modname, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        if only is not None and name != only:
            continue
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name != modname:
                raise
            continue
        mod.configure(p)
        p.set_defaults(_run=mod.run)
    return parser


def _command(argv: list[str]) -> str | None:
    """The subcommand named in `argv` (the first word that is not an option), if any."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=_command(argv) or "")
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("newsframes: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug: one clear line, the traceback only on request
        if os.environ.get("NEWSFRAMES_DEBUG"):
            raise
        print(f"newsframes {args.command}: internal error: {type(exc).__name__}: {exc}\n"
              "  this is a bug in newsframes: please report it with the command you ran; "
              "set NEWSFRAMES_DEBUG=1 to see the traceback", file=sys.stderr)
        return 1


def entry() -> None:
    """The `newsframes` program: `main`, then exit."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
