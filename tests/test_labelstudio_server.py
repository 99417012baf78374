"""The Label Studio round trip against a real server (label-studio 1.23.2), set up as the
docs say: the server listens on loopback only, the token is a Personal Access Token made
as the Account page makes it. A new article written for the test (an emoji before its
spans) is pushed, annotated through the API the way the page stores regions (random region
ids, code-point offsets), pulled twice with a JSON-only note added in between (ids and the
note kept), annotated by a second user (two passes), and the result validates and builds.

Needs LABEL_STUDIO_URL and either LABEL_STUDIO_API_KEY (a token) or LABEL_STUDIO_USERNAME /
LABEL_STUDIO_PASSWORD (a login; the test makes the token). .ci/run starts a server and sets
them. Skipped locally without them; under CI=true a missing or unreachable server fails."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from cli_helpers import run_cli
from ls_helpers import EMOJI_TEXT, NEW_ID, emoji_annotation, new_article, record, save

from newsframes.labelstudio import names as N

pytestmark = pytest.mark.labelstudio


def personal_access_token(url: str, email: str, password: str) -> str:
    """What Account & Settings -> Personal Access Token -> Create New Token does: log in (the
    login form), then POST /api/token/ with the session."""
    jar = http.cookiejar.CookieJar()
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    web.open(url + "/user/login/", timeout=60).read()

    def csrf():
        return next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"email": email, "password": password, "csrfmiddlewaretoken": csrf()}).encode()
    web.open(urllib.request.Request(url + "/user/login/", data=form, headers={"Referer": url + "/user/login/"}),
             timeout=60).read()
    req = urllib.request.Request(url + "/api/token/", data=b"{}", method="POST", headers={
        "Content-Type": "application/json", "X-CSRFToken": csrf(), "Referer": url + "/user/account"})
    with web.open(req, timeout=60) as r:
        return json.loads(r.read())["token"]


@pytest.fixture(scope="module")
def server():
    env = os.environ.get
    url, token = env("LABEL_STUDIO_URL"), env("LABEL_STUDIO_API_KEY")
    user, password = env("LABEL_STUDIO_USERNAME"), env("LABEL_STUDIO_PASSWORD")
    in_ci = env("CI", "").lower() == "true"
    why = None
    if not url or not (token or (user and password)):
        why = "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY (or LABEL_STUDIO_USERNAME / LABEL_STUDIO_PASSWORD) not set"
    else:
        url = url.rstrip("/")
        try:
            with urllib.request.urlopen(url + "/health", timeout=10) as r:
                if json.loads(r.read()).get("status") != "UP":
                    why = f"{url}/health is not UP"
        except (OSError, ValueError) as exc:
            why = f"{url} unreachable: {exc}"
    if why:
        (pytest.fail if in_ci else pytest.skip)(f"no Label Studio server: {why}")
    if not token:
        token = personal_access_token(url, user, password)
    return url, token


def api(server, method, path, body=None):
    """A REST call with the Personal Access Token: exchanged for an access token first, as the
    SDK does (POST /api/token/refresh/), then `Authorization: Bearer`."""
    url, token = server
    auth = f"Token {token}"
    if token.count(".") == 2:  # a JWT: the Personal Access Token
        req = urllib.request.Request(url + "/api/token/refresh/", data=json.dumps({"refresh": token}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=60) as r:
            auth = "Bearer " + json.loads(r.read())["access"]
    req = urllib.request.Request(url + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _listeners(port: int) -> list[str]:
    """Local addresses listening on `port` (TCP, IPv4 and IPv6), from /proc/net."""
    out = []
    for name, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if state == "0A" and int(p, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(addr)
                if width == 8:
                    out.append(".".join(str(b) for b in raw[::-1]))
                else:
                    words = [raw[i:i + 4][::-1] for i in range(0, 16, 4)]
                    out.append(":".join(b"".join(words)[i:i + 2].hex() for i in range(0, 16, 2)))
    return out


def test_server_listens_on_loopback_only(server):
    """`label-studio start --host 127.0.0.1` still listens on 0.0.0.0 (measured on 1.23.2: --host
    is the address in generated links); `--internal-host 127.0.0.1` is the bind address."""
    url, _ = server
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        pytest.skip(f"{url} is not a local server")
    found = _listeners(parts.port or 80)
    assert found, f"nothing listens on port {parts.port}"
    assert all(a == "127.0.0.1" or a == "0000:0000:0000:0000:0000:0000:0000:0001" for a in found), found


def test_the_documented_token_works_and_the_legacy_token_does_not(server, tmp_path):
    """docs/labelstudio.md tells people to use the Personal Access Token: it works with the
    CLI; the legacy token of the same user is refused by a server started as documented."""
    url, token = server
    corpus = new_article(tmp_path)
    r = run_cli("labelstudio", "export", NEW_ID, "--corpus", corpus, "--url", url, "--token", token,
                "--title", "nf token check")
    assert r.returncode == 0, r.stderr
    if token.count(".") != 2:
        pytest.skip("the server's token is a legacy token (LABEL_STUDIO_API_KEY): not the documented set-up")
    status, legacy = api(server, "GET", "/api/current-user/token")
    assert status == 200, legacy
    r = run_cli("labelstudio", "import", "--corpus", corpus, "--url", url, "--token", legacy["token"], "--project", 1)
    assert r.returncode == 1 and "Personal Access Token" in r.stderr


def test_server_validates_generated_config_and_rejects_a_broken_one(server):
    config = run_cli("labelstudio", "config").stdout
    status, body = api(server, "POST", "/api/projects", {"title": "nf config check", "label_config": config})
    assert status == 201, body
    status, _ = api(server, "POST", "/api/projects", {"title": "nf broken", "label_config": config.replace(
        f'name="{N.TEXT}"', 'name="other"', 1)})
    assert status == 400


def _user(server, email):
    status, body = api(server, "POST", "/api/users", {"email": email, "username": email,
                                                      "password": secrets.token_urlsafe(16)})
    assert status == 201, body
    return body["id"]


def test_round_trip_through_the_server(server, tmp_path):
    url, token = server
    corpus = new_article(tmp_path)
    cli = ("--corpus", corpus, "--url", url, "--token", token)
    r = run_cli("labelstudio", "export", NEW_ID, *cli, "--title", "nf round trip")
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "tasks.json").exists()  # pushing writes no task file
    project = int(re.search(r"pushed 1 task\(s\) to project (\d+)", r.stdout).group(1))
    status, listing = api(server, "GET", f"/api/tasks?project={project}")
    assert status == 200, listing
    [task] = listing["tasks"]
    text = task["data"]["text"]
    assert text == EMOJI_TEXT and "\U0001F600" in text[:text.index("Sergey")]

    # annotator 1 submits (what the page sends: code-point offsets, random region ids)
    local = f"alice-{secrets.token_hex(3)}"  # one e-mail local part, two universities
    alice = _user(server, f"{local}@uni-a.example")
    status, body = api(server, "POST", f"/api/tasks/{task['id']}/annotations",
                       {"result": emoji_annotation(text), "lead_time": 12.5, "completed_by": alice})
    assert status == 201, body
    r = run_cli("labelstudio", "import", *cli, "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    rec = record(corpus)
    k = text.index("Kyrgyzstan")
    ment = {m["text"]: m for m in rec["mentions"]}
    assert (ment["Kyrgyzstan"]["start"], ment["Kyrgyzstan"]["end"]) == (k, k + 10)
    assert len(text[:k].encode("utf-16-le")) // 2 == k + 3  # read as UTF-16 units it would be 3 further on
    assert rec["annotation"]["annotators"] == [f"ls-user-{alice}"]
    ids = {layer: [x["id"] for x in rec[layer]] for layer in ("mentions", "claims", "techniques", "timexes")}

    # a note only the JSON holds, then pull again: same ids, the note kept, the file unchanged
    rec["techniques"][0]["note"] = "JSON-only note between the pulls"
    rec["claims"][0]["verdict"]["note"] = "verdict note"
    save(corpus, rec)
    before = (corpus / f"{NEW_ID}.json").read_bytes()
    r = run_cli("labelstudio", "import", *cli, "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 record(s) unchanged" in r.stdout and "removed" not in r.stdout
    assert (corpus / f"{NEW_ID}.json").read_bytes() == before
    assert {layer: [x["id"] for x in record(corpus)[layer]] for layer in ids} == ids
    v = run_cli("validate", corpus)
    assert v.returncode == 0, v.stdout + v.stderr

    # annotator 2, same e-mail local part as annotator 1: two passes, corpus/ left alone
    bob = _user(server, f"{local}@uni-b.example")
    res2 = [x for x in emoji_annotation(text) if x.get("from_name") != N.TECHNIQUE_PREFIX + "Manipulative_Wording"]
    status, body = api(server, "POST", f"/api/tasks/{task['id']}/annotations",
                       {"result": res2, "lead_time": 9.0, "completed_by": bob})
    assert status == 201, body
    r = run_cli("labelstudio", "import", *cli, "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 annotators" in r.stdout and (corpus / f"{NEW_ID}.json").read_bytes() == before
    passes = tmp_path / "annotations" / NEW_ID
    assert sorted(p.name for p in passes.iterdir()) == [f"ls-user-{alice}.json", f"ls-user-{bob}.json"]
    pa = json.loads((passes / f"ls-user-{alice}.json").read_text(encoding="utf-8"))
    pb = json.loads((passes / f"ls-user-{bob}.json").read_text(encoding="utf-8"))
    assert pa["techniques"][0]["note"] == "JSON-only note between the pulls" and pb["techniques"] == []
    assert pb["annotation"]["pass"]["id"] == f"ls-user-{bob}"
    v = run_cli("validate", corpus)
    assert v.returncode == 0, v.stdout + v.stderr
    b = run_cli("build", "--corpus", corpus, "--out", tmp_path / "data")
    assert b.returncode == 0, b.stdout + b.stderr
    shards = sorted((tmp_path / "data" / "articles").glob("*.parquet"))  # the built rows (no JSON Lines mirror)
    assert shards, "the build wrote no articles shard"
    assert NEW_ID in {i for f in shards for i in pq.read_table(f, columns=["id"]).column("id").to_pylist()}
