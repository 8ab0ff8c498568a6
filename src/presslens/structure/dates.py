"""Date parsing lives in :mod:`presslens.read.dates` (below both readers and structure,
so ``read/jsonl.py`` can use it without importing ``structure``); re-exported here."""

from __future__ import annotations

from presslens.read.dates import parse_date

__all__ = ["parse_date"]
