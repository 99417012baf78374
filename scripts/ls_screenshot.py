# Dev tool (needs `pip install playwright` and /usr/bin/chromium): screenshot of the labeling page of the
# first task of a project; usage: ls_screenshot.py PROJECT OUT.png [REGION-TEXT-TO-SELECT]
import sys

from playwright.sync_api import sync_playwright

URL = "http://127.0.0.1:8091"
project = sys.argv[1]
out = sys.argv[2]
with sync_playwright() as pw:
    b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = b.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(URL + "/user/login/")
    page.fill("input[name=email]", "dev@example.org")
    page.fill("input[name=password]", "devpassword123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{URL}/projects/{project}/data")
    page.locator(".dm-table__row-wrapper, [class*=row-wrapper]").first.click(timeout=60000)
    page.locator("button:visible", has_text="Update").first.wait_for(timeout=60000)
    page.wait_for_timeout(3000)
    if len(sys.argv) > 3:
        page.locator(".htx-highlight", has_text=sys.argv[3]).first.click()
        page.wait_for_timeout(1000)
    page.screenshot(path=out)
    b.close()
