"""presslens: read news articles the way an expert analyst does.

>>> import presslens
>>> article = presslens.analyze("page.html")        # doctest: +SKIP
>>> article.title, article.provenance.original_source  # doctest: +SKIP
"""

from presslens.components import REGISTRY, component
from presslens.errors import InputError, PresslensError, Rejected
from presslens.pipeline import Pipeline, analyze
from presslens.records import SCHEMA_VERSION, Article, Boilerplate, Evidence, Paragraph, Provenance, ProvenanceFact
from presslens.settings import Settings
from presslens.store import open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Boilerplate",
    "Evidence",
    "InputError",
    "Paragraph",
    "Pipeline",
    "PresslensError",
    "Provenance",
    "ProvenanceFact",
    "REGISTRY",
    "Rejected",
    "SCHEMA_VERSION",
    "Settings",
    "analyze",
    "component",
    "open_store",
    "__version__",
]
