"""SQLite backend: one file, WAL journal, FTS5 full-text index with bm25 ranking.

One connection per :class:`SQLiteStore`, in autocommit mode with explicit
``BEGIN IMMEDIATE ... COMMIT`` around every write, so a batch is all-or-nothing:
killing the process (even with SIGKILL) loses at most the batch being written,
never a half of one. WAL lets searches read while an ingest writes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from presslens.errors import QueryError, StoreError
from presslens.store.base import Hit, SQLStore, split_marked

# Private-use characters mark highlights inside snippet() output; they never occur in article text.
_OPEN, _CLOSE, _ELLIPSIS = "\ue000", "\ue001", "…"
_TITLE_WEIGHT, _TEXT_WEIGHT = 5.0, 1.0


class SQLiteStore(SQLStore):
    """A :class:`~presslens.store.base.Store` in one SQLite file."""

    dialect = "sqlite"
    placeholder = "?"

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        if str(path) != ":memory:":
            if not create and not self.path.is_file():
                raise StoreError(f"{self.path}: no such database; create it with 'presslens ingest ... --db {self.path}'")
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30.0)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.migrate()
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

    def search(self, query: str, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]:
        """Articles matching ``query`` (FTS5 syntax; plain words are ANDed), best first (bm25,
        title weighted x5), with a highlighted snippet of the body. ``source`` filters on the
        publisher (case-insensitive); ``since``/``until`` on the publication date (inclusive)."""
        match = fts_query(query)
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
                raise QueryError(
                    f"cannot parse the query {query!r} ({message.removeprefix('fts5: ')}); "
                    'quote phrases ("rail line"), use AND/OR/NOT between words'
                ) from exc
            raise
        hits = []
        for doc, rank in ranked:
            id_, title, publisher, published, url, src, snip = rows[doc]
            text, spans = split_marked(snip or "", _OPEN, _CLOSE)
            hits.append(Hit(id_, title, publisher, published, url, src, round(-float(rank), 6), text, spans))
        return hits

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"


# ---------------------------------------------------------------------------
# Query text -> FTS5 query
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_BARE = re.compile(r"^(?:(?:title|text):)?\w+\*?$")
_OPERATORS = {"AND", "OR", "NOT"}


def fts_query(query: str) -> str:
    """The FTS5 form of a user query.

    FTS5 syntax passes through (``"phrases"``, ``AND``/``OR``/``NOT``, ``NEAR(...)``,
    ``prefix*``, ``title:word``, parentheses); a word with punctuation in it
    (``covid-19``, ``U.S.``, ``Biden's``) becomes a phrase instead of a syntax error, and
    ``-word`` after another term means ``NOT word``. Anything else malformed (an
    unterminated quote, a dangling operator) is left for the engine to refuse.
    """
    if not query.strip():
        raise QueryError("the query is empty; pass words to search for")
    out: list[str] = []
    for token in _TOKEN.findall(query):
        if token.startswith('"') or token in "()" or token in _OPERATORS or _BARE.match(token) or token.startswith("NEAR("):
            out.append(token)
        elif token.startswith("-") and len(token) > 1 and out:
            out.append("NOT")
            out.append(_phrase(token[1:]))
        else:
            out.append(_phrase(token))
    return " ".join(t for t in out if t)


def _phrase(token: str) -> str:
    body = token.replace('"', "")
    if _BARE.match(body):
        return body
    words = re.findall(r"\w+", body)
    return f'"{" ".join(words)}"' if words else ""


__all__ = ["SQLiteStore", "fts_query"]
