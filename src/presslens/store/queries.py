"""The read queries of the corpus commands and the web app, one method per query.

:class:`Queries` is mixed into :class:`~presslens.store.base.SQLStore`, so both backends run
the same SQL (written with ``?`` placeholders, which PostgreSQL's store turns into ``%s``).
Every value a user chooses is a bound parameter; the only text put into a statement is
chosen here (column lists, the number of placeholders, the export tables' names).

Who reads what:

- listings (``GET /articles``, the reader's ``/corpus`` page): :meth:`~Queries.count_articles`,
  :meth:`~Queries.list_articles`, :meth:`~Queries.annotated_article_ids`,
  :meth:`~Queries.annotation_labels`, :meth:`~Queries.publishers`, :meth:`~Queries.article_titles`;
- outlet profiles (:mod:`presslens.corpus.profiles`, ``/corpus/source/...``): the ``source_*`` methods;
- the speaker index (:mod:`presslens.corpus.speakers`): :meth:`~Queries.speaker_rows`,
  :meth:`~Queries.quotes_by_speakers`;
- near-duplicates (:mod:`presslens.corpus.dupes`): :meth:`~Queries.article_texts`,
  :meth:`~Queries.replace_dupe_clusters`, :meth:`~Queries.dupe_params`, :meth:`~Queries.dupe_clusters`;
- ``presslens export``: :meth:`~Queries.export_batches`.

A new query the views need goes here, as one more method returning a row type of
:mod:`presslens.store.rows`, and into the :class:`~presslens.store.base.Store` protocol.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from presslens.errors import BadRequest
from presslens.store.rows import (
    EXPORT_TABLES,
    AnnotationRef,
    ArticleFilter,
    ArticleQuotes,
    ArticleSummary,
    ArticleText,
    ArticleVoices,
    DupeCluster,
    DupeMember,
    LabelCount,
    NameCount,
    NameRef,
    QuoteRow,
    SourceArticle,
    SourceOverview,
    SpeakerRow,
)

#: Provenance facts near-duplicate detection reads (the first of each kind per article).
DUPE_FACTS = ("original_source", "wire", "republished_by")
#: ``ORDER BY`` of article listings: newest first, undated last, then by id.
NEWEST_FIRST = "ORDER BY CASE WHEN published IS NULL THEN 1 ELSE 0 END, published DESC, id"


def is_domain(source: str) -> bool:
    """Whether an outlet given by the user is a domain (``harbourpost.example``) rather than a name."""
    return "." in source and " " not in source.strip() and "/" not in source.strip().rstrip("/")


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, lower-cased (None for no URL)."""
    if not url:
        return None
    host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower()
    return host.removeprefix("www.") or None


def source_filter(source: str, prefix: str = "a.") -> tuple[str, list[Any]]:
    """A SQL condition (``?`` parameters) selecting the articles of SOURCE, and its parameters:
    the publisher, case-insensitive, or, when SOURCE is a domain, the article URLs on it."""
    where = f"lower({prefix}publisher) = lower(?)"
    params: list[Any] = [source.strip()]
    if is_domain(source):
        d = domain_of(source) or source.lower()
        where += "".join(f" OR lower({prefix}url) LIKE ?" for _ in range(4))
        params += [f"%://{d}/%", f"%://www.{d}/%", f"%://{d}", f"%://www.{d}"]
    return f"({where})", params


def now() -> str:
    """The current UTC time as stored (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    """``value`` as the compact JSON text stored in JSON columns."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def escape_like(value: str) -> str:
    """``value`` matched literally by ``LIKE ... ESCAPE '\\'`` (no ``%``/``_`` wildcards)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _confidence_floor(min_confidence: Mapping[str, float] | None, column: str = "n.") -> tuple[str, list[Any]]:
    """`` AND ...`` leaving out annotations of a kind under its minimum confidence (none: no condition)."""
    sql, params = "", []
    for kind, floor in (min_confidence or {}).items():
        sql += f" AND NOT ({column}kind = ? AND coalesce({column}confidence, 1.0) < ?)"
        params += [kind, float(floor)]
    return sql, params


class Queries:
    """The query methods; :class:`~presslens.store.base.SQLStore` provides the connection."""

    json_text: str

    if TYPE_CHECKING:  # provided by SQLStore
        def json_value(self, column: str, key: str, numeric: bool = False) -> str: ...
        def query(self, statement: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]: ...
        def sql(self, statement: str) -> str: ...
        def transaction(self) -> AbstractContextManager[Any]: ...

    # -- article listings -----------------------------------------------------
    def _article_where(self, f: ArticleFilter) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if f.publisher:
            where.append("lower(publisher) = lower(?)")
            params.append(f.publisher)
        if f.source:
            cond, cond_params = source_filter(f.source, "")
            where.append(cond)
            params += cond_params
        if f.since:
            where.append("published >= ?")
            params.append(f.since)
        if f.until:
            where.append("published <= ?")
            params.append(f.until + "\uffff")
        floors = dict(f.min_confidence)
        for kind, labels in f.annotated:
            if not labels:
                where.append("1 = 0")
                continue
            floor = " AND coalesce(confidence, 1.0) >= ?" if kind in floors else ""
            where.append(f"id IN (SELECT article_id FROM annotations WHERE kind = ? AND label IN ({_marks(labels)}){floor})")
            params += [kind, *labels, *([float(floors[kind])] if kind in floors else [])]
        return (f"WHERE {' AND '.join(where)}" if where else ""), params

    def count_articles(self, filter: ArticleFilter = ArticleFilter()) -> int:
        """How many stored articles ``filter`` selects."""
        where, params = self._article_where(filter)
        return int(self.query(f"SELECT count(*) FROM articles {where}", params)[0][0])

    def list_articles(self, filter: ArticleFilter = ArticleFilter(), limit: int = 20, offset: int = 0) -> list[ArticleSummary]:
        """The articles ``filter`` selects, newest first (undated last, then by id), one page."""
        where, params = self._article_where(filter)
        rows = self.query(f"SELECT id, title, publisher, published, url, source FROM articles {where} {NEWEST_FIRST} "
                          "LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        return [ArticleSummary(*row) for row in rows]

    def annotated_article_ids(self, kind: str, labels: Sequence[str], min_confidence: float | None = None) -> set[str]:
        """Ids of the articles with an annotation of ``kind`` whose label is one of ``labels`` (and whose
        confidence is at least ``min_confidence`` when given)."""
        if not labels:
            return set()
        floor = " AND coalesce(confidence, 1.0) >= ?" if min_confidence is not None else ""
        rows = self.query(f"SELECT article_id FROM annotations WHERE kind = ? AND label IN ({_marks(labels)}){floor}",
                          [kind, *labels, *([float(min_confidence)] if min_confidence is not None else [])])
        return {row[0] for row in rows}

    def annotation_labels(self, kind: str) -> list[str]:
        """The distinct labels stored for annotations of ``kind`` (e.g. the techniques found), sorted."""
        rows = self.query("SELECT DISTINCT label FROM annotations WHERE kind = ? AND label IS NOT NULL ORDER BY label", [kind])
        return [row[0] for row in rows]

    def publishers(self, limit: int = 200) -> list[str]:
        """The distinct publishers of the stored articles, sorted, at most ``limit``."""
        rows = self.query("SELECT DISTINCT publisher FROM articles WHERE publisher IS NOT NULL ORDER BY publisher LIMIT ?",
                          [int(limit)])
        return [row[0] for row in rows]

    def article_titles(self, ids: Iterable[str]) -> dict[str, str | None]:
        """id -> title of the stored articles among ``ids`` (unknown ids are left out)."""
        ids = list(ids)
        titles: dict[str, str | None] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            titles.update({r[0]: r[1] for r in self.query(f"SELECT id, title FROM articles WHERE id IN ({_marks(chunk)})", chunk)})
        return titles

    # -- outlet profiles (SOURCE: a publisher name or a domain, see source_filter) -----------
    def source_overview(self, source: str) -> SourceOverview:
        """The number of articles of SOURCE and its first and last publication dates."""
        cond, params = source_filter(source)
        row = self.query(f"SELECT count(*), min(a.published), max(a.published) FROM articles a WHERE {cond}", params)[0]
        return SourceOverview(int(row[0]), row[1], row[2])

    def source_articles(self, source: str) -> Iterator[SourceArticle]:
        """The articles of SOURCE (id, URL, body) by publication date, then id."""
        cond, params = source_filter(source)
        for article_id, url, text in self.query(f"SELECT a.id, a.url, a.text FROM articles a WHERE {cond} "
                                                "ORDER BY a.published, a.id", params):
            yield SourceArticle(article_id, url, text)

    def source_publishers(self, source: str) -> list[NameCount]:
        """The publisher names of SOURCE's articles (``''`` for none), most frequent first."""
        cond, params = source_filter(source)
        rows = self.query(f"SELECT coalesce(a.publisher, ''), count(*) FROM articles a WHERE {cond} "
                          "GROUP BY coalesce(a.publisher, '') ORDER BY count(*) DESC, coalesce(a.publisher, '')", params)
        return [NameCount(str(name), int(n)) for name, n in rows]

    def source_label_counts(self, source: str, kinds: Sequence[str],
                            min_confidence: Mapping[str, float] | None = None) -> list[LabelCount]:
        """Annotations of SOURCE's articles by kind (one of ``kinds``) and label, most frequent first within a kind;
        ``min_confidence`` leaves out the annotations of a kind whose confidence is under that kind's value
        (the persuasion display threshold: a span the reader does not show is not counted either)."""
        if not kinds:
            return []
        cond, params = source_filter(source)
        floor, floor_params = _confidence_floor(min_confidence)
        rows = self.query(
            "SELECT n.kind, coalesce(n.label, ''), count(*) FROM annotations n JOIN articles a ON a.id = n.article_id "
            f"WHERE {cond} AND n.kind IN ({_marks(kinds)}){floor} GROUP BY n.kind, coalesce(n.label, '') "
            "ORDER BY n.kind, count(*) DESC, coalesce(n.label, '')", [*params, *kinds, *floor_params])
        return [LabelCount(kind, label, int(n)) for kind, label, n in rows]

    def technique_voices(self, min_confidence: float, source: str | None = None) -> list[ArticleVoices]:
        """Per article with persuasion-technique spans (of SOURCE when given): its words and its spans at or
        over ``min_confidence`` in the outlet's own voice and in quotations, by article id.

        Only articles with at least one technique span (of any confidence) are listed: the store cannot
        tell an article the techniques annotator found nothing in from one it never ran on."""
        cond, params = source_filter(source) if source else ("1 = 1", [])
        quoted = f"coalesce({self.json_value('n.data', 'voice')}, 'own') = 'quoted'"
        rows = self.query(
            "SELECT n.article_id, a.publisher, coalesce(a.words, 0), "
            f"sum(CASE WHEN n.confidence >= ? AND NOT ({quoted}) THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN n.confidence >= ? AND {quoted} THEN 1 ELSE 0 END) "
            "FROM annotations n JOIN articles a ON a.id = n.article_id "
            f"WHERE n.kind = 'techniques' AND {cond} GROUP BY n.article_id, a.publisher, a.words ORDER BY n.article_id",
            [float(min_confidence), float(min_confidence), *params])
        return [ArticleVoices(article_id, publisher, int(words), int(own or 0), int(q or 0))
                for article_id, publisher, words, own, q in rows]

    def source_annotation_refs(self, source: str, kinds: Sequence[str],
                               min_confidence: Mapping[str, float] | None = None) -> list[AnnotationRef]:
        """Every annotation of SOURCE's articles of one of ``kinds`` (at or over ``min_confidence`` for its
        kind), by kind, label, date, article and position."""
        if not kinds:
            return []
        cond, params = source_filter(source)
        floor, floor_params = _confidence_floor(min_confidence)
        rows = self.query(
            "SELECT n.kind, coalesce(n.label, ''), n.article_id, n.idx FROM annotations n JOIN articles a ON a.id = n.article_id "
            f"WHERE {cond} AND n.kind IN ({_marks(kinds)}){floor} "
            "ORDER BY n.kind, coalesce(n.label, ''), a.published, n.article_id, n.idx", [*params, *kinds, *floor_params])
        return [AnnotationRef(kind, label, article_id, int(idx)) for kind, label, article_id, idx in rows]

    def source_republished_from(self, source: str) -> list[NameCount]:
        """The outlets SOURCE's articles name as their original source (not SOURCE's own publisher), by articles."""
        cond, params = source_filter(source)
        rows = self.query(
            "SELECT f.value, count(DISTINCT f.article_id) FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
            f"WHERE {cond} AND f.kind = ? AND f.value IS NOT NULL AND lower(f.value) <> lower(coalesce(a.publisher, '')) "
            "GROUP BY f.value ORDER BY count(DISTINCT f.article_id) DESC, f.value", [*params, "original_source"])
        return [NameCount(str(name), int(n)) for name, n in rows]

    def source_republished_from_refs(self, source: str) -> list[NameRef]:
        """(original source, article) for SOURCE's articles, by source, date and article."""
        cond, params = source_filter(source)
        rows = self.query(
            "SELECT f.value, f.article_id FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
            f"WHERE {cond} AND f.kind = ? ORDER BY f.value, a.published, f.article_id", [*params, "original_source"])
        return [NameRef(name, article_id) for name, article_id in rows]

    def source_republished_by(self, source: str) -> list[NameCount]:
        """The other outlets (publisher, ``''`` for none) whose articles name SOURCE as their original source."""
        cond, params = source_filter(source)
        rows = self.query(
            "SELECT coalesce(a.publisher, ''), count(DISTINCT a.id) FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
            f"WHERE f.kind = ? AND lower(f.value) = lower(?) AND (CASE WHEN {cond} THEN 1 ELSE 0 END) = 0 "
            "GROUP BY coalesce(a.publisher, '') ORDER BY count(DISTINCT a.id) DESC, coalesce(a.publisher, '')",
            ["original_source", source.strip(), *params])
        return [NameCount(str(name), int(n)) for name, n in rows]

    def source_republished_by_refs(self, source: str) -> list[NameRef]:
        """(publisher, article) for the other outlets' articles that name SOURCE as their original, by date."""
        cond, params = source_filter(source)
        rows = self.query(
            "SELECT coalesce(a.publisher, ''), a.id FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
            f"WHERE f.kind = ? AND lower(f.value) = lower(?) AND (CASE WHEN {cond} THEN 1 ELSE 0 END) = 0 "
            "ORDER BY a.published, a.id", ["original_source", source.strip(), *params])
        return [NameRef(name, article_id) for name, article_id in rows]

    def source_quote_counts(self, source: str, limit: int = 200) -> list[ArticleQuotes]:
        """SOURCE's articles, newest first, each with its number of quotations, at most ``limit``."""
        cond, params = source_filter(source)
        rows = self.query(
            "SELECT a.id, a.title, a.published, (SELECT count(*) FROM annotations n WHERE n.article_id = a.id AND n.kind = ?) "
            f"FROM articles a WHERE {cond} ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.id "
            "LIMIT ?", ["quotes", *params, int(limit)])
        return [ArticleQuotes(article_id, title, published, int(n)) for article_id, title, published, n in rows]

    # -- the speaker index --------------------------------------------------------------------
    def speaker_rows(self, words: Sequence[str] = (), source: str | None = None,
                     uncertain_below: float = 0.5) -> list[SpeakerRow]:
        """Stored quotes by speaker label and ``speaker_kind``: those whose label holds one of ``words``
        (case-insensitive, literal), and of SOURCE's articles when given; ``uncertain`` counts the
        quotes whose ``speaker_confidence`` is below ``uncertain_below``. Quotes without a speaker are left out."""
        kind_sql = self.json_value("n.data", "speaker_kind")
        conf_sql = self.json_value("n.data", "speaker_confidence", numeric=True)
        where = ["n.kind = ?", "n.label IS NOT NULL"]
        params: list[Any] = [float(uncertain_below), "quotes"]
        join = ""
        if words:
            where.append("(" + " OR ".join("lower(n.label) LIKE ? ESCAPE '\\'" for _ in words) + ")")
            params += [f"%{escape_like(w.lower())}%" for w in words]
        if source is not None:
            cond, cond_params = source_filter(source)
            join = " JOIN articles a ON a.id = n.article_id"
            where.append(cond)
            params += cond_params
        rows = self.query(
            f"SELECT n.label, {kind_sql}, count(*), sum(CASE WHEN {conf_sql} < ? THEN 1 ELSE 0 END) "
            f"FROM annotations n{join} WHERE {' AND '.join(where)} GROUP BY n.label, {kind_sql} ORDER BY n.label", params)
        return [SpeakerRow(label, kind, int(n), int(unsure or 0)) for label, kind, n, unsure in rows]

    def quotes_by_speakers(self, speakers: Sequence[str]) -> list[QuoteRow]:
        """Every stored quotation whose speaker is one of ``speakers``, by date (undated last), article and position."""
        if not speakers:
            return []
        rows = self.query(
            f"SELECT a.id, a.title, a.published, a.publisher, a.url, n.idx, n.start_char, n.end_char, n.label, "
            f"{self.json_text.format('n.data')} FROM annotations n JOIN articles a ON a.id = n.article_id "
            f"WHERE n.kind = ? AND n.label IN ({_marks(speakers)}) "
            "ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published, a.id, n.idx",
            ("quotes", *speakers))
        out = []
        for aid, title, published, publisher, url, idx, start, end, label, data in rows:
            record = json.loads(data) if isinstance(data, str) else (data or {})
            out.append(QuoteRow(aid, title, published, publisher, url, int(idx), start, end, label, record))
        return out

    # -- near-duplicate clusters --------------------------------------------------------------
    def article_texts(self, ids: Sequence[str] | None = None) -> list[ArticleText]:
        """The bodies, outlets, dates and provenance facts (no record JSON) of every stored article in id
        order, or of the stored ones among ``ids`` (sorted as Python sorts the ids)."""
        if ids is None:
            return [row for batch in self.article_text_batches() for row in batch]
        out: list[ArticleText] = []
        wanted = sorted(set(ids))
        for i in range(0, len(wanted), 500):  # 500 parameters a statement: under every SQLite's limit
            chunk = wanted[i:i + 500]
            out += self._article_texts(self.query(
                f"SELECT id, text, publisher, published FROM articles WHERE id IN ({_marks(chunk)})", chunk),
                f"article_id IN ({_marks(chunk)})", chunk)
        return sorted(out, key=lambda row: row.id)

    def article_text_batches(self, batch_size: int = 500) -> Iterator[list[ArticleText]]:
        """:meth:`article_texts` of every stored article, ``batch_size`` at a time in id order (keyset
        pagination): the near-duplicate pass reads a corpus without holding its bodies at once."""
        last: str | None = None
        while True:
            where, params = ("", []) if last is None else ("WHERE id > ? ", [last])
            rows = self.query(f"SELECT id, text, publisher, published FROM articles {where}ORDER BY id LIMIT ?",
                              [*params, batch_size])
            if not rows:
                return
            yield self._article_texts(rows, "article_id >= ? AND article_id <= ?", [rows[0][0], rows[-1][0]])
            if len(rows) < batch_size:
                return
            last = rows[-1][0]

    def _article_texts(self, rows: Sequence[Sequence[Any]], where: str, params: Sequence[Any]) -> list[ArticleText]:
        """``rows`` (id, text, publisher, published) with the first of each :data:`DUPE_FACTS` among the
        provenance facts ``where`` selects."""
        facts: dict[str, dict[str, str]] = {}
        for article_id, kind, value in self.query(
                f"SELECT article_id, kind, value FROM provenance_facts WHERE {where} AND kind IN ({_marks(DUPE_FACTS)}) "
                "AND value IS NOT NULL ORDER BY article_id, idx", [*params, *DUPE_FACTS]):
            facts.setdefault(article_id, {}).setdefault(kind, value)
        out = []
        for article_id, text, publisher, published in rows:
            f = facts.get(article_id, {})
            out.append(ArticleText(article_id, text, publisher, published, f.get("original_source"), f.get("republished_by"),
                                   f.get("wire")))
        return out

    def replace_dupe_clusters(self, clusters: Iterable[DupeCluster], params: dict[str, Any], articles: int | None = None) -> None:
        """Store ``clusters`` (built with ``params`` over ``articles`` articles) in place of the stored ones,
        and record the run in ``meta`` (key ``dupes``), in one transaction."""
        settings, at = dumps(params), now()
        sql = self.sql
        run = dumps({"params": params, "built_at": at, "articles": articles})
        with self.transaction() as cur:
            cur.execute(sql("INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                            "value = excluded.value, updated_at = excluded.updated_at"), ("dupes", run, at))
            cur.execute("DELETE FROM dupe_members")
            cur.execute("DELETE FROM dupe_clusters")
            for c in clusters:
                cur.execute(sql("INSERT INTO dupe_clusters (cluster, original_id, reason, named_source, size, params, built_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                            (c.id, c.original_id, c.reason, c.named_source, len(c.members), settings, at))
                cur.executemany(sql("INSERT INTO dupe_members (cluster, article_id, role, containment, jaccard, added, removed, "
                                    "edits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                [(c.id, m.article_id, m.role, m.containment, m.jaccard, len(m.added), len(m.removed),
                                  dumps({"added": m.added, "removed": m.removed}))
                                 for m in c.members])

    def dupe_params(self) -> dict[str, Any] | None:
        """The parameters the stored clusters were built with (None when they were never built)."""
        run = self.dupe_run()
        if run is not None:
            return dict(run.get("params") or {})
        rows = self.query("SELECT params FROM dupe_clusters LIMIT 1")  # built before the meta table existed
        return json.loads(rows[0][0]) if rows else None

    def dupe_run(self) -> dict[str, Any] | None:
        """The last near-duplicate run: ``{"params", "built_at", "articles"}`` (None when none was recorded)."""
        rows = self.query("SELECT value FROM meta WHERE key = ?", ["dupes"])
        return json.loads(rows[0][0]) if rows else None

    def last_ingested_at(self) -> str | None:
        """When the newest stored article was written (ISO 8601), None for an empty store."""
        return self.query("SELECT max(ingested_at) FROM articles")[0][0]

    def dupe_clusters(self) -> list[DupeCluster]:
        """The stored clusters by number, members in stored order (original first, then by date and id)."""
        heads = self.query("SELECT cluster, original_id, reason, named_source FROM dupe_clusters ORDER BY cluster")
        rows = self.query(
            "SELECT m.cluster, m.article_id, m.role, a.publisher, a.published, m.containment, m.jaccard, "
            f"{self.json_text.format('m.edits')} FROM dupe_members m LEFT JOIN articles a ON a.id = m.article_id "
            "ORDER BY m.cluster, CASE WHEN m.role = 'original' THEN 0 ELSE 1 END, CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, "
            "a.published, m.article_id")
        members: dict[int, list[DupeMember]] = {}
        for cid, aid, role, publisher, published, con, jac, edits_json in rows:
            e = json.loads(edits_json) if edits_json else {}
            members.setdefault(cid, []).append(DupeMember(aid, role, publisher, published, float(con), float(jac),
                                                          e.get("added", []), e.get("removed", [])))
        return [DupeCluster(cid, oid, reason, members.get(cid, []), named) for cid, oid, reason, named in heads]

    # -- export ------------------------------------------------------------------------------
    def export_batches(self, table: str, batch_size: int = 1000) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of one of :data:`~presslens.store.rows.EXPORT_TABLES` in key order, ``batch_size`` at a
        time (keyset pagination: ``WHERE key > last ORDER BY key LIMIT n``), columns in the table's
        order, JSON columns as JSON text."""
        spec = next((t for t in EXPORT_TABLES if t.name == table), None)
        if spec is None:
            raise BadRequest(f"unknown table {table!r}", f"use some of {', '.join(t.name for t in EXPORT_TABLES)}")
        names = [name for name, _ in spec.columns]
        select = ", ".join(self.json_text.format(name) if kind == "json" else name for name, kind in spec.columns)
        key_cols = ", ".join(spec.key)
        key_pos = [names.index(k) for k in spec.key]
        last: tuple[Any, ...] | None = None
        while True:
            if last is None:
                where, params = "", []
            else:
                where, params = f"WHERE ({key_cols}) > ({_marks(spec.key)}) ", list(last)
            rows = self.query(f"SELECT {select} FROM {spec.name} {where}ORDER BY {key_cols} LIMIT ?", [*params, batch_size])
            if not rows:
                return
            yield rows
            if len(rows) < batch_size:
                return
            last = tuple(rows[-1][i] for i in key_pos)


__all__ = ["DUPE_FACTS", "Queries", "domain_of", "dumps", "escape_like", "is_domain", "now", "source_filter"]
