"""The fingerprint of a group names the code its files' bytes depend on (`groups.CODE`):
a group written in a fresh interpreter imports no other module of newsframes than those
and the few listed as neutral (`groups.NEUTRAL`). A module missing from CODE would let a
change of it keep old fingerprints: the store and `--base` would then take files made by
the old code as what the new code makes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from newsframes.dataset import groups

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "lavrov-kyrgyzstan-visit.json"

_WRITE = r"""
import json, sys
from pathlib import Path
from newsframes.dataset import write
from newsframes.dataset.bundle import bundles
corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
task = {"policy": None, "sources": [], "schemas": {c: b.schema_bytes for c, b in bundles().items()},
        "descs": {c: b.desc for c, b in bundles().items()},
        "out": {c: str(out / f"{c}.parquet") for c in bundles()},
        "members": [["convert", str(p), None] for p in sorted(corpus.glob("*.json"))]}
write.write_group(task)
import newsframes
root = Path(newsframes.__file__).parent
print(json.dumps(sorted(Path(m.__file__).relative_to(root).as_posix() for n, m in list(sys.modules.items())
                        if n.startswith("newsframes") and getattr(m, "__file__", None))))
"""


def test_a_group_write_imports_only_the_code_its_fingerprint_names(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    out.mkdir()
    for suffix in (".json", ".txt"):
        shutil.copyfile(SEED.with_suffix(suffix), corpus / SEED.with_suffix(suffix).name)
    env = {"NEWSFRAMES_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-c", _WRITE, str(corpus), str(out)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = json.loads(proc.stdout.splitlines()[-1])
    assert any(p.endswith(".parquet") for p in map(str, out.iterdir()))  # the group was written
    assert "dataset/write.py" in loaded and "dataset/rows.py" in loaded
    unnamed = sorted(set(loaded) - set(groups.CODE) - set(groups.NEUTRAL))
    assert not unnamed, f"imported by a group write but not in groups.CODE: {unnamed}"
    assert all((ROOT / "src" / "newsframes" / p).is_file() for p in groups.CODE + groups.NEUTRAL)
