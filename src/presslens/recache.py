"""A disk cache of compiled regular expressions for the ``presslens`` command's start-up.

Python compiles every regular expression in pure Python (``re._parser`` + ``re._compiler``) in
every new process. A one-article ``presslens analyze`` compiles ~480 of them before it answers
(spaCy's tokenizer rules, langcodes' tables, presslens's structure rules and annotators, pydantic):
~0.24 s of its ~1.4-1.8 s of CPU (docs/performance.md, issue 20). The result of that work is a
list of integers (the ``_sre`` program) that ``_sre.compile`` turns into a pattern object in
microseconds, so this module keeps those programs in one file and hands them to ``_sre.compile``
on the next start: the same pattern object (``Pattern.__eq__`` compares the program; tested),
without the compile.

What is written, and why only that:

- only patterns compiled **while a module is imported** or inside :func:`recording` (spaCy's
  model load, presslens's lazily compiled structure rules): their text comes from source code
  and model files. Patterns built at run time from an article (a surname in
  ``annotate/sourcing/names.py``, say) are compiled the ordinary way and never reach the disk;
- at most :data:`MAX_ENTRIES` patterns; the file is written (atomically) only when a run
  compiled something new, by :func:`save` (the command calls it at exit);
- the file is keyed to the interpreter (``sys.version``, ``_sre.MAGIC``): another Python
  ignores it and starts its own. A file that does not read back is ignored and replaced.

The file is read with :mod:`marshal`, which is what Python's own ``.pyc`` caches use, and lives
in the user's cache folder (:func:`presslens.settings.cache_dir`; ``PRESSLENS_CACHE_DIR=off``
turns this off). Only the ``presslens`` command installs the cache (:func:`install`); a program
that imports presslens as a library keeps Python's ``re`` untouched.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
import threading
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

MAX_ENTRIES = 4000
"""Most patterns the file holds (a full ``presslens analyze`` records ~500)."""

_SUPPORTED = ((3, 11), (3, 12))
"""Python versions whose ``re._compiler.compile`` this module reproduces (the code below)."""

_CODE = "I"  # _sre's code unit (SRE_CODE, 32 bits; checked by install)

MIN_GAIN_S = 0.005
"""A run writes the file only when the patterns it added took at least this long to compile (a
library that builds a small expression from a set, in a new order in every process, must not
make every run write)."""

_state: dict[str, Any] = {"table": None, "path": None, "new": 0.0, "used": set(), "original": None}
_recording: dict[int, int] = {}  # thread -> depth of recording() blocks: another thread's article stays out


def _key() -> str:
    import _sre

    return f"presslens-recache 1 {sys.version} {_sre.MAGIC}"


def _inside_import() -> bool:
    """Whether the current compile happens while a module's top level runs (importlib on the stack)."""
    f: FrameType | None = sys._getframe(2)
    while f is not None:
        if f.f_code.co_filename == "<frozen importlib._bootstrap>":
            return True
        f = f.f_back
    return False


def _compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile`` answered from the table where it can (same arguments, same result)."""
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    table = _state["table"]
    if not isinstance(p, str | bytes) or flags & re.DEBUG or table is None:
        return _state["original"](p, flags)
    key = (p, int(flags))  # a re.RegexFlag is an int subclass, which marshal does not write
    hit = table.get(key)
    if hit is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = hit
            compiled = _sre.compile(p, final_flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup)
            _state["used"].add(key)
            return compiled
        except (RuntimeError, TypeError, ValueError):  # a damaged entry (_sre validates the program): compile afresh
            del table[key]
    # re._compiler.compile of Python 3.11/3.12, keeping the program it builds.
    started = time.perf_counter()
    parsed = _parser.parse(p, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    compiled = _sre.compile(p, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    # Stored: the final flags, the _sre program as bytes (a list of ~300k Python ints in all took
    # 0.09 s to read back), the number of groups, and the group names both ways.
    entry = (int(compiled.flags), array(_CODE, code).tobytes(), parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))
    if len(table) < MAX_ENTRIES and (_recording.get(threading.get_ident()) or _inside_import()):
        table[key] = entry
        _state["used"].add(key)
        _state["new"] += time.perf_counter() - started
    return compiled


def _read(path: Path) -> dict[tuple[Any, int], Any]:
    """The table in ``path``; empty when there is none, it is unreadable or from another Python."""
    try:
        with open(path, "rb") as fh:
            stored = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _key() and isinstance(stored[1], dict):
        return stored[1]
    return {}


def install(folder: Path | None) -> bool:
    """Answer regular-expression compiles of this process from ``folder``'s cache file (None: off).

    False (and nothing changed) on a Python this module does not know, or without a folder."""
    import _sre
    from re import _compiler  # type: ignore[attr-defined]

    if (folder is None or sys.version_info[:2] not in _SUPPORTED or _state["table"] is not None
            or array(_CODE).itemsize != _sre.CODESIZE):
        return False
    path = folder / f"regex-{sys.implementation.cache_tag}.marshal"
    table = _read(path)
    _state.update(table={}, path=path, new=0.0, used=set(), original=_compiler.compile)
    probe = r"(?P<word>[^\W\d_]+)\s+(?:of|the)\b(?i:x)"
    if _compile(probe, re.UNICODE) != _compiler.compile(probe, re.UNICODE):  # pragma: no cover - a new re
        _state.update(table=None, path=None, original=None)
        return False
    _state["table"] = table
    _compiler.compile = _compile
    return True


def uninstall() -> None:
    """Put ``re._compiler.compile`` back (tests)."""
    from re import _compiler  # type: ignore[attr-defined]

    if _state["original"] is not None:
        _compiler.compile = _state["original"]
    _state.update(table=None, path=None, new=0.0, used=set(), original=None)
    _recording.clear()


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Patterns this thread compiles inside this block are written to the cache (their text comes
    from code or model files, never from an article): spaCy's model load, presslens's lazily
    compiled rules. Other threads (a server analysing an article meanwhile) are not recorded."""
    me = threading.get_ident()
    _recording[me] = _recording.get(me, 0) + 1
    try:
        yield
    finally:
        _recording[me] -= 1
        if not _recording[me]:
            del _recording[me]


def save() -> None:
    """Write the table when this run added patterns worth :data:`MIN_GAIN_S` (atomically; a
    failure to write is ignored: the next run compiles again). Over :data:`MAX_ENTRIES`, only the
    patterns this run used are kept."""
    path, table = _state["path"], _state["table"]
    if path is None or table is None or _state["new"] < MIN_GAIN_S:
        return
    _state["new"] = 0.0
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        merged = {**_read(path), **table}  # another process (the forked persuasion child) may have written
        if len(merged) > MAX_ENTRIES:
            merged = {k: table[k] for k in _state["used"]}
        with open(tmp, "wb") as fh:
            marshal.dump((_key(), merged), fh)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()


__all__ = ["MAX_ENTRIES", "install", "recording", "save", "uninstall"]
