"""The store: round trips, idempotency, generic annotations, search, migrations (every backend: SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
import time

import pytest

from presslens.cli import sample_path
from presslens.errors import Rejected
from presslens.pipeline import Pipeline
from presslens.store import InputState, QueryError, StoreError, open_store, schema
from presslens.store.schema import LATEST, MIGRATIONS
from presslens.store.sqlite import fts_query


def test_round_trip_get_returns_the_same_article(store, articles):
    store.put_many(articles)
    for article in articles:
        assert store.get(article.id) == article
    with pytest.raises(KeyError):
        store.get("0000000000000000")


def test_round_trip_of_an_analysed_sample(store):
    article = next(Pipeline().run(sample_path("md")))
    store.put_many([article])
    assert store.get(article.id) == article


def test_round_trip_with_every_registered_annotator(store):
    import presslens

    article = presslens.analyze(sample_path("md"))  # all registered components
    store.put_many([article])
    assert store.get(article.id) == article
    kinds = {row["kind"] for row in store.annotations(article.id)}
    assert kinds == {kind for kind, records in article.annotations.items() if records}


def test_same_article_twice_is_stored_once(store, articles):
    first = store.put_many(articles)
    again = store.put_many(articles + [articles[0].replace(source="elsewhere.html")])
    assert (first.stored, first.duplicates) == (5, 0)
    assert (again.stored, again.duplicates) == (0, 6)
    assert store.count() == 5
    assert store.ids() == {a.id for a in articles}
    assert store.get(articles[0].id).source == "a.md"  # the first one seen is kept


def test_annotations_of_any_kind_need_no_schema_change(store, articles):
    # kinds no annotator registers: their records round-trip as plain dicts
    quotes = ({"start": 4, "end": 11, "speaker": "the council", "confidence": 0.9, "producer": "quotes@1"},
              {"start": 20, "end": 26, "confidence": None, "producer": "quotes@1"})
    weird = ({"start": 0, "end": 3, "technique": "loaded-language", "producer": "x@2", "extra": [1, 2]},)
    article = articles[0].with_annotations(test_quotes=quotes, brand_new_kind=weird)
    store.put_many([article])
    assert store.get(article.id) == article
    rows = store.annotations(article.id)
    assert [(r["kind"], r["idx"], r["start"], r["end"], r["label"], r["confidence"]) for r in rows] == [
        ("brand_new_kind", 0, 0, 3, "loaded-language", None),
        ("test_quotes", 0, 4, 11, "the council", 0.9),
        ("test_quotes", 1, 20, 26, None, None),
    ]
    assert store.annotations(article.id, "test_quotes")[0]["producer"] == "quotes@1"


def test_provenance_facts_are_rows(store, articles):
    store.put_many(articles)
    rows = store.conn.execute("SELECT kind, value, evidence, start_char, end_char FROM provenance_facts").fetchall()
    assert rows == [("original_source", "The Kessel Valley Gazette", "The original source is The Kessel Valley Gazette", 0, 52)]


def test_rejected_are_kept_once_per_source_and_cleared_by_success(store, articles):
    bad = Rejected("a.md", "no-article-text", "a.md: has no article text")
    store.write(rejected=[bad, Rejected("x.html", "binary", "x.html: is a binary file")])
    store.write(rejected=[Rejected("x.html", "binary", "x.html: is a binary file, again")])
    assert [r.source for r in store.rejected()] == ["a.md", "x.html"]
    assert store.rejected()[1].message.endswith("again")
    store.put_many(articles[:1])  # a.md now gives an article
    assert [r.source for r in store.rejected()] == ["x.html"]


def test_input_state_round_trip(store):
    assert store.input_state("/data/a.jsonl") is None
    store.write(inputs=[InputState("/data/a.jsonl", 100, 1.5, "partial", 7)])
    store.write(inputs=[InputState("/data/a.jsonl", 100, 1.5, "done", 9)])
    state = store.input_state("/data/a.jsonl")
    assert (state.status, state.progress) == ("done", 9)
    assert state.same_file(100, 1.5) and not state.same_file(101, 1.5)


def test_a_failed_write_changes_nothing(store, articles):
    class Boom(Exception):
        pass

    def gen():
        yield articles[0]
        raise Boom

    with pytest.raises(Boom):
        store.put_many(gen())
    assert store.count() == 0


# -- search ---------------------------------------------------------------------
def test_search_ranks_and_highlights(store, articles):
    store.put_many(articles)
    hits = store.search("rail")
    titles = [h.title for h in hits]
    assert set(titles) == {"Rail line to reopen", "Ferry strike ends", "Museum hall opens"}
    # the title match and the many mentions beat a single mention in the body
    assert titles[-1] == "Ferry strike ends"
    assert hits[0].score >= hits[1].score >= hits[2].score >= 0
    for hit in hits:
        assert hit.highlights
        for start, end in hit.highlights:
            assert hit.snippet[start:end].lower().startswith("rail")
    assert "**rail**" in hits[-1].marked().lower()


def test_search_phrases_operators_and_punctuated_words(store, articles):
    store.put_many(articles)
    assert [h.title for h in store.search('"rail link"')] == ["Ferry strike ends"]
    assert {h.title for h in store.search("ferry OR budget")} == {"Ferry strike ends", "Budget passes"}
    assert [h.title for h in store.search("rail NOT ferry NOT museum")] == ["Rail line to reopen"]
    assert [h.title for h in store.search("covid-19 U.S.")] == ["Travel rules change"]
    assert [h.title for h in store.search("locomot*")] == ["Museum hall opens"]
    assert [h.title for h in store.search("title:budget")] == ["Budget passes"]
    assert store.search("zeppelin") == []
    assert len(store.search("rail", limit=1)) == 1


def test_search_filters(store, articles):
    store.put_many(articles)
    assert {h.title for h in store.search("rail", source="harbour post")} == {"Ferry strike ends", "Museum hall opens"}
    assert [h.title for h in store.search("rail", since="2025")] == ["Rail line to reopen"]
    assert [h.title for h in store.search("rail", until="2024-11")] == ["Ferry strike ends"]
    assert [h.title for h in store.search("rail", since="2024-01-01", until="2024-12-31")] == ["Ferry strike ends"]
    assert store.search("rail", source="Nobody") == []


@pytest.mark.parametrize("query", ["rail AND", '"unterminated', "(rail", "   ", "OR"])
def test_bad_queries_raise_query_error(store, articles, query):
    store.put_many(articles)
    with pytest.raises(QueryError):
        store.search(query)


@pytest.mark.parametrize("value", ["yesterday", "2024/01/01", "24-01-01"])
def test_bad_dates_raise_query_error(store, value):
    with pytest.raises(QueryError, match="YYYY"):
        store.search("rail", since=value)


def test_fts_query_keeps_syntax_and_quotes_punctuated_words():
    assert fts_query("rail line") == "rail line"
    assert fts_query('"rail line" OR ferry*') == '"rail line" OR ferry*'
    assert fts_query("covid-19 Biden's") == '"covid 19" "Biden s"'
    assert fts_query("rail -ferry") == "rail NOT ferry"
    assert fts_query("nosuch:column") == '"nosuch column"'


# -- schema -----------------------------------------------------------------------
def test_migrations_are_applied_once(url, articles):
    with open_store(url) as store:
        assert store.schema_version() == LATEST
        store.put_many(articles)
        assert store.migrate() == []
    with open_store(url) as store:
        rows = store.conn.execute("SELECT version FROM schema_migrations").fetchall()
        assert rows == [(m.version,) for m in MIGRATIONS]
        assert store.count() == 5


def test_sqlite_uses_wal_and_the_fts_index_stays_in_sync(tmp_path, articles):
    path = tmp_path / "news.db"
    with open_store(path) as store:
        store.put_many(articles)
        store.put_many(articles)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 5
        store.conn.execute("DELETE FROM articles WHERE id = ?", (articles[0].id,))
        store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        assert [h.title for h in store.search("reopen")] == []


def test_a_newer_schema_is_refused(url):
    with open_store(url) as store:
        store.conn.execute(f"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({LATEST + 1}, 'from the future', 'x')")
    with pytest.raises(StoreError, match="newer presslens"):
        open_store(url)


def test_create_false_refuses_a_database_without_presslens_tables(backend, url):
    with pytest.raises(StoreError, match="no such database|no presslens database"):
        open_store(url, create=False)
    open_store(url).close()
    with open_store(url, create=False) as store:
        assert store.count() == 0 and store.schema_version() == LATEST


def test_annotations_data_is_json_text(store, articles):
    import json

    article = articles[0].with_annotations(test_quotes=({"start": 4, "end": 11, "speaker": "the council", "n": [1, 2.5]},))
    store.put_many([article])
    assert json.loads(store.annotations(article.id)[0]["data"]) == {"start": 4, "end": 11, "speaker": "the council", "n": [1, 2.5]}


def test_search_stays_parameterised(store, articles):
    """Quotes, tsquery operators and SQL in the query are words to search, never SQL or tsquery syntax."""
    store.put_many(articles)
    for query in ["rail'; DROP TABLE articles;", "rail & !ferry", "rail:* | budget", "rail <-> line", "it's", "a\\b"]:
        store.search(query)
    assert store.count() == 5
    assert [h.title for h in store.search("reopen & !rail")] == ["Rail line to reopen"]  # both words, no operator


def test_postgres_uses_a_generated_tsvector_with_a_gin_index(postgres_url, articles):
    with open_store(postgres_url) as store:
        store.put_many(articles)
        (indexdef,) = store.conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_tsv'").fetchone()
        assert "USING gin (tsv)" in indexdef
        store.conn.execute("SET enable_seqscan = off")  # 5 rows: force the planner's hand to see the index used
        plan = "\n".join(row[0] for row in store.conn.execute(
            "EXPLAIN SELECT id FROM articles WHERE tsv @@ to_tsquery('english', 'rail')").fetchall())
        assert "articles_tsv" in plan
        assert [h.title for h in store.search("reopening")] == ["Rail line to reopen"]  # English stemming
        assert store.conn.execute("SELECT count(*) FROM articles WHERE tsv @@ to_tsquery('english', 'rail')").fetchone()[0] == 3


def test_postgres_migrations_serialise_and_nul_characters_are_dropped(postgres_url, make_article):
    import threading

    errors: list[BaseException] = []

    def open_it():
        try:
            open_store(postgres_url).close()
        except BaseException as exc:  # pragma: no cover - the failure is asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]  # four first openings at once
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(postgres_url) as store:
        assert [v for (v,) in store.conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == list(
            range(1, LATEST + 1))
        article = make_article("A page with a NUL\x00 character and a literal \\u0000 in its body, about the rail line.",
                               "NUL\x00 title").with_annotations(test_quotes=({"start": 0, "end": 4, "speaker": "x\x00y"},))
        assert store.put_many([article]).stored == 1
        stored = store.get(article.id)
        assert stored.text == article.text.replace("\x00", "") and stored.title == "NUL title"
        assert "\\u0000 in its body" in stored.text  # a backslash followed by u0000 is text, kept
        assert store.annotations(article.id)[0]["label"] == "xy"
        assert [h.title for h in store.search("NUL")] == ["NUL title"]


def test_open_store_urls(tmp_path, monkeypatch, make_article):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///rel.db") as s:
        s.put_many([make_article("Some text about the rail line and more words here.", "T")])
    assert (tmp_path / "rel.db").is_file()
    with open_store(f"sqlite:///{tmp_path}/abs.db") as s:
        assert s.count() == 0
    assert (tmp_path / "abs.db").is_file()
    with open_store("sqlite://") as s:
        assert s.count() == 0
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "missing.db", create=False)
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as refused:
        open_store("postgresql://user:secret@127.0.0.1:1/news")
    assert "secret" not in str(refused.value)  # the password is never shown
    with pytest.raises(StoreError, match="unknown database URL"):
        open_store("mysql://localhost/news")
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        open_store(tmp_path / "junk.db")


def test_sqlite_search_does_not_wait_for_a_writer(tmp_path, articles):
    path = tmp_path / "news.db"
    with open_store(path) as store:
        store.put_many(articles)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingest in the middle of a batch
    try:
        started = time.monotonic()
        with open_store(path, create=False) as reader:
            assert len(reader.search("rail")) == 3
        assert time.monotonic() - started < 5
    finally:
        writer.execute("COMMIT")
        writer.close()


def test_an_older_database_is_migrated_on_open(tmp_path, articles):
    """A database made by migration 1 only gets the later ones, once, and keeps its articles."""
    from presslens.records import word_count
    from presslens.store.base import ARTICLE_COLUMNS, prepare

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(schema.MIGRATIONS_TABLE)
    for statement in MIGRATIONS[0].statements("sqlite"):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'initial', 'then')")
    for article in articles:  # rows as the writer of migration 1 made them (no words column)
        prepared = prepare(article)
        conn.execute(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})",
                     prepared.row)
        conn.executemany("INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", prepared.annotations)
    conn.close()
    with open_store(path) as store:
        assert store.schema_version() == LATEST
        assert [v for (v,) in store.conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == list(
            range(1, LATEST + 1))
        assert store.count() == 5
        words = dict(store.conn.execute("SELECT id, words FROM articles").fetchall())  # migration 5 counted them
        assert words == {a.id: word_count(a.text) for a in articles} and all(words.values())
        assert [h.title for h in store.search("rail", since="2025")] == ["Rail line to reopen"]
