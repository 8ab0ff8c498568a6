"""Annotators: ``(Article, Context) -> Article`` components, one module or subpackage per concern.

:data:`BUILTINS` is the explicit list of the built-in annotators in their default run order
(what ``presslens.pipeline.default_components()`` returns): nothing depends on the order in
which modules happen to be imported. Each class carries its ``@component`` description (name,
requires, assigns, settings section).

- :mod:`.nlp`: the shared spaCy base (sentences, parse, entities' raw mentions) on the context;
- :mod:`.sourcing`: people and organisations, quotations with speakers, named and vague sources
  (docs/sourcing.md);
- :mod:`.claims`: numeric claims with their consistency, check-worthiness (docs/claims.md);
- :mod:`.persuasion`: persuasion techniques (docs/persuasion.md).
"""

from presslens.annotate.claims.checkworthy import CheckworthyAnnotator
from presslens.annotate.claims.figures import ClaimAnnotator
from presslens.annotate.nlp import NLPBase
from presslens.annotate.persuasion import PersuasionAnnotator
from presslens.annotate.sourcing.entities import EntityAnnotator
from presslens.annotate.sourcing.quotes import QuoteAnnotator
from presslens.annotate.sourcing.sources import SourceAnnotator

BUILTINS: tuple[type, ...] = (
    NLPBase,
    EntityAnnotator,
    QuoteAnnotator,
    SourceAnnotator,
    ClaimAnnotator,
    PersuasionAnnotator,  # before checkworthy: it leaves the tagger's states on the context for it (issue 18)
    CheckworthyAnnotator,
)

__all__ = [
    "BUILTINS",
    "CheckworthyAnnotator",
    "ClaimAnnotator",
    "EntityAnnotator",
    "NLPBase",
    "PersuasionAnnotator",
    "QuoteAnnotator",
    "SourceAnnotator",
]
