"""Turn raw bytes into text, refusing what is not text, and detect the format.

Bad input is normal input: every refusal is an :class:`InputError` whose one
line names the file, the reason and what to do next.
"""

from __future__ import annotations

import gzip
import json
import re

from charset_normalizer import from_bytes

from presslens.errors import InputError

FORMATS = ("html", "markdown", "text", "jsonl")

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x7fELF",
    b"\x00\x00\x01\x00",
    b"RIFF",
    b"OggS",
    b"ID3",
)


def _human(n: int) -> str:
    """12 bytes, 3.4 kB, 20 MB: readable whatever the limit (a 1 kB limit is not '0 MB')."""
    if n < 1000:
        return f"{n} bytes"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"  # pragma: no cover


def check_size(path: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            path,
            "too-large",
            f"is {_human(size)}, over the {_human(max_bytes)} size limit",
            "raise it with --max-bytes (or PRESSLENS_MAX_BYTES)",
        )


def maybe_gunzip(path: str, data: bytes, max_bytes: int) -> bytes:
    """Gzip input is read transparently (corpora ship .gz); a truncated stream is refused."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise InputError(path, "bad-gzip", f"is a damaged or truncated gzip file ({exc})", "re-download or re-compress it") from exc
    check_size(path, len(out), max_bytes)
    return out


def decode(path: str, data: bytes, max_bytes: int) -> str:
    """Bytes to str: BOM, then declared HTML charset, then UTF-8, then detection."""
    check_size(path, len(data), max_bytes)
    data = maybe_gunzip(path, data, max_bytes)
    if not data.strip():
        raise InputError(path, "empty", "is empty", "pass a file with an article in it")
    text = _decode(path, data)
    if not text.strip():  # a BOM alone, or Unicode spaces (no-break, em space)
        raise InputError(path, "empty", "is empty", "pass a file with an article in it")
    return text


def _decode(path: str, data: bytes) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                break
    if data.startswith(_BINARY_MAGIC) or _looks_binary(data):
        raise InputError(
            path, "binary", "is a binary file, not HTML, markdown or text", "pass the article page as HTML, markdown or text"
        )
    # Bytes that decode cleanly as UTF-8 (and are not plain ASCII) are UTF-8 whatever
    # the page's label says: mislabelled "ISO-8859-1" pages are common on the web.
    if not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        # As browsers do (WHATWG): a page labelled latin-1 or ASCII is windows-1252.
        enc = _WEB_ALIASES.get(enc, enc)
        try:
            text = data.decode(enc)
            if enc.replace("-", "") in {"utf8"} or "\ufffd" not in text:
                return text
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _as_western(data)
    if western is not None:
        return western
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(path, "undecodable", "is not text in any encoding presslens can detect", "convert it to UTF-8")
    return data.decode(best.encoding, errors="replace")


_WEB_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                "us-ascii": "cp1252", "ascii": "cp1252"}
# What Western European text written in windows-1252 contains besides ASCII.
_WESTERN_EXTRA = set(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŠšŒœŽžŸƒ"
    "“”‘’‚„–—…•€£¥¢«»°©®™§¶·¡¿½¼¾±×÷\u00a0\u00ad´"
)


def _as_western(data: bytes) -> str | None:
    """The text as windows-1252 when it reads as mostly-ASCII Western European prose.

    Statistical detection is unreliable on such text (a few accented letters and
    curly quotes among ASCII): it picks mac_latin2 or cp775 and garbles them. Text
    in Cyrillic, Greek or CJK code pages is mostly non-ASCII letters, so it fails
    the ratio test and goes to detection.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return text
    if sum(1 for ch in high if ch not in _WESTERN_EXTRA) > len(high) * 0.02:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    high_letters = sum(1 for ch in high if ch.isalpha())
    return text if high_letters <= 0.2 * max(1, letters) else None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without BOM is rare on the web; treat NULs as binary.
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05


_HTML_HINT = re.compile(r"<(!doctype\s+html|html|head|body|div|p|article|meta|title|span|table|br)\b", re.I)
# A page that opens with an ATX or setext heading is markdown even with no other markup.
_MD_TITLE = re.compile(r"(?:#{1,6}[ \t]+\S[^\n]*|[^\n]+\n=+[ \t]*)(?:\n|$)")
_MD_HINT = re.compile(r"(^#{1,6}\s+\S|\[[^\]\n]+\]\([^)\n]*\)|^\s*[-*+]\s+\S|^\*\*[^*\n]+\*\*|^>\s)", re.M)


def detect_format(text: str, name: str = "") -> str:
    """Guess the format from the file name, then from the content."""
    lower = name.lower()
    for suffix in (".gz",):
        if lower.endswith(suffix):
            lower = lower[: -len(suffix)]
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".md", ".markdown", ".mdown")):
        return "markdown"
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith(".txt"):
        return "text"
    head = text.lstrip()[:5000]
    if head.startswith("{"):
        first = head.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            try:
                if isinstance(json.loads(text), dict):
                    return "jsonl"
            except ValueError:
                pass
    if len(_HTML_HINT.findall(head)) >= 2:
        return "html"
    if len(_MD_HINT.findall(head)) >= 2 or _MD_TITLE.match(head):
        return "markdown"
    return "text"
