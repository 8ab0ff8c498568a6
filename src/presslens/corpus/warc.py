"""WARC (``.warc``, ``.warc.gz``) input for ``presslens ingest``: one article per HTML response.

Each WARC ``response`` record whose HTTP payload is HTML becomes one JSON record
(``html``, ``url`` from ``WARC-Target-URI``, ``published`` from ``WARC-Date`` where the page
has no date markup of its own), so it goes
through the HTML reader exactly as a JSON Lines record does and is a resumable unit: it
is numbered by its position among the WARC's records (``FILE:N``). Other records
(requests, metadata, images, PDFs, redirects) are skipped. A damaged WARC (garbage,
a truncated gzip member, a broken header) ends the file with one rejection; the
records before the damage are kept.

Reading uses ``warcio`` (pinned in ``constraints.txt``).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import BinaryIO

from presslens.errors import Rejected

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Date markup the HTML reader finds by itself; the crawl date must not override it.
_DATED = re.compile(r"published_time|datePublished|pubdate|<time[^>]+datetime=|name=[\"']?(?:date|dc\.date)", re.I)


def is_warc(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.lower().endswith(WARC_SUFFIXES)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _text(data: bytes, charset: str | None) -> str:
    from presslens.errors import InputError
    from presslens.read.decode import _decode

    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _decode("<warc>", data)
    except InputError:
        return ""  # binary payload labelled HTML: an empty record, rejected as no-text


def html_record(record) -> dict | None:
    """The JSON record for a warcio record, or None when it is not an HTML response."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or content_type.lower().split(";")[0].strip() not in _HTML_TYPES:
        return None
    out: dict = {"html": _text(record.content_stream().read(), _charset(content_type))}
    url = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    if url:
        out["url"] = url.strip("<>")
    if date and not _DATED.search(out["html"][:200_000]):
        out["published"] = date  # the crawl date, only where the page gives no date of its own
    return out


def _check(fh) -> str | None:
    """Why the file is not a whole WARC (not one, a damaged gzip stream), or None; rewinds ``fh``."""
    gz = fh.read(2) == b"\x1f\x8b"
    fh.seek(0)
    try:
        if not gz:
            return None if fh.read(5) == b"WARC/" else "does not start with a WARC record"
        with gzip.GzipFile(fileobj=fh) as stream:
            if stream.read(5) != b"WARC/":
                return "does not start with a WARC record"
            while stream.read(1 << 20):
                pass
        return None
    except (OSError, EOFError, zlib.error) as exc:
        return f"damaged or truncated gzip: {exc}"
    finally:
        fh.seek(0)


def iter_warc(path: str | os.PathLike[str] | BinaryIO, name: str, start_after: int = 0) -> Iterator[tuple[int, bytes, int] | Rejected]:
    """``(seq, json_line, bytes_read)`` per HTML response after record ``start_after``; a damaged
    file ends with one :class:`Rejected` (reason ``bad-warc``, or ``unreadable``).

    ``path`` may also be a seekable binary file object (``presslens.spark`` reads remote files
    into memory), which is left open.

    In a damaged file the record at the damage is dropped (it may be cut short): a record is
    given out only once the next one has been read whole, or the file has ended cleanly.
    """
    from warcio.archiveiterator import ArchiveIterator

    seq = 0
    held: tuple[int, bytes, int] | None = None
    problem: str | None = None
    try:
        opened: AbstractContextManager[BinaryIO] = open(path, "rb") if isinstance(path, (str, os.PathLike)) else nullcontext(path)
        with opened as fh:
            problem = _check(fh)
            if problem == "does not start with a WARC record":
                yield Rejected(name, "bad-warc", f"{name}: is not a WARC file ({problem}); pass a .warc or .warc.gz file")
                return
            for record in ArchiveIterator(fh):
                seq += 1
                item = html_record(record) if seq > start_after else None
                record.raw_stream.read()  # the rest of the record, so a short one shows
                if record.raw_stream.limit > 0:
                    problem = problem or f"record {seq} is cut short"
                    if held is not None:
                        yield held  # whole: the record after it was read up to its end
                    held = None
                    break
                if held is not None:
                    yield held
                held = (seq, json.dumps(item, ensure_ascii=False).encode("utf-8"), fh.tell()) if item is not None else None
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        yield Rejected(name, "unreadable", f"{name}: cannot be read ({exc.strerror}); check the file")
        return
    except Exception as exc:  # warcio's ArchiveLoadFailed, zlib and header errors: one bad file, not a failed run
        problem = f"{type(exc).__name__}: {str(exc).strip()[:200]}"
        held = None
    if problem is None and seq == 0:
        problem = "no complete WARC record"
    if problem is None and held is not None:
        yield held
    if problem is not None:
        yield Rejected(name, "bad-warc", f"{name}: is a damaged or truncated WARC file ({problem}); "
                       f"the {max(0, seq - 1)} records before the damage were read")


__all__ = ["WARC_SUFFIXES", "html_record", "is_warc", "iter_warc"]
