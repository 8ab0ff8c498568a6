"""JSON / JSON Lines records, as in ``../shared/data/corpus``.

Each record carries its content in ``html``, ``markdown`` or ``text`` (tried
in that order) and optional metadata: ``url``, ``title``, ``published`` (or
``date``/``publish_date``), ``source`` (or ``publisher``/``portal``),
``authors`` (list or comma-separated string, or ``author``), ``language``,
``crawled`` (or ``fetched``/``retrieved``..., the date the page was fetched: relative dates
such as "3 hours ago" are read against it) and ``id``. A line that is not JSON, or a record with no content, is an
:class:`InputError` for that record only: the rest of the file is still read.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any, BinaryIO

from presslens.errors import InputError

CONTENT_FIELDS = ("html", "markdown", "text", "content", "body")


def iter_lines(path: str | Path | BinaryIO, start_after: int = 0) -> Iterator[tuple[int, bytes, int]]:
    """Stream the non-blank lines of a JSON Lines file (gzip-compressed or not) without reading it whole.

    ``path`` may also be a seekable binary file object (``presslens.spark`` reads remote files
    into memory), which is left open.

    Yields ``(line number, raw line, bytes of the file read so far)``, skipping the first
    ``start_after`` lines (an ingest resuming). A file that cannot be read, or a damaged or
    truncated gzip file, raises :class:`InputError` after the lines before the damage.
    """
    try:
        with nullcontext(path) if not isinstance(path, (str, Path)) else open(path, "rb") as raw:
            gz = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            fh = gzip.GzipFile(fileobj=raw) if gz else raw
            for lineno, line in enumerate(fh, 1):
                if lineno <= start_after or not line.strip():
                    continue
                yield lineno, line, raw.tell()
    except (OSError, EOFError) as exc:
        bad = isinstance(exc, (gzip.BadGzipFile, EOFError))
        what = "is a damaged or truncated gzip file" if bad else "cannot be read"
        raise InputError(str(path) if isinstance(path, (str, Path)) else "<stream>", "bad-gzip" if bad else "unreadable",
                         f"{what} ({exc}); the records before the damage were read") from exc


def iter_records(text: str, source: str) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """Yield ``(record_source, record_or_error)`` for each line (or the single object)."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        # A JSON array, or one object (pretty-printed over many lines, too). JSON Lines
        # fail here at the second record ("Extra data") and are read line by line.
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, list):
            for i, item in enumerate(data, 1):
                yield _named(source, i, item)
            return
        if isinstance(data, dict):
            yield _named(source, 1, data)
            return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            yield f"{source}:{lineno}", InputError(
                f"{source}:{lineno}", "bad-json", f"line is not JSON ({getattr(exc, 'msg', exc)})", "fix or remove the line"
            )
            continue
        yield _named(source, lineno, item)


def _named(source: str, n: int, item: Any) -> tuple[str, dict[str, Any] | InputError]:
    name = f"{source}:{n}"
    if not isinstance(item, dict):
        return name, InputError(name, "bad-record", "record is not a JSON object", "write one object per line")
    if item.get("id") is not None:
        name = f"{source}#{item['id']}"
    return name, item


def record_content(record: dict[str, Any], name: str) -> tuple[str, str]:
    """(format, content) of a record, or InputError when it has none."""
    for key in CONTENT_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            fmt = {"html": "html", "markdown": "markdown"}.get(key, "text")
            return fmt, value
    raise InputError(
        name, "no-text", "record has no html, markdown or text field with content", "add the article text to the record"
    )


def record_meta(record: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key in ("url", "title", "language"):
        if isinstance(record.get(key), str) and record[key].strip():
            meta[key] = record[key].strip()
    for key in ("published", "date", "publish_date", "published_at"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            from presslens.read.dates import parse_date

            iso = parse_date(value.strip())
            if iso:
                meta["published"] = iso
                break
    for key in ("crawled", "crawled_at", "crawl_date", "fetched", "fetched_at", "retrieved", "retrieved_at", "scraped_at"):
        # when the page was fetched: "3 hours ago" on the page is read against it
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            from presslens.read.dates import parse_date

            iso = parse_date(value.strip())
            if iso:
                meta["crawled"] = iso
                break
    for key in ("source", "publisher", "portal", "site", "domain"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            meta["publisher"] = value.strip()
            break
    authors = record.get("authors", record.get("author"))
    if isinstance(authors, str) and authors.strip():
        meta["authors"] = [a.strip() for a in authors.split(",") if a.strip()]
    elif isinstance(authors, list):
        meta["authors"] = [str(a).strip() for a in authors if str(a).strip()]
    if record.get("id") is not None:
        meta["record_id"] = str(record["id"])
    # what the record itself states: structure keeps these over what the page text suggests
    meta["given"] = tuple(k for k in ("published", "authors", "publisher") if k in meta)
    return meta
