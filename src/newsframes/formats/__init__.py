"""Converters between newsframes records and the field's shared-task formats:
SemEval-2023 Task 3 (`semeval2023`), PTC / SemEval-2020 Task 11 (`ptc`), SemEval-2025
Task 10 (`semeval2025`) and brat standoff (`brat`). Per format, a reader module
(`<format>.read(path, run)`: files -> records, every problem located and collected) and
an export module (`<format>_export.export(...)`: records -> the format's files).
`offsets` maps offsets between raw files and the normalised text, `template` gives
label files the order and line ends of the source, `predictions` turns a model's rows
into records to export. See docs/formats.md."""

from __future__ import annotations

import importlib

FORMATS = ("semeval2023", "ptc", "semeval2025", "brat")


def module(fmt: str):
    """The reader of `fmt`."""
    return importlib.import_module(f"{__name__}.{fmt}")


def exporter(fmt: str):
    """The export module of `fmt`."""
    return importlib.import_module(f"{__name__}.{fmt}_export")
