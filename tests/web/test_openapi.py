"""The published contract holds: every documented endpoint's live responses, errors included, have a
status the endpoint documents and a body that validates against the schema ``/openapi.json`` gives."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from webtools import SLOW_SQL

from presslens.settings import Settings
from presslens.store.sqlite import SQLiteStore
from presslens.web.app import create_app


@pytest.fixture(scope="module")
def client(small_db):
    app = create_app(small_db, max_body_bytes=50_000)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/openapi.json").json()


def check(spec: dict, path: str, method: str, resp) -> None:
    """``resp`` is documented for ``method path`` and its JSON body validates against the documented schema."""
    operation = spec["paths"][path][method]
    status = str(resp.status_code)
    assert status in operation["responses"], f"{method.upper()} {path} answered {status}, which it does not document"
    content = operation["responses"][status].get("content", {}).get("application/json")
    assert content and content.get("schema"), f"{method.upper()} {path} {status} documents no JSON schema"
    schema = {**content["schema"], "components": spec["components"]}
    Draft202012Validator(schema).validate(json.loads(resp.text))


def test_errors_are_documented_with_the_real_error_body(spec):
    assert "HTTPValidationError" not in json.dumps(spec) and '"detail"' not in json.dumps(spec["components"]["schemas"]["ErrorBody"])
    api = {p: ops for p, ops in spec["paths"].items()}
    assert set(api) >= {"/", "/analyze", "/articles", "/articles/{article_id}", "/search", "/sources/{name}", "/speakers/{name}",
                        "/dupes"}
    for path, ops in api.items():
        for method, op in ops.items():
            for status in ("400", "422", "500", "503"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorBody", (path, method, status)
            ok = op["responses"]["200"]["content"]["application/json"]["schema"]
            assert ok.get("$ref") or ok.get("properties"), (path, method, "an untyped 200")


def test_live_responses_validate(client, spec):
    ids = [a["id"] for a in client.get("/articles").json()["items"]]
    calls = [
        ("/", "get", client.get("/"), 200),
        ("/", "get", client.get("/", headers={"host": "evil.example"}), 400),
        ("/articles", "get", client.get("/articles?limit=2"), 200),
        ("/articles", "get", client.get("/articles?limit=0"), 422),
        ("/articles", "get", client.get("/articles?offset=x"), 422),
        ("/articles", "get", client.get("/articles", headers={"host": "evil.example"}), 400),
        ("/articles/{article_id}", "get", client.get(f"/articles/{ids[0]}"), 200),
        ("/articles/{article_id}", "get", client.get("/articles/nope"), 404),
        ("/search", "get", client.get("/search?q=harbour"), 200),
        ("/search", "get", client.get("/search"), 422),
        ("/search", "get", client.get("/search?q=rail%20AND"), 400),
        ("/search", "get", client.get("/search", params={"q": "ferry " * 40}), 400),
        ("/search", "get", client.get("/search?q=ferry&since=yesterday"), 400),
        ("/sources/{name}", "get", client.get("/sources/Meridian Review"), 200),
        ("/sources/{name}", "get", client.get("/sources/yahoo.com/news"), 200),
        ("/sources/{name}", "get", client.get("/sources/Nobody"), 404),
        ("/speakers/{name}", "get", client.get("/speakers/Samantha Power?limit=1"), 200),
        ("/speakers/{name}", "get", client.get("/speakers/Nobody Here"), 404),
        ("/speakers/{name}", "get", client.get("/speakers/Power?limit=500"), 422),
        ("/dupes", "get", client.get("/dupes"), 200),
        ("/dupes", "get", client.get("/dupes?limit=-1"), 422),
        ("/analyze", "post", client.post("/analyze?components=none", json={"text": "The harbour council met on Tuesday. " * 6}), 200),
        ("/analyze", "post", client.post("/analyze", json={"text": "a", "html": "b"}), 400),
        ("/analyze", "post", client.post("/analyze?components=nosuch", json={"text": "a"}), 400),
        ("/analyze", "post", client.post("/analyze", json={"url": "https://example.org/"}), 400),
        ("/analyze", "post", client.post("/analyze?components=none", json={"text": "\x00\x01\x02" * 50}), 400),
        ("/analyze", "post", client.post("/analyze?components=none", json={"text": "Too short."}), 422),
        ("/analyze", "post", client.post("/analyze", json={"text": 5}), 422),
        ("/analyze", "post", client.post("/analyze", content=b"not json", headers={"content-type": "application/json"}), 422),
        ("/analyze", "post", client.post("/analyze", json={"text": "x" * 60_000}), 413),
    ]
    for path, method, resp, status in calls:
        assert resp.status_code == status, (path, resp.status_code, resp.text[:200])
        check(spec, path, method, resp)


def test_503s_validate(small_db, spec, monkeypatch):
    with TestClient(create_app(), base_url="http://localhost") as c:  # no database
        for path, url in (("/articles", "/articles"), ("/search", "/search?q=x"), ("/dupes", "/dupes"),
                          ("/sources/{name}", "/sources/x"), ("/speakers/{name}", "/speakers/x"),
                          ("/articles/{article_id}", "/articles/x")):
            resp = c.get(url)
            assert resp.status_code == 503 and resp.json()["error"]["code"] == "no-database"
            check(spec, path, "get", resp)
    monkeypatch.setattr(SQLiteStore, "search", lambda self, *a, **k: self.query(SLOW_SQL))
    app = create_app(small_db, settings=Settings.load(serve={"query_timeout": 0.3}))
    with TestClient(app, base_url="http://localhost") as c:
        started = time.monotonic()
        resp = c.get("/search?q=ferry")
        assert time.monotonic() - started < 3
        assert resp.status_code == 503 and resp.json()["error"]["code"] == "query-timeout"
        check(spec, "/search", "get", resp)
