"""Markdown pages (as page-to-markdown crawlers write them) to a :class:`Page`.

Parsed with markdown-it-py (CommonMark + tables). Rendering rules: links keep
their label, images are dropped, emphasis markers are dropped (but a block that
is emphasized as a whole is marked, since a lede or standfirst often is),
typographic quotes are kept as written, soft breaks become spaces and hard
breaks split a paragraph into lines of one group.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from presslens.read.base import BlockKind, Page, PageBuilder

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def read_markdown(text: str, source: str, meta: dict | None = None) -> Page:
    tokens = _MD.parse(text)
    builder = PageBuilder()
    stack: list[str] = []  # enclosing containers: list_item, blockquote, table
    list_ids: list[int] = []
    next_list = 0
    heading_level = 0
    row_cells: list[str] = []
    row_links = 0
    in_cell = False
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            list_ids.append(next_list)
            next_list += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_ids.pop()
        elif t == "list_item_open":
            stack.append("list_item")
        elif t == "list_item_close":
            stack.pop()
        elif t == "blockquote_open":
            stack.append("blockquote")
        elif t == "blockquote_close":
            stack.pop()
        elif t == "heading_open":
            heading_level = int(tok.tag[1:])
        elif t == "heading_close":
            heading_level = 0
        elif t == "tr_open":
            row_cells, row_links = [], 0
        elif t in ("th_open", "td_open"):
            in_cell = True
        elif t in ("th_close", "td_close"):
            in_cell = False
        elif t == "tr_close":
            builder.add("table", " | ".join(c for c in row_cells if c), link_chars=row_links)
        elif t == "hr":
            builder.add("hr", "")
        elif t in ("fence", "code_block"):
            builder.add("code", tok.content)
        elif t == "html_block":
            stripped = _WS.sub(" ", _TAG.sub(" ", tok.content)).strip()
            if stripped:
                builder.add("paragraph", stripped)
        elif t == "inline":
            lines = _render_inline(tok.children or [])
            if in_cell:
                row_cells.append(" ".join(line for line, _, _ in lines).strip())
                row_links += sum(lc for _, lc, _ in lines)
                continue
            kind: BlockKind
            if heading_level:
                kind = "heading"
            elif stack and stack[-1] == "list_item":
                kind = "list_item"
            elif "blockquote" in stack:
                kind = "blockquote"
            else:
                kind = "paragraph"
            first = True
            for line, link_chars, emph in lines:
                block = builder.add(
                    kind,
                    line,
                    level=heading_level or (len(list_ids) if kind == "list_item" else 0),
                    link_chars=link_chars,
                    emphasized=emph,
                    same_group=not first,
                    list_id=list_ids[-1] if kind == "list_item" and list_ids else -1,
                )
                if block is not None:
                    first = False
    return builder.build(source, "markdown", meta=meta)


def _render_inline(children: list[Token]) -> list[tuple[str, int, bool]]:
    """Render inline tokens to lines: (text, chars inside links, wholly emphasized)."""
    lines: list[tuple[str, int, bool]] = []
    buf: list[str] = []
    link_depth = 0
    emph_depth = 0
    link_chars = 0
    plain_chars = 0  # visible chars outside emphasis

    def flush() -> None:
        nonlocal buf, link_chars, plain_chars
        text = _WS.sub(" ", "".join(buf)).strip()
        if text:
            emph = plain_chars == 0 and any(ch.isalnum() for ch in text)
            lines.append((text, link_chars, emph))
        buf, link_chars, plain_chars = [], 0, 0

    for child in children:
        ct = child.type
        if ct in ("text", "code_inline"):
            content = child.content
            buf.append(content)
            if link_depth:
                link_chars += len(content)
            if not emph_depth:
                plain_chars += sum(1 for ch in content if ch.isalnum())
        elif ct == "softbreak":
            buf.append(" ")
        elif ct == "hardbreak":
            flush()
        elif ct == "link_open":
            link_depth += 1
        elif ct == "link_close":
            link_depth = max(0, link_depth - 1)
        elif ct in ("em_open", "strong_open"):
            emph_depth += 1
        elif ct in ("em_close", "strong_close"):
            emph_depth = max(0, emph_depth - 1)
        elif ct == "html_inline":
            if child.content.lower().startswith("<br"):
                flush()
        # images are dropped: their alt text is not article text
    flush()
    return lines
