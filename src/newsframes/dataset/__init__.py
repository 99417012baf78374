"""The versioned dataset build: validated corpus -> data/ (Parquet configs +
MANIFEST.json + croissant.json), the card's YAML front matter, and release manifests.

    features.py  HF Features of the configs (ClassLabel names from the taxonomies)
    rows.py      record -> rows per config (and back, for the articles config)
    writer.py    deterministic Parquet / JSONL bytes, atomic folder swap
    card.py      README.md YAML front matter
    manifest.py  data/MANIFEST.json and releases/<version>.json
    project.py   Project (paths), Built (the result), BuildError
    gate.py      validation before a build (with the rebuild fast path)
    digests, snapshot (package level): file digests by stat signature, per-corpus facts
    rowcache.py  per-article rows (JSON Lines, label-encoded too), converted once
    rowlookup.py the entry of every article of a build (rows snapshot, conversion pool)
    bundle.py, encode.py: features without `datasets`; the fast label encoder
    shards.py    content-defined groups, shard fingerprints, reuse of previous files
    shardset.py  the plan and writing of all shards (pool, helper or here)
    stream.py    one shard: JSON Lines -> Parquet in row groups
    prewarm.py   the helper process that writes a rebuild's few shards
    outputs.py   croissant.json, the card read, digests of outputs for the next build
    core.py      one build into a temporary folder; `build` swaps it in
    check.py     `build --check`: what is stale
"""
