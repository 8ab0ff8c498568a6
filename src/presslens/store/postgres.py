"""PostgreSQL backend (psycopg 3): the same schema and behaviour as the SQLite store.

The tables, migrations, writes and reads are :class:`~presslens.store.base.SQLStore`'s,
the same SQL as SQLite with ``%s`` placeholders. What differs is the full-text index:
a generated, weighted ``tsvector`` column (title ``A``, body ``B``, English stemming)
with a GIN index, ranked with ``ts_rank`` (a title match counts five times a body
match) and ``ts_headline`` snippets. The user's query (the FTS5 syntax the SQLite store
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
from presslens.store.base import Hit, PreparedArticle, SQLStore, dumps, split_marked

_OPEN, _CLOSE, _ELLIPSIS = "\ue000", "\ue001", " … "
# ts_rank weights {D, C, B, A}: the body is B, the title A (five times B), as the SQLite bm25 weights.
_WEIGHTS = "{0.04, 0.04, 0.2, 1.0}"
_HEADLINE = (f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=2, "
             f'FragmentDelimiter="{_ELLIPSIS}"')
_MIGRATION_LOCK = 0x70726573  # "pres": pg_advisory_xact_lock key for migrations


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(SQLStore):
    """A :class:`~presslens.store.base.Store` in a PostgreSQL database (``postgresql://user@host/db``)."""

    dialect = "postgresql"
    placeholder = "%s"
    json_text = "{}::text"

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

    def search(self, query: str, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]:
        """The same search as :meth:`SQLiteStore.search <presslens.store.sqlite.SQLiteStore.search>`: the
        query syntax, filters and output are the same; the ranking is ``ts_rank`` (title weighted x5)."""
        tsquery, query_params = ts_query(query)
        filters, values = self.filters(source, since, until)
        where = " AND ".join(["a.tsv @@ q.q", *filters])
        # ts_headline is costly: the inner query ranks every match, the outer one builds snippets for the top ``limit``.
        sql = self.sql(
            "SELECT id, title, publisher, published, url, source, rank, ts_headline('english', text, q, ?) FROM ("
            "SELECT a.id, a.title, a.publisher, a.published, a.url, a.source, a.text, a.doc, q.q, "
            "ts_rank(?::float4[], a.tsv, q.q) AS rank "
            f"FROM articles a, (SELECT {tsquery} AS q) AS q WHERE {where} ORDER BY rank DESC, a.doc LIMIT ?"
            ") top ORDER BY rank DESC, doc")
        params = [_HEADLINE, _WEIGHTS, *query_params, *values, max(0, int(limit))]
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.errors.SyntaxError):
                raise QueryError(f"cannot parse the query {query!r} ({exc}); quote phrases (\"rail line\"), "
                                 "use AND/OR/NOT between words") from exc
            raise
        hits = []
        for id_, title, publisher, published, url, src, rank, snip in rows:
            text, spans = split_marked(snip or "", _OPEN, _CLOSE)
            hits.append(Hit(id_, title, publisher, published, url, src, round(float(rank), 6), text, spans))
        return hits

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"


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


# ---------------------------------------------------------------------------
# Query text -> tsquery
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_BARE = re.compile(r"^(?:(title|text):)?(\w+)(\*?)$")
_NEAR = re.compile(r"\bNEAR\s*\(([^()]*?)(?:,\s*\d+)?\s*\)")
_OPERATORS = ("AND", "OR", "NOT")


def ts_query(query: str) -> tuple[str, list[str]]:
    """A SQL ``tsquery`` expression (with ``?`` placeholders) and its parameters, for a user
    query in the SQLite store's (FTS5) syntax.

    Words are ANDed; ``OR``/``AND``/``NOT`` and parentheses keep their meaning (NOT binds
    tightest, then AND, then OR, as in FTS5); ``-word`` after another term is ``NOT word``;
    ``prefix*`` becomes ``prefix:*``; ``title:word`` matches the title only (weight ``A``);
    ``NEAR(a b)`` needs every word. ``"phrases"`` and words with punctuation in them
    (``covid-19``, ``U.S.``) go through ``phraseto_tsquery``, so they are split exactly as the
    article text was. Each word is a bound parameter of ``to_tsquery``/``phraseto_tsquery``
    and only word characters reach ``to_tsquery``, so its operators cannot be injected. A
    malformed query (a dangling operator, an unbalanced parenthesis or quote) raises
    :class:`QueryError`.
    """
    if not query.strip():
        raise QueryError("the query is empty; pass words to search for")
    tokens: list[str] = []
    for token in _TOKEN.findall(_NEAR.sub(r"(\1)", query)):
        if not token.startswith('"') and token not in "()" and not re.search(r"\w", token):
            continue  # punctuation alone matches nothing and is left out, as SQLite does
        if token.startswith("-") and tokens:
            tokens += ["NOT", token[1:]]
        else:
            tokens.append(token)
    parser = _Parser(tokens, query)
    sql = parser.parse_or()
    if parser.pos != len(tokens):
        parser.fail(f"unexpected {tokens[parser.pos]!r}")
    return sql, parser.params


class _Parser:
    """Recursive descent over the tokens, building ``&&``/``||``/``!!`` of tsquery leaves."""

    def __init__(self, tokens: list[str], query: str) -> None:
        self.tokens, self.query, self.pos = tokens, query, 0
        self.params: list[str] = []

    def fail(self, why: str):
        raise QueryError(f"cannot parse the query {self.query!r} ({why}); quote phrases (\"rail line\"), "
                         "use AND/OR/NOT between words")

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> str:
        parts = [self.parse_and()]
        while self.peek() == "OR":
            self.pos += 1
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"

    def parse_and(self) -> str:
        parts = [self.parse_not()]
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.pos += 1
            parts.append(self.parse_not())
        return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"

    def parse_not(self) -> str:
        out = self.parse_primary()
        while self.peek() == "NOT":
            self.pos += 1
            out = f"({out} && !!({self.parse_primary()}))"
        return out

    def leaf(self, function: str, value: str) -> str:
        self.params.append(value)
        return f"{function}('english', ?)"

    def parse_primary(self) -> str:
        peeked = self.peek()
        if peeked is None:
            self.fail("it ends where a word is expected")
        token: str = peeked or ""
        if token in (*_OPERATORS, ")"):
            self.fail(f"{token!r} where a word is expected")
        self.pos += 1
        if token == "(":
            inner = self.parse_or()
            if self.peek() != ")":
                self.fail("unbalanced parenthesis")
            self.pos += 1
            return inner
        column = ""
        if token.startswith(("title:", "text:")) and len(token) > token.index(":") + 1:
            column, token = token.split(":", 1)
        if token.startswith('"'):
            if len(token) < 2 or not token.endswith('"'):
                self.fail("unterminated string")
            token = token[1:-1]
            if not re.search(r"\w", token):
                self.fail("an empty phrase")
        elif bare := _BARE.match(token):
            marks = ("*" if bare.group(3) else "") + ("A" if column == "title" else "B" if column == "text" else "")
            return self.leaf("to_tsquery", bare.group(2) + (f":{marks}" if marks else ""))
        if column:  # a phrase in one column: its words, weighted, in a row
            weight = "A" if column == "title" else "B"
            return self.leaf("to_tsquery", " <-> ".join(f"{w}:{weight}" for w in re.findall(r"\w+", token)))
        if not re.search(r"\w", token):
            self.fail(f"{token!r} is not a word")
        return self.leaf("phraseto_tsquery", token)


__all__ = ["PostgresStore", "redact", "ts_query"]
