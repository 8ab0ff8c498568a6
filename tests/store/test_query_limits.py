"""Bounded work per query: the query builder's limits, repeats collapsed, and the store's time
limit and interrupt (on both backends)."""

from __future__ import annotations

import threading
import time

import pytest

from presslens.errors import QueryError
from presslens.store.base import QueryInterrupted
from presslens.store.query import MAX_DEPTH, parse_query
from presslens.store.sqlite import fts_query

#: A statement that runs for many seconds unless stopped, on each backend.
SLOW = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(30)",
}


@pytest.mark.parametrize("query", ["Trump " * 2000, "x" * 100_000, "rail " * 40, '"' + "rail " * 40 + '"'])
def test_a_long_or_repetitive_query_is_refused_at_once(store, articles, query):
    store.put_many(articles)
    started = time.monotonic()
    with pytest.raises(QueryError) as caught:
        store.search(query)
    assert time.monotonic() - started < 1.0
    assert caught.value.status == 400 and caught.value.code == "bad-query"
    assert len(caught.value.text()) < 300  # the message does not repeat a 100 kB query


def test_repeats_are_collapsed_and_limits_are_settable():
    assert fts_query("trump Trump trump") == "trump"
    assert fts_query('"rail line" OR ferry OR "Rail  line"') == '"rail line" OR ferry'
    assert fts_query("(a OR b) AND (b OR a) c") == "(a OR b) AND c"
    assert parse_query("rail " * 40, max_terms=50).terms == 40
    with pytest.raises(QueryError, match="at most 10"):
        parse_query("railway line", max_chars=10)
    with pytest.raises(QueryError, match="more than 2 words"):
        parse_query('"rail line to port"', max_terms=2)


def test_deep_nesting_is_refused_not_a_recursion_error():
    ok = "(" * MAX_DEPTH + "rail" + ")" * MAX_DEPTH
    assert fts_query(ok) == "rail"
    with pytest.raises(QueryError, match="deeper"):
        fts_query("(" * 300 + "rail" + ")" * 300)


def test_a_query_over_its_time_limit_stops_and_the_connection_stays_usable(store, articles, backend):
    store.put_many(articles)
    started = time.monotonic()
    with pytest.raises(QueryInterrupted) as caught, store.time_limit(0.3):
        store.query(SLOW[backend])
    assert time.monotonic() - started < 2.0
    assert caught.value.code == "query-timeout" and caught.value.status == 503
    assert store.count() == 5 and len(store.search("rail")) == 3  # no transaction left open, no limit left behind
    with store.time_limit(5):
        assert len(store.search("rail")) == 3


def test_interrupt_from_another_thread_cancels_the_running_query(store, articles, backend):
    store.put_many(articles)
    timer = threading.Timer(0.3, store.interrupt)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(QueryInterrupted) as caught, store.time_limit(60):
            store.query(SLOW[backend])
    finally:
        timer.cancel()
    assert time.monotonic() - started < 3.0
    assert caught.value.code == "query-cancelled"
    store.interrupt()  # outside a limited block: nothing to stop, no effect on what follows
    assert store.count() == 5


def test_prefixes_are_bounded_and_groups_are_joined_with_and():
    with pytest.raises(QueryError, match="too short"):
        parse_query("a*")
    with pytest.raises(QueryError, match="prefix"):
        parse_query(" OR ".join(f"rail{c}*" for c in "abcdefghi"))
    assert fts_query("elect* fraud") == "elect* fraud"
    # FTS5 takes an implicit AND only between words: next to a group it must be written (fuzzing found "(a OR b) c")
    assert fts_query("(ferry OR rail) strike") == "(ferry OR rail) AND strike"
    assert fts_query("NEAR(rail line) strike") == "NEAR(rail line) AND strike"
    with pytest.raises(QueryError, match="NEAR"):
        fts_query('NEAR(title:"rail" line)')


def test_grouped_queries_run_on_both_backends(store, articles):
    store.put_many(articles)
    assert {h.title for h in store.search("(ferry OR budget) rail")} == {"Ferry strike ends"}
    assert {h.title for h in store.search("rail (NOT_A_WORD OR locomot*)")} == {"Museum hall opens"}


def test_costly_sqlite_queries_are_throttled_one_at_a_time(tmp_path, articles):
    """Two costly queries on two connections: both pass the throttle point, one waits for the slow
    lane doing nothing, both end at their time limit with query-timeout, and a quick query is untouched."""
    from presslens.store import open_store
    from presslens.store.sqlite import SLOW_LANE

    path = tmp_path / "news.db"
    with open_store(path) as store:
        store.put_many(articles)
    stores = [open_store(path, create=False) for _ in range(2)]
    errors: list[str] = []

    def costly(s) -> None:
        try:
            with s.time_limit(1.0, throttle_after=0.05):
                s.query(SLOW["sqlite"])
        except QueryInterrupted as exc:
            errors.append(exc.code)

    threads = [threading.Thread(target=costly, args=(s,)) for s in stores]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(0.3)
    with stores[0].__class__(path, create=False) as quick, quick.time_limit(5, throttle_after=0.05):
        t0 = time.monotonic()
        assert len(quick.search("rail")) == 3
        assert time.monotonic() - t0 < 0.5
    for t in threads:
        t.join(5)
    assert errors == ["query-timeout", "query-timeout"] and time.monotonic() - started < 3
    assert SLOW_LANE.acquire(blocking=False)  # released by both
    SLOW_LANE.release()
    for s in stores:
        s.close()


def test_sqlite_refuses_prefixes_that_open_too_much_of_the_index(tmp_path, articles, monkeypatch):
    """FTS5 expands a prefix inside one step of the statement, out of the time limit's reach: the
    index's word list says beforehand how many postings it would read."""
    import presslens.store.sqlite as sqlite_store
    from presslens.store import open_store

    with open_store(tmp_path / "news.db") as store:
        store.put_many(articles)
        assert len(store.search("rail*")) == 3
        monkeypatch.setattr(sqlite_store, "MAX_PREFIX_POSTINGS", 2)
        with pytest.raises(QueryError, match="rail\\* matches too many words"):
            store.search("rail*")
        assert len(store.search("locomot*")) == 1  # one article: within the budget
        assert len(store.search("rail")) == 3  # words are not prefixes
