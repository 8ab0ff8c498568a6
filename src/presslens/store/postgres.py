"""PostgreSQL backend (psycopg 3): the same schema and behaviour as the SQLite store.

The tables, migrations, writes and reads are :class:`~presslens.store.base.SQLStore`'s,
the same SQL as SQLite with ``%s`` placeholders. What differs is the full-text index:
a generated, weighted ``tsvector`` column (title ``A``, body ``B``, English stemming)
with a GIN index, ranked with ``ts_rank`` (a title match counts five times a body
match) over a bounded candidate set (:meth:`PostgresStore.search`), and ``ts_headline`` snippets. The user's query (the FTS5 syntax the SQLite store
accepts) is parsed here into ``to_tsquery``/``phraseto_tsquery`` calls whose words are
bound parameters: no user text is ever put into the SQL itself.

The connection is in autocommit mode with one explicit transaction per write, so a
batch is all-or-nothing, as on SQLite. Concurrent openers serialise their migrations
with an advisory lock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from presslens.errors import QueryError, StoreError
from presslens.store.base import Hit, PreparedArticle, QueryInterrupted, SQLStore, dumps, split_marked
from presslens.store.query import MAX_CHARS, MAX_TERMS, Node, Or, Query, Term, parse_query, short

_OPEN, _CLOSE, _ELLIPSIS = "\ue000", "\ue001", " … "
# ts_rank weights {D, C, B, A}: the body is B, the title A (five times B), as the SQLite bm25 weights.
_WEIGHTS = "{0.04, 0.04, 0.2, 1.0}"
_HEADLINE = (f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=2, "
             f'FragmentDelimiter="{_ELLIPSIS}"')
CANDIDATES = 100
SNIPPET_WINDOW = 2000  # characters of the text (its opening) a snippet is looked for in first
_MIGRATION_LOCK = 0x70726573  # "pres": pg_advisory_xact_lock key for migrations


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(SQLStore):
    """A :class:`~presslens.store.base.Store` in a PostgreSQL database (``postgresql://user@host/db``)."""

    dialect = "postgresql"
    placeholder = "%s"
    json_text = "{}::text"
    #: How many matches, in the order of the compact rank, :meth:`search` ranks with the whole ``tsv``
    #: (None: every match, the search before issue 20). 100 reads ~100 TOASTed vectors, a few ms.
    candidates: int | None = CANDIDATES

    def __init__(self, url: str, *, create: bool = True) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs psycopg 3: pip install 'psycopg[binary]'") from exc
        self.url = redact(url)
        self.name = self.url
        try:
            self.conn = psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{self.url}: cannot connect to PostgreSQL ({str(exc).strip().splitlines()[0]})") from exc
        try:
            if not create and not self.table_exists("schema_migrations"):
                raise StoreError(f"{self.url}: no presslens database there; create it with 'presslens ingest ... --db {self.url}'")
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.conn.transaction(), self.conn.cursor() as cur:
            yield cur

    def table_exists(self, table: str) -> bool:
        return self.query("SELECT to_regclass(%s) IS NOT NULL", (table,))[0][0]

    def lock_for_migration(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))

    def clean(self, article: PreparedArticle) -> PreparedArticle:
        """PostgreSQL text and JSONB refuse NUL characters: drop them (SQLite keeps them)."""
        if not any(isinstance(v, str) and ("\x00" in v or "\\u0000" in v) for v in article.row):
            return article
        return PreparedArticle(article.id, article.source, tuple(_no_nul(v) for v in article.row),
                               tuple(tuple(_no_nul(v) for v in row) for row in article.annotations),
                               tuple(tuple(_no_nul(v) for v in row) for row in article.facts))

    @contextmanager
    def time_limit(self, seconds: float | None, throttle_after: float | None = None) -> Iterator[None]:
        """Each statement of the block runs for at most ``seconds`` (the server's ``statement_timeout``,
        so no timer races the next statement); :meth:`interrupt` cancels the running one from another
        thread. A stopped statement raises :class:`QueryInterrupted`. ``throttle_after`` is SQLite's
        (the work runs in the PostgreSQL server, which schedules its own backends)."""
        import psycopg

        self._why = ""
        self.conn.execute("SELECT set_config('statement_timeout', %s, false)", (str(max(1, int(seconds * 1000))) if seconds else "0",))
        self._limited = True
        try:
            yield
        except psycopg.errors.QueryCanceled as exc:
            raise QueryInterrupted(self._why or "timeout", seconds) from exc
        finally:
            self._limited = False
            if not self.conn.closed:
                try:
                    self.conn.execute("SELECT set_config('statement_timeout', '0', false)")
                except psycopg.Error:  # the connection broke; the pool drops it
                    pass

    def interrupt(self) -> None:
        """Cancel the statement of the :meth:`time_limit` block running now (another thread calls this)."""
        if getattr(self, "_limited", False):
            self._why = "cancelled"
            self.conn.cancel_safe(timeout=2.0)

    def search(self, query: str | Query, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]:
        """The same search as :meth:`SQLiteStore.search <presslens.store.sqlite.SQLiteStore.search>`: the
        query syntax, filters and output are the same; the ranking is ``ts_rank`` (title weighted x5).

        How it stays fast on a common word (issue 20; docs/corpus.md "PostgreSQL"): the GIN index
        finds the matches without reading a row's ``tsv`` (an index-exact query: see
        :func:`~presslens.store.query.index_tsquery`); they are ordered by ``ts_rank`` over the
        compact ``rank_tsv`` (in the row, ~1 kB); only the first :attr:`candidates` of them (those
        that also match the exact query, checked in that order) are ranked by ``ts_rank`` over the
        whole ``tsv``, as before; ``ts_headline`` runs on the top ``limit``, on the opening
        :data:`SNIPPET_WINDOW` characters when a query word is there. The compact rank is never
        above the full one and equals it when the article's query words were all kept, so an
        article the full ranking puts in the top ``limit`` is missed only when its query words are
        rare in it and out of its opening. For one word (or up to three ORed), whose title matches
        outrank every other match (:func:`title_first`), the title matches alone are ranked first,
        through an index of the titles; when there are ``limit`` of them, that is the answer.
        ``candidates = None`` ranks every match with ``tsv``: the search before issue 20, the
        benchmark's reference."""
        parsed = parse_query(query)
        tsquery, query_params = parsed.tsquery()
        filters, values = self.filters(source, since, until)
        limit = max(0, int(limit))
        if self.candidates is None:
            return self._hits(self._run(query, *self._full_rank_sql(tsquery, query_params, filters, values, limit)))
        wide = parsed.index_tsquery()
        with self.conn.transaction():
            # The planner reckons a seq scan cheaper for a common word: it does not count reading each
            # row's TOASTed tsv, which the bitmap index scan never needs. JIT never pays off here.
            self.conn.execute("SET LOCAL enable_seqscan = off")
            self.conn.execute("SET LOCAL jit = off")
            self.conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")  # starting workers costs more than it saves
            if limit and title_first(parsed.root):
                hits = self._hits(self._run(query, *self._bounded_sql(tsquery, query_params, wide, filters, values, limit,
                                                                      titles=True)))
                if len(hits) == limit:
                    return hits
            return self._hits(self._run(query, *self._bounded_sql(tsquery, query_params, wide, filters, values, limit)))

    def _bounded_sql(self, tsquery: str, query_params: list[str], wide: tuple[str, list[str]] | None, filters: list[str],
                     values: list, limit: int, titles: bool = False) -> tuple[str, list]:
        """The search's SQL: the matches (``titles``: the articles whose title matches) ordered by the
        compact rank, the first :attr:`candidates` that match exactly ranked on ``tsv``, the top ``limit``."""
        match_sql, match_params = wide if wide else (tsquery, query_params)
        column = "to_tsvector('english', coalesce(a.title, ''))" if titles else "a.tsv"
        where = " AND ".join([f"{column} @@ q.m", *filters])
        ordered = f"SELECT a.doc, a.tsv FROM articles a, q WHERE {where} ORDER BY ts_rank(?::float4[], a.rank_tsv, q.q) DESC, a.doc"
        if wide:  # the exact query, on the ordered matches until enough pass: each check reads one tsv
            # (OFFSET 0 keeps the planner from pushing that check down into the scan of every match)
            candidates = f"SELECT c.doc, c.tsv FROM ({ordered} OFFSET 0) c, q WHERE c.tsv @@ q.q LIMIT ?"
        else:
            candidates = f"{ordered} LIMIT ?"
        # ts_headline parses the text it is given (~20 ms for 20 articles of 8 kB): it gets the opening
        # SNIPPET_WINDOW characters, and the whole text only when no query word is there. substr and
        # octet_length read only what they need of the compressed, out-of-line text (left and length read all).
        sql = self.sql(
            f"WITH q AS NOT MATERIALIZED (SELECT {tsquery} AS q, {match_sql} AS m) "
            "SELECT a.id, a.title, a.publisher, a.published, a.url, a.source, top.rank, "
            "CASE WHEN strpos(h.s, ?) > 0 OR octet_length(a.text) <= ? THEN h.s ELSE ts_headline('english', a.text, q.q, ?) END "
            "FROM (SELECT c.doc, ts_rank(?::float4[], c.tsv, q.q) AS rank "
            f"FROM ({candidates}) c, q ORDER BY rank DESC, c.doc LIMIT ?) top "
            "JOIN articles a ON a.doc = top.doc CROSS JOIN q "
            "CROSS JOIN LATERAL (SELECT ts_headline('english', substr(a.text, 1, ?), q.q, ?) AS s) h ORDER BY top.rank DESC, top.doc")
        return sql, [*query_params, *match_params, _OPEN, SNIPPET_WINDOW, _HEADLINE, _WEIGHTS, *values, _WEIGHTS,
                     max(self.candidates or 0, limit), limit, SNIPPET_WINDOW, _HEADLINE]

    def _full_rank_sql(self, tsquery: str, query_params: list[str], filters: list[str], values: list,
                       limit: int) -> tuple[str, list]:
        """The search before issue 20: ``ts_rank`` over ``tsv`` for every match."""
        where = " AND ".join(["a.tsv @@ q.q", *filters])
        sql = self.sql(
            "SELECT id, title, publisher, published, url, source, rank, ts_headline('english', text, q, ?) FROM ("
            "SELECT a.id, a.title, a.publisher, a.published, a.url, a.source, a.text, a.doc, q.q, "
            "ts_rank(?::float4[], a.tsv, q.q) AS rank "
            f"FROM articles a, (SELECT {tsquery} AS q) AS q WHERE {where} ORDER BY rank DESC, a.doc LIMIT ?"
            ") top ORDER BY rank DESC, doc")
        return sql, [_HEADLINE, _WEIGHTS, *query_params, *values, limit]

    def _run(self, query: str | Query, sql: str, params: list) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.errors.SyntaxError):
                text = query.text if isinstance(query, Query) else query
                raise QueryError(f"cannot parse the query {short(text)!r} ({exc})",
                                 'quote phrases ("rail line"), use AND/OR/NOT between words') from exc
            raise

    @staticmethod
    def _hits(rows: list[tuple[Any, ...]]) -> list[Hit]:
        hits = []
        for id_, title, publisher, published, url, src, rank, snip in rows:
            text, spans = split_marked(snip or "", _OPEN, _CLOSE)
            hits.append(Hit(id_, title, publisher, published, url, src, round(float(rank), 6), text, spans))
        return hits

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"


def title_first(node: Node) -> bool:
    """Whether every article whose title matches ``node`` outranks (``ts_rank``, title weight 1.0, body
    0.2) every article that matches in the body only: one word (``title:word`` too), or up to three
    words ORed. One title occurrence gives a word ``1.0 / 1.645`` (0.61); any number of body ones stay
    under ``0.2``; ORed words share the rank (divided by their number), so three is the most for which
    0.61 / 3 still beats 0.2. A prefix may match several words per article, so it is left out."""
    if isinstance(node, Term):
        return not node.prefix and node.column in (None, "title")
    if isinstance(node, Or):
        return len(node.parts) <= 3 and all(isinstance(p, Term) and not p.prefix and p.column is None for p in node.parts)
    return False


def _no_nul(value: Any) -> Any:
    """``value`` without NUL characters; a JSON column (an object or list) is rewritten without them."""
    if not isinstance(value, str):
        return value
    if "\\u0000" in value and value[:1] in "{[":
        try:
            return dumps(_strip_nul(json.loads(value)))
        except ValueError:
            pass
    return value.replace("\x00", "")


def _strip_nul(data: Any) -> Any:
    if isinstance(data, str):
        return data.replace("\x00", "")
    if isinstance(data, list):
        return [_strip_nul(v) for v in data]
    if isinstance(data, dict):
        return {_strip_nul(k): _strip_nul(v) for k, v in data.items()}
    return data


def ts_query(query: str | Query, max_chars: int = MAX_CHARS, max_terms: int = MAX_TERMS) -> tuple[str, list[str]]:
    """A SQL ``tsquery`` expression (with ``?`` placeholders) and its parameters for a user query in
    the syntax of :mod:`presslens.store.query` (the SQLite store's): words ANDed, ``OR``/``AND``/``NOT``
    and parentheses, ``-word``, ``prefix*`` as ``prefix:*``, ``title:word`` on the title only
    (weight ``A``), ``NEAR(a b)`` needing every word, ``"phrases"`` and punctuated words through
    ``phraseto_tsquery``. Each word is a bound parameter; a malformed query, or one over the
    limits, raises :class:`QueryError`."""
    return parse_query(query, max_chars, max_terms).tsquery()


__all__ = ["PostgresStore", "redact", "ts_query"]
