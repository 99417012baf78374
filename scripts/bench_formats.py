#!/usr/bin/env python3
"""Time `newsframes import` of N SYNTHETIC articles against one `newsframes build` of them;
with --release, a SemEval-2025 release of five languages through import, validate and
build, against one build of as many synthetic articles.

    python scripts/bench_formats.py --articles 100 [--json FILE]
    python scripts/bench_formats.py --release --articles 1050 [--peers DIR] [--json FILE]

Default: makes N synthetic records (scripts/make_synthetic_corpus.py) in a temporary
folder, exports them to each format (`newsframes export FORMAT`), then for each format
times `newsframes import FORMAT` into a fresh corpus and one cold `newsframes build` of
the corpus imported from semeval2023.

--release: a SemEval-2025 Task 10 release layout with the five language folders BG, EN,
HI, PT, RU, about N documents in all: EN is the real English release of the peers sample
(399 documents, copied into the temporary folder) when --peers finds it, the other languages (and EN
without the sample) are synthetic articles exported to the release layout and named as
the release names them (A9_BG_<n>, HI_<n>, PT_<n>, RU-URW-<n>). Times one
`newsframes import semeval2025` of the whole release, `newsframes validate` of the
imported corpus, one cold `newsframes build` of it, and one cold build of N synthetic
articles (the baseline), in the same run.

Commands run as subprocesses with a private cache (NEWSFRAMES_CACHE, HF_HOME). Nothing
is written to corpus/ or data/."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("semeval2023", "ptc", "semeval2025", "brat")


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


NAMES = {"BG": "A9_BG_{n}", "HI": "HI_{n}", "PT": "PT_{n}", "RU": "RU-URW-{n}", "EN": "EN_UA_{n}"}


def synthetic_language(export: Path, dest: Path, lang: str, start: int) -> int:
    """Copy a synthetic semeval2025 export into the language folder `dest`, its articles
    renamed as the release names them for `lang`; the number of articles."""
    import shutil
    names = {}
    (dest / "raw-documents").mkdir(parents=True)
    for i, f in enumerate(sorted((export / "raw-documents").glob("*.txt"))):
        names[f.name] = NAMES[lang].format(n=start + i) + ".txt"
        shutil.copyfile(f, dest / "raw-documents" / names[f.name])
    for label in ("subtask-1-annotations.txt", "subtask-2-annotations.txt"):
        lines = (export / label).read_text(encoding="utf-8").splitlines()
        (dest / label).write_text("".join("\t".join([names[ln.split("\t", 1)[0]], *ln.split("\t")[1:]]) + "\n"
                                          for ln in lines), encoding="utf-8")
    return len(names)


def release(args, nf: list[str], env: dict, tmp: Path) -> dict:
    peers = args.peers / "semeval2025" / "EN"
    real_en = (peers / "raw-documents").is_dir()
    langs = ["BG", "HI", "PT", "RU"] + ([] if real_en else ["EN"])
    rest = args.articles - (len(list((peers / "raw-documents").glob("*.txt"))) if real_en else 0)
    per = max(1, rest // len(langs))
    root = tmp / "release"
    root.mkdir()
    if real_en:  # a temporary copy (import reads no file through a link out of its folder)
        import shutil
        shutil.copytree(peers, root / "EN")
    synth = tmp / "synth-release" / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic_corpus.py"), str(per * len(langs)),
                    "--out", str(synth)], check=True, env=env, stdout=subprocess.DEVNULL)
    docs = {}
    for k, lang in enumerate(langs):
        part = tmp / "part" / lang / "corpus"
        part.mkdir(parents=True)
        for f in sorted(synth.glob("*.json"))[k * per:(k + 1) * per]:
            for suffix in (".json", ".txt"):
                os.link(f.with_suffix(suffix), part / f.with_suffix(suffix).name)
        out = tmp / "part" / lang / "export"
        subprocess.run([*nf, "export", "semeval2025", "--corpus", str(part), "--out", str(out)], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        docs[lang] = synthetic_language(out, root / lang, lang, 1000 * (k + 1))
    if real_en:
        docs["EN (real)"] = len(list((peers / "raw-documents").glob("*.txt")))
    corpus = tmp / "imported" / "corpus"
    figures = {"documents": sum(docs.values()), "per_language": docs}
    figures["import_s"] = timed([*nf, "import", "semeval2025", str(root), "--corpus", str(corpus)], env)
    figures["records_imported"] = len(list(corpus.glob("*.json")))
    figures["validate_s"] = timed([*nf, "validate", str(corpus)], env)
    figures["build_s"] = timed([*nf, "build", "--corpus", str(corpus), "--out", str(corpus.parent / "data")], env)
    base = tmp / "baseline" / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic_corpus.py"), str(figures["documents"]),
                    "--out", str(base)], check=True, env=env, stdout=subprocess.DEVNULL)
    env2 = dict(env, NEWSFRAMES_CACHE=str(tmp / "cache-baseline"))
    figures["baseline_build_s"] = timed([*nf, "build", "--corpus", str(base), "--out", str(base.parent / "data")], env2)
    total = figures["import_s"] + figures["validate_s"] + figures["build_s"]
    figures["import_validate_build_s"] = total
    figures["ratio_to_baseline_build"] = total / figures["baseline_build_s"]
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--release", action="store_true", help="time a five-language SemEval-2025 release (see above)")
    ap.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers-sample")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    nf = [sys.executable, "-m", "newsframes"]
    if args.release:
        with tempfile.TemporaryDirectory(prefix="nf-bench-release-") as tmp:
            env = dict(os.environ, NEWSFRAMES_CACHE=str(Path(tmp) / "cache"), HF_HOME=str(Path(tmp) / "hf"))
            figures = release(args, nf, env, Path(tmp))
        for k, v in figures.items():
            print(f"{k:32} {v:.2f}" if isinstance(v, float) else f"{k:32} {v}")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0
    with tempfile.TemporaryDirectory(prefix="nf-bench-formats-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, NEWSFRAMES_CACHE=str(tmp / "cache"), HF_HOME=str(tmp / "hf"))
        synth = tmp / "synth" / "corpus"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_synthetic_corpus.py"), str(args.articles),
                        "--out", str(synth)], check=True, env=env, stdout=subprocess.DEVNULL)
        figures = {"articles": args.articles}
        for fmt in FORMATS:
            out = tmp / "export" / fmt
            figures[f"export_{fmt}_s"] = timed([*nf, "export", fmt, "--corpus", str(synth), "--out", str(out)], env)
            figures[f"import_{fmt}_s"] = timed([*nf, "import", fmt, str(out), "--corpus",
                                                str(tmp / "imp" / fmt / "corpus"), "--language", "en"], env)
        figures["build_imported_semeval2023_s"] = timed(
            [*nf, "build", "--corpus", str(tmp / "imp" / "semeval2023" / "corpus"),
             "--out", str(tmp / "imp" / "semeval2023" / "data")], env)
    for k, v in figures.items():
        print(f"{k:32} {v:.2f}" if isinstance(v, float) else f"{k:32} {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
