"""What every reader produces: a :class:`Page` of :class:`Block` objects.

A reader turns raw input (HTML, markdown, plain text, a JSON record) into the
plain text of the whole page (``Page.text``) cut into blocks with offsets into
it, plus whatever metadata the format itself carries (``Page.meta``: HTML meta
tags, JSON fields). Finding the article in the page is the job of
:mod:`presslens.structure`, which works the same whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "blockquote", "table", "code", "hr"]


@dataclass(frozen=True, slots=True)
class Block:
    """One block of page text.

    ``group`` ties together lines that the source wrote as one paragraph with
    hard line breaks (markdown ``"  \\n"``, HTML ``<br>``): rules see each line
    on its own, the body keeps the paragraph whole.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    link_chars: int = 0
    emphasized: bool = False
    group: int = 0
    list_id: int = -1
    """Blocks of one list (``ul``/``ol``) share a ``list_id``; -1 when not in a list."""

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass(frozen=True, slots=True)
class Page:
    """A page as read, before structure: its text, its blocks and format-level metadata.

    ``extracted`` holds the body paragraphs an upstream extractor (trafilatura
    for HTML) chose, when there is one; ``None`` means structure must find the
    body among ``blocks`` itself.
    """

    source: str
    format: str
    text: str
    blocks: tuple[Block, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    extracted: tuple[str, ...] | None = None
    lazy_meta: Callable[[str], Any] | None = field(default=None, compare=False, repr=False)
    """Costly metadata a reader can still find on request (``"authors"``, ``"published"``):
    structure asks only when the page text gave none, so the common case stays fast."""


# Link suffixes written for screen readers (visually hidden on the page, but in its text):
# "Reuters, opens new tab", "(opens in a new window)".
_A11Y_SUFFIX = re.compile(r",?\s*\(?\bopens\s+(?:in\s+)?(?:a\s+)?new\s+(?:tab|window)\)?", re.I)


def strip_a11y(text: str) -> str:
    """Text without screen-reader link suffixes (", opens new tab")."""
    return _A11Y_SUFFIX.sub("", text) if "new " in text else text


class PageBuilder:
    """Accumulates blocks while keeping ``Page.text`` and offsets in step."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self._group = 0

    def new_group(self) -> None:
        self._group += 1

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        level: int = 0,
        link_chars: int = 0,
        emphasized: bool = False,
        same_group: bool = False,
        list_id: int = -1,
    ) -> Block | None:
        text = text.strip()
        if "new " in text:
            stripped = strip_a11y(text)
            # the suffix sat inside a link: it leaves the link's characters too
            link_chars = max(0, link_chars - (len(text) - len(stripped)))
            text = stripped
        if not text and kind != "hr":
            return None
        if kind == "hr":
            text = text or "---"
        if self.blocks:
            sep = "\n" if same_group else "\n\n"
            self.parts.append(sep)
            self.length += len(sep)
        if not same_group:
            self._group += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        block = Block(
            kind=kind,
            text=text,
            start=start,
            end=self.length,
            level=level,
            link_chars=min(link_chars, len(text)),
            emphasized=emphasized,
            group=self._group,
            list_id=list_id,
        )
        self.blocks.append(block)
        return block

    def build(
        self,
        source: str,
        fmt: str,
        meta: dict[str, Any] | None = None,
        extracted: tuple[str, ...] | None = None,
        lazy_meta: Callable[[str], Any] | None = None,
    ) -> Page:
        return Page(
            source=source,
            format=fmt,
            text="".join(self.parts),
            blocks=tuple(self.blocks),
            meta=meta or {},
            extracted=extracted,
            lazy_meta=lazy_meta,
        )
