"""The ``presslens`` console script: the regular-expression cache first, then the command line.

This module sits outside the :mod:`presslens.cli` package so that the cache
(:mod:`presslens.recache`, docs/performance.md) is installed before the command modules and what
they import (reading, structure, annotators, spaCy) compile their expressions: importing
``presslens`` itself loads only the records, errors and settings.
"""

from __future__ import annotations


def entry() -> None:
    """Console-script entry point (``presslens``): :func:`presslens.cli.main.entry` with the cache
    installed first."""
    import presslens.recache as recache
    from presslens.settings import cache_dir

    recache.install(cache_dir())
    from presslens.cli.main import entry as run

    run()


__all__ = ["entry"]
