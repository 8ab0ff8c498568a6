"""Parquet and DataFrame inputs, the optional store write, and the Spark republication clusters
against `presslens dupes` on the same articles (structure only: no models, so these stay fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from presslens.corpus import dupes as local_dupes
from presslens.spark import analyze_dataframe, run_job
from presslens.store import open_store

STORM = [
    "A storm with winds of up to 120 kilometres an hour closed the port of Halvard on Friday night and cut power to "
    "about 8,000 homes along the northern coast.",
    "Crews worked through the night to clear fallen trees from the coast road, which reopened on Saturday morning "
    "after a lorry was pulled from a ditch near the lighthouse.",
    "The weather service said the storm was the strongest to reach the coast in March since records began, and "
    "warned that high tides could flood low streets in the old town on Sunday.",
    "Schools in three villages will stay closed on Monday while engineers check the roofs of the buildings, the "
    "education office said in a short statement.",
    "Fishermen who keep their boats in the inner harbour were told to move them to the new marina before the next "
    "high tide, which is expected shortly after noon.",
]
OTHER = [
    "The town library will open on Sundays from next month, the culture office said on Wednesday, after visitors "
    "asked for longer hours in a survey run last autumn by the council.",
    "A new bakery opened on the market square on Thursday, selling bread made with rye grown on farms around the "
    "valley, and the owners said they hoped to hire four more bakers this year.",
    "The football club named a former goalkeeper as its new coach after a season in which the team lost eleven of "
    "its last fifteen matches and finished near the bottom of the regional league.",
]


def records() -> list[dict]:
    return [
        {"id": "hp-storm", "publisher": "Harbour Post", "published": "2025-03-01", "text": "\n\n".join(STORM)},
        {"id": "vt-storm", "publisher": "Valley Times", "published": "2025-03-02",
         "text": "\n\n".join([*STORM, "Residents of the harbour district said the water reached their doorsteps on Saturday, "
                                 "and the council handed out sandbags at the town hall."])},
        {"id": "cd-storm", "publisher": "Coast Daily", "published": "2025-03-02", "text": "\n\n".join(STORM[:3])},
        {"id": "hp-storm-again", "publisher": "Harbour Post", "published": "2025-03-01", "text": "\n\n".join(STORM)},  # same body
        *({"id": f"other-{n}", "publisher": "Valley Times", "published": "2025-02-1{n}", "text": text}
          for n, text in enumerate(OTHER)),
        {"id": "mixed", "publisher": "Coast Daily", "published": "2025-03-03",  # shares one paragraph of five: no cluster
         "text": "\n\n".join([STORM[0], "Insurers said on Monday that claims for damaged roofs and cars were arriving faster "
                               "than after any storm in the last ten years, and asked owners to send photographs.",
                               "The harbour master said the breakwater had held, but that divers would inspect it once "
                               "the sea was calm enough, probably later in the week."])},
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    """The ``--db`` target: a SQLite file, or a PostgreSQL schema (``postgres_url``: required in CI)."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("postgres_url")


def test_parquet_input_store_write_and_dupes_match_presslens_dupes(spark, tmp_path: Path, db_url: str):
    source = tmp_path / "feed.parquet"
    pq.write_table(pa.Table.from_pylist(records()), source)
    pq.write_table(pa.Table.from_pylist([{"id": "x", "url": "https://x.example/"}]), tmp_path / "nocontent.parquet")
    (tmp_path / "garbage.parquet").write_bytes(b"not parquet at all\n" * 10)
    out, db = tmp_path / "tables", db_url
    bad = [str(tmp_path / name) for name in ("missing.parquet", "nocontent.parquet", "garbage.parquet")]
    summary = run_job([str(source), *bad], str(out), components=(), dupes=True, db=db, partitions=3)
    assert (summary.articles, summary.duplicates, summary.rejected) == (7, 1, 3)  # bad inputs are rows, not a failed job
    assert summary.reasons == {"not-found": 1, "no-text": 1, "bad-parquet": 1}
    articles = pq.read_table(out / "articles").to_pylist()
    assert {a["source"] for a in articles} >= {f"{source}#hp-storm", f"{source}#mixed"}
    assert f"{source}#hp-storm-again" not in {a["source"] for a in articles}  # the same body again: kept once, the first
    assert {a["publisher"] for a in articles} == {"Harbour Post", "Valley Times", "Coast Daily"}

    with open_store(db) as store:  # --db: the same articles, annotations and rejections in the store
        assert store.ids() == {a["id"] for a in articles}
        assert [r.reason for r in store.rejected()] == ["bad-parquet", "not-found", "no-text"]  # by source
        expected = local_dupes.find_dupes(local_dupes.load_docs(store))
    assert len(expected) == 1 and len(expected[0].members) == 3  # the storm: original and two copies

    rows = pq.read_table(out / "dupes").to_pylist()
    by_source = {a["id"]: a["source"].rsplit("#", 1)[1] for a in articles}
    got = [(r["cluster"], by_source[r["article_id"]], r["role"], r["containment"], r["jaccard"], r["added"], r["removed"])
           for r in rows]
    want = [(c.id, by_source[m.article_id], m.role, m.containment, m.jaccard, len(m.added), len(m.removed))
            for c in expected for m in c.members]
    assert got == want
    assert got[0][1:3] == ("hp-storm", "original") and rows[0]["reason"] == expected[0].reason
    vt = next(r for r in rows if by_source[r["article_id"]] == "vt-storm")
    assert json.loads(vt["edits"])["added"][0].startswith("residents of the harbour district")
    assert summary.dupe_clusters == 1


def test_analyze_dataframe_takes_any_html_column(spark):
    df = spark.createDataFrame([
        ("a", "<html><body><article><h1>Storm closes port</h1>" + "".join(f"<p>{p}</p>" for p in STORM) + "</article></body></html>"),
        ("b", "<html><body><p>Too short.</p></body></html>"),
    ], "key string, page string")
    tables = analyze_dataframe(df, components=(), html="page", label="pages", partitions=2)
    articles = tables["articles"].select("doc", "source", "title").collect()
    assert [tuple(a) for a in articles] == [(1, "pages:1", "Storm closes port")]
    assert [(r["source"], r["reason"]) for r in tables["rejected"].collect()] == [("pages:2", "no-article-text")]
