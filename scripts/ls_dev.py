"""Shared pieces of the Label Studio dev probes (ls_offset_probe.py, ls_prediction_probe.py,
ls_screenshot.py): the dev server's address and token, a REST call, and a logged-in
headless Chromium page. Dev only: needs `pip install playwright`, /usr/bin/chromium and a
dev server started as docs/labelstudio.md shows (`--internal-host 127.0.0.1`), with
LABEL_STUDIO_URL, LABEL_STUDIO_API_KEY (a Personal Access Token), LABEL_STUDIO_USERNAME and
LABEL_STUDIO_PASSWORD (the login of the page) in the environment."""

import json
import os
import urllib.request

URL = os.environ.get("LABEL_STUDIO_URL", "http://127.0.0.1:8080").rstrip("/")
TOKEN = os.environ.get("LABEL_STUDIO_API_KEY", "")
USER, PASSWORD = os.environ.get("LABEL_STUDIO_USERNAME", ""), os.environ.get("LABEL_STUDIO_PASSWORD", "")


def _auth() -> str:
    """A Personal Access Token (a JWT) is exchanged for an access token; a legacy token is sent as is."""
    if TOKEN.count(".") != 2:
        return f"Token {TOKEN}"
    req = urllib.request.Request(URL + "/api/token/refresh/", data=json.dumps({"refresh": TOKEN}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    return "Bearer " + json.loads(urllib.request.urlopen(req).read())["access"]


def api(method, path, body=None):
    req = urllib.request.Request(
        URL + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": _auth(), "Content-Type": "application/json"},
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
