#!/usr/bin/env python3
"""Make N valid SYNTHETIC records for benchmarks and scale tests.

Each synthetic article recombines paragraphs of a real corpus record (default: the seed)
in a seeded random order and subset, re-anchors every span that lies inside a chosen
paragraph (shifted offsets, fresh ids), and ends with a line naming it synthetic, so no
two texts are equal. Provenance says `synthetic` in `source.notes` and
`annotation.method`. Output goes to --out (refused inside corpus/ or data/).

    python scripts/make_synthetic_corpus.py 2000 --out /tmp/synth/corpus
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsframes.corpus import read_article  # noqa: E402
from newsframes.jsonio import canonical_dumps  # noqa: E402
from newsframes.splits import assign_split  # noqa: E402

SPAN_LAYERS = ("mentions", "claims", "techniques", "timexes")


def _inside(span, lo, hi):
    return lo <= span["start"] and span["end"] <= hi


def _shift(span, delta):
    span["start"] += delta
    span["end"] += delta
    return span


def synthesize(src_record: dict, src_text: str, index: int) -> tuple[dict, str]:
    rng = random.Random(index)
    paras = src_record["structure"]["paragraphs"]
    k = rng.randint(max(1, len(paras) // 3), len(paras))
    chosen = sorted(rng.sample(range(len(paras)), k)) if rng.random() < 0.5 else rng.sample(range(len(paras)), k)
    art_id = f"synthetic-{index:06d}"
    pieces, new_paras, moves = [], [], []  # moves: (lo, hi, delta)
    pos = 0
    for i in chosen:
        p = paras[i]
        piece = src_text[p["start"]:p["end"]]
        pieces.append(piece)
        new_paras.append({"start": pos, "end": pos + len(piece), "kind": p["kind"]})
        moves.append((p["start"], p["end"], pos - p["start"]))
        pos += len(piece) + 1
    tail = f"Synthetic benchmark article {index:06d}."
    pieces.append(tail)
    new_paras.append({"start": pos, "end": pos + len(tail), "kind": "body"})
    text = "\n".join(pieces)

    def move(span):
        for lo, hi, delta in moves:
            if _inside(span, lo, hi):
                return _shift(copy.deepcopy(span), delta)
        return None

    rec = copy.deepcopy(src_record)
    rec["id"] = art_id
    rec["split"] = assign_split(art_id)
    rec["title"] = None
    rec["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rec["source"]["notes"] = [f"SYNTHETIC benchmark record made by scripts/make_synthetic_corpus.py from "
                              f"paragraphs of {src_record['id']}; not a real article. Never part of corpus/ or data/."]
    rec["annotation"]["method"] = f"synthetic: annotations of {src_record['id']} re-anchored to recombined paragraphs"
    # a synthetic record has no annotation passes of its own: it is a plain single annotation
    rec["annotation"].pop("adjudicated_from", None)
    rec["annotation"].pop("adjudication_log", None)
    rec["annotation"].pop("adjudicator", None)
    if rec["annotation"]["status"] == "adjudicated":
        rec["annotation"]["status"] = "single"
    sents = [move(s) for s in src_record["structure"]["sentences"]]
    sents = [s for s in sents if s]
    sents.append({"start": new_paras[-1]["start"], "end": new_paras[-1]["end"],
                  "source": (src_record["structure"]["sentences"][0]["source"]
                             if src_record["structure"]["sentences"] else "manual")})
    rec["structure"] = {"paragraphs": new_paras, "sentences": sorted(sents, key=lambda s: s["start"])}
    for layer in SPAN_LAYERS:
        kept = []
        for span in src_record[layer]:
            new = move(span)
            if new is None:
                continue
            if layer == "claims" and span.get("cue"):
                cue = move(span["cue"])
                if cue is None:
                    continue
                new["cue"] = cue
            kept.append(new)
        kept.sort(key=lambda s: (s["start"], s["end"]))
        prefix = {"mentions": "m", "claims": "c", "techniques": "p", "timexes": "t"}[layer]
        for n, s in enumerate(kept, 1):
            s["id"] = f"{prefix}{n}"
        rec[layer] = kept
    return rec, text


def synthetic_pass(rec: dict, n: int) -> dict:
    """Annotation pass `pass-<n>` of a synthetic record (annotations/<id>/pass-<n>.json):
    the record itself with an `annotation.pass` block, so validation has real pass files
    to check (a project whose articles are adjudicated keeps two or more per article)."""
    out = dict(rec)
    out["annotation"] = {**rec["annotation"], "status": "single", "pass": {
        "id": f"pass-{n}", "annotator": "synthetic benchmark", "started": None, "finished": None,
        "tool": "scripts/make_synthetic_corpus.py", "saw": ["text"],
        "note": "SYNTHETIC: a copy of the synthetic record, for benchmarks only"}}
    return out


def _write_range(args) -> None:
    source, out, lo, hi, passes = args
    src = read_article(Path(source))
    out = Path(out)
    for i in range(lo, hi):
        rec, text = synthesize(src.record, src.text, i)
        (out / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
        (out / f"{rec['id']}.json").write_text(canonical_dumps(rec), encoding="utf-8")
        if passes:
            folder = out.parent / "annotations" / rec["id"]
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(1, passes + 1):
                (folder / f"pass-{n}.json").write_text(canonical_dumps(synthetic_pass(rec, n)), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("--out", required=True, type=Path, help="output corpus folder")
    ap.add_argument("--source", type=Path, default=ROOT / "corpus" / "lavrov-kyrgyzstan-visit.json",
                    help="record to recombine (default: the seed's gold record)")
    ap.add_argument("--jobs", type=int, default=0, help="processes (default: one per CPU core)")
    ap.add_argument("--passes", type=int, default=0,
                    help="also write this many annotation passes per article, in annotations/ beside --out")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    for forbidden in (ROOT / "corpus", ROOT / "data", ROOT / "annotations"):
        if out == forbidden.resolve() or forbidden.resolve() in out.parents:
            ap.error(f"refusing to write synthetic records into {forbidden}")
    if args.passes and (out.parent / "annotations").resolve() == (ROOT / "annotations").resolve():
        ap.error(f"refusing to write synthetic passes into {ROOT / 'annotations'}")
    if not args.source.is_file():
        ap.error(f"no source record {args.source}")
    out.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs or (os.cpu_count() or 1)
    bounds = [args.n * k // jobs for k in range(jobs + 1)]
    parts = [(str(args.source), str(out), bounds[k], bounds[k + 1], args.passes)
             for k in range(jobs) if bounds[k] < bounds[k + 1]]
    if len(parts) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=len(parts)) as pool:
            list(pool.map(_write_range, parts))
    else:
        for part in parts:
            _write_range(part)
    print(f"wrote {args.n} synthetic records to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
