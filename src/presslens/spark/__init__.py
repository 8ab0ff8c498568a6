"""presslens on Apache Spark: the same pipeline over millions of pages (docs/spark.md).

Needs the ``spark`` extra (``pip install 'presslens[spark]'``: pyspark, pandas) and Java 17.
pyspark is imported inside functions only, so ``import presslens`` (and this package) work
without it.

- :func:`run_job`: inputs (WARC, JSON Lines, Parquet; local paths or Hadoop URIs) -> Parquet
  tables with the columns of ``presslens export`` (``presslens spark`` on the command line);
- :func:`analyze_dataframe`: a DataFrame with a text or HTML column -> the same tables, as DataFrames;
- :func:`presslens.spark.dupes.find_clusters`: republication clusters, as ``presslens dupes``;
- :mod:`presslens.spark.worker`: what runs in the executors (no pyspark import).
"""

from __future__ import annotations

from typing import Any

__all__ = ["analyze_dataframe", "build_tables", "run_job", "spark_session", "write_tables"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from presslens.spark import job

        return getattr(job, name)
    raise AttributeError(name)
