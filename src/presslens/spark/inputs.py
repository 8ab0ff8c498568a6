"""Inputs of the Spark job -> RDDs of records (``presslens.spark.worker.RecordTuple``).

Local files are listed on the driver exactly as ``presslens ingest`` lists them (directories
walked, globs expanded) and opened by the executors; Hadoop URIs are read with
``SparkContext.binaryFiles``; Parquet inputs and DataFrames become one JSON record per row.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.errors import Rejected

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# ---------------------------------------------------------------------------
@dataclass
class Inputs:
    """The record RDDs of a job's inputs and the problems found while listing them."""

    rdds: list[Any] = field(default_factory=list)
    problems: list[Rejected] = field(default_factory=list)
    local_bytes: int = 0
    files: int = 0


def is_remote(arg: str) -> bool:
    return bool(_SCHEME.match(arg)) and not arg.startswith("file://")


def is_parquet(arg: str) -> bool:
    return arg.rstrip("/").lower().endswith(".parquet")


def _hadoop_exists(spark, uri: str) -> str | None:
    """None when ``uri`` (a path or glob) names something, else why not."""
    try:
        jvm = spark.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        found = fs.globStatus(path)
        return None if found is not None and len(found) > 0 else "does not exist"
    except Exception as exc:  # py4j wraps the Hadoop exception (no FileSystem for the scheme, no access)
        return f"cannot be listed ({str(exc).strip().splitlines()[0][:200]})"


def read_records(spark, inputs: list[str] | tuple[str, ...], format: str | None = None) -> Inputs:
    """The records of every input, as RDDs of ``worker.RecordTuple`` (see the module docstring)."""
    import presslens.spark.worker as worker
    from presslens.corpus.inputs import expand_inputs

    sc = spark.sparkContext
    out = Inputs()
    local: list[tuple[int, str, str, str | None]] = []
    seen: set[str] = set()
    for index, arg in enumerate(inputs):
        arg = os.fspath(arg)
        if is_parquet(arg):
            location = arg if is_remote(arg) else Path(arg.removeprefix("file://")).resolve().as_uri()
            problem = _hadoop_exists(spark, location)
            if problem:
                out.problems.append(Rejected(arg, "not-found", f"{arg}: {problem}; check the path"))
                continue
            try:
                out.rdds.append(dataframe_records(spark.read.parquet(location), arg, index))
            except ValueError as exc:  # no content column
                out.problems.append(Rejected(arg, "no-text", f"{exc}"))
                continue
            except Exception as exc:  # Spark's AnalysisException: not Parquet, unreadable
                first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
                out.problems.append(Rejected(arg, "bad-parquet", f"{arg}: cannot be read as Parquet ({first}); check the file"))
                continue
            out.files += 1
            continue
        if is_remote(arg):
            problem = _hadoop_exists(spark, arg)
            if problem:
                reason = "not-found" if problem == "does not exist" else "unreadable"
                out.problems.append(Rejected(arg, reason, f"{arg}: {problem}; check the URI"))
                continue
            rdd = sc.binaryFiles(arg).mapPartitions(lambda items, i=index: worker.split_remote(i, format, items))
            out.rdds.append(rdd)
            out.files += 1
            continue
        files, problems = expand_inputs([arg.removeprefix("file://")], format)
        out.problems += problems
        for f in files:
            if f.key in seen:
                continue
            seen.add(f.key)
            local.append((index, f.name, f.key, format))
            out.local_bytes += f.size * (4 if f.name.lower().endswith(".gz") else 1)
            out.files += 1
    if local:
        slices = max(1, min(len(local), sc.defaultParallelism * 2))
        out.rdds.append(sc.parallelize(local, slices).mapPartitions(worker.split_files))
    return out


#: Columns a DataFrame row may carry that the JSON record reader understands (read/jsonl.py).
def _record_columns() -> tuple[str, ...]:
    from presslens.read.jsonl import CONTENT_FIELDS

    meta = ("url", "title", "language", "published", "date", "publish_date", "published_at", "source", "publisher",
            "portal", "site", "domain", "authors", "author", "id")
    return (*CONTENT_FIELDS, *meta)


def dataframe_records(df, label: str, input_index: int = 0, html: str | None = None, text: str | None = None):
    """An RDD of records from a DataFrame with a text or HTML column: one JSON record per row.

    The columns the JSON Lines reader knows (``html``/``markdown``/``text``, ``url``, ``title``,
    ``published``, ``publisher``, ``authors``, ``id``...) are kept; ``html=``/``text=`` name the
    content column when it is called otherwise. Rows are named ``LABEL:N`` (``LABEL#ID`` when
    there is an ``id`` column), N counting from 1 in the DataFrame's order.
    """
    from pyspark.sql import functions as F

    renames = {c: "html" for c in [html] if c} | {c: "text" for c in [text] if c}
    cols = [F.col(c).alias(renames.get(c, c)) for c in df.columns if renames.get(c, c) in _record_columns()]
    if not any(renames.get(c, c) in ("html", "markdown", "text", "content", "body") for c in df.columns):
        raise ValueError(f"{label}: no html, markdown or text column (columns: {', '.join(df.columns)}); "
                         "name one with html= or text=")
    lines = df.select(F.to_json(F.struct(*cols)).alias("j")).rdd.map(lambda row: row[0])

    def record(item: tuple[str, int]) -> tuple:
        line, n = item
        return (input_index, label, n + 1, f"{label}:{n + 1}", line.encode("utf-8"), None, "jsonl", None, None)

    return lines.zipWithIndex().map(record)


__all__ = ["Inputs", "dataframe_records", "is_parquet", "is_remote", "read_records"]
