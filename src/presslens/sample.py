"""The bundled sample article page (invented content, shipped in the package as ``data/``).

Used by ``presslens demo``, the reader's ``/reader/sample`` page, the tests and the README's
examples (``from presslens.cli import sample_path`` re-exports it). It sits at the bottom of
the package: it imports nothing from presslens.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path(fmt: str = "md") -> Path:
    """Path of the bundled sample article page: ``md`` (markdown) or ``html``."""
    return Path(str(resources.files("presslens") / "data" / f"sample-article.{fmt}"))


__all__ = ["sample_path"]
