"""What every command shares: exit codes, the one mapping from an error to an exit code, and
the output options for table / JSON Lines / CSV results.

Exit codes (documented in the README and in ``presslens --help``):

- 0: every input gave an article (or the command did what it was asked);
- 1: at least one input failed (each failure is one line on stderr); the others were still analysed;
- 2: usage or configuration error (bad flag, unknown format, bad settings file, a database that
  cannot be opened, a query that cannot be parsed);
- 130: ``presslens ingest`` interrupted (what was finished is committed).

A command raises a :class:`~presslens.errors.PresslensError` and :class:`Group` answers it:
``presslens: <message>; <hint>`` on stderr (never a traceback) and :func:`exit_code`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NoReturn, TypeVar

import click

from presslens.errors import InputError, PresslensError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: Error -> exit code, the first class that matches: an input that cannot be analysed is 1,
#: any other error presslens raises on purpose (usage, configuration, database, query) is 2.
EXIT_CODES: tuple[tuple[type[PresslensError], int], ...] = ((InputError, EXIT_SOME_FAILED), (PresslensError, EXIT_USAGE))


def exit_code(error: PresslensError) -> int:
    """The exit code for ``error`` (:data:`EXIT_CODES`)."""
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def fail(error: PresslensError) -> NoReturn:
    """Print ``error`` as one line on stderr and exit with its code."""
    click.echo(f"presslens: {error.line()}", err=True)
    sys.exit(exit_code(error))


def component_names(value: str | None) -> tuple[str, ...] | None:
    """The ``--components NAMES`` option: None (every built-in annotator), or the names given
    (comma-separated; ``none`` alone is the structure step only)."""
    if value is None:
        return None
    return tuple(n.strip() for n in value.split(",") if n.strip() and n.strip() != "none")


class Group(click.Group):
    """The ``presslens`` group: a PresslensError from any command is one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PresslensError as error:
            fail(error)


F = TypeVar("F", bound=Callable[..., Any])


def output_options(*, json: str, csv: str | None = None, table: str | None = None) -> Callable[[F], F]:
    """The output flags of a command, into its ``out`` parameter: ``--json`` (``"json"``), ``--csv``
    (``"csv"``) and ``--table`` (``"table"``, the default), each only when its help text is given.
    Without ``--table``, ``out`` is None unless a flag is passed."""

    def decorate(command: F) -> F:
        flags = [("--table", "table", table), ("--csv", "csv", csv), ("--json", "json", json)]
        for flag, value, help in flags:  # click lists options in the order they are applied, last first
            if help is not None:
                extra: dict[str, Any] = {"default": True} if value == "table" else {}
                command = click.option(flag, "out", flag_value=value, help=help, **extra)(command)
        return command

    return decorate


def emit(out: str | None, *, records: Iterable[Mapping[str, Any]], header: Sequence[str] = (),
         rows: Iterable[Sequence[Any]] = (), table: Callable[[], None] | None = None) -> None:
    """Write one result set as ``out`` asks: JSON Lines (one ``records`` item a line), CSV (``header``
    then ``rows``) or the command's own ``table``. ``records`` and ``rows`` are read only when used."""
    if out == "json":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    elif out == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
    elif table is not None:
        table()


__all__ = ["EXIT_CODES", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_SOME_FAILED", "EXIT_USAGE", "Group", "component_names", "emit", "exit_code",
           "fail", "output_options"]
