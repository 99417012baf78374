# Dev tool (needs `pip install playwright`, /usr/bin/chromium, a dev server and config.xml from `newsframes labelstudio config`):
# which proposals the real labeling page pre-labels when a task has two predictions (and, with an argument, an annotation).
import sys
from pathlib import Path

from ls_dev import api, logged_in_page, open_first_task
from playwright.sync_api import sync_playwright

cfg = Path(sys.argv[2] if len(sys.argv) > 2 else "config.xml").read_text()
T = "Sergey Lavrov arrived today in Bishkek."


def span(i, ctl, lab, s, e):
    return {
        "id": i,
        "from_name": ctl,
        "to_name": "text",
        "type": "labels",
        "value": {"start": s, "end": e, "text": T[s:e], "labels": [lab]},
    }


task = {
    "data": {"text": T, "article_id": "x"},
    "predictions": [
        {"model_version": "spacy-entityruler/3.8.18", "result": [span("m1", "entity", "PERSON", 0, 13)]},
        {"model_version": "newsframes-timex/1.1.0", "result": [span("t1", "timex", "DATE", 22, 27)]},
    ],
}
if len(sys.argv) > 1:  # task with an existing annotation too
    task["annotations"] = [{"result": [span("m2", "entity", "GPE", 31, 38)]}]
p = api("POST", "/api/projects", {"title": "preds probe", "label_config": cfg})
api("POST", f"/api/projects/{p['id']}/import", [task])
with sync_playwright() as pw:
    b, page = logged_in_page(pw, 1600, 1000)
    open_first_task(page, p["id"])
    page.wait_for_timeout(6000)
    page.screenshot(path="/tmp/ls-dev/pw/preds.png")
    btn = page.locator("button:visible", has_text="Submit")
    if btn.count():
        btn.first.click()
        page.wait_for_timeout(2500)
    b.close()
exp = api("GET", f"/api/projects/{p['id']}/export?exportType=JSON")
for a in exp[0]["annotations"]:
    print(
        "annotation",
        a["id"],
        a.get("completed_by"),
        [(r.get("id"), r["value"].get("labels")) for r in a["result"]],
        a.get("parent_prediction"),
    )
