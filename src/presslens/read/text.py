"""Plain text to a :class:`Page`.

Paragraphs are separated by blank lines. Inside a paragraph, lines that look
hard-wrapped (long, not ending a sentence) are joined with spaces; otherwise
each line is its own block of one group, as a one-paragraph-per-line dump
(newspaper3k output, corpora) writes them. Dumps that join paragraphs with
`` ### `` are split there.
"""

from __future__ import annotations

import re

from presslens.read.base import BlockKind, Page, PageBuilder

_BLANK = re.compile(r"\n[ \t]*\n+")
_HASH_SEP = re.compile(r"(?:\s*###\s*)+(?=\S)|\s*###\s*$")


def read_text(text: str, source: str, meta: dict | None = None) -> Page:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text.strip() and len(_HASH_SEP.findall(text)) >= 2:
        text = _HASH_SEP.sub("\n\n", text)
    builder = PageBuilder()
    for chunk in _BLANK.split(text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _hard_wrapped(lines):
            builder.add("paragraph", " ".join(lines))
            continue
        # One line per paragraph: each line its own block (and group).
        for line in lines:
            kind: BlockKind = "list_item" if re.match(r"^(?:[-*•]|\d{1,2}[.)])\s+", line) else "paragraph"
            builder.add(kind, line)
    return builder.build(source, "text", meta=meta)


def _hard_wrapped(lines: list[str]) -> bool:
    body = lines[:-1]
    if not body:
        return False
    long = [ln for ln in body if 40 <= len(ln) <= 100]
    open_ended = [ln for ln in body if not ln.endswith((".", "!", "?", ":", '"', "”"))]
    return len(long) >= 0.8 * len(body) and len(open_ended) >= 0.5 * len(body)
