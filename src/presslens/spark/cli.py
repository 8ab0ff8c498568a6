"""``presslens spark``: the Spark job from the command line (and from ``spark-submit``, see ``__main__.py``).

The click command is defined here, with the job, and attached to ``presslens.cli.main`` by one
import line there (``main.add_command(spark_command)``), so the CLI package can move without
this module changing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from presslens.read.decode import FORMATS

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output folder (local path or Hadoop URI): one Parquet folder per table.")
@click.option("--master", default=None,
              help="Spark master, e.g. local[2] or spark://host:7077 (default: what spark-submit set, else local[*]).")
@click.option("--components", default=None, metavar="NAMES",
              help="Annotators to run, comma-separated ('none': structure only); default: every registered one.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Input format of local files; detected when omitted.")
@click.option("--partitions", type=click.IntRange(1, 1_000_000), default=None,
              help="Analysis tasks (default: 4 per core, more for large inputs).")
@click.option("--dupes", is_flag=True, help="Also write the dupes table (republication clusters, as presslens dupes).")
@click.option("--dupe-threshold", type=click.FloatRange(0.05, 1.0), default=0.5, show_default=True,
              help="Least containment for --dupes.")
@click.option("--db", default=None, help="Also store the articles in this database (postgresql://... or a SQLite file).")
@click.option("--overwrite", is_flag=True, help="Replace tables already in --out (otherwise a non-empty local --out is refused).")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE", help="Extra Spark setting (repeatable).")
@click.option("--max-bytes", type=int, default=None, help="Refuse inputs (or records) larger than this.")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default ./presslens.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def spark_command(inputs: tuple[str, ...], out: str, master: str | None, components: str | None, fmt: str | None,
                  partitions: int | None, dupes: bool, dupe_threshold: float, db: str | None, overwrite: bool,
                  confs: tuple[str, ...], max_bytes: int | None, config: str | None, as_json: bool) -> None:
    """Analyse WARC, JSON Lines and Parquet inputs on Apache Spark into Parquet tables (docs/spark.md).

    The same pipeline, records and ids as presslens ingest; the tables have the columns of
    presslens export (articles, annotations by kind, provenance_facts, rejected) plus
    boilerplate. Bad records are rows of the rejected table, never a failed job.
    Needs the spark extra (pip install 'presslens[spark]') and Java 17.

    Exit codes: 0 every record gave an article; 1 some were rejected; 2 usage error.

    Example: presslens spark crawl/*.warc.gz feed.jsonl.gz --out tables/ --master 'local[2]'
    """
    from presslens.errors import ConfigError, PipelineError
    from presslens.pipeline import Pipeline, default_components
    from presslens.settings import Settings

    try:
        import pyspark  # noqa: F401
    except ImportError:
        _usage("the spark command needs pyspark: pip install 'presslens[spark]' (and Java 17)")
    from presslens.spark.job import is_remote, java_problem, run_job

    problem = java_problem()
    if problem:
        _usage(problem)
    try:
        settings = Settings.load(config, max_bytes=max_bytes)
        if components is None:
            names = default_components()
        else:
            default_components()  # registers the built-in annotators
            names = tuple(n.strip() for n in components.split(",") if n.strip() and n.strip() != "none")
        Pipeline(names, settings)  # refuses unknown names and bad orders before Spark starts
    except (ConfigError, PipelineError) as exc:
        _usage(str(exc))
    conf: dict[str, str] = {}
    for item in confs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            _usage(f"--conf {item!r}: write KEY=VALUE")
        conf[key.strip()] = value
    if not is_remote(out):
        target = Path(out.removeprefix("file://"))
        if target.exists() and not target.is_dir():
            _usage(f"--out {out}: is a file; name a folder")
        if target.is_dir() and any(target.iterdir()) and not overwrite:
            _usage(f"--out {out}: folder is not empty; pass --overwrite to replace its tables, or name a new folder")
    summary = run_job(list(inputs), out, master=master, components=names, settings=settings, format=fmt,
                      partitions=partitions, dupes=dupes, dupe_threshold=dupe_threshold, db=db, conf=conf)
    if summary.reasons:
        click.echo("presslens: rejected: " + ", ".join(f"{r} {n}" for r, n in sorted(summary.reasons.items())), err=True)
    click.echo(json.dumps(summary.to_dict(), ensure_ascii=False) if as_json else summary.line())
    sys.exit(EXIT_SOME_FAILED if summary.rejected else EXIT_OK)


def _usage(message: str) -> None:
    click.echo(f"presslens: {message}", err=True)
    sys.exit(EXIT_USAGE)


__all__ = ["spark_command"]
