"""``presslens ingest``, ``search`` and ``export``: build a database from pages, search it, export it."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from presslens.cli.output import EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED, component_names, emit, output_options
from presslens.read.decode import FORMATS


def _default_workers() -> int:
    """One worker per usable CPU, at most 8: past that the single writing process is the limit
    for structure-only runs, and each worker with every annotator holds ~450 MB."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(8, usable))


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db", required=True, envvar="PRESSLENS_DB", help="Database: a SQLite file (news.db), sqlite:///path or postgresql://user@host/dbname.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Processes analysing inputs (default: one per usable CPU, at most 8).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=200, show_default=True, help="Records per committed transaction.")
@click.option("--force", is_flag=True, help="Re-read inputs already ingested (stored articles are still kept once).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Input format; detected when omitted.")
@click.option("--max-bytes", type=int, default=None, help="Refuse inputs (or JSON Lines records) larger than this.")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default ./presslens.toml).")
@click.option("--components", default=None, metavar="NAMES",
              help="Annotators to run, comma-separated ('none': structure only); default: every registered one.")
@click.option("--no-dupes", is_flag=True,
              help="Do not rebuild the near-duplicate clusters after storing new articles (presslens dupes --rebuild does).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(inputs: tuple[str, ...], db: str, workers: int | None, batch_size: int, force: bool, fmt: str | None,
           max_bytes: int | None, config: str | None, components: str | None, no_dupes: bool, quiet: bool) -> None:
    """Analyse directories, files, globs and JSON Lines (.jsonl, .jsonl.gz) into a database.

    The same article twice is stored once (by content hash). Inputs already ingested are
    skipped, and an interrupted run (Ctrl-C, a crash, a kill) resumes where it stopped
    when run again. Bad pages are recorded as rejected and the run goes on. When new articles
    were stored, the near-duplicate clusters are rebuilt and stored once, here, so that
    `presslens dupes` and the web app read them instead of detecting them again.

    Example: presslens ingest pages/ 'crawl/*.jsonl.gz' --db news.db --components none
    """
    from presslens.corpus import dupes
    from presslens.corpus.ingest import ingest as run_ingest
    from presslens.corpus.progress import RichProgress
    from presslens.pipeline import Pipeline, default_components
    from presslens.settings import Settings
    from presslens.store import open_store

    settings = Settings.load(config, max_bytes=max_bytes)
    names = component_names(components)
    pipeline = Pipeline(default_components() if names is None else names, settings)
    store = open_store(db)

    def stop(signum, frame):  # SIGTERM ends the run like Ctrl-C: commit what is finished
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with RichProgress(disable=quiet) as bar:
            summary = run_ingest(inputs, store, pipeline, workers=workers or _default_workers(), batch_size=batch_size,
                                 force=force, format=fmt, on_progress=bar.update)
        if not summary.interrupted and not no_dupes and (summary.stored or dupes.stored_params(store) is None):
            params = dupes.stored_params(store) or {}
            try:
                clusters = dupes.rebuild(store, threshold=float(params.get("threshold", dupes.DEFAULT_THRESHOLD)))
            except KeyboardInterrupt:  # the articles are committed; the clusters are replaced in one transaction or not at all
                click.echo(f"presslens: interrupted while rebuilding near-duplicates; run 'presslens dupes {db} --rebuild'",
                           err=True)
                sys.exit(EXIT_INTERRUPTED)
            if not quiet:
                click.echo(f"presslens: near-duplicates rebuilt: {len(clusters)} clusters (presslens dupes {db})", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        store.close()
    if summary.reasons:
        click.echo("presslens: rejected: " + ", ".join(f"{r} {n}" for r, n in sorted(summary.reasons.items())), err=True)
    if summary.interrupted:
        click.echo(f"presslens: interrupted; committed {summary.line()}; run the same command again to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(summary.line())
    sys.exit(EXIT_SOME_FAILED if summary.rejected else EXIT_OK)


@click.command()
@click.argument("db")
@click.argument("query")
@click.option("--source", default=None, help="Only articles from this publisher (case-insensitive).")
@click.option("--since", default=None, help="Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True, help="Most results shown.")
@output_options(json="JSON Lines, one hit per line.", csv="CSV with a header row.", table="A table (the default).")
def search(db: str, query: str, source: str | None, since: str | None, until: str | None, limit: int, out: str) -> None:
    """Full-text search a database: ranked hits with highlighted snippets.

    QUERY is words (all must match), "quoted phrases", OR, NOT, prefix*, title:word.

    Example: presslens search news.db '"rail line" OR railway' --since 2024 --json
    """
    from presslens.store import open_store

    with open_store(db, create=False) as store:
        hits = store.search(query, source=source, since=since, until=until, limit=limit)
    emit(out, records=(hit.to_dict() for hit in hits),
         header=["rank", "score", "id", "published", "publisher", "title", "snippet", "url", "source"],
         rows=([n, hit.score, hit.id, hit.published or "", hit.publisher or "", hit.title or "", hit.marked(), hit.url or "",
                hit.source or ""] for n, hit in enumerate(hits, 1)),
         table=lambda: _print_table(query, hits))
    sys.exit(EXIT_OK)


def _print_table(query: str, hits: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not hits:
        console.print(f"no articles match {query!r}")
        return
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("published", no_wrap=True)
    table.add_column("publisher")
    table.add_column("title / snippet", ratio=1)
    table.add_column("id", no_wrap=True)
    for n, hit in enumerate(hits, 1):
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold reverse", start, end)
        cell = Text.assemble((hit.title or "(no title)", "bold"), "\n", snippet)
        table.add_row(str(n), hit.published or "", hit.publisher or "", cell, hit.id)
    console.print(table)


@click.command()
@click.argument("db")
@click.option("--format", "fmt", type=click.Choice(("jsonl", "parquet", "csv")), default="jsonl", show_default=True,
              help="File format: JSON Lines, Parquet (zstd) or CSV.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder for the files (created if missing).")
@click.option("--tables", default=None, metavar="NAMES",
              help="Tables to export, comma-separated (default: articles,annotations,provenance_facts,rejected).")
def export(db: str, fmt: str, out: str, tables: str | None) -> None:
    """Export a database as one file per table: articles, annotations, provenance_facts, rejected.

    Streams the rows (any database size); the files read with pandas, polars, DuckDB or
    pyarrow. JSON columns (authors, record, data) are nested in JSON Lines, JSON text otherwise.

    Example: presslens export news.db --format parquet --out news-parquet/
    """
    from presslens.corpus.export import TABLE_NAMES
    from presslens.corpus.export import export as run_export
    from presslens.store import open_store

    names = TABLE_NAMES if tables is None else tuple(t.strip() for t in tables.split(",") if t.strip())
    with open_store(db, create=False) as store:
        counts = run_export(store, out, fmt, names)
    click.echo(f"exported {', '.join(f'{name} {n}' for name, n in counts.items())} to {out} ({fmt})")
    sys.exit(EXIT_OK)
