"""The ``presslens`` console script: :func:`presslens.cli_startup.begin` first, then the command line.

This module sits outside the :mod:`presslens.cli` package so that the start-up measures
(:mod:`presslens.cli_startup`: the regular-expression cache, the garbage collector off while the
command starts; docs/performance.md) are in place before the command modules and what they import
(reading, structure, annotators, spaCy) load: importing ``presslens`` itself loads only the
records, errors and settings.
"""

from __future__ import annotations


def entry() -> None:
    """Console-script entry point (``presslens``): :func:`presslens.cli.main.entry` after
    :func:`presslens.cli_startup.begin`."""
    from presslens.cli_startup import begin

    begin()
    from presslens.cli.main import entry as run

    run()


__all__ = ["entry"]
