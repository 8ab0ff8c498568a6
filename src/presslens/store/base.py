"""What every store backend shares: the Store protocol, search hits, the
mapping from an :class:`~presslens.records.Article` to rows, and :class:`SQLStore`,
the SQL both backends run (written with ``?`` placeholders; PostgreSQL's become ``%s``):
migrations, writes and reads here, the corpus and web queries in :mod:`presslens.store.queries`.

A backend (``sqlite.py``, ``postgres.py``) implements :class:`Store` with
the same behaviour: articles are keyed by their content hash ``id`` and written
with ``ON CONFLICT DO NOTHING`` (the same article twice is stored once);
rejected inputs are keyed by source; a batch of articles, rejections and input
progress is written in one transaction (:meth:`Store.write`), which is what
makes an interrupted ingest resumable without losing or duplicating anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from presslens.errors import ArticleNotFound, QueryError, Rejected, StoreError
from presslens.records import Article, to_jsonable, word_count
from presslens.store.queries import Queries, dumps, now
from presslens.store.query import Query, check_date, split_marked  # the search helpers, re-exported
from presslens.store.rows import (
    AnnotationRef,
    ArticleFilter,
    ArticleQuotes,
    ArticleSummary,
    ArticleText,
    ArticleVoices,
    DupeCluster,
    LabelCount,
    NameCount,
    NameRef,
    QuoteRow,
    SourceArticle,
    SourceOverview,
    SpeakerRow,
)
from presslens.store.schema import LATEST, MIGRATIONS, MIGRATIONS_TABLE


class QueryInterrupted(StoreError):
    """A query stopped by :meth:`Store.time_limit`: it ran past its time (``query-timeout``) or was
    cancelled (``query-cancelled``: the client went away, the server is stopping). HTTP 503."""

    def __init__(self, why: str, seconds: float | None = None) -> None:
        self.why = why
        if why == "timeout":
            super().__init__(f"the query took longer than {seconds or 0:g} s and was stopped",
                             "narrow the query (fewer or rarer words, a source or date filter)", code="query-timeout")
        else:
            super().__init__("the query was cancelled (the client went away or the server is stopping)",
                             code="query-cancelled")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``highlights`` are ``(start, end)`` offsets into ``snippet``
    of the words that matched; ``score`` is higher for better matches."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    source: str | None
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()

    def marked(self, open: str = "**", close: str = "**") -> str:
        """The snippet with each highlight wrapped in ``open``/``close``."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.snippet[last:start], open, self.snippet[start:end], close]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        return data


@dataclass(slots=True)
class WriteResult:
    """What one :meth:`Store.write` did."""

    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    stored_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class InputState:
    """Resume state of one input file."""

    path: str
    size: int
    mtime: float
    status: str  # "partial" or "done"
    progress: int  # last record (line number) committed; 0 for none

    def same_file(self, size: int, mtime: float) -> bool:
        return self.size == size and abs(self.mtime - mtime) < 1e-6


@runtime_checkable
class Store(Protocol):
    """A database of articles. Open one with :func:`presslens.store.open_store`."""

    url: str

    def put_many(self, articles: Iterable[Article | PreparedArticle]) -> WriteResult: ...
    def write(self, articles: Iterable[Article | PreparedArticle] = (), rejected: Iterable[Rejected] = (),
              inputs: Iterable[InputState] = ()) -> WriteResult: ...
    def get(self, id: str) -> Article: ...
    def search(self, query: str | Query, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]: ...
    def time_limit(self, seconds: float | None, throttle_after: float | None = None) -> AbstractContextManager[None]: ...
    def interrupt(self) -> None: ...
    def count(self) -> int: ...
    def ids(self) -> set[str]: ...
    def rejected(self) -> list[Rejected]: ...
    def input_state(self, path: str) -> InputState | None: ...
    def annotations(self, article_id: str, kind: str | None = None) -> list[dict]: ...
    def schema_version(self) -> int: ...
    def close(self) -> None: ...
    # The queries of the corpus commands and the web app (presslens.store.queries):
    def count_articles(self, filter: ArticleFilter = ...) -> int: ...
    def list_articles(self, filter: ArticleFilter = ..., limit: int = 20, offset: int = 0) -> list[ArticleSummary]: ...
    def annotated_article_ids(self, kind: str, labels: Sequence[str], min_confidence: float | None = None) -> set[str]: ...
    def annotation_labels(self, kind: str) -> list[str]: ...
    def publishers(self, limit: int = 200) -> list[str]: ...
    def article_titles(self, ids: Iterable[str]) -> dict[str, str | None]: ...
    def source_overview(self, source: str) -> SourceOverview: ...
    def source_articles(self, source: str) -> Iterator[SourceArticle]: ...
    def source_publishers(self, source: str) -> list[NameCount]: ...
    def technique_voices(self, min_confidence: float, source: str | None = None) -> list[ArticleVoices]: ...
    def source_label_counts(self, source: str, kinds: Sequence[str],
                            min_confidence: Mapping[str, float] | None = None) -> list[LabelCount]: ...
    def source_annotation_refs(self, source: str, kinds: Sequence[str],
                               min_confidence: Mapping[str, float] | None = None) -> list[AnnotationRef]: ...
    def source_republished_from(self, source: str) -> list[NameCount]: ...
    def source_republished_from_refs(self, source: str) -> list[NameRef]: ...
    def source_republished_by(self, source: str) -> list[NameCount]: ...
    def source_republished_by_refs(self, source: str) -> list[NameRef]: ...
    def source_quote_counts(self, source: str, limit: int = 200) -> list[ArticleQuotes]: ...
    def speaker_rows(self, words: Sequence[str] = (), source: str | None = None,
                     uncertain_below: float = 0.5) -> list[SpeakerRow]: ...
    def quotes_by_speakers(self, speakers: Sequence[str]) -> list[QuoteRow]: ...
    def article_texts(self, ids: Sequence[str] | None = None) -> list[ArticleText]: ...
    def article_text_batches(self, batch_size: int = 500) -> Iterator[list[ArticleText]]: ...
    def replace_dupe_clusters(self, clusters: Iterable[DupeCluster], params: dict[str, Any], articles: int | None = None) -> None: ...
    def dupe_params(self) -> dict[str, Any] | None: ...
    def dupe_run(self) -> dict[str, Any] | None: ...
    def last_ingested_at(self) -> str | None: ...
    def dupe_clusters(self) -> list[DupeCluster]: ...
    def export_batches(self, table: str, batch_size: int = 1000) -> Iterator[list[tuple[Any, ...]]]: ...


# ---------------------------------------------------------------------------
# Article -> rows (dialect-free)
# ---------------------------------------------------------------------------
LABEL_FIELDS = ("label", "speaker", "technique", "category", "kind", "type", "name")
"""Fields tried, in order, for the ``label`` column of an annotation row."""
KIND_LABEL = {"quotes": "speaker"}
"""Kinds whose ``label`` is one field and nothing else: a quote's label is its speaker, and a quote
nobody is named for has no label (falling back to its ``kind`` made "direct" a top speaker)."""


def article_row(article: Article, at: str) -> tuple[Any, ...]:
    """(id, url, publisher, title, authors, published, language, source, format, text, record, ingested_at)."""
    return (
        article.id, article.url, article.publisher, article.title, dumps(list(article.authors)), article.published,
        article.language, article.source, article.format, article.text, article.to_json(), at,
    )


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article already turned into rows (:func:`prepare`), e.g. in a worker process, so
    the process that writes only executes SQL. Stores accept it wherever they accept an Article."""

    id: str
    source: str | None
    row: tuple[Any, ...]
    annotations: tuple[tuple[Any, ...], ...]
    facts: tuple[tuple[Any, ...], ...]


def prepare(article: Article | PreparedArticle, at: str | None = None) -> PreparedArticle:
    if isinstance(article, PreparedArticle):
        return article
    return PreparedArticle(article.id, article.source, article_row(article, at or now()),
                           tuple(annotation_rows(article)), tuple(fact_rows(article)))


ARTICLE_COLUMNS = ("id", "url", "publisher", "title", "authors", "published", "language", "source", "format", "text",
                   "record", "ingested_at")


def annotation_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    """(article_id, kind, idx, start_char, end_char, label, confidence, producer, data) per annotation record."""
    for kind, records in article.annotations.items():
        for idx, record in enumerate(records):
            data = to_jsonable(record)
            fields = data if isinstance(data, Mapping) else {}
            label = next((str(fields[k]) for k in ((KIND_LABEL[kind],) if kind in KIND_LABEL else LABEL_FIELDS)
                          if isinstance(fields.get(k), (str, int)) and fields[k] != ""), None)
            yield (
                article.id, kind, idx, _int(fields.get("start")), _int(fields.get("end")), label,
                _float(fields.get("confidence")), fields.get("producer") if isinstance(fields.get("producer"), str) else None,
                dumps(data),
            )


def fact_rows(article: Article) -> Iterator[tuple[Any, ...]]:
    """(article_id, idx, kind, value, evidence, start_char, end_char, rule, producer) per provenance fact."""
    for idx, fact in enumerate(article.provenance.facts):
        ev = fact.evidence
        yield (article.id, idx, fact.kind, fact.value, ev.text if ev else None, ev.start if ev else None,
               ev.end if ev else None, fact.rule, fact.producer)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# ---------------------------------------------------------------------------
# The SQL every backend runs
# ---------------------------------------------------------------------------
TEXT_COLUMN = ARTICLE_COLUMNS.index("text")
# ``words`` is counted here, in the writing process, from the row's text: every way rows are made
# (workers, Spark partitions, PreparedArticle) gets it without a column of its own.
INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, words) VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 1))}) "
    "ON CONFLICT (id) DO NOTHING"
)
INSERT_ANNOTATION = (
    "INSERT INTO annotations (article_id, kind, idx, start_char, end_char, label, confidence, producer, data) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, kind, idx) DO NOTHING"
)
INSERT_FACT = (
    "INSERT INTO provenance_facts (article_id, idx, kind, value, evidence, start_char, end_char, rule, producer) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, idx) DO NOTHING"
)
UPSERT_REJECTED = (
    "INSERT INTO rejected (source, reason, message, at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, message = excluded.message, at = excluded.at"
)
UPSERT_INPUT = (
    "INSERT INTO inputs (path, size, mtime, status, progress, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, status = excluded.status, "
    "progress = excluded.progress, updated_at = excluded.updated_at"
)
ANNOTATION_KEYS = ("kind", "idx", "start", "end", "label", "confidence", "producer", "data")


class SQLStore(Queries):
    """The behaviour both backends share, over a DB-API connection ``self.conn``.

    A backend sets ``dialect``, ``placeholder`` (``?`` or ``%s``) and ``name`` (for messages),
    and provides :meth:`transaction` (one write transaction), :meth:`table_exists` and
    :meth:`search`. Everything else (migrations, writes, reads, and the queries of
    :class:`~presslens.store.queries.Queries`) is here, so the two backends cannot drift apart.
    """

    dialect = ""
    placeholder = "?"
    name = ""
    conn: Any  #: the DB-API connection the backend opens
    url: str  #: the store's address (``sqlite:///...`` or the PostgreSQL URL)
    #: Selects a JSON column as text (PostgreSQL's JSONB comes back parsed otherwise).
    json_text = "{}"

    def transaction(self) -> AbstractContextManager[Any]:  # pragma: no cover - every backend overrides it
        raise NotImplementedError

    def table_exists(self, table: str) -> bool:  # pragma: no cover - every backend overrides it
        raise NotImplementedError

    def search(self, query: str | Query, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]:  # pragma: no cover - every backend overrides it
        raise NotImplementedError

    def time_limit(self, seconds: float | None,
                   throttle_after: float | None = None) -> AbstractContextManager[None]:  # pragma: no cover - every backend overrides it
        """The block's statements stop after ``seconds`` (or on :meth:`interrupt`) with :class:`QueryInterrupted`."""
        raise NotImplementedError

    def interrupt(self) -> None:  # pragma: no cover - every backend overrides it
        """Stop what the :meth:`time_limit` block runs now; called from another thread."""
        raise NotImplementedError

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def json_value(self, column: str, key: str, numeric: bool = False) -> str:
        """SQL reading the field ``key`` of the JSON column ``column`` (both chosen by code, never
        by a user): SQLite's ``json_extract``, PostgreSQL's ``->>`` (cast to a number when ``numeric``)."""
        if not key.isidentifier():
            raise ValueError(f"not a JSON field name: {key!r}")
        if self.dialect == "postgresql":
            return f"({column}->>'{key}')::float8" if numeric else f"({column}->>'{key}')"
        return f"json_extract({column}, '$.{key}')"

    def query(self, statement: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.conn.execute(self.sql(statement), tuple(params)).fetchall()]

    def lock_for_migration(self, cur: Any) -> None:
        """Called first in each migration transaction (PostgreSQL serialises concurrent openers)."""

    # -- schema ---------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, each in one transaction; return their versions.

        An up-to-date database is only read (no write lock), so a search does not wait for an ingest.
        """
        if self.applied() >= {m.version for m in MIGRATIONS}:
            self.check_not_newer()
            return []
        with self.transaction() as cur:  # under the lock: two first openings must not both create it
            self.lock_for_migration(cur)
            cur.execute(MIGRATIONS_TABLE)
        done_sql = self.sql("SELECT 1 FROM schema_migrations WHERE version = ?")
        record_sql = self.sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        applied: list[int] = []
        for migration in MIGRATIONS:
            with self.transaction() as cur:
                self.lock_for_migration(cur)
                cur.execute(done_sql, (migration.version,))
                if not cur.fetchone():
                    for statement in migration.statements(self.dialect):
                        cur.execute(statement)
                    if migration.backfill is not None:
                        migration.backfill(cur, self.sql)
                    cur.execute(record_sql, (migration.version, migration.name, now()))
                    applied.append(migration.version)
        self.check_not_newer()
        return applied

    def applied(self) -> set[int]:
        if not self.table_exists("schema_migrations"):
            return set()
        return {row[0] for row in self.query("SELECT version FROM schema_migrations")}

    def check_not_newer(self) -> None:
        newest = self.schema_version()
        if newest > LATEST:
            raise StoreError(f"{self.name}: written by a newer presslens (schema {newest}, this one knows {LATEST}); upgrade presslens")

    def schema_version(self) -> int:
        return int(self.query("SELECT max(version) FROM schema_migrations")[0][0] or 0)

    # -- writing --------------------------------------------------------------
    def put_many(self, articles: Iterable[Article | PreparedArticle]) -> WriteResult:
        """Store articles (the same id twice is stored once), in one transaction."""
        return self.write(articles=articles)

    def clean(self, article: PreparedArticle) -> PreparedArticle:
        """What the backend cannot store as is, made storable (PostgreSQL refuses NUL characters)."""
        return article

    def write(self, articles: Iterable[Article | PreparedArticle] = (), rejected: Iterable[Rejected] = (),
              inputs: Iterable[InputState] = ()) -> WriteResult:
        """Articles, rejections and input progress, all in one transaction."""
        result = WriteResult()
        at = now()
        sql = self.sql
        with self.transaction() as cur:
            for item in articles:
                article = self.clean(prepare(item, at))
                cur.execute(sql(INSERT_ARTICLE), (*article.row, word_count(article.row[TEXT_COLUMN])))
                if cur.rowcount == 1:
                    result.stored += 1
                    result.stored_ids.append(article.id)
                    if article.annotations:
                        cur.executemany(sql(INSERT_ANNOTATION), article.annotations)
                    if article.facts:
                        cur.executemany(sql(INSERT_FACT), article.facts)
                else:
                    result.duplicates += 1
                if article.source:
                    cur.execute(sql("DELETE FROM rejected WHERE source = ?"), (article.source,))
            for rej in rejected:
                cur.execute(sql(UPSERT_REJECTED), (rej.source, rej.reason, rej.message, at))
                result.rejected += 1
            for state in inputs:
                cur.execute(sql(UPSERT_INPUT), (state.path, state.size, state.mtime, state.status, state.progress, at))
        return result

    # -- reading --------------------------------------------------------------
    def get(self, id: str) -> Article:
        """The stored article ``id`` (:class:`~presslens.errors.ArticleNotFound`, a KeyError, when there is none)."""
        rows = self.query(f"SELECT {self.json_text.format('record')} FROM articles WHERE id = ?", (id,))
        if not rows:
            raise ArticleNotFound(id)
        return Article.from_json(rows[0][0])

    def __contains__(self, id: object) -> bool:
        return bool(self.query("SELECT 1 FROM articles WHERE id = ?", (id,)))

    def count(self) -> int:
        return int(self.query("SELECT count(*) FROM articles")[0][0])

    def ids(self) -> set[str]:
        return {row[0] for row in self.query("SELECT id FROM articles")}

    def rejected(self) -> list[Rejected]:
        return [Rejected(*row) for row in self.query("SELECT source, reason, message FROM rejected ORDER BY source")]

    def input_state(self, path: str) -> InputState | None:
        rows = self.query("SELECT path, size, mtime, status, progress FROM inputs WHERE path = ?", (path,))
        return InputState(*rows[0]) if rows else None

    def annotations(self, article_id: str, kind: str | None = None) -> list[dict]:
        """Annotation rows of one article (all kinds, or one), as dicts; ``data`` is the record as JSON text."""
        sql = (f"SELECT kind, idx, start_char, end_char, label, confidence, producer, {self.json_text.format('data')} "
               "FROM annotations WHERE article_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY kind, idx")
        rows = self.query(sql, (article_id, kind) if kind else (article_id,))
        return [dict(zip(ANNOTATION_KEYS, row, strict=True)) for row in rows]

    def filters(self, source: str | None, since: str | None, until: str | None, prefix: str = "a.") -> tuple[list[str], list[Any]]:
        """SQL conditions (with ``?``) and parameters for the search filters, the same on every backend."""
        since, until = check_date(since, "--since"), check_date(until, "--until")
        where: list[str] = []
        params: list[Any] = []
        if source:
            where.append(f"lower({prefix}publisher) = lower(?)")
            params.append(source)
        if since:
            where.append(f"{prefix}published >= ?")
            params.append(since)
        if until:
            where.append(f"substr({prefix}published, 1, ?) <= ?")
            params += [len(until), until]
        return where, params

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "Hit", "InputState", "PreparedArticle", "QueryError", "QueryInterrupted", "SQLStore", "Store", "StoreError", "WriteResult", "LABEL_FIELDS", "prepare",
    "annotation_rows", "article_row", "fact_rows", "check_date", "split_marked",
]
