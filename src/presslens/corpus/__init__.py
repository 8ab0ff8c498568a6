"""Corpus-level work over many articles: ingesting inputs into a store (``ingest.py``).

Deduplication, outlet and speaker profiles and export come later (issue 6).
"""

from presslens.corpus.ingest import IngestSummary, expand_inputs, ingest

__all__ = ["IngestSummary", "expand_inputs", "ingest"]
