"""The HTTP API (``presslens serve``), in process over a temporary SQLite store. No traffic leaves the machine:
the fetch guard is tested with addresses refused before any connection, a fake resolver, and a 127.0.0.1 server
that only a test-specific ``allow`` lets through."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presslens.cli import sample_path
from presslens.corpus.ingest import ingest
from presslens.pipeline import Pipeline, default_components
from presslens.store import open_store
from presslens.web.app import create_app
from presslens.web.fetch import FetchError, check_url, fetch, is_public

FERRY = ("Ferry crossings between Port Halvard and the islands resumed on Saturday after a two-day strike by deck crews "
         "ended with an agreement on overtime pay. \"We are glad the boats are back,\" said Samantha Power, the harbour "
         "commissioner.\n\nThe operator said all morning sailings would run on time, and that tickets bought for "
         "cancelled crossings would be refunded within a week. The rail link to the mainland carried twice its usual "
         "number of passengers while the boats were idle.")
RECORDS = [
    {"id": "a", "url": "https://meridian.example/ferry", "title": "Ferry Strike Ends", "source": "Meridian Review",
     "date": "2025-03-09", "text": FERRY},
    {"id": "b", "url": "https://harbourpost.example/ferry", "title": "Ferry Strike Is Over", "source": "Harbour Post",
     "date": "2025-03-11", "text": FERRY + "\n\nThe summer timetable, with two extra evening sailings to the outer islands, starts in May."
             "\n\nThis article first appeared in the Meridian Review."},
    {"id": "c", "title": "Mill Reopens", "source": "Valley Times", "date": "2025-06-01",
     "text": "The old paper mill reopened on Monday with forty workers. \"We waited years for this,\" said Daniel "
             "Okafor, the mill's new owner.\n\nThe town council approved the lease in April after a long debate."},
]


def assert_error(resp, status: int, code: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("api")
    records = root / "news.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    path = root / "news.db"
    with open_store(path) as store:
        summary = ingest([sample_path("md"), records], store, Pipeline(default_components()))
        assert summary.articles >= 4
    return path


@pytest.fixture(scope="module")
def client(db: Path):
    app = create_app(db, max_body_bytes=200_000)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        yield c


def test_openapi_lists_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    for path in ("/analyze", "/articles", "/articles/{article_id}", "/search", "/sources/{name}", "/speakers/{name}", "/dupes"):
        assert path in spec["paths"], path
    assert not [p for p in spec["paths"] if p.startswith(("/reader", "/read/", "/corpus"))]  # the reader's pages are not API
    assert client.get("/").json()["name"] == "presslens"


@pytest.mark.parametrize("key,fmt", [("markdown", "md"), ("html", "html")])
def test_analyze_the_sample(client, key, fmt):
    resp = client.post("/analyze", json={key: sample_path(fmt).read_text(encoding="utf-8")})
    assert resp.status_code == 200, resp.text
    record = resp.json()
    assert record["title"] == "Harbour Town Votes to Reopen Tidewater Rail Line After Eleven Years"
    assert record["provenance"]["original_source"] == "The Kessel Valley Gazette"
    assert record["annotations"]  # the default annotators ran


def test_analyze_text_with_chosen_components(client):
    resp = client.post("/analyze?components=none", json={"text": RECORDS[2]["text"]})
    assert resp.status_code == 200, resp.text
    assert resp.json()["annotations"] == {}
    assert_error(client.post("/analyze?components=nope", json={"text": "x"}), 400, "bad-components")


def test_analyze_errors_share_one_shape(client):
    assert_error(client.post("/analyze", json={}), 400, "bad-request")
    assert_error(client.post("/analyze", json={"text": "a", "html": "b"}), 400, "bad-request")
    assert_error(client.post("/analyze", json={"text": 5}), 422, "invalid-request")
    assert_error(client.post("/analyze", content=b"not json", headers={"content-type": "application/json"}), 422)
    assert_error(client.post("/analyze", json={"text": "Too short."}), 422, "no-article-text")
    assert_error(client.get("/analyze"), 405)
    assert_error(client.get("/no/such/page"), 404)


def test_analyze_never_reads_a_server_path(client):
    # A body that looks like a path is content, not a file name on the server.
    assert_error(client.post("/analyze", json={"text": str(sample_path("md"))}), 422, "no-article-text")


def test_request_size_limit(client):
    big = "word " * 60_000  # 300 kB > 200 kB
    assert_error(client.post("/analyze", json={"text": big}), 413, "too-large")

    def chunks():  # no Content-Length: the streamed body is counted
        for _ in range(30):
            yield b"x" * 10_000

    assert_error(client.post("/analyze", content=chunks(), headers={"content-type": "application/json"}), 413, "too-large")


def test_articles_paginate(client):
    first = client.get("/articles", params={"limit": 2}).json()
    assert first["total"] == 4 and len(first["items"]) == 2 and first["offset"] == 0
    assert first["next"] and "offset=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 2 and second["next"] is None
    ids = [a["id"] for a in first["items"] + second["items"]]
    assert len(set(ids)) == 4
    only = client.get("/articles", params={"source": "valley times"}).json()
    assert [a["title"] for a in only["items"]] == ["Mill Reopens"]
    assert_error(client.get("/articles", params={"limit": 0}), 422, "invalid-request")
    assert_error(client.get("/articles", params={"limit": 10_000}), 422)


def test_article_by_id(client):
    item = client.get("/articles", params={"source": "Valley Times"}).json()["items"][0]
    record = client.get(f"/articles/{item['id']}").json()
    assert record["id"] == item["id"] and record["title"] == "Mill Reopens"
    assert_error(client.get("/articles/0000000000000000"), 404, "not-found")


def test_search(client):
    page = client.get("/search", params={"q": "ferry", "limit": 1}).json()
    assert len(page["items"]) == 1 and page["next"]
    hit = page["items"][0]
    assert {"id", "title", "snippet", "highlights", "score"} <= set(hit)
    assert client.get(page["next"]).json()["items"][0]["id"] != hit["id"]
    rail = client.get("/search", params={"q": "Tidewater"}).json()["items"]
    assert rail and rail[0]["title"].startswith("Harbour Town")
    assert_error(client.get("/search", params={"q": "ferry", "since": "last week"}), 400, "bad-query")
    assert_error(client.get("/search"), 422, "invalid-request")


def test_source_profile(client):
    p = client.get("/sources/Meridian Review").json()
    assert p["source"] == "Meridian Review" and p["articles"] == 2  # the sample and the ferry story
    assert client.get("/sources/harbourpost.example").json()["articles"] == 1
    assert_error(client.get("/sources/Nobody Times"), 404, "not-found")


def test_speaker(client):
    page = client.get("/speakers/Samantha Power").json()
    assert page["total"] == 2 and {q["publisher"] for q in page["items"]} == {"Meridian Review", "Harbour Post"}
    assert all(q["speaker"] == "Samantha Power" for q in page["items"])
    one = client.get("/speakers/Samantha Power", params={"limit": 1}).json()
    assert len(one["items"]) == 1 and one["next"]
    assert_error(client.get("/speakers/Nobody Atall"), 404, "not-found")


def test_dupes(client):
    page = client.get("/dupes").json()
    assert page["total"] >= 1
    cluster = next(c for c in page["items"] if {m["publisher"] for m in c["members"]} >= {"Meridian Review", "Harbour Post"})
    original = next(m for m in cluster["members"] if m["role"] == "original")
    assert original["publisher"] == "Meridian Review"


def test_without_a_database_only_analyze_works():
    with TestClient(create_app(), base_url="http://localhost", raise_server_exceptions=False) as c:
        assert_error(c.get("/articles"), 503, "no-database")
        assert c.post("/analyze?components=none", json={"text": RECORDS[2]["text"]}).status_code == 200


def test_internal_errors_use_the_shape(db):
    app = create_app(db)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        err = assert_error(c.get("/boom"), 500, "internal-error")
        assert "secret" not in err["message"]


# ---------------------------------------------------------------------------
# The URL-fetch guard
# ---------------------------------------------------------------------------
REFUSED = ["127.0.0.1", "127.1.2.3", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
           "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1",
           "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "ff02::1", "2001:db8::1"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address):
    assert not is_public(address)


def test_public_addresses_pass():
    assert is_public("93.184.216.34") and is_public("2606:4700::1111") and is_public("::ffff:93.184.216.34")


def _no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"no lookup expected for {host}")


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.1.2.3:8080/x", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]:8000/", "http://[::ffff:127.0.0.1]/", "https://0.0.0.0/"])
def test_literal_private_urls_refused_before_connecting(url):
    with pytest.raises(FetchError) as info:
        fetch(url, resolver=_no_dns)
    assert info.value.code == "fetch-forbidden-address"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "//example.org/x",
                                 "http://user:pw@example.org/", "http:///nohost"])
def test_bad_schemes_and_urls_refused(url):
    with pytest.raises(FetchError) as info:
        check_url(url, resolver=_no_dns)
    assert info.value.code in {"fetch-scheme", "fetch-bad-url"}


def test_names_resolving_to_private_addresses_refused():
    fake = {"intranet.example": ["10.0.0.7"], "mixed.example": ["93.184.216.34", "192.168.0.2"],
            "meta.example": ["169.254.169.254"], "v6.example": ["::1"]}
    for host in fake:
        with pytest.raises(FetchError) as info:
            check_url(f"http://{host}/", resolver=lambda h, p: fake[h])
        assert info.value.code == "fetch-forbidden-address", host
    assert check_url("https://news.example/a", resolver=lambda h, p: ["93.184.216.34"]) == ("https", "news.example", 443, "93.184.216.34")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        targets = {"/to-metadata": "http://169.254.169.254/latest/meta-data/", "/to-private": "http://intranet.example/",
                   "/to-loopback": "http://127.0.0.1:9/", "/loop": "/loop"}
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.end_headers()
            return
        if self.path == "/drip":  # headers, then one byte every 0.2 s: only the total time limit stops it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return
        if self.path == "/big":
            body = b"x" * 50_000
        else:
            body = sample_path("html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _resolver(host: str, port: int) -> list[str]:
    # "local.test" is this test's server; everything else an invented private name. Nothing real is looked up.
    return {"local.test": ["127.0.0.1"], "intranet.example": ["10.0.0.7"]}[host]


def _test_fetch(port: int, path: str, **kw):
    return fetch(f"http://local.test:{port}{path}", resolver=_resolver, allow=lambda a: a == "127.0.0.1", timeout=5, **kw)


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private"])
def test_redirect_to_a_private_address_refused(local_server, path):
    with pytest.raises(FetchError) as info:
        _test_fetch(local_server, path)
    assert info.value.code == "fetch-forbidden-address"


def test_redirect_loops_and_size_are_bounded(local_server):
    with pytest.raises(FetchError) as info:
        _test_fetch(local_server, "/loop", max_redirects=3)
    assert info.value.code == "fetch-too-many-redirects"
    with pytest.raises(FetchError) as info:
        _test_fetch(local_server, "/big", max_bytes=10_000)
    assert info.value.code == "fetch-too-large" and info.value.status == 413
    page = _test_fetch(local_server, "/article")
    assert page.status == 200 and b"Tidewater" in page.body


def test_a_dripping_server_is_cut_at_the_time_limit(local_server):
    t0 = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(f"http://local.test:{local_server}/drip", resolver=_resolver, allow=lambda a: a == "127.0.0.1", timeout=1.0)
    assert info.value.code == "fetch-timeout" and info.value.status == 504
    assert time.monotonic() - t0 < 3


def test_api_fetch_is_off_by_default(client):
    assert_error(client.post("/analyze", json={"url": "https://example.org/"}), 400, "fetch-disabled")


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]/", "file:///etc/passwd", "http://localhost:8000/"])
def test_api_fetch_guard_refuses(url):
    # The real fetcher; only 'localhost' is looked up, in /etc/hosts, and refused as loopback.
    with TestClient(create_app(allow_fetch=True), base_url="http://localhost", raise_server_exceptions=False) as c:
        err = assert_error(c.post("/analyze", json={"url": url}), 400)
        assert err["code"] in {"fetch-forbidden-address", "fetch-scheme", "fetch-dns"}


def test_api_fetch_follows_a_redirect_only_to_allowed_addresses(local_server):
    fetcher = functools.partial(fetch, resolver=_resolver, allow=lambda a: a == "127.0.0.1")
    with TestClient(create_app(allow_fetch=True, fetcher=fetcher), base_url="http://localhost", raise_server_exceptions=False) as c:
        ok = c.post("/analyze?components=none", json={"url": f"http://local.test:{local_server}/article"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["title"].startswith("Harbour Town")
        err = assert_error(c.post("/analyze", json={"url": f"http://local.test:{local_server}/to-metadata"}), 400)
        assert err["code"] == "fetch-forbidden-address"


def test_serve_refuses_a_missing_database(tmp_path):
    from click.testing import CliRunner

    from presslens.cli import main

    result = CliRunner().invoke(main, ["serve", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "no such database" in result.output
