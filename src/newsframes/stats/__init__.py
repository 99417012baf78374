"""Corpus statistics and the generated parts of the docs.

- `compute`: numbers from the corpus (counted the way the build counts rows);
- `render`: terminal table, Markdown block, JSON;
- `plots`: deterministic PNG bar charts (matplotlib, Agg);
- `fields`, `columns`: the field tables of docs/fields.md (from the build's cached
  feature descriptions and the schema's descriptions);
- `docs`: marker-block replacement in README.md / DATASHEET.md / docs/fields.md, and
  `refresh_docs` / `stale_docs` for `newsframes build` / `build --check`.
"""

from __future__ import annotations

__all__ = ["refresh_docs", "stale_docs"]


def __getattr__(name):  # lazy: importing the package must not import matplotlib
    if name in __all__:
        from . import docs

        return getattr(docs, name)
    raise AttributeError(name)
