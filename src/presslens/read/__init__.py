"""Readers: raw input (path, bytes, str) -> :class:`Page` objects.

:func:`read` is the one entry point. It enforces the size limit, decodes the
bytes, detects the format (or takes ``format=``), and yields pages: one for an
HTML, markdown or text input, one per record for JSON Lines. Errors for one
record are yielded as :class:`InputError` values, not raised, so a batch goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from presslens.errors import InputError
from presslens.read.base import Block, Page
from presslens.read.decode import FORMATS, check_size, decode, detect_format
from presslens.settings import Settings

Source = str | bytes | os.PathLike[str]


def load(source: Source, settings: Settings) -> tuple[str, str]:
    """(name, text) of a path, '-' (stdin), bytes, or a string of content."""
    if isinstance(source, bytes):
        return "<bytes>", decode("<bytes>", source, settings.max_bytes)
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        name = os.fspath(source)  # str() of a custom PathLike is its repr, not the path
        path = Path(name)
        if name == "-":
            data = sys.stdin.buffer.read(settings.max_bytes + 1)
            return "<stdin>", decode("<stdin>", data, settings.max_bytes)
        if not path.exists():
            raise InputError(name, "not-found", "does not exist", "check the path")
        if path.is_dir():
            raise InputError(name, "is-directory", "is a directory", "pass the files in it (e.g. dir/*.html)")
        try:
            size = path.stat().st_size
            check_size(name, size, settings.max_bytes)
            data = path.read_bytes()
        except PermissionError as exc:
            raise InputError(name, "unreadable", "cannot be read (permission denied)", "check its permissions") from exc
        except OSError as exc:
            raise InputError(name, "unreadable", f"cannot be read ({exc.strerror})", "check the file") from exc
        return name, decode(name, data, settings.max_bytes)
    check_size("<string>", len(source.encode("utf-8", "ignore")), settings.max_bytes)
    if not source.strip():
        raise InputError("<string>", "empty", "is empty", "pass an article")
    return "<string>", source


def _looks_like_path(s: str) -> bool:
    if s == "-":
        return True
    if "\n" in s or len(s) > 4096 or "<" in s:
        return False
    try:
        return Path(s).exists() or bool(Path(s).suffix) and len(s) < 512 and " " not in s.strip()
    except (OSError, ValueError):
        return False


def read(source: Source, format: str | None = None, settings: Settings | None = None) -> Iterator[Page | InputError]:
    """Yield the pages in ``source`` (InputError values for bad records)."""
    settings = settings or Settings()
    if format is not None and format not in FORMATS:
        raise InputError(str(source)[:80], "bad-format", f"unknown format {format!r}", f"use one of {', '.join(FORMATS)}")
    name, text = load(source, settings)
    fmt = format or detect_format(text, name)
    if fmt == "jsonl":
        from presslens.read.jsonl import iter_records, record_content, record_meta

        for rec_name, rec in iter_records(text, name):
            if isinstance(rec, InputError):
                yield rec
                continue
            try:
                sub_fmt, content = record_content(rec, rec_name)
            except InputError as exc:
                yield exc
                continue
            yield _read_one(content, rec_name, sub_fmt, record_meta(rec), settings)
        return
    yield _read_one(text, name, fmt, {}, settings)


def _read_one(text: str, name: str, fmt: str, meta: dict, settings: Settings) -> Page:
    if fmt == "html":
        from presslens.read.html import read_html

        return read_html(text, name, meta, favor_precision=settings.favor_precision, fast=not settings.html_fallback)
    if fmt == "markdown":
        from presslens.read.markdown import read_markdown

        return read_markdown(text, name, meta)
    from presslens.read.text import read_text

    return read_text(text, name, meta)


__all__ = ["read", "load", "Page", "Block", "FORMATS", "detect_format"]
