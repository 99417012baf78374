"""Exports of the corpus into formats researchers train and catalogue with.

- `export_spacy(corpus_dir, out_dir, full_text=False)`: one spaCy DocBin per split
  (`spacy_docbin.py`), under the rights policy (withheld texts left out unless `full_text`).
- `export_croissant(data_dir, out_file, version=...)`: Croissant 1.0 JSON-LD metadata
  describing the built Parquet files of `data/` (`croissant.py`).

Both import their heavy libraries inside the functions, and both are deterministic:
the same input gives byte-identical output.
"""

from __future__ import annotations


def export_spacy(corpus_dir, out_dir, *, full_text: bool = False) -> dict:
    from .spacy_docbin import export_spacy as _export

    return _export(corpus_dir, out_dir, full_text=full_text)


def export_croissant(data_dir, out_file, *, version: str, **kwargs) -> None:
    """kwargs: name, description, license, url, cite_as, date_published (all optional)."""
    from .croissant import export_croissant as _export

    return _export(data_dir, out_file, version=version, **kwargs)


__all__ = ["export_spacy", "export_croissant"]
