"""The corpus pages over PostgreSQL: the same checks as test_reader_pages.py's SQLite ones.

Skips without a server unless PRESSLENS_REQUIRE_POSTGRES=1 (CI), like every store test.
"""

from __future__ import annotations

import json
from pathlib import Path

import test_reader_pages as pages_tests  # the SQLite module: its records and checks
from fastapi.testclient import TestClient

from presslens.corpus.ingest import ingest
from presslens.pipeline import Pipeline, default_components
from presslens.store import open_store
from presslens.web.app import create_app


def test_corpus_pages_on_postgresql(postgres_url: str, tmp_path: Path):
    records = tmp_path / "news.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in pages_tests.RECORDS) + "\n", encoding="utf-8")
    with open_store(postgres_url) as store:
        assert ingest([pages_tests.SEED_MD, records], store, Pipeline(default_components())).articles == 3
    with TestClient(create_app(postgres_url), base_url="http://localhost", raise_server_exceptions=True) as client:
        items = client.get("/articles").json()["items"]
        ids = {("seed" if "Aleppo" in (a["title"] or "") else "evil" if "Budget" in (a["title"] or "") else "ferry"): a["id"]
               for a in items}
        pages_tests.test_corpus_search_and_filters(client, ids)
        pages_tests.test_source_speaker_and_dupes_pages(client, ids)
        for article_id in ids.values():
            resp = client.get(f"/read/{article_id}")
            assert resp.status_code == 200 and 'class="ly' in resp.text
