"""Dev tool: regenerate tests/fixtures/contribution/labelstudio-1.23.2-export.json, the
Label Studio JSON export that CI's contribution (scripts/ci_contribution.py) imports, from a
real Label Studio 1.23.2 server, so that the file is what that server exports (the same JSON
values, indented for diffs).

    newsframes add ... && newsframes annotate <id> --model none      # in a scratch clone
    LABEL_STUDIO_URL=... LABEL_STUDIO_API_KEY=... python scripts/ls_capture_contribution_export.py <id>

It pushes the task with its proposals as a prediction (`newsframes labelstudio export
--prelabel`), then sends what the labeling page sends on Submit: the prediction's regions
(kept, as the page pre-labels them) and the regions of REGIONS below (marked by the
annotator), and saves the project's JSON export."""

import json
import os
import re
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "contribution" / "labelstudio-1.23.2-export.json"
TEXT = "text"


def api(method: str, path: str, body=None):
    req = urllib.request.Request(os.environ["LABEL_STUDIO_URL"].rstrip("/") + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Token {os.environ['LABEL_STUDIO_API_KEY']}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def rid() -> str:
    """A region id as the labeling page makes them (10 URL-safe characters)."""
    return secrets.token_urlsafe(8)[:10]


def regions(text: str) -> list[dict]:
    """The annotator's own regions: (words, occurrence, control, label, per-region attributes)."""
    def at(words: str, n: int = 0) -> tuple[int, int]:
        s = [m.start() for m in re.finditer(re.escape(words), text)][n]
        return s, s + len(words)

    out: list[dict] = []

    def span(words, n, ctl, label, attrs=()):
        s, e = at(words, n)
        i = rid()
        out.append({"id": i, "from_name": ctl, "to_name": TEXT, "type": "labels", "origin": "manual",
                    "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}})
        for actl, kind, values in attrs:
            key = "text" if kind == "textarea" else "choices"
            out.append({"id": i, "from_name": actl, "to_name": TEXT, "type": kind, "origin": "manual",
                        "value": {"start": s, "end": e, key: values}})
        return i

    span("Millbrook", 0, "entity", "GPE", [("entity_ref", "textarea", ["Millbrook"])])
    span("Millbrook", 1, "entity", "GPE", [("entity_ref", "textarea", ["Millbrook"])])
    span("transport office", 0, "entity", "ORG", [("entity_ref", "textarea", ["Millbrook transport office"])])
    span("transport office", 1, "entity", "ORG", [("entity_ref", "textarea", ["Millbrook transport office"])])
    span("Dana Okafor", 0, "entity", "PERSON", [("entity_ref", "textarea", ["Dana Okafor"])])
    c1 = span("People who work late have been walking home in the dark", 0, "claim", "Claim",
              [("claimant", "textarea", ["Dana Okafor"]), ("claim_type", "choices", ["factual"]),
               ("checkworthy", "choices", ["no"])])
    q1 = span("said", 1, "claim", "Cue")
    c2 = span("the new timetable would cost about 40,000 euros a year", 0, "claim", "Claim",
              [("claimant", "textarea", ["Millbrook transport office"]), ("claim_type", "choices", ["quantitative"]),
               ("checkworthy", "choices", ["yes"])])
    q2 = span("said", 2, "claim", "Cue")
    span("reckless giveaway", 0, "technique_Manipulative_Wording", "Loaded_Language")
    for cue, claim in ((q1, c1), (q2, c2)):
        out.append({"from_id": cue, "to_id": claim, "type": "relation", "direction": "right", "labels": ["cue of"]})
    for ctl, values in (("genre", ["reporting"]), ("frames", ["Economic", "Quality_of_life"]),
                        ("primary_frame", ["Quality_of_life"])):
        out.append({"id": rid(), "from_name": ctl, "to_name": TEXT, "type": "choices", "origin": "manual",
                    "value": {"choices": values}})
    return out


def main(article_id: str) -> None:
    title = f"nf contribution capture {secrets.token_hex(3)}"
    r = subprocess.run(["newsframes", "labelstudio", "export", article_id, "--prelabel", "--title", title,
                        "--url", os.environ["LABEL_STUDIO_URL"], "--token", os.environ["LABEL_STUDIO_API_KEY"],
                        "--out", os.devnull], capture_output=True, text=True, check=True)
    project = int(re.search(r"to project (\d+)", r.stdout).group(1))
    [task] = api("GET", f"/api/tasks?project={project}")["tasks"]
    task = api("GET", f"/api/tasks/{task['id']}")
    [pred] = task["predictions"]
    kept = [dict(x, origin="prediction") for x in pred["result"]]  # the page keeps the proposals' region ids
    body = {"result": kept + regions(task["data"]["text"]), "lead_time": 312.4, "parent_prediction": pred["id"],
            "parent_annotation": None, "draft_id": 0}
    api("POST", f"/api/tasks/{task['id']}/annotations", body)
    export = api("GET", f"/api/projects/{project}/export?exportType=JSON")
    OUT.write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} (project {project}, task {task['id']})")


if __name__ == "__main__":
    main(sys.argv[1])
