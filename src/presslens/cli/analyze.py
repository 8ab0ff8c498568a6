"""``presslens analyze``, ``demo`` and ``schema``: analyse pages and print reports or records."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from presslens.cli.output import EXIT_OK, EXIT_SOME_FAILED, component_names, output_options
from presslens.cli_startup import collect_again
from presslens.errors import Rejected
from presslens.pipeline import Pipeline, default_components
from presslens.pipeline import one_math_thread as _one_math_thread
from presslens.read.decode import FORMATS
from presslens.records import Article
from presslens.sample import sample_path
from presslens.settings import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True)
@output_options(json="Print the record as JSON (JSON Lines for several articles).")
@click.option("--report", "as_report", is_flag=True, help="Print readable reports even for several articles.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Input format; detected when omitted.")
@click.option("--max-bytes", type=int, default=None, help="Refuse inputs larger than this (default 20 MB).")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="Settings file (default ./presslens.toml).")
@click.option("--components", default=None, metavar="NAMES",
              help="Annotators to run, comma-separated ('none': structure only, no model loaded); default: every built-in one.")
def analyze(paths: tuple[str, ...], out: str | None, as_report: bool, fmt: str | None, max_bytes: int | None,
            config: str | None, components: str | None) -> None:
    """Analyse article pages (HTML, markdown, text, JSON Lines); '-' reads stdin.

    One article prints a readable report; several print JSON Lines unless --report.
    --components picks annotators (their requirements are added: 'quotes' runs nlp and
    entities too); 'none' is the structure step alone, which loads no model.

    Example: presslens analyze page.md --json --components quotes,claims
    """
    settings = Settings.load(config, max_bytes=max_bytes)
    names = component_names(components)
    if names != ():
        one_math_thread()
    pipeline = Pipeline(default_components() if names is None else names, settings)
    sys.exit(_run(pipeline, paths, fmt, out == "json", as_report))


def one_math_thread() -> None:
    """One BLAS thread for this command's process (:func:`presslens.pipeline.one_math_thread`).

    spaCy's matrices are small: on the 2-core VM a second OpenBLAS thread spent its time
    spinning, and one 1,000-word article cost 0.40-0.50 s of CPU with it against 0.23-0.29 s
    without, and less wall time too (docs/performance.md). A structure-only run skips this: it
    would import numpy for nothing.
    """
    _one_math_thread()


def _results(pipeline: Pipeline, paths: tuple[str, ...], fmt: str | None) -> Iterator[Article | Rejected]:
    # One input: its first article's persuasion detection starts in a forked process while spaCy
    # loads here (Pipeline.run's ``ahead``). Several: the models load once, in this process.
    first = True
    for path in paths:
        # A command-line argument is a path ('-': stdin), never article text: a missing file says so.
        source = path if path == "-" else Path(path)
        for result in pipeline.run(source, fmt, ahead=len(paths) == 1):
            if first:  # models loaded, first article done: the collector back on (presslens.cli_startup)
                collect_again()
                first = False
            yield result


def _run(pipeline: Pipeline, paths: tuple[str, ...], fmt: str | None, as_json: bool, as_report: bool) -> int:
    """Stream results: reports, one pretty JSON record, or JSON Lines when there are several."""
    from presslens.render import print_report

    jsonl = as_json or (len(paths) > 1 and not as_report)
    failed = 0
    held: Article | None = None  # first JSON record, printed pretty if it stays the only one
    streaming = False
    for result in _results(pipeline, paths, fmt):
        if isinstance(result, Rejected):
            failed += 1
            click.echo(f"presslens: {result.message}", err=True)
            continue
        for warning in result.warnings:
            click.echo(f"presslens: warning: {warning}", err=True)
        if not jsonl:
            print_report(result)
        elif streaming:
            click.echo(result.to_json())
        elif held is None:
            held = result
        else:
            click.echo(held.to_json())
            click.echo(result.to_json())
            held, streaming = None, True
    if held is not None:
        click.echo(held.to_json(indent=2) if as_json and len(paths) == 1 else held.to_json())
    return EXIT_SOME_FAILED if failed else EXIT_OK


@click.command()
@output_options(json="Print the record as JSON.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", help="Which version of the sample to read.")
def demo(out: str | None, fmt: str) -> None:
    """Analyse the bundled sample article page (invented content).

    Example: presslens demo --format html
    """
    path = sample_path(fmt)
    one_math_thread()
    pipeline = Pipeline(default_components(), Settings.load())
    sys.exit(_run(pipeline, (str(path),), None, out == "json", False))


@click.command()
def schema() -> None:
    """Print the JSON Schema of the article record.

    Example: presslens schema > article.schema.json
    """
    import json

    from presslens.schema import article_schema

    click.echo(json.dumps(article_schema(), indent=2, ensure_ascii=False))


__all__ = ["analyze", "demo", "schema"]
