"""Annotators: one file per kind of span, each registered with ``@component``.

Importing this package registers the built-in annotators. None ship yet: the
foundation produces structure (metadata, provenance, boilerplate, body); the
quotation, claim and persuasion annotators add their own modules here.
"""

# sourcing (issue 3): the shared spaCy base first, then entities, quotes, sources (registration order is run order)
from presslens.annotate import nlp, entities, quotes, sources  # noqa: F401,E402,I001
from presslens.annotate import claims  # noqa: F401,E402  (numeric claims + consistency, issue 4; after sources)
from presslens.annotate import checkworthy  # noqa: F401,E402  (check-worthiness per sentence, issue 4 part 3; after claims)
from presslens.annotate import persuasion  # noqa: F401,E402  (persuasion techniques, issue 5)
