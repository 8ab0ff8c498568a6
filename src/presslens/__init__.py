"""presslens: read news articles the way an expert analyst does.

>>> import presslens
>>> article = presslens.analyze("page.html")        # doctest: +SKIP
>>> article.title, article.provenance.original_source  # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from presslens.components import REGISTRY, component
from presslens.errors import InputError, PresslensError, Rejected
from presslens.records import SCHEMA_VERSION, Article, Boilerplate, Evidence, Paragraph, Provenance, ProvenanceFact
from presslens.settings import Settings

if TYPE_CHECKING:
    from presslens.pipeline import Pipeline, analyze
    from presslens.store import open_store


def __getattr__(name: str) -> Any:
    """``presslens.open_store``, ``Pipeline`` and ``analyze``, imported on first use: the store
    layer (sqlite3, SQL) is not needed to analyse a page, and the ``presslens`` command installs
    its regular-expression cache (:mod:`presslens.recache`) before the reading and structure
    modules import (docs/performance.md)."""
    if name == "open_store":
        from presslens.store import open_store

        return open_store
    if name in ("Pipeline", "analyze"):
        import presslens.pipeline

        return getattr(presslens.pipeline, name)
    raise AttributeError(f"module 'presslens' has no attribute {name!r}")


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
