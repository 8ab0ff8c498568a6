"""Who is quoted and cited: entities, quotations with speakers, scare quotes, named and vague sources.

Modules, bottom up (on the shared word lists of :mod:`presslens.annotate.lexicon`):
:mod:`.entities` (people, organisations and places grouped under one canonical name),
:mod:`.attribution` (the attribution layer: who the words naming a speaker or a source are, shared
by quotes, sources and numeric claims), :mod:`.calibration` (speaker confidence), :mod:`.quotes`
(direct, partial, indirect and document quotations; scare quotes) and :mod:`.sources`.
They read the spaCy Doc the ``nlp`` component leaves on the context (docs/sourcing.md).
"""

from presslens.annotate.sourcing.entities import EntityAnnotator, entity_at, find_entities
from presslens.annotate.sourcing.quotes import QuoteAnnotator, find_quote_marks, find_quotes
from presslens.annotate.sourcing.sources import SourceAnnotator, find_sources

__all__ = ["EntityAnnotator", "QuoteAnnotator", "SourceAnnotator", "entity_at", "find_entities", "find_quote_marks",
           "find_quotes", "find_sources"]
