"""Shared pieces of the Label Studio dev probes (ls_offset_probe.py, ls_prediction_probe.py,
ls_screenshot.py): the dev server's address and legacy token, a REST call, and a logged-in
headless Chromium page. Dev only: needs `pip install playwright`, /usr/bin/chromium and a
dev server started as docs/labelstudio.md shows, with the user and token below."""

import json
import urllib.request

URL = "http://127.0.0.1:8091"
TOKEN = "0123456789abcdef0123456789abcdef01234567"
USER, PASSWORD = "dev@example.org", "devpassword123"


def api(method, path, body=None):
    req = urllib.request.Request(
        URL + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
    )
    return json.loads(urllib.request.urlopen(req).read() or b"null")


def logged_in_page(pw, width=1600, height=1000):
    """(browser, page) of a headless Chromium logged in to the dev server."""
    b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = b.new_page(viewport={"width": width, "height": height})
    page.goto(URL + "/user/login/")
    page.fill("input[name=email]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return b, page


def open_first_task(page, project):
    page.goto(f"{URL}/projects/{project}/data")
    page.locator(".dm-table__row-wrapper, [class*=row-wrapper]").first.click(timeout=60000)
