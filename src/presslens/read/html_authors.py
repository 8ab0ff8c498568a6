"""Authors a page's markup states, asked lazily by the HTML reader (``read/html.py``) when no
visible byline or head metadata named anyone: JSON-LD persons, author meta tags anywhere in the
page, the theme's author elements."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

_RE_NS = {"re": "http://exslt.org/regular-expressions"}
# Author markup the common CMS themes print (WordPress "author vcard" / "url fn n", rel/itemprop
# author, "byline", "author-name"...), never inside a comment list, a sidebar or a widget: those
# name commenters and other posts' authors. <body> and <html> are not judged (their classes
# describe the page: "has-sidebar"). First the class, rel and itemprop values as plain strings
# (no element proxies, no EXSLT regex callback per element: that cost ~6 ms a page), then only the
# elements that carry an accepted value.
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_ROLE_VALUES = etree.XPath("//@rel | //@itemprop", smart_strings=False)
_AUTHOR_MARKUP = "//*[@rel='author' or @itemprop='author' or @itemprop='creator'"
_AUTHOR_CLASS = re.compile(
    r"(?:^|\s)(?:author|byline|vcard|entry-author|post-author|meta-author|article-author)(?:\s|$)"
    r"|author-?_?name|auth_name|byline__name",
    re.I,
)
_NOT_ARTICLE = re.compile(r"comment|sidebar|widget|related|recent|reply|respond", re.I)


def _author_elements(tree: Any) -> list[Any]:
    """The theme's author elements in page order, outside comments, sidebars and widgets."""
    classes = {v for v in set(_CLASS_VALUES(tree)) if _AUTHOR_CLASS.search(v)}
    if not classes and not {"author", "creator"} & set(_ROLE_VALUES(tree)):
        return []
    if any("'" in c for c in classes):
        return []  # (no theme writes a quote into a class name)
    query = _AUTHOR_MARKUP + "".join(f" or @class='{c}'" for c in sorted(classes)) + "]"
    out: list[Any] = []
    for el in tree.xpath(query):
        for a in (el, *el.iterancestors()):
            if a.tag not in ("body", "html") and _NOT_ARTICLE.search(f"{a.get('class') or ''} {a.get('id') or ''}"):
                break
        else:
            out.append(el)
    return out


# Author meta tags wherever they sit (trafilatura reads <head> only, and not property="dc:creator").
_AUTHOR_META = etree.XPath(
    "//meta[re:test(concat(@name, ' ', @property), '^\\s*(?:author|dc[.:]creator|dcterms[.:]creator|citation_author|"
    "parsely-author|sailthru[.]author)\\s*$', 'i')]/@content",
    namespaces=_RE_NS,
)
_BY = re.compile(
    r"^\s*(?:(?:posted|written|published|veröffentlicht|geschrieben)\s+(?:by|von)|by|von|par|por|autor(?:in)?|authors?|auteur)"
    r"(?:\s*:\s*|\s+)",
    re.I,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b)\s*")


def authors_from_markup(tree: Any) -> list[str]:
    """Authors the markup states when no visible byline or head metadata named any: a
    JSON-LD ``author`` that is a person (of any item type: recipes, forum posts and
    reviews carry one too), author meta tags anywhere in the page, then the first author
    element of the theme (``_AUTHOR_XPATH``).

    One pass each instead of trafilatura's author scan (several times slower); a single
    word is kept (blogs sign with a handle: "gnaddrig"); the structure step cleans what
    this returns (roles, wires, debris) like any byline.
    """
    names = _jsonld_persons(tree)
    if names:
        return names
    for content in _AUTHOR_META(tree):
        names = _split_markup_names(str(content))
        if names:
            return names
    for el in _author_elements(tree)[:8]:
        names = _split_markup_names(el.text_content())
        if names:
            return names  # the first author element only: later ones are teasers, sidebars and comments
    return []


def _split_markup_names(text: str) -> list[str]:
    text = _BY.sub("", " ".join(text.split())).strip(" |:·•-–—")
    if not text or len(text) > 80 or any(ch.isdigit() for ch in text) or "://" in text or "@" in text:
        return []
    names: list[str] = []
    for part in _NAME_SPLIT.split(text):
        part = part.strip(" |,:·•")
        if part.endswith(".") and not re.search(r"(?:^|\s)\w\.$", part):
            part = part.rstrip(".")  # a sentence's full stop, not an initial ("Joe S.")
        if part and len(part.split()) <= 4 and part not in names:
            names.append(part)
    return names


def _jsonld_persons(tree: Any) -> list[str]:
    """The first JSON-LD item's person authors (breadth first: the page's main item before
    the reviews and comments nested in it)."""
    import json

    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        queue: list[Any] = [data]
        seen = 0
        while queue and seen < 200:
            item = queue.pop(0)
            seen += 1
            if isinstance(item, list):
                queue.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            author = item.get("author") or item.get("creator")
            if author:
                names: list[str] = []
                for a in author if isinstance(author, list) else [author]:
                    if isinstance(a, dict) and a.get("@type") in (None, "Person", ["Person"]) and isinstance(a.get("name"), str):
                        names.extend(_split_markup_names(a["name"]))
                    elif isinstance(a, str):
                        names.extend(_split_markup_names(a))
                if names:
                    return list(dict.fromkeys(names))
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in item:
                    queue.append(item[key])
    return []
