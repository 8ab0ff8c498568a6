"""SQLite backend: one file, WAL journal, FTS5 full-text index with bm25 ranking.

One connection per :class:`SQLiteStore`, in autocommit mode with explicit
``BEGIN IMMEDIATE ... COMMIT`` around every write, so a batch is all-or-nothing:
killing the process (even with SIGKILL) loses at most the batch being written,
never a half of one. WAL lets searches read while an ingest writes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from presslens.errors import QueryError, StoreError
from presslens.store.base import Hit, QueryInterrupted, SQLStore, split_marked
from presslens.store.query import MAX_CHARS, MAX_TERMS, Query, parse_query, short, terms

# Private-use characters mark highlights inside snippet() output; they never occur in article text.
_OPEN, _CLOSE, _ELLIPSIS = "\ue000", "\ue001", "…"
_TITLE_WEIGHT, _TEXT_WEIGHT = 5.0, 1.0
THROTTLE_STEPS = 10_000  # SQLite VM steps between checks of a throttled query (about a millisecond of bm25 work)
THROTTLE_PAUSE = 0.003  # seconds the running costly query sleeps at each check (~1 ms of work): about a quarter of a core
SLOW_LANE = threading.Semaphore(1)  # one costly query at a time per process
MAX_PREFIX_POSTINGS = 100_000  # documents a query's prefixes may open in the index (~0.4 s of work)


class SQLiteStore(SQLStore):
    """A :class:`~presslens.store.base.Store` in one SQLite file."""

    dialect = "sqlite"
    placeholder = "?"
    _stop: Callable[[str], None] | None

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        if str(path) != ":memory:":
            if not create and not self.path.is_file():
                raise StoreError(f"{self.path}: no such database; create it with 'presslens ingest ... --db {self.path}'")
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
        try:
            self._stop = None
            self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30.0)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.migrate()
            # A view of the full-text index's words, per connection (nothing is stored): prefix costs.
            self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_vocab USING fts5vocab(main, articles_fts, 'row')")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot be opened as a presslens database ({exc})") from exc

    @property
    def name(self) -> str:  # type: ignore[override]
        return str(self.path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """``BEGIN IMMEDIATE ... COMMIT`` (ROLLBACK on any exception, KeyboardInterrupt included)."""
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def table_exists(self, table: str) -> bool:
        return bool(self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)))

    @contextmanager
    def time_limit(self, seconds: float | None, throttle_after: float | None = None) -> Iterator[None]:
        """Run the block's statements for at most ``seconds`` (None: no limit), and let
        :meth:`interrupt` stop them from another thread: a timer thread calls
        ``sqlite3_interrupt``, which the running statement checks between steps. An interrupted
        block raises :class:`QueryInterrupted`; the connection is left with no open transaction,
        ready for the next user.

        ``throttle_after``: once the block has run that long, it is a costly query: it pauses
        briefly every :data:`THROTTLE_STEPS` virtual-machine steps (about a millisecond of work),
        and only one costly query per process runs at a time (:data:`SLOW_LANE`; the others wait,
        doing nothing, until it ends or their time is up). So however many costly queries clients
        send, together they take about a quarter of a core, and the quick requests beside them
        keep their latency. Quick queries never pause (the progress handler only reads the clock)."""
        guard = threading.Lock()
        active, reason = [True], [""]

        def stop(why: str) -> None:
            with guard:
                if active[0] and not reason[0]:
                    reason[0] = why
                    self.conn.interrupt()

        timer = threading.Timer(seconds, stop, ("timeout",)) if seconds else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        self._stop = stop
        in_lane = [False]
        if throttle_after is not None:
            slow_from = time.monotonic() + throttle_after

            def throttle() -> int:
                if reason[0]:
                    return 1  # stopped (timeout or interrupt): end the statement now
                if time.monotonic() <= slow_from:
                    return 0
                while not in_lane[0]:  # wait, doing no work, for the one costly query running to end
                    in_lane[0] = SLOW_LANE.acquire(timeout=0.05)
                    if reason[0]:
                        return 1
                time.sleep(THROTTLE_PAUSE)
                return 0

            self.conn.set_progress_handler(throttle, THROTTLE_STEPS)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc).lower():
                raise QueryInterrupted(reason[0] or "timeout", seconds) from exc
            raise
        finally:
            with guard:
                active[0] = False
            self._stop = None
            if throttle_after is not None:
                self.conn.set_progress_handler(None, 0)
            if in_lane[0]:
                SLOW_LANE.release()
            if timer is not None:
                timer.cancel()
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def interrupt(self) -> None:
        """Stop the statements of the :meth:`time_limit` block running now (from another thread)."""
        stop = self._stop
        if stop is not None:
            stop("cancelled")

    def search(self, query: str | Query, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]:
        """Articles matching ``query`` (the syntax of :mod:`presslens.store.query`; plain words are
        ANDed), best first (bm25, title weighted x5), with a highlighted snippet of the body.
        ``source`` filters on the publisher (case-insensitive); ``since``/``until`` on the
        publication date (inclusive). ``query`` may be parsed already (:func:`parse_query`, with
        the limits the caller chose)."""
        parsed = parse_query(query)
        match = parsed.fts5()
        self.check_prefixes(parsed)
        filters, values = self.filters(source, since, until)
        where, params = ["articles_fts MATCH ?", *filters], [match, *values]
        # Two steps in one read snapshot: rank every match (bm25) without building snippets, then
        # build snippets for the top ``limit`` only (SQLite computes every output column before
        # sorting, so a one-step query would make a snippet for every match).
        join = " JOIN articles a INDEXED BY articles_filter ON a.doc = articles_fts.rowid" if len(where) > 1 else ""
        rank_sql = (f"SELECT articles_fts.rowid, bm25(articles_fts, {_TITLE_WEIGHT}, {_TEXT_WEIGHT}) AS rank "
                    f"FROM articles_fts{join} WHERE {' AND '.join(where)} ORDER BY rank LIMIT ?")
        params.append(max(0, int(limit)))
        try:
            self.conn.execute("BEGIN")
            try:
                ranked = self.conn.execute(rank_sql, params).fetchall()
                rows = {}
                if ranked:
                    marks = ", ".join("?" * len(ranked))
                    rows = {row[0]: row[1:] for row in self.conn.execute(
                        "SELECT articles_fts.rowid, a.id, a.title, a.publisher, a.published, a.url, a.source, "
                        f"snippet(articles_fts, 1, '{_OPEN}', '{_CLOSE}', '{_ELLIPSIS}', 24) "
                        "FROM articles_fts JOIN articles a ON a.doc = articles_fts.rowid "
                        f"WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})",
                        [match, *(doc for doc, _ in ranked)])}
            finally:
                self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            message = str(exc)
            if "fts5" in message or "syntax" in message or "no such column" in message or "unterminated" in message:
                text = query.text if isinstance(query, Query) else query
                raise QueryError(
                    f"cannot parse the query {short(text)!r} ({message.removeprefix('fts5: ')})",
                    'quote phrases ("rail line"), use AND/OR/NOT between words',
                ) from exc
            raise
        hits = []
        for doc, rank in ranked:
            id_, title, publisher, published, url, src, snip = rows[doc]
            text, spans = split_marked(snip or "", _OPEN, _CLOSE)
            hits.append(Hit(id_, title, publisher, published, url, src, round(-float(rank), 6), text, spans))
        return hits

    def check_prefixes(self, query: Query) -> None:
        """Refuse a query whose ``prefix*`` words open too much of the index (:data:`MAX_PREFIX_POSTINGS`).

        FTS5 expands and merges a prefix's doclists inside one step of the statement, where neither
        the time limit nor the throttle can reach it: eight common prefixes took 0.5 s on 4,000
        articles (and about ten times that on the whole corpus) with one progress callback. The
        index's own word list (``fts5vocab``) says in a millisecond how many postings a prefix
        would read, so the query is refused before it starts."""
        prefixes = sorted({"".join(c for c in unicodedata.normalize("NFKD", t.word.lower()) if not unicodedata.combining(c))
                           for t in terms(query.root) if t.prefix})
        total = 0
        for prefix in prefixes:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            total += int(self.conn.execute("SELECT coalesce(sum(doc), 0) FROM temp.articles_vocab WHERE term >= ? AND term < ?",
                                           (prefix, upper)).fetchone()[0])
            if total > MAX_PREFIX_POSTINGS:
                raise QueryError(f"the prefix {prefix}* matches too many words in this corpus",
                                 "give more letters before the *, or search for the words themselves")

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"


def fts_query(query: str | Query, max_chars: int = MAX_CHARS, max_terms: int = MAX_TERMS) -> str:
    """The FTS5 form of a user query (:mod:`presslens.store.query`): its syntax kept, punctuated
    words as phrases, ``-word`` after another term as ``NOT word``, repeats collapsed; a query
    over the limits or that cannot be parsed raises :class:`QueryError`."""
    return parse_query(query, max_chars, max_terms).fts5()


__all__ = ["SQLiteStore", "fts_query"]
