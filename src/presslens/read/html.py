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

from presslens.read.base import BlockKind, Page, PageBuilder, strip_a11y
from presslens.read.html_authors import authors_from_markup

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


def read_html(text: str, source: str, meta: dict | None = None, *, favor_precision: bool = False, fast: bool = False) -> Page:
    """Read one HTML page.

    ``fast`` is passed to trafilatura: it skips the readability/jusText
    comparison and rescue (about a third of trafilatura's time). Off by
    default; ``bench/extraction.py`` reports what it costs and saves.
    """
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
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
        fast=fast,
    )
    if doc is not None:
        body = getattr(doc, "text", None) or ""
        extracted = tuple(strip_a11y(line) for line in body.split("\n") if line.strip())
    builder = PageBuilder()
    _render(tree, builder)
    if not extracted and builder.length < 200:
        # A broken <head> (an unclosed <title> or comment) can swallow the whole page:
        # parse again from <body> and keep that reading if it holds more text.
        rescued = _from_body(text, meta.get("url"), favor_precision, fast)
        if rescued is not None:
            tree, builder, extracted = rescued
    # Metadata last: htmldate may prune the tree it is given, and the render is done.
    _merge_meta(meta, _page_metadata(tree, meta.get("url")))
    lang = tree.get("lang") or ""
    if lang and not meta.get("language"):
        meta["language"] = lang.split("-")[0].lower()[:8]
    return builder.build(source, "html", meta=meta, extracted=extracted, lazy_meta=_Lazy(tree, meta.get("url")))


_BODY_TAG = re.compile(r"<body[\s>]", re.I)


def _from_body(text: str, url: str | None, favor_precision: bool, fast: bool) -> tuple[Any, PageBuilder, tuple[str, ...]] | None:
    from trafilatura import bare_extraction

    m = _BODY_TAG.search(text)
    if m is None:
        return None
    tree = parse_html("<html>" + text[m.start() :])
    if tree is None:
        return None
    builder = PageBuilder()
    _render(tree, builder)
    if builder.length < 200:
        return None
    doc = bare_extraction(tree, url=url, include_comments=False, favor_precision=favor_precision, fast=fast)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    extracted = tuple(strip_a11y(line) for line in body.split("\n") if line.strip())
    return tree, builder, extracted


class _Lazy:
    """The slow metadata scans, run only when structure found no byline or date in the text:
    ``authors`` (author markup), ``published_markup`` (htmldate on the markup: meta tags,
    JSON-LD, the URL, <time> elements) and ``published`` (htmldate's extensive search)."""

    def __init__(self, tree: Any, url: str | None) -> None:
        self.tree, self.url = tree, url

    def __call__(self, field: str) -> Any:
        try:
            if field == "authors":
                return authors_from_markup(self.tree)
            if field in ("published", "published_markup"):
                from htmldate import find_date
                from trafilatura.settings import set_date_params

                params = set_date_params(field == "published")
                params["url"] = self.url
                date = find_date(self.tree, **params)
                return date[:10] if date else None
        except Exception:  # noqa: BLE001 - optional metadata never fails a page
            return None
        return None


def _page_metadata(tree: Any, url: str | None) -> Any:
    """trafilatura's metadata steps, minus the two slow scans that presslens covers itself.

    Kept: meta tags (with their categories and keywords), JSON-LD, title, URL,
    htmldate on the markup (not its extensive text search), site name. Skipped:
    the whole-page author XPath scan and the category/tag link scan (bylines and
    "Tags:"/"Topics:" lines are read from the page text by the structure rules)
    and the license scan. About 3x cheaper than ``with_metadata=True``
    (``bench/extraction.py`` times both); measured piece by piece, the
    category/tag scan alone cost 14% of a plain trafilatura extraction.
    """
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )

    md = examine_meta(tree)
    try:
        md = extract_meta_json(tree, md)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD parser fails on odd markup; keep what we have
        pass
    if not md.title:
        md.title = extract_title(tree)
    if not md.url:
        md.url = extract_url(tree, url)
    # The date (htmldate on the markup) is read lazily: a date printed by the headline or the
    # byline comes first, and most pages have one (Page.lazy_meta("published_markup")).
    md.date = None
    if not md.sitename:
        md.sitename = extract_sitename(tree)
    if md.sitename:
        md.sitename = md.sitename.lstrip("@")
        if md.sitename and "." not in md.sitename and not md.sitename[0].isupper():
            md.sitename = md.sitename.title()
    elif md.url:
        from trafilatura.metadata import META_URL

        host = META_URL.match(md.url)
        if host:
            md.sitename = host[1]
    md.clean_and_trim()
    return md


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


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ALNUM = re.compile(r"[^\W_]")  # exactly str.isalnum()
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = {"ul", "ol", "menu"}
_CELLS = {"td", "th"}
# What the renderer does at an element, by tag (anything else is inline text).
_INLINE, _SKIPPED, _BREAK, _LINK, _EMPHASIS, _BLOCKCAT = range(6)
_CATEGORY: dict[str, int] = {
    **dict.fromkeys(_BLOCK, _BLOCKCAT),
    **dict.fromkeys(_EMPH, _EMPHASIS),
    "a": _LINK,
    "br": _BREAK,
    "hr": _BREAK,
    **dict.fromkeys(_SKIP, _SKIPPED),
}


def _hidden(el: Any) -> bool:
    get = el.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _render(tree: Any, builder: PageBuilder) -> None:
    """Walk the tree once, emitting a block at each block-level boundary.

    Iterative (``etree.iterwalk``), so deep pages cannot hit the recursion
    limit, and linear in the size of the page. Per block it tracks the text
    parts, the characters inside links and whether any letter or digit sits
    outside emphasis (a block with none is "emphasized" as a whole).
    """
    add = builder.add
    ws_sub = _WS.sub
    alnum = _ALNUM.search
    # the open block
    parts: list[str] = []
    has_text = False  # any part that is not whitespace
    links = 0
    plain = False
    b_kind: BlockKind = "paragraph"
    b_level = 0
    b_list = -1
    # walker state
    link_depth = 0
    emph_depth = 0
    first = True
    n_lists = 0

    br_run = False  # the open block follows a <br>: its line joins the previous line's group

    def flush(same_group: bool = False) -> None:
        # called only when parts is non-empty (links and plain are 0/False otherwise).
        # same_group=True means "a <br> ends this line": the next line joins its group.
        nonlocal parts, links, plain, first, br_run, has_text
        text = ws_sub(" ", "".join(parts)).strip().strip(" |").strip()
        if text:
            add(
                b_kind,
                text,
                level=b_level,
                link_chars=links,
                emphasized=not plain,
                same_group=br_run and not first,
                list_id=b_list,
            )
            first = False
            br_run = same_group
        elif not same_group:
            br_run = False
        parts = []
        links = 0
        plain = False
        has_text = False

    body = tree.find(".//body")
    root = body if body is not None else tree
    cat_of = _CATEGORY.get
    # One frame per open element: (tag, kind it was given, kind for its children, category).
    frames: list[tuple[str, BlockKind, BlockKind, int]] = []
    push, pop = frames.append, frames.pop
    kind: BlockKind = "paragraph"  # the kind children of the innermost open element get
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    for event, el in walker:
        cell_end = False
        if event == "start":
            tag = el.tag
            if isinstance(tag, str):
                tag = tag.lower()
                cat = cat_of(tag, _INLINE)
            else:
                tag, cat = "", _SKIPPED
            if cat != _SKIPPED and _hidden(el):
                cat = _SKIPPED
            if cat == _INLINE:
                push((tag, kind, kind, cat))
            elif cat == _SKIPPED or cat == _BREAK:
                if tag == "br":
                    if has_text:
                        flush(same_group=True)
                    b_kind = kind
                elif tag == "hr":
                    if has_text:
                        flush()
                    br_run = False
                    add("hr", "")
                push((tag, kind, kind, _SKIPPED))
                walker.skip_subtree()
                continue
            elif cat == _LINK:
                link_depth += 1
                push((tag, kind, kind, cat))
            elif cat == _EMPHASIS:
                emph_depth += 1
                push((tag, kind, kind, cat))
            else:  # a block
                child_kind = kind
                level = 0
                list_id = b_list
                if tag in _HEADINGS:
                    child_kind, level = "heading", _HEADINGS[tag]
                elif tag == "li":
                    child_kind, level = "list_item", 1
                elif tag in _LISTS:
                    n_lists += 1
                    list_id = n_lists
                elif tag == "blockquote":
                    child_kind = "blockquote"
                elif tag == "pre":
                    child_kind = "code"
                elif tag == "tr":
                    child_kind = "table"
                if has_text:
                    flush()
                br_run = False
                b_kind, b_level = child_kind, level
                b_list = list_id if child_kind == "list_item" or tag in _LISTS else -1
                push((tag, kind, child_kind, cat))
                kind = child_kind
            t = el.text
        elif event == "end":
            tag, given, _, cat = pop()
            if cat == _LINK:
                link_depth -= 1
            elif cat == _EMPHASIS:
                emph_depth -= 1
            elif cat == _BLOCKCAT:
                if has_text:
                    flush()
                br_run = False
                b_kind, b_level = given, 0
                if given != "list_item":
                    b_list = -1
                kind = given
            t = el.tail if tag else None
            cell_end = bool(tag in _CELLS and frames and frames[-1][0] == "tr")
        else:  # comment
            t = el.tail
        if t:
            parts.append(t)
            if not has_text and not t.isspace():
                has_text = True
            if link_depth:
                links += len(t.strip())
            if not emph_depth and not plain and alnum(t):
                plain = True
        if cell_end:
            parts.append(" | ")
    if has_text:
        flush()


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment (used for JSON records whose text is HTML-ish)."""
    try:
        return lxml_html.fromstring(fragment).text_content()
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment)
