"""The Spark job: inputs -> records -> the pipeline in Spark tasks -> Parquet tables (docs/spark.md).

Stages:

1. **Records** (:func:`read_records`). Local files are listed on the driver exactly as
   ``presslens ingest`` lists them (directories walked, globs expanded) and read by the
   executors (they must see the same paths: one machine, or a shared file system). Hadoop URIs
   (``hdfs://``, ``s3a://``, ``gs://``, ``abfs://`` ...) are read with
   ``SparkContext.binaryFiles`` (whole files: keep a WARC under ~1 GB). Parquet inputs and any
   DataFrame become one JSON record per row (:func:`dataframe_records`), read like a JSON Lines
   line. A WARC becomes one record per HTML response; a JSON Lines file one per line.
2. **Analysis** (:func:`analyse`): the records are spread over ``partitions`` (round robin) and
   each partition runs :func:`presslens.spark.worker.analyse_records`, the ingest's analysis
   with one pipeline per Python worker process. Every record gives rows, never an exception:
   bad records are ``rejected`` rows with reason and message.
3. **Tables** (:func:`build_tables`): the columns of ``presslens export``
   (``presslens.corpus.export.TABLES``) plus ``boilerplate``; an article found twice (same
   content hash) is kept once, the first in input order (argument, file path, record number), as
   the store does; ``doc`` numbers the kept articles in that order.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from presslens.corpus.export import TABLES as EXPORT_TABLES
from presslens.corpus.export import Table
from presslens.errors import Rejected
from presslens.settings import Settings
from presslens.spark.inputs import dataframe_records, is_remote, read_records

#: The extra table: the blocks structure removed from (or found outside) each body.
BOILERPLATE = Table("boilerplate", ("article_id", "idx"), (
    ("article_id", "str"), ("idx", "int"), ("reason", "str"), ("rule", "str"), ("text", "str"), ("start_char", "int"),
    ("end_char", "int"), ("producer", "str"),
))
TABLES: dict[str, Table] = {t.name: t for t in (*EXPORT_TABLES, BOILERPLATE)}
#: Tables written as Hive-style folders partitioned by this column (the common query: one kind).
PARTITION_BY = {"annotations": "kind"}
_ORDER = ("input", "file", "seq", "source")


def result_schema():
    """The Spark schema of one analysed record (an article or a rejection): see ``worker.result_row``."""
    from pyspark.sql.types import ArrayType, DoubleType, IntegerType, LongType, StringType, StructField, StructType

    def s(name: str) -> StructField:
        return StructField(name, StringType())

    def n(name: str) -> StructField:
        return StructField(name, LongType())

    return StructType([
        StructField("input", IntegerType()), s("file"), n("seq"), s("source"), s("reason"), s("message"),
        s("id"), s("url"), s("publisher"), s("title"), s("authors"), s("published"), s("language"), s("format"), s("text"),
        s("record"),
        StructField("annotations", ArrayType(StructType([
            s("kind"), n("idx"), n("start_char"), n("end_char"), s("label"), StructField("confidence", DoubleType()),
            s("producer"), s("data")]))),
        StructField("facts", ArrayType(StructType([
            n("idx"), s("kind"), s("value"), s("evidence"), n("start_char"), n("end_char"), s("rule"), s("producer")]))),
        StructField("boilerplate", ArrayType(StructType([
            n("idx"), s("reason"), s("rule"), s("text"), n("start_char"), n("end_char"), s("producer")]))),
        n("worker_pid"), n("worker_builds"),
    ])


def record_schema():
    from pyspark.sql.types import BinaryType, IntegerType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("input", IntegerType()), StructField("file", StringType()), StructField("seq", LongType()),
        StructField("source", StringType()), StructField("payload", BinaryType()), StructField("path", StringType()),
        StructField("fmt", StringType()), StructField("reason", StringType()), StructField("message", StringType()),
    ])


# ---------------------------------------------------------------------------
# Session
# ---------------------------------------------------------------------------
def java_problem() -> str | None:
    """Why Spark cannot start here (no Java), or None."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and Path(java_home, "bin", "java").exists():
        return None
    if shutil.which("java"):
        return None
    return "Spark needs Java 17 or 21 and none was found (no java on PATH, JAVA_HOME unset); install openjdk-17-jre-headless"


def spark_session(master: str | None = None, app_name: str = "presslens", conf: dict[str, str] | None = None,
                  log_level: str = "ERROR"):
    """A SparkSession for the job: ``master`` (``local[2]``...) when given, else what spark-submit set, else ``local[*]``.

    Locally started Python workers run this interpreter (the venv with presslens), not whatever
    ``python3`` is first on PATH. Spark's console progress bars are off (they garble logs).
    """
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is None and not os.environ.get("PYSPARK_GATEWAY_PORT"):  # not under spark-submit: this machine
        master = "local[*]"
    if master:
        builder = builder.master(master)
    options = {"spark.ui.showConsoleProgress": "false", "spark.sql.session.timeZone": "UTC"}
    if (master or "").startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable  # PySpark reads it when the context starts
    options.update(conf or {})
    for key, value in options.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(log_level)  # Spark's INFO/WARN lines would bury the job's own output
    return spark


# ---------------------------------------------------------------------------
# Records -> results
# ---------------------------------------------------------------------------
def analyse(spark, records, names: tuple[str, ...], settings: Settings, at: str, partitions: int):
    """The results DataFrame (:func:`result_schema`) of an RDD of records, ``partitions`` tasks."""
    import presslens.spark.worker as worker

    names, settings = tuple(names), settings

    def run(items):
        return worker.analyse_records(items, names, settings, at)

    rdd = records.repartition(partitions).mapPartitions(run)
    return spark.createDataFrame(rdd, result_schema())


def analyze_dataframe(df, components: tuple[str, ...] | None = None, settings: Settings | None = None,
                      html: str | None = None, text: str | None = None, label: str = "dataframe",
                      partitions: int | None = None):
    """Analyse a DataFrame with a text or HTML column in Spark; return the tables as DataFrames.

    The library entry for data already in Spark (a Delta table, a Hive table, a crawl's index).
    Nothing is written: ``write_tables(tables, out)`` or query the DataFrames directly.
    """
    from presslens.pipeline import default_components
    from presslens.store.base import now

    spark = df.sparkSession
    names = default_components() if components is None else tuple(components)
    at = now()
    records = dataframe_records(df, label, 0, html=html, text=text)
    parts = partitions or spark.sparkContext.defaultParallelism * 4
    return build_tables(analyse(spark, records, names, settings or Settings(), at, parts), at)


# ---------------------------------------------------------------------------
# Results -> tables
# ---------------------------------------------------------------------------
def _typed(table: Table, frame):
    """``frame`` with ``table``'s columns in order, typed as ``presslens export`` writes them."""
    from pyspark.sql import functions as F

    types = {"int": "bigint", "float": "double", "str": "string", "json": "string"}
    return frame.select(*[F.col(name).cast(types[kind]).alias(name) for name, kind in table.columns])


def build_tables(results, at: str, persist: bool = True) -> dict[str, Any]:
    """The output tables (DataFrames) of a results DataFrame; see the module docstring."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if persist:
        results = results.persist(StorageLevel.MEMORY_AND_DISK)
    articles = results.where(F.col("reason").isNull())
    first = (articles.withColumn("_n", F.row_number().over(Window.partitionBy("id").orderBy(*_ORDER)))
             .where(F.col("_n") == 1).drop("_n"))
    # doc: 1, 2, 3 ... in input order, without pulling every article into one partition: range-partition
    # by the order, count each partition, and number within partitions from their offsets.
    ranged = first.repartitionByRange(max(1, results.rdd.getNumPartitions()), *_ORDER).withColumn("_pid", F.spark_partition_id())
    if persist:
        ranged = ranged.persist(StorageLevel.MEMORY_AND_DISK)
    counts = dict(ranged.groupBy("_pid").count().collect())
    offsets, total = [], 0
    for pid in sorted(counts):
        offsets.append((pid, total))
        total += counts[pid]
    spark = results.sparkSession
    offset_df = spark.createDataFrame(offsets or [(0, 0)], "_pid int, _offset long")
    kept = (ranged.join(F.broadcast(offset_df), "_pid")
            .withColumn("doc", F.col("_offset") + F.row_number().over(Window.partitionBy("_pid").orderBy(*_ORDER))))
    kept = kept.withColumn("ingested_at", F.lit(at))
    if persist:
        kept = kept.persist(StorageLevel.MEMORY_AND_DISK)

    def exploded(column: str):
        return kept.select(F.col("id").alias("article_id"), F.explode(column).alias("x")).select("article_id", "x.*")

    rejected = results.where(F.col("reason").isNotNull()).withColumn("at", F.lit(at))
    rejected = (rejected.withColumn("_n", F.row_number().over(Window.partitionBy("source").orderBy(*_ORDER)))
                .where(F.col("_n") == 1))
    return {
        "articles": _typed(TABLES["articles"], kept),
        "annotations": _typed(TABLES["annotations"], exploded("annotations")),
        "provenance_facts": _typed(TABLES["provenance_facts"], exploded("facts")),
        "boilerplate": _typed(TABLES["boilerplate"], exploded("boilerplate")),
        "rejected": _typed(TABLES["rejected"], rejected),
        "_results": results,
        "_ranged": ranged,
        "_kept": kept,
    }


def write_tables(tables: dict[str, Any], out: str, mode: str = "overwrite") -> dict[str, int]:
    """Write each table as Parquet (zstd) under ``out/TABLE/``; return ``{table: rows}``.

    ``annotations`` is partitioned by ``kind`` (``out/annotations/kind=quotes/...``); the
    ``rejected`` table is one file. Row counts come from the cached results, not a re-read.
    """
    from pyspark.sql import functions as F

    counts: dict[str, int] = {}
    for name in TABLES:
        frame = tables[name]
        if name == "rejected":
            frame = frame.coalesce(1)
        elif name == "articles":
            frame = frame.orderBy("doc")  # files and rows in input order
        writer = frame.write.mode(mode).option("compression", "zstd")
        if name in PARTITION_BY:
            writer = writer.partitionBy(PARTITION_BY[name])
        writer.parquet(_join(out, name))
    kept = tables["_kept"]
    sizes = kept.select(F.sum(F.size("annotations")), F.sum(F.size("facts")), F.sum(F.size("boilerplate")), F.count("*")).first()
    counts["articles"] = int(sizes[3] or 0)
    counts["annotations"] = int(sizes[0] or 0)
    counts["provenance_facts"] = int(sizes[1] or 0)
    counts["boilerplate"] = int(sizes[2] or 0)
    counts["rejected"] = tables["rejected"].count()
    return counts


def _join(out: str, name: str) -> str:
    return f"{out.rstrip('/')}/{name}"


# ---------------------------------------------------------------------------
# The whole job
# ---------------------------------------------------------------------------
@dataclass
class JobSummary:
    inputs: int = 0
    files: int = 0
    records: int = 0
    articles: int = 0
    duplicates: int = 0
    rejected: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    analysis_seconds: float = 0.0
    partitions: int = 0
    workers: int = 0
    pipelines_built: int = 0
    dupe_clusters: int | None = None
    stored: int | None = None
    out: str = ""

    @property
    def rate(self) -> float:
        return (self.articles + self.duplicates) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        text = (f"articles {self.articles}, duplicates {self.duplicates}, rejected {self.rejected} "
                f"from {self.inputs} input{'s' if self.inputs != 1 else ''} in {self.seconds:.1f} s "
                f"({self.rate:.{0 if self.rate >= 10 else 1}f} articles/s); tables in {self.out}")
        if self.dupe_clusters is not None:
            text += f"; {self.dupe_clusters} near-duplicate clusters"
        if self.stored is not None:
            text += f"; {self.stored} stored in the database"
        return text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"articles_per_s": round(self.rate, 2)}


def run_job(inputs: list[str] | tuple[str, ...], out: str, *, master: str | None = None,
            components: tuple[str, ...] | None = None, settings: Settings | None = None, format: str | None = None,
            partitions: int | None = None, dupes: bool = False, dupe_threshold: float | None = None,
            db: str | None = None, spark=None, conf: dict[str, str] | None = None) -> JobSummary:
    """Analyse ``inputs`` in Spark and write the tables under ``out`` (see the module docstring).

    ``spark``: an existing SparkSession (else one is started with ``master``/``conf`` and stopped
    at the end). ``dupes``: also write the ``dupes`` table (presslens.spark.dupes). ``db``: also
    store the articles in this database (``presslens.store.open_store`` URL), one transaction per
    partition, like ``presslens ingest`` (the web reader and ``presslens search`` then see them).
    """
    from presslens.pipeline import default_components
    from presslens.store.base import now

    started = time.monotonic()
    settings = settings or Settings()
    names = default_components() if components is None else tuple(components)
    own = False
    if spark is None:
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession()  # e.g. a notebook's, or a test's: used as it is, not stopped
        if spark is None:
            spark, own = spark_session(master, conf=_job_conf(conf)), True
    summary = JobSummary(inputs=len(inputs), out=out)
    tables: dict[str, Any] = {}
    try:
        sc = spark.sparkContext
        at = now()
        listed = read_records(spark, inputs, format)
        summary.files = listed.files
        if listed.problems:
            listed.rdds.append(sc.parallelize([
                (len(inputs), r.source, 0, r.source, None, None, None, r.reason, r.message) for r in listed.problems], 1))
        records = sc.union(listed.rdds) if listed.rdds else sc.emptyRDD()
        summary.partitions = partitions or max(sc.defaultParallelism * 4, listed.local_bytes // (16 << 20))
        analysis_started = time.monotonic()
        results = analyse(spark, records, names, settings, at, summary.partitions)
        tables = build_tables(results, at)  # runs the analysis (it numbers the articles)
        summary.tables = write_tables(tables, out)
        summary.analysis_seconds = time.monotonic() - analysis_started
        res = tables["_results"]
        stats = res.groupBy("reason").count().collect()
        summary.reasons = {r: n for r, n in stats if r is not None}
        analysed = sum(n for r, n in stats if r is None)
        summary.articles = summary.tables["articles"]
        summary.duplicates = analysed - summary.articles
        summary.rejected = summary.tables["rejected"]
        summary.records = analysed + sum(summary.reasons.values())
        workers = res.groupBy("worker_pid").agg({"worker_builds": "max"}).collect()
        summary.workers = len(workers)
        summary.pipelines_built = sum(int(n or 0) for _, n in workers)
        if dupes:
            from presslens.spark.dupes import DEFAULT_THRESHOLD, find_clusters

            clusters = find_clusters(tables["_kept"], dupe_threshold if dupe_threshold is not None else DEFAULT_THRESHOLD)
            clusters.write.mode("overwrite").option("compression", "zstd").parquet(_join(out, "dupes"))
            summary.dupe_clusters = clusters.where("role = 'original'").count()
        if db:
            summary.stored = store_tables(tables, db)
        _write_manifest(out, summary, names, settings, inputs, at)
    finally:
        for key in ("_kept", "_ranged", "_results"):  # a shared session (a notebook's) keeps no cached rows
            if key in tables:
                tables[key].unpersist()
        if own:
            spark.stop()
    summary.seconds = time.monotonic() - started
    return summary


def _job_conf(conf: dict[str, str] | None) -> dict[str, str]:
    """Spark settings for a session the job starts itself; ``conf`` wins.

    Shuffles after the analysis move small rows (articles, annotation rows): Spark's default of
    200 shuffle partitions makes hundreds of near-empty tasks on a small run; adaptive query
    execution (on by default) merges partitions on large ones anyway.
    """
    return {"spark.sql.shuffle.partitions": "16", "spark.sql.adaptive.enabled": "true"} | (conf or {})


def _write_manifest(out: str, summary: JobSummary, names: tuple[str, ...], settings: Settings, inputs, at: str) -> None:
    """``out/_presslens.json``: what made the tables (local output folders only; Spark ignores ``_`` files)."""
    if is_remote(out):
        return
    data = {"at": at, "inputs": [os.fspath(i) for i in inputs], "components": list(names), "settings": asdict(settings),
            "tables": summary.tables, "partition_by": PARTITION_BY}
    Path(out.removeprefix("file://"), "_presslens.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Into a store (optional)
# ---------------------------------------------------------------------------
def store_tables(tables: dict[str, Any], db: str) -> int:
    """Write the kept articles and the rejections into the store at ``db``; return articles newly stored.

    Each partition opens the store and writes one transaction (``Store.write``: the same
    article twice is stored once), so PostgreSQL takes the writes of all executors at once. A
    SQLite file works with ``local[N]`` only (executors must share the file; writes queue).
    """
    from presslens.store import open_store

    open_store(db).close()  # create / migrate once, on the driver
    cols = ("id", "url", "publisher", "title", "authors", "published", "language", "source", "format", "text", "record",
            "ingested_at", "annotations", "facts")

    def write(rows) -> list[int]:
        from presslens.store.base import PreparedArticle

        batch = []
        for row in rows:
            article_id = row[0]
            annotations = tuple((article_id, *tuple(a)) for a in row[12] or ())
            facts = tuple((article_id, *tuple(f)) for f in row[13] or ())
            batch.append(PreparedArticle(article_id, row[7], tuple(row[:12]), annotations, facts))
        if not batch:
            return [0]
        with open_store(db) as store:
            return [store.write(articles=batch).stored]

    stored = sum(tables["_kept"].select(*cols).rdd.mapPartitions(write).collect())
    rejected = [Rejected(r["source"], r["reason"], r["message"]) for r in tables["rejected"].collect()]
    if rejected:
        with open_store(db) as store:
            store.write(rejected=rejected)
    return stored


__all__ = ["BOILERPLATE", "JobSummary", "TABLES", "analyse", "analyze_dataframe", "build_tables",
           "java_problem", "result_schema", "run_job", "spark_session", "store_tables", "write_tables"]
