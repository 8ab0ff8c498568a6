"""The records presslens produces: frozen dataclasses and their JSON form (the bottom layer).

:mod:`presslens.records.article` holds :class:`Article` and its parts and the JSON machinery;
:mod:`presslens.records.annotations` the annotation kinds of the built-in annotators.
Importing this package registers those kinds, so ``Article.from_json`` rebuilds them.
"""

from presslens.records.annotations import (
    CheckWorthiness,
    ConsistencyFinding,
    Entity,
    NumericClaim,
    Quote,
    ScareQuote,
    Sentence,
    Source,
    Technique,
)
from presslens.records.article import (
    ANNOTATION_TYPES,
    SCHEMA_VERSION,
    Article,
    Boilerplate,
    Evidence,
    Paragraph,
    Provenance,
    ProvenanceFact,
    annotation_kind,
    body_id,
    from_jsonable,
    normalize_body,
    to_jsonable,
    word_count,
)

__all__ = [
    "ANNOTATION_TYPES",
    "SCHEMA_VERSION",
    "Article",
    "Boilerplate",
    "CheckWorthiness",
    "ConsistencyFinding",
    "Entity",
    "Evidence",
    "NumericClaim",
    "Paragraph",
    "Provenance",
    "ProvenanceFact",
    "Quote",
    "ScareQuote",
    "Sentence",
    "Source",
    "Technique",
    "annotation_kind",
    "body_id",
    "from_jsonable",
    "normalize_body",
    "to_jsonable",
    "word_count",
]
