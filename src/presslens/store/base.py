"""What every store backend shares: the Store protocol, search hits, and the
mapping from an :class:`~presslens.records.Article` to rows (no SQL here).

A backend (``sqlite.py`` now, PostgreSQL later) implements :class:`Store` with
the same behaviour: articles are keyed by their content hash ``id`` and written
with ``ON CONFLICT DO NOTHING`` (the same article twice is stored once);
rejected inputs are keyed by source; a batch of articles, rejections and input
progress is written in one transaction (:meth:`Store.write`), which is what
makes an interrupted ingest resumable without losing or duplicating anything.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

from presslens.errors import PresslensError, Rejected
from presslens.records import Article, to_jsonable


class StoreError(PresslensError):
    """The database cannot be opened or used (bad URL, missing file, newer schema)."""


class QueryError(PresslensError):
    """A search query the full-text engine cannot parse."""


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
    def search(self, query: str, source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int = 20) -> list[Hit]: ...
    def count(self) -> int: ...
    def ids(self) -> set[str]: ...
    def rejected(self) -> list[Rejected]: ...
    def input_state(self, path: str) -> InputState | None: ...
    def annotations(self, article_id: str, kind: str | None = None) -> list[dict]: ...
    def schema_version(self) -> int: ...
    def close(self) -> None: ...


# ---------------------------------------------------------------------------
# Article -> rows (dialect-free)
# ---------------------------------------------------------------------------
LABEL_FIELDS = ("label", "speaker", "technique", "category", "kind", "type", "name")
"""Fields tried, in order, for the ``label`` column of an annotation row."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
            label = next((str(fields[k]) for k in LABEL_FIELDS if isinstance(fields.get(k), (str, int)) and fields[k] != ""), None)
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
# Search helpers
# ---------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str | None, name: str) -> str | None:
    """A ``--since``/``--until`` value: YYYY, YYYY-MM or YYYY-MM-DD (raises QueryError)."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise QueryError(f"{name} {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def split_marked(text: str, open: str, close: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove ``open``/``close`` markers from ``text``; return the plain text and the marked spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    while True:
        i = text.find(open, pos)
        if i < 0:
            break
        j = text.find(close, i + len(open))
        if j < 0:
            break
        out.append(text[pos:i])
        length += i - pos
        word = text[i + len(open) : j]
        out.append(word)
        if spans and spans[-1][1] == length:  # adjacent highlights merge (a phrase)
            spans[-1] = (spans[-1][0], length + len(word))
        else:
            spans.append((length, length + len(word)))
        length += len(word)
        pos = j + len(close)
    out.append(text[pos:])
    return "".join(out), tuple(spans)


__all__ = [
    "Hit", "InputState", "PreparedArticle", "QueryError", "Store", "StoreError", "WriteResult", "LABEL_FIELDS", "prepare",
    "annotation_rows", "article_row", "fact_rows", "check_date", "split_marked",
]
