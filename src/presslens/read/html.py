"""HTML pages to a :class:`Page`: trafilatura for the body and metadata, plus the page's own text.

trafilatura chooses the main-text paragraphs (``Page.extracted``) and reads
the metadata (title, author, date, site name, categories, tags). The whole
page is also rendered to blocks here (``Page.text``/``Page.blocks``), so that
structure rules can find what trafilatura keeps or drops: taxonomy lines,
"original source" footers, copyright lines, bylines above the body.

Scripts, styles, forms, templates and hidden elements never become text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from presslens.read.base import BlockKind, Page, PageBuilder

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_SKIP = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "select", "option", "button", "input", "textarea", "head", "title", "meta", "link",
}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tbody", "thead", "tfoot", "tr",
    "figure", "figcaption", "form", "address", "details", "summary", "center", "body", "html", "li",
    "caption", "fieldset", "hgroup", "menu",
}
_EMPH = {"em", "i", "strong", "b"}
_WS = re.compile(r"\s+")


def parse_html(text: str) -> Any:
    """Parse once; the tree is shared by trafilatura (which copies it) and the renderer."""
    from trafilatura.utils import load_html

    return load_html(text)


def read_html(text: str, source: str, meta: dict | None = None, *, favor_precision: bool = False) -> Page:
    from trafilatura import bare_extraction

    tree = parse_html(text)
    meta = dict(meta or {})
    extracted: tuple[str, ...] | None = ()
    if tree is None:
        builder = PageBuilder()
        return builder.build(source, "html", meta=meta, extracted=())
    doc = bare_extraction(
        tree,
        url=meta.get("url"),
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
    )
    if doc is not None:
        body = doc.text or ""
        extracted = tuple(line for line in body.split("\n") if line.strip())
        _merge_meta(meta, doc)
    builder = PageBuilder()
    _render(tree, builder)
    return builder.build(source, "html", meta=meta, extracted=extracted)


def _merge_meta(meta: dict, doc: Any) -> None:
    def setdefault(key: str, value: Any) -> None:
        if value and not meta.get(key):
            meta[key] = value

    setdefault("title", doc.title)
    if doc.author:
        names = [a.strip() for a in re.split(r";|\band\b|,(?=\s*[A-Z][a-z]+\s+[A-Z])", doc.author) if a.strip()]
        setdefault("authors", names)
    if doc.date:
        setdefault("published", doc.date[:10])
    if doc.sitename:
        setdefault("publisher", re.split(r"\s+[|•·]\s+", doc.sitename)[0].strip())
    setdefault("language", doc.language)
    setdefault("url", doc.url)
    setdefault("description", doc.description)
    tags: dict[str, list[str]] = {}
    if doc.categories:
        tags["Categories"] = _split_tags(doc.categories)
    if doc.tags:
        tags["Tags"] = _split_tags(doc.tags)
    if tags:
        setdefault("tags", tags)


def _split_tags(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        for part in v.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


class _Block:
    __slots__ = ("parts", "links", "plain", "kind", "level", "list_id")

    def __init__(self, kind: BlockKind, level: int = 0, list_id: int = -1) -> None:
        self.parts: list[str] = []
        self.links = 0
        self.plain = 0
        self.kind = kind
        self.level = level
        self.list_id = list_id


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I))


def _render(tree: Any, builder: PageBuilder) -> None:
    """Walk the tree once, emitting a block at each block-level boundary."""
    state = {"cur": _Block("paragraph"), "link": 0, "emph": 0, "first": True, "list": -1, "lists": 0}
    stack: list[tuple[str, BlockKind, int, int]] = []

    def flush(same_group: bool = False) -> None:
        cur: _Block = state["cur"]
        text = _WS.sub(" ", "".join(cur.parts)).strip().strip(" |").strip()
        if text:
            emph = cur.plain == 0
            builder.add(
                cur.kind,
                text,
                level=cur.level,
                link_chars=cur.links,
                emphasized=emph,
                same_group=same_group and not state["first"],
                list_id=cur.list_id,
            )
            state["first"] = False
        state["cur"] = _Block(cur.kind, cur.level, cur.list_id)

    def add_text(t: str | None) -> None:
        if not t:
            return
        cur: _Block = state["cur"]
        cur.parts.append(t)
        if state["link"]:
            cur.links += len(t.strip())
        if not state["emph"]:
            cur.plain += sum(1 for ch in t if ch.isalnum())

    def walk(el: Any, kind: BlockKind) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in _SKIP or _hidden(el):
            add_text(el.tail if tag or isinstance(el, etree._Comment) else None)
            return
        if tag == "br":
            flush(same_group=True)
            state["cur"].kind = kind
            add_text(el.tail)
            return
        if tag == "hr":
            flush()
            builder.add("hr", "")
            add_text(el.tail)
            return
        is_block = tag in _BLOCK
        child_kind = kind
        level = 0
        list_id = state["cur"].list_id
        if is_block:
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                child_kind, level = "heading", int(tag[1])
            elif tag == "li":
                child_kind, level = "list_item", 1
            elif tag in ("ul", "ol", "menu"):
                state["lists"] += 1
                list_id = state["lists"]
            elif tag == "blockquote":
                child_kind = "blockquote"
            elif tag == "pre":
                child_kind = "code"
            elif tag == "tr":
                child_kind = "table"
            flush()
            state["cur"] = _Block(child_kind, level, list_id if child_kind == "list_item" or tag in ("ul", "ol", "menu") else -1)
        if tag == "a":
            state["link"] += 1
        if tag in _EMPH:
            state["emph"] += 1
        add_text(el.text)
        for child in el:
            walk(child, child_kind)
            if tag == "tr" and isinstance(child.tag, str) and child.tag.lower() in ("td", "th"):
                state["cur"].parts.append(" | ")
        if tag == "a":
            state["link"] -= 1
        if tag in _EMPH:
            state["emph"] -= 1
        if is_block:
            flush()
            state["cur"] = _Block(kind, 0, -1 if kind != "list_item" else state["cur"].list_id)
        add_text(el.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree, "paragraph")
    flush()


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment (used for JSON records whose text is HTML-ish)."""
    try:
        return lxml_html.fromstring(fragment).text_content()
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment)
