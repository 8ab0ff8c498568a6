"""``presslens ingest`` and ``presslens search`` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main, sample_path

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "PRESSLENS_CONFIG": "/nonexistent/presslens.toml"}


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], env=ENV, catch_exceptions=False)

    return invoke


@pytest.fixture
def demo_db(run, pages: Path, db_url: str) -> str:
    result = run("ingest", pages, "--db", db_url, "--workers", "1", "--components", "none")
    assert result.exit_code == EXIT_SOME_FAILED, result.output  # the bad page and records
    return db_url


def test_ingest_prints_a_summary_and_the_rejection_reasons(run, pages: Path, db_url: str):
    result = run("ingest", pages, "--db", db_url, "--workers", "2", "--batch-size", "2", "--components", "none")
    assert result.exit_code == EXIT_SOME_FAILED
    assert result.stdout.startswith("stored 3, duplicates 1, rejected 3 from 5 inputs")
    assert "rejected: bad-json 1, binary 1, no-text 1" in result.stderr
    again = run("ingest", pages, "--db", db_url, "--components", "none")
    assert again.exit_code == EXIT_OK, again.output
    assert "stored 0, duplicates 0, rejected 0 from 5 inputs (5 already done, skipped)" in again.stdout


def test_ingest_of_good_inputs_exits_0(run, tmp_path: Path):
    """With the default components (every registered annotator), as `make demo` runs it."""
    db = tmp_path / "demo.db"
    result = run("ingest", sample_path("md"), sample_path("html"), "--db", db)
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith("stored 1, duplicates 1, rejected 0 from 2 inputs")


def test_ingest_reports_missing_inputs_and_bad_databases(run, tmp_path: Path):
    result = run("ingest", tmp_path / "nope.html", "--db", tmp_path / "x.db", "--components", "none")
    assert result.exit_code == EXIT_SOME_FAILED
    assert "not-found 1" in result.stderr
    pg = run("ingest", sample_path("md"), "--db", "postgresql://me:secret@127.0.0.1:1/news")  # no server there
    assert pg.exit_code == EXIT_USAGE
    assert pg.stderr.startswith("presslens: ") and "cannot connect to PostgreSQL" in pg.stderr and "secret" not in pg.stderr
    assert run("ingest", sample_path("md")).exit_code == EXIT_USAGE  # --db is required


def test_search_prints_a_table_by_default(run, demo_db: str):
    result = run("search", demo_db, "rail")
    assert result.exit_code == EXIT_OK, result.output
    assert "Harbour Town Votes to Reopen Tidewater Rail Line" in result.stdout
    assert "Ferry Crossings Resume" in result.stdout
    assert "Meridian Review" in result.stdout
    assert run("search", demo_db, "zeppelin").stdout.startswith("no articles match")


def test_search_json_and_csv(run, demo_db: str):
    result = run("search", demo_db, "rail", "--json", "--limit", "5")
    assert result.exit_code == EXIT_OK, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 2
    assert hits[0]["title"].startswith("Harbour Town Votes")
    assert hits[0]["score"] >= hits[1]["score"]
    for hit in hits:
        assert set(hit) >= {"id", "title", "publisher", "published", "url", "source", "score", "snippet", "highlights"}
        assert all(hit["snippet"][s:e].lower().startswith("rail") for s, e in hit["highlights"])

    table = run("search", demo_db, "rail", "--csv", "--since", "2025", "--source", "meridian review")
    assert table.exit_code == EXIT_OK
    rows = list(csv.reader(io.StringIO(table.stdout)))
    assert rows[0] == ["rank", "score", "id", "published", "publisher", "title", "snippet", "url", "source"]
    assert len(rows) == 2 and rows[1][4] == "Meridian Review" and "**rail**" in rows[1][6].lower()


@pytest.mark.parametrize("query", ["rail AND", '"unterminated', "(rail"])
def test_a_bad_query_is_one_line_and_exit_2(run, demo_db: str, query: str):
    result = run("search", demo_db, query)
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("presslens: cannot parse the query")


def test_search_refuses_a_missing_database_and_bad_dates(run, tmp_path: Path, demo_db: str):
    missing = tmp_path / "missing.db"
    result = run("search", missing, "rail")
    assert result.exit_code == EXIT_USAGE and "no such database" in result.stderr
    assert not missing.exists()
    bad = run("search", demo_db, "rail", "--since", "last week")
    assert bad.exit_code == EXIT_USAGE and "YYYY" in bad.stderr


def test_ingest_components_option(run, tmp_path: Path):
    db = tmp_path / "c.db"
    bad = run("ingest", sample_path("md"), "--db", db, "--components", "no-such-annotator")
    assert bad.exit_code == EXIT_USAGE and "unknown component" in bad.stderr
    assert run("ingest", sample_path("md"), "--db", db, "--components", "none").exit_code == EXIT_OK


def test_ingest_builds_the_near_duplicates_once(run, pages: Path, db_url: str, tmp_path: Path):
    from presslens.corpus import dupes
    from presslens.store import open_store

    result = run("ingest", pages, "--db", db_url, "--workers", "1", "--components", "none")
    assert "near-duplicates rebuilt" in result.stderr
    with open_store(db_url, create=False) as store:
        first = store.dupe_run()
        assert first is not None and first["articles"] == store.count() and not dupes.is_stale(store)
    again = run("ingest", pages, "--db", db_url, "--components", "none")  # nothing new: not rebuilt
    assert "near-duplicates" not in again.stderr
    with open_store(db_url, create=False) as store:
        assert store.dupe_run() == first
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "new.txt").write_text("The ferry timetable changes in May, the harbour office said on Friday. " * 4, encoding="utf-8")
    skipped = run("ingest", extra, "--db", db_url, "--components", "none", "--no-dupes")
    assert skipped.exit_code == EXIT_OK and "near-duplicates" not in skipped.stderr
    with open_store(db_url, create=False) as store:
        assert dupes.is_stale(store)  # articles stored after the clusters were built
