"""Converters between newsframes records and the field's shared-task formats:
SemEval-2023 Task 3 (`semeval2023`), PTC / SemEval-2020 Task 11 (`ptc`), SemEval-2025
Task 10 (`semeval2025`) and brat standoff (`brat`). One module per format, each with
`read(...)` (files -> records, every problem located and collected) and `export(...)`
(records -> the format's files). `offsets` maps offsets between raw files and the
normalised text; `records` holds what they share. See docs/formats.md."""

from __future__ import annotations

import importlib

FORMATS = ("semeval2023", "ptc", "semeval2025", "brat")


def module(fmt: str):
    return importlib.import_module(f"{__name__}.{fmt}")
