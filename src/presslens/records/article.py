"""The records presslens produces: frozen dataclasses and their JSON form.

Everything a component learns about an article is a record here (the built-in annotation kinds
in :mod:`presslens.records.annotations`; a plugin's own kinds registered with
:func:`annotation_kind`), carrying its
evidence as character offsets, the producer that made it and, where a model
decides, a confidence. JSON is made at the edges only: :meth:`Article.to_json`
and :meth:`Article.from_json`, with :data:`SCHEMA_VERSION`.

Offsets are Python ``str`` indices (Unicode code points) into ``Article.text``
(``where="body"``) or into ``Article.page_text`` (``where="page"``), the plain
text of the whole page as the reader rendered it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
import types
import typing
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

Where = Literal["body", "page"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A piece of text that backs a fact: offsets, the text itself, and where.

    The text is stored beside the offsets so a record stays readable on its own
    (in a database row, a JSON line) without the page it came from.
    """

    start: int
    end: int
    text: str
    where: Where = "page"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the clean body: offsets into ``Article.text``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ProvenanceFact:
    """One statement about where the article comes from.

    ``kind`` is one of ``original_source``, ``first_appeared``, ``republished_with_permission``,
    ``source``, ``wire``, ``copyright``, ``republished_by``; ``value`` the outlet or holder named.
    """

    kind: str
    value: str
    evidence: Evidence
    rule: str
    producer: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """The republication chain as far as the page states it, with evidence."""

    original_source: str | None = None
    republished_by: str | None = None
    copyright_holders: tuple[str, ...] = ()
    copyright_year: int | None = None
    wire: str | None = None
    facts: tuple[ProvenanceFact, ...] = ()

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(f.evidence.text for f in self.facts)


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A block removed from the body (or found outside it), and why.

    ``reason`` is a rule family such as ``call-to-action``, ``disclaimer``,
    ``author-archive``, ``fair-use``, ``contact``, ``related-links``,
    ``taxonomy``, ``provenance``, ``byline``, ``dateline``, ``navigation``;
    ``rule`` the name of the pattern that matched.
    """

    reason: str
    rule: str
    evidence: Evidence
    producer: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article: metadata, clean body, provenance, boilerplate and annotations.

    ``id`` is a stable hash of the normalized body (see :func:`body_id`), so the
    same article read from HTML, markdown or a JSON record gets the same id.
    ``metadata_evidence`` maps a field name (``title``, ``authors``, ``published``,
    ``publisher``, ``lede``, ``tags``) to the evidence that set it.
    ``annotations`` maps an annotation kind (``quotes``, ``techniques`` ...) to a
    tuple of records registered with :func:`annotation_kind`.
    """

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lede: str | None = None
    provenance: Provenance = field(default_factory=Provenance)
    boilerplate: tuple[Boilerplate, ...] = ()
    metadata_evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    source: str | None = None
    format: str | None = None
    page_text: str = ""
    producer: str = ""
    warnings: tuple[str, ...] = ()
    annotations: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    schema_version: str = SCHEMA_VERSION

    # -- convenience -----------------------------------------------------
    def paragraph_texts(self) -> list[str]:
        return [self.text[p.start : p.end] for p in self.paragraphs]

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def with_annotations(self, **kinds: tuple[Any, ...]) -> Article:
        """Return a copy with these annotation kinds set (others kept)."""
        merged = dict(self.annotations)
        merged.update({k: tuple(v) for k, v in kinds.items()})
        return dataclasses.replace(self, annotations=merged)

    def replace(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)

    # -- JSON --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(self)
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            from presslens.errors import SchemaError

            raise SchemaError(
                f"record has schema_version {version!r}, this presslens reads {SCHEMA_VERSION}; "
                "re-run the analysis with this version"
            )
        article: Article = from_jsonable(cls, data)
        return article

    @classmethod
    def from_json(cls, text: str | bytes) -> Article:
        return cls.from_dict(json.loads(text))


# ---------------------------------------------------------------------------
# Annotation kinds: later components register their record types here so that
# JSON round trips rebuild them. Unknown kinds survive as plain dicts.
# ---------------------------------------------------------------------------
ANNOTATION_TYPES: dict[str, type] = {}


def annotation_kind(name: str) -> Callable[[type], type]:
    """Class decorator: register a frozen dataclass as the record of one kind."""

    def register(cls: type) -> type:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} must be a dataclass to be an annotation kind")
        ANNOTATION_TYPES[name] = cls
        return cls

    return register


# ---------------------------------------------------------------------------
# Generic dataclass <-> JSON conversion driven by type hints.
# ---------------------------------------------------------------------------
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # per class: its dataclass field names, or None


def to_jsonable(obj: Any) -> Any:
    # Called for every value of every record (hundreds of thousands per ingest batch): plain values
    # return at once and each class's field names are looked up once.
    cls = type(obj)
    if cls is str or cls is int or cls is float or cls is bool or obj is None:
        return obj
    try:
        names = _FIELD_NAMES[cls]
    except KeyError:
        is_record = dataclasses.is_dataclass(obj) and not isinstance(obj, type)
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj)) if is_record else None
    if names is not None:
        return {name: to_jsonable(getattr(obj, name)) for name in names}
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        module = sys.modules[cls.__module__]
        _HINTS[cls] = typing.get_type_hints(cls, vars(module))
    return _HINTS[cls]


def from_jsonable(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from its JSON form."""
    if data is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return data
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if len(non_none) == 1:
            return from_jsonable(non_none[0], data)
        return data
    if origin is Literal:
        return data
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name not in data:
                continue
            if tp is Article and f.name == "annotations":
                kwargs[f.name] = _annotations_from_json(data[f.name])
            else:
                kwargs[f.name] = from_jsonable(hints[f.name], data[f.name])
        return tp(**kwargs)
    if origin is tuple:
        inner = args[0] if args else Any
        return tuple(from_jsonable(inner, v) for v in data)
    if origin in (list,):
        inner = args[0] if args else Any
        return [from_jsonable(inner, v) for v in data]
    if origin in (dict, Mapping) or tp in (dict,) or origin is typing.Mapping:
        vt = args[1] if len(args) == 2 else Any
        return {k: from_jsonable(vt, v) for k, v in data.items()}
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def _annotations_from_json(data: Mapping[str, Any]) -> dict[str, tuple[Any, ...]]:
    out: dict[str, tuple[Any, ...]] = {}
    for kind, items in data.items():
        cls = ANNOTATION_TYPES.get(kind)
        if cls is None:
            out[kind] = tuple(items)
        else:
            out[kind] = tuple(from_jsonable(cls, item) for item in items)
    return out


# ---------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def word_count(text: str) -> int:
    """Words in ``text`` (runs of letters and digits, "don't" one word): the one count behind every
    "per 1,000 words" rate, so an article's rate in its report equals the rate its corpus ranks."""
    return sum(1 for _ in _WORD.finditer(text))


_WS = re.compile(r"\s+")


def normalize_body(text: str) -> str:
    """Body text in the form that is hashed: NFKC, casefolded, one space per gap,
    typographic quotes and dashes made plain, so that cosmetic differences
    between renderings of the same article do not change its id."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        for fancy, plain in _PLAIN:
            text = text.replace(fancy, plain)
    return _WS.sub(" ", text).strip().casefold()


# str.replace per character beats str.translate with a dict table on long texts.
_PLAIN = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("—", "-"), ("–", "-"), ("\u00a0", " "))


def body_id(text: str) -> str:
    """Stable id of an article: the first 16 hex digits of sha256(normalized body)."""
    return hashlib.sha256(normalize_body(text).encode("utf-8")).hexdigest()[:16]


__all__ = [
    "SCHEMA_VERSION",
    "ANNOTATION_TYPES",
    "Article",
    "Boilerplate",
    "Evidence",
    "Paragraph",
    "Provenance",
    "ProvenanceFact",
    "annotation_kind",
    "body_id",
    "normalize_body",
    "word_count",
]
