"""Page -> Article: the structure step (body, metadata, provenance, boilerplate).

A thin entry point: the work is in :mod:`presslens.structure.assemble` (the
steps), :mod:`~presslens.structure.choose` (which units are the body),
:mod:`~presslens.structure.lines` (bylines, datelines, taxonomy and notices
around it), :mod:`~presslens.structure.provenance`, and the rules as data in
:mod:`~presslens.structure.rules` applied by :mod:`~presslens.structure.classify`.
Submodules import each other by full module path, never this package's names,
so importing any of them does not depend on this file.
"""

from __future__ import annotations

from presslens.structure.assemble import build_article
from presslens.structure.version import PRODUCER, VERSION

__all__ = ["build_article", "PRODUCER", "VERSION"]
