"""What the store's query methods return: typed rows, one small dataclass per shape.

These are plain values (no connection, no SQL): the corpus commands and the web app read
them, and :mod:`presslens.store.queries` builds them. Near-duplicate clusters
(:class:`DupeCluster`) are both written and read back by the store, so the corpus code
(:mod:`presslens.corpus.dupes`) uses these classes as its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which stored articles a listing shows; every field given narrows it.

    ``publisher`` matches the publisher exactly (case-insensitive); ``source`` is a publisher
    name or a domain (matched on the article URL, ``www.`` too), as in ``presslens profile``;
    ``since``/``until`` compare the publication date (``until`` inclusive of every date that
    starts with it); ``annotated`` keeps articles with an annotation of ``kind`` whose label is
    one of ``labels``, for each ``(kind, labels)`` pair, counting for a kind listed in
    ``min_confidence`` only annotations at or over its confidence (the persuasion display threshold).
    """

    publisher: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    annotated: tuple[tuple[str, tuple[str, ...]], ...] = ()
    min_confidence: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One stored article without its text or record."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    """A stored article and how many quotations it holds."""

    id: str
    title: str | None
    published: str | None
    quotes: int


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What near-duplicate detection reads of an article: body, outlet, date and the first
    ``original_source``/``republished_by``/``wire`` provenance facts."""

    id: str
    text: str
    publisher: str | None
    published: str | None
    original_source: str | None = None
    republished_by: str | None = None
    wire: str | None = None


@dataclass(frozen=True, slots=True)
class SourceOverview:
    """How many articles one outlet has, and the first and last publication dates."""

    articles: int
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """An article of one outlet, as the profile reads it (words and domains come from these)."""

    id: str
    url: str | None
    text: str


@dataclass(frozen=True, slots=True)
class NameCount:
    """``name`` seen ``count`` times."""

    name: str
    count: int


@dataclass(frozen=True, slots=True)
class NameRef:
    """``name`` seen in the article ``article_id``."""

    name: str
    article_id: str


@dataclass(frozen=True, slots=True)
class LabelCount:
    """Annotations of ``kind`` with ``label`` (``''`` for none), ``count`` of them."""

    kind: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class ArticleVoices:
    """One article's technique spans at or above a confidence, by voice: ``own`` in the outlet's
    own wording, ``quoted`` inside quotations; ``words`` of its body (``records.word_count``)."""

    article_id: str
    publisher: str | None
    words: int
    own: int
    quoted: int


@dataclass(frozen=True, slots=True)
class AnnotationRef:
    """One annotation: ``store.annotations(article_id, kind)[idx]``, with its label (``''`` for none)."""

    kind: str
    label: str
    article_id: str
    idx: int


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A ``quotes`` annotation with its article: the record itself is ``data``."""

    article_id: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None
    idx: int
    start: int | None
    end: int | None
    speaker: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """Quotes whose speaker is ``label`` and whose record says ``speaker_kind`` (None when it
    does not): ``quotes`` of them, ``uncertain`` with a speaker confidence under the threshold asked for."""

    label: str
    speaker_kind: str | None
    quotes: int
    uncertain: int = 0


@dataclass(slots=True)
class DupeMember:
    """One article of a near-duplicate cluster, with its similarity to the original and its edits."""

    article_id: str
    role: str  # "original" or "copy"
    publisher: str | None
    published: str | None
    containment: float = 1.0  # vs the original
    jaccard: float = 1.0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DupeCluster:
    """Near-identical articles, original first (see :mod:`presslens.corpus.dupes`)."""

    id: int
    original_id: str
    reason: str
    members: list[DupeMember]
    named_source: str | None = None  # an original named by the copies that is not in the cluster

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ExportTable:
    """A table ``presslens export`` writes: its key (rows come in key order) and typed columns."""

    name: str
    key: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (name, type): "str", "int", "float", "json"


EXPORT_TABLES: tuple[ExportTable, ...] = (
    ExportTable("articles", ("doc",), (
        ("doc", "int"), ("id", "str"), ("url", "str"), ("publisher", "str"), ("title", "str"), ("authors", "json"),
        ("published", "str"), ("language", "str"), ("source", "str"), ("format", "str"), ("text", "str"),
        ("ingested_at", "str"), ("record", "json"),
    )),
    ExportTable("annotations", ("article_id", "kind", "idx"), (
        ("article_id", "str"), ("kind", "str"), ("idx", "int"), ("start_char", "int"), ("end_char", "int"),
        ("label", "str"), ("confidence", "float"), ("producer", "str"), ("data", "json"),
    )),
    ExportTable("provenance_facts", ("article_id", "idx"), (
        ("article_id", "str"), ("idx", "int"), ("kind", "str"), ("value", "str"), ("evidence", "str"),
        ("start_char", "int"), ("end_char", "int"), ("rule", "str"), ("producer", "str"),
    )),
    ExportTable("rejected", ("source",), (("source", "str"), ("reason", "str"), ("message", "str"), ("at", "str"))),
)

__all__ = [
    "AnnotationRef", "ArticleFilter", "ArticleQuotes", "ArticleSummary", "ArticleText", "DupeCluster", "DupeMember",
    "EXPORT_TABLES", "ExportTable", "LabelCount", "NameCount", "NameRef", "QuoteRow", "SourceArticle", "SourceOverview",
    "SpeakerRow",
]
