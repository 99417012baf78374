"""Time `newsframes labelstudio import` on N synthetic tasks (default 1,000) in a temp
folder: N copies of the repository's real record under synthetic ids (text unchanged,
never written to corpus/), exported, given one annotation each with one new span, then
imported. Prints the wall time of the import (one run, in-process CLI)."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from newsframes.cli import main

REPO = Path(__file__).resolve().parents[1]
AID = "lavrov-kyrgyzstan-visit"


def run(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="nf-bench-ls-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        rec = json.loads((REPO / "corpus" / f"{AID}.json").read_text(encoding="utf-8"))
        ids = [f"bench-{i:05d}" for i in range(n)]
        for aid in ids:
            shutil.copy(REPO / "corpus" / f"{AID}.txt", corpus / f"{aid}.txt")
            (corpus / f"{aid}.json").write_text(json.dumps({**rec, "id": aid}, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
        tasks_path = Path(tmp) / "tasks.json"
        assert main(["labelstudio", "export", *ids, "--corpus", str(corpus), "--out", str(tasks_path)]) == 0
        tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
        for i, t in enumerate(tasks):
            text = t["data"]["text"]
            s = text.index("Economic sovereignty")
            res = t["annotations"][0]["result"]
            res.append({"id": f"new{i}", "from_name": "technique_Manipulative_Wording", "to_name": "text",
                        "type": "labels", "value": {"start": s, "end": s + 8, "text": "Economic",
                                                    "labels": ["Loaded_Language"]}})
            t["id"] = i + 1
            t["annotations"] = [{"id": i + 1, "completed_by": 1, "result": res, "was_cancelled": False}]
        export = Path(tmp) / "export.json"
        export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        t0 = time.perf_counter()
        code = main(["labelstudio", "import", str(export), "--corpus", str(corpus)])
        dt = time.perf_counter() - t0
        print(f"labelstudio import of {n} tasks: {dt:.1f} s (exit {code}; export file "
              f"{export.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
