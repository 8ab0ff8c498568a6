"""What the ``presslens`` console script does before and after a command (docs/performance.md).

Kept out of the :mod:`presslens.cli` package, which imports every command module: the console
script (:mod:`presslens.cli_entry`) calls :func:`begin` before any of them loads.

- **The regular-expression cache** (:mod:`presslens.recache`): installed first, saved at exit.
- **Python's cyclic garbage collector off while the command starts.** Start-up builds millions of
  objects that live as long as the process (modules, spaCy's vocabulary and models, pydantic
  schemas): a full ``presslens analyze`` ran 217 collections over them, 0.13-0.16 s of its CPU,
  freeing next to nothing. Collection is switched off with a zero threshold (``gc.disable()``
  would not hold: srsly turns the collector back on after every msgpack file it reads).
  :func:`collect_again` switches it back on, with what exists by then frozen out of later
  collections (``gc.freeze``): the command group does so at once for every command that runs
  for long, ``analyze`` and ``demo`` once their first article is done.
"""

from __future__ import annotations

import gc

_saved: list[tuple[int, ...]] = []


def begin() -> None:
    """Collector off, regular-expression cache on (once per process)."""
    import presslens.recache as recache
    from presslens.settings import cache_dir

    if not _saved:
        _saved.append(gc.get_threshold())
        gc.set_threshold(0)
    recache.install(cache_dir())


def collect_again() -> None:
    """The collector back on, as it was before :func:`begin`; nothing when :func:`begin` did not
    turn it off (a test calling a command in its own process, say)."""
    if _saved and gc.get_threshold()[0] == 0:
        gc.freeze()
        gc.set_threshold(*_saved[0])


def finish() -> None:
    """Write what the regular-expression cache learnt (:func:`presslens.recache.save`)."""
    import presslens.recache as recache

    recache.save()


__all__ = ["begin", "collect_again", "finish"]
