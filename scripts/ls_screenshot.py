# Dev tool (needs `pip install playwright` and /usr/bin/chromium): screenshot of the labeling page of the
# first task of a project; usage: ls_screenshot.py PROJECT OUT.png [REGION-TEXT-TO-SELECT]
import sys

from ls_dev import logged_in_page, open_first_task
from playwright.sync_api import sync_playwright

project = sys.argv[1]
out = sys.argv[2]
with sync_playwright() as pw:
    b, page = logged_in_page(pw)
    open_first_task(page, project)
    page.locator("button:visible", has_text="Update").first.wait_for(timeout=60000)
    page.wait_for_timeout(3000)
    if len(sys.argv) > 3:
        page.locator(".htx-highlight", has_text=sys.argv[3]).first.click()
        page.wait_for_timeout(1000)
    page.screenshot(path=out)
    b.close()
