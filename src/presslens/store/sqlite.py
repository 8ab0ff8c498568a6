"""SQLite backend: one file, WAL journal, FTS5 full-text index with bm25 ranking.

One connection per :class:`SQLiteStore`, in autocommit mode with explicit
``BEGIN IMMEDIATE ... COMMIT`` around every write, so a batch is all-or-nothing:
killing the process (even with SIGKILL) loses at most the batch being written,
never a half of one. WAL lets searches read while an ingest writes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from presslens.errors import Rejected
from presslens.records import Article
from presslens.store.base import (
    ARTICLE_COLUMNS,
    Hit,
    InputState,
    PreparedArticle,
    QueryError,
    StoreError,
    WriteResult,
    check_date,
    now,
    prepare,
    split_marked,
)
from presslens.store.schema import LATEST, MIGRATIONS, MIGRATIONS_TABLE

# Private-use characters mark highlights inside snippet() output; they never occur in article text.
_OPEN, _CLOSE, _ELLIPSIS = "\ue000", "\ue001", "…"
_TITLE_WEIGHT, _TEXT_WEIGHT = 5.0, 1.0

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))}) "
    "ON CONFLICT (id) DO NOTHING"
)
_INSERT_ANNOTATION = (
    "INSERT INTO annotations (article_id, kind, idx, start_char, end_char, label, confidence, producer, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, kind, idx) DO NOTHING"
)
_INSERT_FACT = (
    "INSERT INTO provenance_facts (article_id, idx, kind, value, evidence, start_char, end_char, rule, producer) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, idx) DO NOTHING"
)
_UPSERT_REJECTED = (
    "INSERT INTO rejected (source, reason, message, at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, message = excluded.message, at = excluded.at"
)
_UPSERT_INPUT = (
    "INSERT INTO inputs (path, size, mtime, status, progress, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, status = excluded.status, "
    "progress = excluded.progress, updated_at = excluded.updated_at"
)


class SQLiteStore:
    """A :class:`~presslens.store.base.Store` in one SQLite file."""

    dialect = "sqlite"

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

    # -- schema ---------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, each in one transaction; return their versions.

        An up-to-date database is only read (no write lock), so a search does not wait for an ingest.
        """
        if self._applied() >= {m.version for m in MIGRATIONS}:
            self._check_not_newer()
            return []
        self.conn.execute(MIGRATIONS_TABLE)
        applied: list[int] = []
        for migration in MIGRATIONS:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                done = self.conn.execute("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)).fetchone()
                if not done:
                    for statement in migration.statements(self.dialect):
                        self.conn.execute(statement)
                    self.conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                      (migration.version, migration.name, now()))
                    applied.append(migration.version)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        self._check_not_newer()
        return applied

    def _applied(self) -> set[int]:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
        return {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")} if exists else set()

    def _check_not_newer(self) -> None:
        newest = self.schema_version()
        if newest > LATEST:
            raise StoreError(f"{self.path}: written by a newer presslens (schema {newest}, this one knows {LATEST}); upgrade presslens")

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- writing --------------------------------------------------------------
    def put_many(self, articles: Iterable[Article | PreparedArticle]) -> WriteResult:
        """Store articles (the same id twice is stored once), in one transaction."""
        return self.write(articles=articles)

    def write(self, articles: Iterable[Article | PreparedArticle] = (), rejected: Iterable[Rejected] = (),
              inputs: Iterable[InputState] = ()) -> WriteResult:
        """Articles, rejections and input progress, all in one transaction."""
        result = WriteResult()
        at = now()
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for item in articles:
                article = prepare(item, at)
                cur.execute(_INSERT_ARTICLE, article.row)
                if cur.rowcount == 1:
                    result.stored += 1
                    result.stored_ids.append(article.id)
                    cur.executemany(_INSERT_ANNOTATION, article.annotations)
                    cur.executemany(_INSERT_FACT, article.facts)
                else:
                    result.duplicates += 1
                if article.source:
                    cur.execute("DELETE FROM rejected WHERE source = ?", (article.source,))
            for rej in rejected:
                cur.execute(_UPSERT_REJECTED, (rej.source, rej.reason, rej.message, at))
                result.rejected += 1
            for state in inputs:
                cur.execute(_UPSERT_INPUT, (state.path, state.size, state.mtime, state.status, state.progress, at))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return result

    # -- reading --------------------------------------------------------------
    def get(self, id: str) -> Article:
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (id,)).fetchone()
        if row is None:
            raise KeyError(id)
        return Article.from_json(row[0])

    def __contains__(self, id: object) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (id,)).fetchone() is not None

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT id FROM articles")}

    def rejected(self) -> list[Rejected]:
        return [Rejected(*row) for row in self.conn.execute("SELECT source, reason, message FROM rejected ORDER BY source")]

    def input_state(self, path: str) -> InputState | None:
        row = self.conn.execute("SELECT path, size, mtime, status, progress FROM inputs WHERE path = ?", (path,)).fetchone()
        return InputState(*row) if row else None

    def annotations(self, article_id: str, kind: str | None = None) -> list[dict]:
        """Annotation rows of one article (all kinds, or one), as dicts."""
        sql = ("SELECT kind, idx, start_char, end_char, label, confidence, producer, data FROM annotations "
               "WHERE article_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY kind, idx")
        cols = ("kind", "idx", "start", "end", "label", "confidence", "producer", "data")
        return [dict(zip(cols, row, strict=True)) for row in self.conn.execute(sql, (article_id, kind) if kind else (article_id,))]

    def search(self, query: str, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]:
        """Articles matching ``query`` (FTS5 syntax; plain words are ANDed), best first (bm25,
        title weighted x5), with a highlighted snippet of the body. ``source`` filters on the
        publisher (case-insensitive); ``since``/``until`` on the publication date (inclusive)."""
        match = fts_query(query)
        since, until = check_date(since, "--since"), check_date(until, "--until")
        where, params = ["articles_fts MATCH ?"], [match]
        if source:
            where.append("lower(a.publisher) = lower(?)")
            params.append(source)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("substr(a.published, 1, ?) <= ?")
            params += [len(until), until]
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

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
