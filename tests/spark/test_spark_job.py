"""`presslens spark` end to end in local[2]: the same articles and annotations as `presslens analyze --json`.

One SparkSession (tests/spark/conftest.py) serves every test; the command finds it active and
uses it rather than starting a second JVM.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from spark_fixtures import write_warc

from presslens.cli import main
from presslens.corpus.export import TABLES
from presslens.records import Article
from presslens.store.base import annotation_rows, fact_rows


def page(url: str, title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><title>{title}</title><link rel="canonical" href="{url}">'
            f'<meta property="article:published_time" content="2025-03-04"></head>'
            f"<body><nav>Home | Local | Sport</nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>Subscribe to our newsletter for the latest news.</footer></body></html>")


FERRY = page("https://harbourpost.example/ferry", "Ferry crossings resume after strike", [
    "Ferry crossings between Port Halvard and the islands resumed on Saturday after a two-day strike by deck crews "
    "ended with an agreement on overtime pay.",
    '"We are relieved that the boats are running again," said Anna Berg, a spokeswoman for the operator.',
    "The strike cost the operator about 2.4 million euros, according to the port authority, and 14,000 passengers "
    "had to rebook their crossings.",
])
RAIL = page("https://harbourpost.example/rail", "Council votes to reopen rail line", [
    "The council voted 31 to 12 on Tuesday to reopen the rail line to Port Halvard after eleven years without trains.",
    "Trains will run twice a day from May, the regional transport board said, and tickets will cost 40 percent less "
    "than the bus.",
    '"This is the best news the town has had in a decade," councillor Piet Moreau told reporters.',
])
FEED = [
    {"id": "lib-1", "url": "https://valleytimes.example/library", "title": "Library extends opening hours",
     "text": "The town library will open on Sundays from next month, the culture office said on Wednesday.\n\n"
             "Visitors rose by 18 percent last year, to 92,000, according to the library's annual report.\n\n"
             "\"People asked for it again and again,\" said the head librarian, Mira Olsen."},
    "{this line is not JSON",
    {"url": "https://valleytimes.example/bridge",
     "html": "<html><body><article><h1>Old bridge to close for repairs</h1><p>The old bridge over the Ness will close "
             "for repairs from Monday, the roads department said in a statement, and the work will take about three "
             "months.</p><p>Drivers will be sent through the town centre, adding 10 minutes to the trip.</p></article>"
             "</body></html>"},
]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    warc = write_warc(tmp_path / "crawl.warc.gz", [
        ("https://harbourpost.example/ferry", FERRY.encode(), "text/html; charset=utf-8"),
        ("https://harbourpost.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),  # not HTML: skipped
        ("https://harbourpost.example/rail", RAIL.encode(), "text/html"),
    ])
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in FEED) + "\n", encoding="utf-8")
    pages = []
    for name, html in (("ferry.html", FERRY), ("rail.html", RAIL)):  # the WARC's pages as files, for analyze
        (tmp_path / name).write_text(html, encoding="utf-8")
        pages.append(tmp_path / name)
    return {"warc": warc, "feed": feed, "ferry": pages[0], "rail": pages[1]}


def read(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / table).to_pylist()


def test_spark_command_matches_analyze_json(spark, inputs: dict[str, Path], tmp_path: Path):
    out = tmp_path / "tables"
    runner = CliRunner()
    result = runner.invoke(main, ["spark", str(inputs["warc"]), str(inputs["feed"]), "--out", str(out), "--partitions", "5",
                                  "--json"])
    assert result.exit_code == 1, result.output  # one record rejected
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["articles"], summary["rejected"], summary["reasons"]) == (4, 1, {"bad-json": 1})

    expected = runner.invoke(main, ["analyze", "--json", str(inputs["ferry"]), str(inputs["rail"]), str(inputs["feed"])])
    assert expected.exit_code == 1  # the same bad line
    analyzed = [Article.from_json(line) for line in expected.stdout.splitlines() if line.strip()]
    assert len(analyzed) == 4

    articles = read(out, "articles")
    assert [c for c, _ in TABLES[0].columns] == pq.read_schema(next((out / "articles").glob("*.parquet"))).names
    assert sorted(a["id"] for a in articles) == sorted(a.id for a in analyzed)
    by_id = {a["id"]: a for a in articles}
    assert sorted(a["doc"] for a in articles) == [1, 2, 3, 4]
    assert [by_id[a.id]["doc"] for a in analyzed] == [1, 2, 3, 4]  # input order: the WARC's records, then the feed's
    sources = {a["id"]: a["source"] for a in articles}
    assert sources[analyzed[0].id] == f"{inputs['warc']}:1" and sources[analyzed[1].id] == f"{inputs['warc']}:3"
    assert sources[analyzed[2].id] == f"{inputs['feed']}#lib-1" and sources[analyzed[3].id] == f"{inputs['feed']}:3"

    # Annotations: every row of every kind equals the row the store would make from analyze's record.
    spark_rows = sorted((r["article_id"], r["kind"], r["idx"], r["start_char"], r["end_char"], r["label"], r["confidence"],
                         r["producer"], r["data"]) for r in read(out, "annotations"))
    want = sorted(row for a in analyzed for row in annotation_rows(a))
    assert len(want) > 10 and {r[1] for r in want} >= {"quotes", "numeric_claims", "entities"}
    assert spark_rows == want
    assert sorted(tuple(r.values()) for r in read(out, "provenance_facts")) == sorted(row for a in analyzed for row in fact_rows(a))
    for a in analyzed:  # the full record too (only where it was read from differs)
        record = Article.from_json(by_id[a.id]["record"])
        assert record.annotations == a.annotations and record.text == a.text and record.title == a.title

    rejected = read(out, "rejected")
    assert [(r["source"], r["reason"]) for r in rejected] == [(f"{inputs['feed']}:2", "bad-json")]
    assert "not JSON" in rejected[0]["message"]
    boilerplate = read(out, "boilerplate")
    assert {b["article_id"] for b in boilerplate} <= set(by_id) and all(b["reason"] for b in boilerplate)
    manifest = json.loads((out / "_presslens.json").read_text())
    assert manifest["tables"]["articles"] == 4 and "quotes" in manifest["components"]

    # Models load once per Python worker, not once per task: 5 tasks ran on at most 2 workers.
    assert summary["partitions"] == 5 and 1 <= summary["pipelines_built"] <= summary["workers"] <= 2

    again = runner.invoke(main, ["spark", str(inputs["feed"]), "--out", str(out)])
    assert again.exit_code == 2 and "not empty" in again.output
