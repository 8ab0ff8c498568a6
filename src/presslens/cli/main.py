"""The ``presslens`` command group: every command is added here, explicitly, from its module.

Commands live one group per module (``analyze.py``: analyze, demo, schema; ``corpus.py``:
ingest, search, export; ``dupes.py``; ``profiles.py``: profile, speaker; ``serve.py``) and
import only :mod:`presslens.cli.output` of the CLI, so there are no cycles. A new command is a
function in one of those modules (or a new one) and one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import click

from presslens import __version__
from presslens.cli.analyze import analyze, demo, schema
from presslens.cli.corpus import export, ingest, search
from presslens.cli.dupes import dupes
from presslens.cli.output import Group
from presslens.cli.profiles import profile, speaker
from presslens.cli.serve import serve
from presslens.cli_startup import collect_again, finish
from presslens.spark.cli import spark_command  # the spark command; pyspark loads only when it runs


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 all inputs analysed; 1 some inputs failed (one line each on stderr); 2 usage or configuration error.",
)
@click.version_option(__version__, prog_name="presslens")
@click.pass_context
def main(ctx: click.Context) -> None:
    """presslens: read news articles the way an expert analyst does.

    Example: presslens analyze article.html
    """
    # The console script starts with Python's cyclic garbage collector off (presslens.cli_startup):
    # the commands that run for long get it back here; analyze and demo after their first article.
    if ctx.invoked_subcommand not in ONE_SHOT:
        collect_again()


ONE_SHOT = frozenset({"analyze", "demo", "schema"})
"""Commands that keep the collector off through their start-up (:mod:`presslens.cli_startup`)."""


COMMANDS: tuple[click.Command, ...] = (analyze, demo, schema, ingest, search, export, dupes, profile, speaker, serve, spark_command)
for _command in COMMANDS:
    main.add_command(_command)


def entry() -> None:
    """Console-script entry point (``presslens``): errors are one line and an exit code (:class:`~presslens.cli.output.Group`).

    Compiled regular expressions come from and go to the cache folder (:mod:`presslens.recache`,
    :func:`presslens.settings.cache_dir`). The installed script calls
    :func:`presslens.cli_entry.entry`, which installs the cache before this package imports;
    here it is installed for what loads from now on (nothing changes when it already is)."""
    import presslens.recache as recache
    from presslens.settings import cache_dir

    recache.install(cache_dir())
    try:
        main()
    finally:
        finish()


__all__ = ["COMMANDS", "entry", "main"]
