"""The review page in a real headless Chromium: it renders, the article text is in the
DOM, and no script smuggled in through the data runs (checked twice: on the page as
written, and with its Content-Security-Policy removed, so escaping alone is tested).

Needs a Chromium binary (Debian package `chromium`); skipped with a reason otherwise."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from newsframes.taxonomy import load_taxonomies
from newsframes.view import render_page

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "corpus"
FID = "fixture-valid-001"
PAYLOAD = "<script>document.title='PWNED'</script>"
ATTR_PAYLOAD = "\"><img src=x onerror=\"document.title='PWNED'\">"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    why = (f"no Chromium binary on PATH (looked for {', '.join(BROWSERS)}); "
           "install the Debian package `chromium` to run the browser tests")
    if os.environ.get("CI"):  # CI installs it (.ci/run): a missing browser is a failure there
        pytest.fail(why)
    pytest.skip(why)


def browse(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--virtual-time-budget=2000", *extra, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def dump_dom(page: Path, tmp_path: Path) -> str:
    r = browse(page, tmp_path / f"profile-{page.stem}", "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "<html" in r.stdout, r.stderr[-2000:]
    return r.stdout


def title_of(dom: str) -> str:
    m = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert m, "no <title> in the dumped DOM"
    return unescape(m.group(1))


def hostile_page(tmp_path: Path) -> tuple[str, str]:
    record = json.loads((FIXTURE / f"{FID}.json").read_text(encoding="utf-8"))
    text = (FIXTURE / f"{FID}.txt").read_text(encoding="utf-8")
    start = len(text) + 1
    text = f"{text}\nInjected {PAYLOAD} here."
    s = start + len("Injected ")
    record["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    record["title"] = PAYLOAD + ATTR_PAYLOAD
    record["entities"][0]["name"] = PAYLOAD
    record["entities"][0]["note"] = ATTR_PAYLOAD
    record["source"]["notes"].append(PAYLOAD)
    record["techniques"][0]["note"] = ATTR_PAYLOAD
    record["mentions"].append({"id": "m9", "entity": "e1", "start": s, "end": s + len(PAYLOAD),
                               "text": PAYLOAD, "metonymy": None, "source": "manual"})
    return render_page(record, text, load_taxonomies()), text


def test_control_an_unescaped_script_does_run(tmp_path):
    """Guards the other tests: this harness does see a script that runs."""
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>ok</title></head><body>{PAYLOAD}</body></html>",
                    encoding="utf-8")
    assert title_of(dump_dom(page, tmp_path)) == "PWNED"


@pytest.mark.parametrize("strip_csp", [False, True], ids=["as-written", "without-csp"])
def test_injected_script_shows_as_text_and_never_runs(tmp_path, strip_csp):
    html, text = hostile_page(tmp_path)
    if strip_csp:
        html, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        assert n == 1
    page = tmp_path / "hostile.html"
    page.write_text(html, encoding="utf-8")
    dom = dump_dom(page, tmp_path)
    assert title_of(dom) != "PWNED"  # what any payload that ran would have set
    assert title_of(dom).startswith(f"{FID} · {PAYLOAD}")  # the title as written, as text
    # the payload is a text node: serialised escaped, never as an element
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "<img" not in dom.lower()
    assert len(re.findall(r"<script", dom, re.IGNORECASE)) == 0
    # the article text is in the DOM, line by line (tags removed, entities decoded)
    body = unescape(re.sub(r"<[^>]+>", "", dom))
    for line in text.split("\n"):
        assert line in body


def test_screenshot_of_fixture_page(tmp_path):
    record = json.loads((FIXTURE / f"{FID}.json").read_text(encoding="utf-8"))
    text = (FIXTURE / f"{FID}.txt").read_text(encoding="utf-8")
    page = tmp_path / "fixture.html"
    page.write_text(render_page(record, text, load_taxonomies()), encoding="utf-8")
    shot = tmp_path / "fixture.png"
    r = browse(page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1200,1400",
               "--hide-scrollbars")
    assert r.returncode == 0, r.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1400)
