"""Shared helpers of the Label Studio tests: a new article made for the test (synthetic text,
in a temporary project, never in corpus/), tasks exported by the real CLI, and exports shaped
as Label Studio 1.23.2 writes them (regions with the front end's random ids, per-region
attributes under the region's id, `completed_by` user ids)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from cli_helpers import run_cli

from newsframes.labelstudio import names as N

# synthetic text (tests only): characters outside the BMP before the spans
EMOJI_TEXT = ("Emoji \U0001F600 first: Sergey Lavrov spoke in Bishkek today.\n"
              "\U0001F44D\U0001F3FD Kyrgyzstan agreed, officials said.")
NEW_ID = "emoji-test"


def new_article(root: Path, text: str = EMOJI_TEXT, aid: str = NEW_ID) -> Path:
    """`newsframes add` of a synthetic text into root/corpus; returns the corpus folder."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    corpus = root / "corpus"
    corpus.mkdir(exist_ok=True)
    seed = root / "seeds" / f"{aid}.txt"
    seed.write_text(text, encoding="utf-8")
    r = run_cli("add", seed, "--id", aid, "--published", "2025-06-30", "--corpus", corpus)
    assert r.returncode == 0, r.stderr
    assert (corpus / f"{aid}.txt").read_text(encoding="utf-8") == text  # offsets computed on `text` hold
    return corpus


def export(corpus: Path, *ids, prelabel=False) -> list[dict]:
    out = corpus.parent / "tasks.json"
    r = run_cli("labelstudio", "export", *ids, "--corpus", corpus, "--out", out, *(["--prelabel"] if prelabel else []))
    assert r.returncode == 0, r.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def import_(corpus: Path, tasks, *extra):
    path = corpus.parent / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return run_cli("labelstudio", "import", path, "--corpus", corpus, *extra)


def record(corpus: Path, aid: str = NEW_ID) -> dict:
    return json.loads((corpus / f"{aid}.json").read_text(encoding="utf-8"))


def save(corpus: Path, rec: dict, aid: str | None = None) -> None:
    from newsframes.jsonio import canonical_dumps

    (corpus / f"{aid or rec['id']}.json").write_text(canonical_dumps(rec), encoding="utf-8")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (but the test's own export.json/tasks.json): to prove nothing was written."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name not in ("export.json", "tasks.json")}


def span(rid, ctl, label, text, s, e):
    return {"id": rid, "from_name": ctl, "to_name": N.TEXT, "type": "labels", "origin": "manual",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}


def attr(rid, ctl, kind, s, e, values):
    key = "text" if kind == "textarea" else "choices"
    return {"id": rid, "from_name": ctl, "to_name": N.TEXT, "type": kind, "origin": "manual",
            "value": {"start": s, "end": e, key: values}}


def choices(ctl, values, kind="choices", rid=None):
    return {"id": rid or f"{ctl[:4]}Xq7", "from_name": ctl, "to_name": N.TEXT, "type": kind, "origin": "manual",
            "value": {"taxonomy" if kind == "taxonomy" else "choices": values}}


def relation(f, t):
    return {"from_id": f, "to_id": t, "type": "relation", "direction": "right", "labels": [N.CUE_RELATION]}


def emoji_annotation(text: str) -> list[dict]:
    """What the page stores after annotating the emoji article: regions with random ids."""
    k, lav, today = text.index("Kyrgyzstan"), text.index("Sergey Lavrov"), text.index("today")
    cs, ce, cue = text.index("Kyrgyzstan agreed"), text.index(", officials"), text.index("officials said")
    return [
        span("Kq3xZ1aB0c", N.ENTITY, "GPE", text, k, k + 10),
        attr("Kq3xZ1aB0c", N.ENTITY_REF, "textarea", k, k + 10, ["Kyrgyzstan"]),
        span("L7vR2mN9pQ", N.ENTITY, "PERSON", text, lav, lav + 13),
        attr("L7vR2mN9pQ", N.ROLE_PREFIX + "Protagonist", "choices", lav, lav + 13, ["Peacemaker"]),
        span("T0dY5aX1wE", N.TIMEX, "DATE", text, today, today + 5),
        attr("T0dY5aX1wE", N.TIMEX_VALUE, "textarea", today, today + 5, ["2025-06-30"]),
        span("C1aIm9Zz0r", N.CLAIM, N.CLAIM_LABEL, text, cs, ce),
        attr("C1aIm9Zz0r", N.CLAIMANT, "textarea", cs, ce, ["unnamed"]),
        attr("C1aIm9Zz0r", N.CLAIM_TYPE, "choices", cs, ce, ["attributed-report"]),
        attr("C1aIm9Zz0r", N.CHECKWORTHY, "choices", cs, ce, [N.NO]),
        span("Cu3Qq8vV2x", N.CLAIM, N.CUE_LABEL, text, cue, cue + 14),
        relation("Cu3Qq8vV2x", "C1aIm9Zz0r"),
        span("P1tEch0000", N.TECHNIQUE_PREFIX + "Manipulative_Wording", "Loaded_Language", text, lav, lav + 6),
        choices(N.GENRE, ["reporting"]), choices(N.FRAMES, ["Political"]), choices(N.PRIMARY_FRAME, ["Political"]),
        choices(N.NARRATIVES, [["URW: Praise of Russia", "URW: Praise of Russia: Other"]], "taxonomy"),
    ]


def as_ls_export(tasks, annotators=((1, None),), task_id=100, ann_id=10):
    """What Label Studio's JSON export holds: task ids, and each annotator's annotation
    (`(user id, result)`; None: the task's own annotation, as exported)."""
    out = []
    for i, t in enumerate(copy.deepcopy(tasks)):
        own = t.get("annotations", [{"result": []}])[0]["result"]
        t["id"] = task_id + i
        t["annotations"] = [{"id": ann_id + 10 * i + k, "completed_by": user,
                             "result": copy.deepcopy(own if res is None else res), "was_cancelled": False,
                             "created_at": "2026-11-02T09:00:00.000000Z", "updated_at": "2026-11-03T17:30:00.000000Z"}
                            for k, (user, res) in enumerate(annotators)]
        out.append(t)
    return out
