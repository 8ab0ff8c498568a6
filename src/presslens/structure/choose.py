"""Choose the article body among a page's units, and sort the rest around it.

Two ways in: the units an upstream extractor kept (HTML, ``Page.extracted``),
or the best prose region of the whole page (:mod:`presslens.structure.body`)
when there is no extractor or it found nothing. Either way the result is a
:class:`State`: the body units, the title unit, the units just before the
body (``pre``, where bylines and datelines sit), those after it (``post``)
and those far before it (``far``, menus and headers). :func:`trim_body` then
peels metadata and boilerplate off the body's head and tail.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from presslens.read.base import Page
from presslens.structure.body import find_region, prose_score
from presslens.structure.classify import Hit, Unit, classify

META_WINDOW = 15  # units before the body searched for byline, date, taxonomy
ABOVE_WINDOW = 6  # units just above the title searched for a byline or a date


@dataclass
class State:
    """One page on its way to an :class:`~presslens.records.Article`."""

    page: Page
    units: list[Unit]
    body: list[Unit] = field(default_factory=list)
    removed: list[Unit] = field(default_factory=list)
    pre: list[Unit] = field(default_factory=list)
    post: list[Unit] = field(default_factory=list)
    far: list[Unit] = field(default_factory=list)  # outside the body, before the title
    title_unit: Unit | None = None
    warnings: list[str] = field(default_factory=list)


def choose_body(st: State) -> None:
    """Fill ``st.body``/``pre``/``post``/``far``/``title_unit`` and trim the body's edges."""
    if st.page.extracted:
        # The extractor chose the body: classify only the lines that structure reads.
        body_from_extracted(st)
        trim_body(st)
        if st.body:
            return
        # everything it kept was chrome (a photo caption, a byline): score every block instead
        st.body, st.removed, st.pre, st.post, st.far, st.title_unit = [], [], [], [], [], None
    # No extractor, or it found nothing (trafilatura drops short pages): score every block.
    for u in st.units:
        classify_unit(u)
    body_from_region(st)
    trim_body(st)


# ---------------------------------------------------------------------------
# the best prose region (markdown, text, HTML without an extraction)
# ---------------------------------------------------------------------------
def body_from_region(st: State) -> None:
    region = find_region(st.units)
    if region is None:
        st.body = []
        return
    a, b = _extend(st.units, *region)
    st.body = st.units[a:b]
    title_idx = _find_title(st.units, a)
    if title_idx is not None:
        st.title_unit = st.units[title_idx]
        st.pre = st.units[title_idx + 1 : a]
        st.far = st.units[:title_idx]
    else:
        st.pre = st.units[max(0, a - META_WINDOW) : a]
        st.far = st.units[: max(0, a - META_WINDOW)]
    st.post = st.units[b:]


_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?$")


def _edge_prose(u: Unit) -> bool:
    """A short line that still reads as article prose (a closing 'He declined to comment.')."""
    return (
        u.hit is None
        and u.kind in ("paragraph", "blockquote")
        and u.link_density < 0.2
        and len(u.text.split()) >= 4
        and bool(_SENTENCE_END.search(u.text))
    )


def _extend(units: list[Unit], a: int, b: int) -> tuple[int, int]:
    while a > 0 and _edge_prose(units[a - 1]):
        a -= 1
    while b < len(units) and _edge_prose(units[b]):
        b += 1
    return a, b


def _find_title(units: list[Unit], body_start: int) -> int | None:
    """The nearest level-1 heading within 60 units before the body (a table of contents or a
    standfirst may sit between), else the nearest level-1 or -2 heading within 25 units,
    else the page's first level-1 heading before the body."""
    for i in range(body_start - 1, max(-1, body_start - 1 - 60), -1):
        u = units[i]
        if u.kind == "heading" and u.level == 1 and len(u.text) <= 300:
            return i
    best = None
    for i in range(body_start - 1, max(-1, body_start - 1 - 25), -1):
        u = units[i]
        if u.kind == "heading" and u.level <= 2 and len(u.text) <= 300:
            if u.level == 1:
                return i
            if best is None:
                best = i
    if best is not None:
        return best
    for i, u in enumerate(units[:body_start]):
        if u.kind == "heading" and u.level == 1:
            return i
    return None


# ---------------------------------------------------------------------------
# the extractor's paragraphs (HTML)
# ---------------------------------------------------------------------------
def _locate(text: str, needle: str, pos: int) -> int:
    i = text.find(needle, pos)
    if i < 0:
        i = text.find(needle)
    if i < 0 and len(needle) > 40:
        i = text.find(needle[:40], pos)
    return i


def _extracted_units(st: State) -> list[Unit]:
    """The extractor's paragraphs as units placed in the page text (start -1 when not found)."""
    page = st.page
    pos = 0
    body: list[Unit] = []
    for group, para in enumerate(page.extracted or ()):
        para = para.strip()
        if not para:
            continue
        i = _locate(page.text, para, pos)
        start, end = (i, i + len(para)) if i >= 0 else (-1, -1)
        if i >= 0:
            pos = end
        u = Unit(text=para, start=start, end=end, kind="paragraph", group=10_000 + group)
        u.hit = classify(para, 0.0)
        body.append(u)
    return body


def _adopt_leading_lines(st: State, body: list[Unit]) -> None:
    """Leading extracted lines that only repeat the page title, or that sit inside a
    page line a rule recognises (a dateline whose <time> the extractor dropped),
    take that line's classification."""
    page_title = (st.page.meta.get("title") or "").strip()
    while body and body[0].hit is None:
        u = body[0]
        if page_title and u.text.strip() == page_title:
            body.pop(0)
            continue
        container = next((v for v in st.units if v.start <= u.start and u.end <= v.end), None) if u.start >= 0 else None
        if container is None or classify_unit(container) is None or len(u.text.split()) > 12:
            break
        u.hit = container.hit
        u.text, u.start, u.end = container.text, container.start, container.end
        break


def body_from_extracted(st: State) -> None:
    page = st.page
    body = _extracted_units(st)
    _adopt_leading_lines(st, body)
    st.body = body
    spans = [(u.start, u.end) for u in body if u.start >= 0]
    inside = covered(spans)
    outside = [u for u in st.units if not inside(u.start, u.end)]
    # Metadata lines sit between the page's title heading and the first body line.
    first = spans[0][0] if spans else len(page.text)
    before = [u for u in outside if u.end <= first]
    title_idx = None
    for i in range(len(before) - 1, max(-1, len(before) - 1 - 25), -1):
        if before[i].kind == "heading" and before[i].level <= 2:
            title_idx = i
            if before[i].level == 1:
                break
    if title_idx is not None:
        st.title_unit = before[title_idx]
        st.pre = before[title_idx + 1 :]
        st.far = before[:title_idx]
    else:
        st.pre = before[-META_WINDOW:]
        st.far = before[:-META_WINDOW]
    st.post = [u for u in outside if u.start >= first]
    _classify_around(st)


def near_post(st: State) -> list[Unit]:
    """The units after the body that structure reads closely: those inside the body's
    span (asides the extractor skipped) and the first ``2 * META_WINDOW`` after it."""
    last_end = max((u.end for u in st.body if u.start >= 0), default=-1)
    return [u for u in st.post if u.start < last_end] + [u for u in st.post if u.start >= last_end][: 2 * META_WINDOW]


def _classify_around(st: State) -> None:
    """Lines near the body get every rule; far chrome (menus, footers, teasers: most of
    an HTML page) only when it carries a word of the notices worth naming."""
    # the few units just above the title too: some themes print the byline over the headline
    above = st.far[-ABOVE_WINDOW:] if st.title_unit is not None else []
    near = above + st.pre + near_post(st)
    for u in near:
        classify_unit(u)
    near_ids = {id(u) for u in near}
    for u in st.far + st.post:
        if id(u) not in near_ids and _FAR_KEYWORDS.search(u.text):
            classify_unit(u)


_FAR_KEYWORDS = re.compile(r"cookie|consent|newsletter|subscri|copyright|©|rights\s+reserved|original\s+source|originally|first\s+appeared|republish|disclaimer|fair\s+use", re.I)


def classify_unit(u: Unit) -> Hit | None:
    """Classify a unit once (hr lines are never classified)."""
    if not u.checked:
        u.checked = True
        if u.kind != "hr":
            u.hit = classify(u.text, u.link_density, u.kind)
    return u.hit


def covered(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test "is [start, end) inside one of these spans?" in O(log n) (spans do not overlap)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]

    def inside(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    return inside


# ---------------------------------------------------------------------------
# the body's edges
# ---------------------------------------------------------------------------
def trim_body(st: State) -> None:
    body = st.body
    # Head: metadata or boilerplate lines before the first prose line.
    while body and (body[0].hit is not None or body[0].kind in ("hr",)):
        u = body.pop(0)
        st.pre.append(u)
    # Tail: rule-matched lines, separators and dangling headings after the last prose line.
    while body and (body[-1].hit is not None or body[-1].kind in ("hr", "heading")):
        u = body.pop()
        st.post.insert(0, u)
    kept: list[Unit] = []
    for i, u in enumerate(body):
        if u.hit is None:
            kept.append(u)
            continue
        if u.hit.footer_only and any(prose_score(v) > 1.0 for v in body[i + 1 :]):
            # "fair use" in a paragraph about copyright law: keep it, it is prose mid-article
            u.hit = None
            kept.append(u)
            continue
        st.removed.append(u)
    st.body = kept
