"""The versioned dataset build: validated corpus -> data/ (Parquet configs +
MANIFEST.json + croissant.json), the card's YAML front matter, and release manifests.
The path record -> rows -> shards -> data/ reads in one place: pipeline.py.

    pipeline.py  the build in one place: validate, plan the groups, make them, describe
    gate.py      validation before a build; the records a build is made of
    groups.py    content-defined groups of articles and their fingerprints
    known.py     what earlier builds made: the store and the base commit
    base.py      the base commit as the cache of a fresh clone (--base REF)
    make.py      every group into its files (pool, helper process or here)
    write.py     one group: its articles' rows (copied from a known file, else
                 converted) into one Parquet file per config
    articles.py  one record -> its rows in every config and its facts
    rows.py      record -> rows per config (and back, for the articles config)
    features.py  HF Features of the configs (ClassLabel names from the taxonomies)
    bundle.py, encode.py: features without `datasets`; the fast label encoder
    writer.py    deterministic Parquet bytes, atomic folder swap
    prewarm.py   the helper process that writes a rebuild's few groups
    describe.py  MANIFEST.json, croissant.json and the card from the articles' facts
    manifest.py  data/MANIFEST.json and releases/<version>.json
    card.py      README.md YAML front matter
    sources.py   whose annotations the corpus holds (card, Croissant, MANIFEST)
    textfields.py the text fields withheld by the rights policy, and restored
    outputs.py   croissant.json, the card read, digests of outputs for the next build
    outguard.py  which folders a build may replace
    project.py   Project (paths), Options, Built (the result), BuildError
    check.py     `build --check`: what is stale
    rowview.py   a built file's rows as JSON Lines (`newsframes rows`, git textconv)
The store (newsframes.store) keeps what this machine made; publish, rehydrate, diff and
the release checks are the package newsframes.release.
"""
