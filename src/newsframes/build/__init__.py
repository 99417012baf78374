"""The versioned dataset build: validated corpus -> data/ (Parquet configs + JSONL
mirror + MANIFEST.json), the card's YAML front matter, and release manifests.

    features.py  HF Features of the configs (ClassLabel names from the taxonomies)
    rows.py      record -> rows per config (and back, for the articles config)
    writer.py    deterministic Parquet / JSONL bytes, atomic folder swap
    card.py      README.md YAML front matter
    manifest.py  data/MANIFEST.json and releases/<version>.json
    core.py      one build into a temporary folder; `build` swaps it in
    check.py     `build --check`: what is stale
    corpusdiff.py, publish.py: `newsframes diff` and `newsframes publish`
"""
