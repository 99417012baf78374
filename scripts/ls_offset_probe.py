# Dev tool (needs `pip install playwright` and /usr/bin/chromium; a dev Label Studio with the login below):
# label two spans after emoji on the real labeling page, submit, and print the offsets Label Studio stored.
"""Drive the real Label Studio 1.23.2 web page: label two spans after emoji, submit, print the stored result."""

import json
import sys
from pathlib import Path

from ls_dev import URL, api, logged_in_page
from playwright.sync_api import sync_playwright

TEXT = "Emoji \U0001f600 then Lavrov spoke.\n\U0001f44d\U0001f3fd Kyrgyzstan agreed."
cfg = sys.argv[1] if len(sys.argv) > 1 else None
config = (
    Path(cfg).read_text()
    if cfg
    else '<View><Labels name="label" toName="text"><Label value="PER"/></Labels><Text name="text" value="$text"/></View>'
)
p = api("POST", "/api/projects", {"title": "offset probe", "label_config": config})
api("POST", f"/api/projects/{p['id']}/import", [{"data": {"text": TEXT}}])
task = api("GET", f"/api/tasks?project={p['id']}")["tasks"][0]
label = "PERSON" if cfg else "PER"
with sync_playwright() as pw:
    b, page = logged_in_page(pw, 1400, 900)
    page.goto(f"{URL}/projects/{p['id']}/data")
    page.get_by_text("Label All Tasks").click()
    page.locator("button:visible", has_text="Submit").first.wait_for(timeout=60000)
    page.wait_for_timeout(1500)
    for word in ("Lavrov", "Kyrgyzstan"):
        page.get_by_text(label, exact=True).first.click()
        box = page.evaluate(
            """(w) => {
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          let n; while ((n = walker.nextNode())) { const i = n.textContent.indexOf(w);
            if (i >= 0 && n.textContent.includes('then')|| (i>=0 && n.textContent.includes('agreed'))) {
              const r = document.createRange();
              r.setStart(n, i); r.setEnd(n, i + w.length); const b = r.getBoundingClientRect();
              return {x: b.left, y: b.top, w: b.width, h: b.height}; } } return null; }""",
            word,
        )
        print(word, box)
        page.mouse.move(box["x"] + 1, box["y"] + box["h"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["w"] - 1, box["y"] + box["h"] / 2, steps=5)
        page.mouse.up()
        page.wait_for_timeout(500)
    page.screenshot(path="/tmp/ls-dev/pw/probe.png")
    page.locator("button:visible", has_text="Submit").first.click()
    page.wait_for_timeout(2000)
    b.close()
exp = api("GET", f"/api/projects/{p['id']}/export?exportType=JSON")
res = exp[0]["annotations"][0]["result"]
for r in res:
    v = r["value"]
    print(json.dumps(v, ensure_ascii=False))
    cp = TEXT[v["start"] : v["end"]]
    u16 = TEXT.encode("utf-16-le")[2 * v["start"] : 2 * v["end"]].decode("utf-16-le", "replace")
    print("  as code points:", repr(cp), " as UTF-16 units:", repr(u16))
