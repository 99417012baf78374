"""The layered validator: file (NF1xx), schema (NF2xx), article (NF3xx), corpus (NF4xx).

    from newsframes.validate import validate_corpus, validate_paths
    report = validate_corpus(Path("corpus"))
    report.ok, report.errors, report.warnings, report.issues, report.format("text")
"""

from .issues import CATALOGUE, Issue
from .report import Report
from .runner import (
           Config,
           UsageError,
           validate_changed,
           validate_corpus,
           validate_file,
           validate_paths,
)

__all__ = ["CATALOGUE", "Config", "Issue", "Report", "UsageError", "validate_changed", "validate_corpus",
           "validate_file", "validate_paths"]
