"""PostgreSQL search ranks a bounded candidate set (issue 20): the index-exact wide query, the compact
ranking vector and its migration, the same results as ranking every match, and the time limit."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from presslens.store import open_store, schema
from presslens.store.base import QueryInterrupted
from presslens.store.postgres import SNIPPET_WINDOW, title_first
from presslens.store.query import index_tsquery, parse_query


def wide(query: str) -> tuple[str, list[str]] | None:
    return index_tsquery(parse_query(query).root)


def test_the_wide_query_is_the_query_when_the_index_answers_it_alone():
    for query in ["rail", "rail line", "ferry OR budget", "rail NOT ferry", "elect* fraud", "NEAR(rail line)", "(a1 OR b1) c1"]:
        assert wide(query) is None, query


def test_phrases_and_weights_are_loosened_and_never_narrowed_under_not():
    assert wide('"rail line"') == ("plainto_tsquery('english', ?)", ["rail line"])
    assert wide("title:rail") == ("to_tsquery('english', ?)", ["rail"])
    assert wide('title:"rail line"') == ("plainto_tsquery('english', ?)", ["rail line"])
    assert wide("covid-19 ferry") == ("(plainto_tsquery('english', ?) && to_tsquery('english', ?))", ["covid-19", "ferry"])
    # under NOT the right side must shrink: a phrase there is left out of the wide query, a word stays
    assert wide('rail NOT "rail link"') == ("to_tsquery('english', ?)", ["rail"])
    assert wide('"rail line" NOT ferry') == ("(plainto_tsquery('english', ?) && !!(to_tsquery('english', ?)))",
                                             ["rail line", "ferry"])
    assert wide('rail NOT (ferry OR "rail link")') == ("(to_tsquery('english', ?) && !!((to_tsquery('english', ?))))",
                                                      ["rail", "ferry"])
    assert wide('rail NOT (ferry "rail link")') == ("to_tsquery('english', ?)", ["rail"])


def test_title_matches_alone_are_ranked_only_where_they_outrank_every_body_match():
    for query in ["rail", "title:rail", "rail OR ferry", "rail OR ferry OR budget"]:
        assert title_first(parse_query(query).root), query
    for query in ["rail line", "rail OR ferry OR budget OR museum", "rail*", "text:rail", '"rail line"', "rail NOT ferry",
                  "rail OR title:ferry"]:
        assert not title_first(parse_query(query).root), query


def test_snippets_come_from_the_opening_and_from_further_down_when_needed(postgres_url, make_article):
    filler = " ".join(f"word{i}" for i in range(SNIPPET_WINDOW // 4))
    early = make_article(f"The ferry left at dawn. {filler} The ferry came back.", "Early")
    late = make_article(f"{filler} Only here does the ferry appear.", "Late")
    with open_store(postgres_url) as fast, open_store(postgres_url) as full:
        fast.put_many([early, late])
        full.candidates = None
        hits = {h.title: h for h in fast.search("ferry")}
        old = {h.title: h for h in full.search("ferry")}
    assert hits["Early"].snippet.startswith("The ferry left at dawn")
    assert "Only here does the ferry appear" in hits["Late"].snippet and hits["Late"] == old["Late"]
    for hit in hits.values():
        assert [hit.snippet[a:b] for a, b in hit.highlights] and all(hit.snippet[a:b] == "ferry" for a, b in hit.highlights)


def test_phrases_titles_and_not_give_the_exact_matches(store, articles):
    """The wide query finds candidates; the exact one decides (on both backends the same titles)."""
    store.put_many(articles)
    assert {h.title for h in store.search('rail NOT "rail link"')} == {"Rail line to reopen", "Museum hall opens"}
    assert {h.title for h in store.search('rail NOT (budget OR "rail link")')} == {"Rail line to reopen", "Museum hall opens"}
    assert [h.title for h in store.search('"rail link" NOT budget')] == ["Ferry strike ends"]
    assert [h.title for h in store.search("title:rail")] == ["Rail line to reopen"]
    assert [h.title for h in store.search('title:"line to reopen"')] == ["Rail line to reopen"]
    assert store.search('"line rail"') == []


def _corpus(make_article) -> list:
    """40 invented articles: 'signal' n times (n = 1..8) far down the body, in the title of a few, in the opening of others."""
    filler = " ".join(f"word{i}" for i in range(60))  # pushes what follows past the opening positions
    out = []
    for i in range(40):
        n = i % 8 + 1
        title = f"Signal report {i}" if i % 13 == 0 else f"Harbour note {i}"
        lead = "The signal box opened. " if i % 5 == 0 else "The quay opened. "
        body = lead + filler + " " + " ".join(f"the signal failed near stop{i}{k}." for k in range(n)) + f" Unique{i}."
        out.append(make_article(body, title, "Harbour Post", f"2024-01-{i % 28 + 1:02d}", f"s{i}.md"))
    return out


def test_the_bounded_search_returns_what_ranking_every_match_returns(postgres_url, make_article, articles):
    with open_store(postgres_url) as fast, open_store(postgres_url) as full:
        fast.put_many(_corpus(make_article) + articles)
        full.candidates = None
        fast.candidates = 10  # fewer than the 40 matches: the compact rank must bring the right ones
        for query in ["signal", "signal failed", "signal OR quay", '"signal failed"', "title:signal", "signal NOT box",
                      "rail", '"rail link"', "sign*", 'signal NOT "signal box"', '"signal failed" OR quay',
                      '(signal OR quay) NOT (box "signal failed")', "title:signal OR quay", 'NEAR(signal "box opened")']:
            for limit in (3, 5, 20, 60):
                got = [(h.id, h.score, h.snippet, h.highlights) for h in fast.search(query, limit=limit)]
                want = [(h.id, h.score, h.snippet, h.highlights) for h in full.search(query, limit=limit)]
                assert got == want, (query, limit)
        # ts_rank scores a word under NOT too (by its distance to the others: ~1e-30 here), so where only such
        # scores differ the order may; what matches may not
        for query in ["quay NOT title:signal", 'quay NOT (report OR "signal box")', 'signal NOT "quay opened"']:
            assert {h.id for h in fast.search(query, limit=60)} == {h.id for h in full.search(query, limit=60)}, query
            assert 0 < len(fast.search(query, limit=60)) < 45
        assert len(fast.search("signal", limit=20)) == 20
        assert [h.title for h in fast.search("signal", since="2024-01-10", until="2024-01-12", limit=50)] == [
            h.title for h in full.search("signal", since="2024-01-10", until="2024-01-12", limit=50)]


def test_the_ranking_vector_keeps_title_opening_and_frequent_words_only(postgres_url, make_article):
    filler = " ".join(f"word{i}" for i in range(60))
    article = make_article(f"The harbour crane arrived. {filler} A lone zeppelin. Ferry ferry ferry ferry.", "Crane news")
    with open_store(postgres_url) as store:
        store.put_many([article])
        lexemes = set(store.conn.execute("SELECT lexeme FROM unnest((SELECT rank_tsv FROM articles))").fetchall())
        full = set(store.conn.execute("SELECT lexeme FROM unnest((SELECT tsv FROM articles))").fetchall())
        (storage,) = store.conn.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'articles'::regclass "
                                        "AND attname = 'rank_tsv'").fetchone()
    assert {("crane",), ("news",), ("harbour",), ("arriv",), ("ferri",)} <= lexemes  # title, opening, four times
    assert ("zeppelin",) in full and ("zeppelin",) not in lexemes and ("word50",) not in lexemes
    assert storage == "m"  # kept in the row


def test_an_existing_postgres_database_gets_the_ranking_vector_on_open(postgres_url, articles):
    """A database made before migration 6 (issue 20), with articles, is migrated on open and searched the new way."""
    from presslens.store.postgres import PostgresStore

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(schema.MIGRATIONS_TABLE)
        for migration in schema.MIGRATIONS[:5]:
            assert migration.version < 6
            for statement in migration.statements("postgresql"):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (%s, %s, 'then')", (migration.version, migration.name))
    old = PostgresStore.__new__(PostgresStore)  # write with the current code, skipping migration
    old.conn = psycopg.connect(postgres_url, autocommit=True)
    old.put_many(articles)
    old.conn.close()
    with open_store(postgres_url, create=False) as store:
        assert store.schema_version() == schema.LATEST >= 6
        assert store.conn.execute("SELECT count(*) FROM articles WHERE rank_tsv IS NOT NULL").fetchone()[0] == 5
        hits = store.search("rail")
        store.candidates = None
        assert hits == store.search("rail")
        assert [h.title for h in hits][-1] == "Ferry strike ends"


def test_a_search_waiting_past_its_time_limit_stops_and_leaves_no_transaction(postgres_url, articles):
    with open_store(postgres_url) as store, psycopg.connect(postgres_url) as locker:
        store.put_many(articles)
        locker.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")  # the search waits for this transaction
        started = time.monotonic()
        with pytest.raises(QueryInterrupted) as caught, store.time_limit(0.3):
            store.search("rail")
        assert time.monotonic() - started < 2.0 and caught.value.code == "query-timeout"
        timer = threading.Timer(0.3, store.interrupt)
        timer.start()
        try:
            with pytest.raises(QueryInterrupted) as caught, store.time_limit(60):
                store.search('"rail link"')
        finally:
            timer.cancel()
        assert caught.value.code == "query-cancelled"
        locker.rollback()
        assert store.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert len(store.search("rail")) == 3
        assert store.conn.execute("SHOW enable_seqscan").fetchone()[0] == "on"  # SET LOCAL ended with the search
