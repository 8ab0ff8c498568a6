"""Page -> Article: find the body, the metadata, the provenance and the boilerplate.

The same steps run whatever the reader was:

1. cut the page into :class:`~presslens.structure.classify.Unit` (joining
   paragraphs split by a page seam) and classify each with the rules;
2. choose the body: the units an upstream extractor kept (HTML) or the best
   prose region (:mod:`presslens.structure.body`), then peel metadata and
   boilerplate off its head and tail;
3. read title, byline, date, publisher and taxonomy from the lines around the
   body, provenance and copyright from anywhere outside it;
4. record every removed unit with the reason, and build the clean body text
   with paragraph offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslens.errors import InputError
from presslens.read.base import Page
from presslens.records import (
    Article,
    Boilerplate,
    Evidence,
    Paragraph,
    Provenance,
    ProvenanceFact,
    body_id,
)
from presslens.settings import Settings
from presslens.structure import rules as R
from presslens.structure.body import find_region, prose_score
from presslens.structure.classify import Hit, Unit, classify, make_units, split_list
from presslens.structure.dates import parse_date
from presslens.structure.metadata import clean_authors, detect_language, split_holders, split_names

VERSION = 1
PRODUCER = f"structure@{VERSION}"
_META_WINDOW = 15  # units before the body searched for byline, date, taxonomy


@dataclass
class _State:
    page: Page
    units: list[Unit]
    body: list[Unit] = field(default_factory=list)
    removed: list[Unit] = field(default_factory=list)
    pre: list[Unit] = field(default_factory=list)
    post: list[Unit] = field(default_factory=list)
    far: list[Unit] = field(default_factory=list)  # outside the body, before the title
    title_unit: Unit | None = None
    warnings: list[str] = field(default_factory=list)


def build_article(page: Page, settings: Settings | None = None) -> Article:
    """Structure one page into an :class:`Article` (raises ``InputError`` when there is no article)."""
    settings = settings or Settings()
    units = make_units(page.blocks, page.text)
    st = _State(page=page, units=units)
    if page.extracted:
        # The extractor chose the body: classify only the lines that structure reads.
        _body_from_extracted(st)
    else:
        # No extractor, or it found nothing (trafilatura drops short pages): score every block.
        for u in units:
            _classify(u)
        _body_from_region(st)
    _trim_body(st)
    if sum(len(u.text) for u in st.body) < settings.min_body_chars:
        raise InputError(
            page.source,
            "no-article-text",
            "has no article text (no run of prose paragraphs was found)",
            "check that the file is an article page, or pass --format if it was misdetected",
        )
    return _assemble(st, settings)


# ---------------------------------------------------------------------------
# choosing the body
# ---------------------------------------------------------------------------
def _body_from_region(st: _State) -> None:
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
        st.pre = st.units[max(0, a - _META_WINDOW) : a]
        st.far = st.units[: max(0, a - _META_WINDOW)]
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


def _locate(text: str, needle: str, pos: int) -> int:
    i = text.find(needle, pos)
    if i < 0:
        i = text.find(needle)
    if i < 0 and len(needle) > 40:
        i = text.find(needle[:40], pos)
    return i


def _body_from_extracted(st: _State) -> None:
    page = st.page
    pos = 0
    body: list[Unit] = []
    spans: list[tuple[int, int]] = []
    for group, para in enumerate(page.extracted or ()):
        para = para.strip()
        if not para:
            continue
        i = _locate(page.text, para, pos)
        start, end = (i, i + len(para)) if i >= 0 else (-1, -1)
        if i >= 0:
            pos = end
            spans.append((start, end))
        u = Unit(text=para, start=start, end=end, kind="paragraph", group=10_000 + group)
        u.hit = classify(para, 0.0)
        body.append(u)
    # Leading extracted lines that only repeat the page title, or that sit inside a
    # page line a rule recognises (a dateline whose <time> the extractor dropped),
    # take that line's classification.
    page_title = (page.meta.get("title") or "").strip()
    while body and body[0].hit is None:
        u = body[0]
        if page_title and u.text.strip() == page_title:
            body.pop(0)
            continue
        container = next((v for v in st.units if v.start <= u.start and u.end <= v.end), None) if u.start >= 0 else None
        if container is None or _classify(container) is None or len(u.text.split()) > 12:
            break
        u.hit = container.hit
        u.text, u.start, u.end = container.text, container.start, container.end
        break
    st.body = body
    spans = [(u.start, u.end) for u in body if u.start >= 0]
    inside = _covered(spans)
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
        st.pre = before[-_META_WINDOW:]
        st.far = before[:-_META_WINDOW]
    st.post = [u for u in outside if u.start >= first]
    # Lines near the body get every rule; far chrome (menus, footers, teasers: most of
    # an HTML page) only when it carries a word of the notices worth naming.
    last_end = max((u.end for u in st.body if u.start >= 0), default=-1)
    near = st.pre + [u for u in st.post if u.start < last_end] + [u for u in st.post if u.start >= last_end][: 2 * _META_WINDOW]
    for u in near:
        _classify(u)
    near_ids = {id(u) for u in near}
    for u in st.far + st.post:
        if id(u) not in near_ids and _FAR_KEYWORDS.search(u.text):
            _classify(u)


_FAR_KEYWORDS = re.compile(r"cookie|consent|newsletter|subscri|copyright|©|rights\s+reserved|original\s+source|originally|first\s+appeared|republish|disclaimer|fair\s+use", re.I)
def _classify(u: Unit) -> Hit | None:
    """Classify a unit once (hr lines are never classified)."""
    if not u.checked:
        u.checked = True
        if u.kind != "hr":
            u.hit = classify(u.text, u.link_density, u.kind)
    return u.hit


def _covered(spans: list[tuple[int, int]]):
    """A test "is [start, end) inside one of these spans?" in O(log n) (spans do not overlap)."""
    from bisect import bisect_right

    spans = sorted(spans)
    starts = [s for s, _ in spans]

    def inside(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    return inside


def _trim_body(st: _State) -> None:
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


# ---------------------------------------------------------------------------
# assembling the record
# ---------------------------------------------------------------------------
def _ev(u: Unit, m: re.Match[str] | None = None, group: str | int = 0) -> Evidence:
    if m is None or u.start < 0:
        return Evidence(start=u.start, end=u.end, text=u.raw or u.text, where="page")
    s, e = m.span(group)
    return Evidence(start=u.start + s, end=u.start + e, text=u.text[s:e], where="page")


def _assemble(st: _State, settings: Settings) -> Article:
    page = st.page
    meta = page.meta
    evidence: dict[str, tuple[Evidence, ...]] = {}
    boiler: list[Boilerplate] = []
    facts: list[ProvenanceFact] = []

    # --- body text and paragraphs -------------------------------------------------
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    body_pos: dict[int, int] = {}  # id(unit) -> offset in text
    prev_group = None
    for u in st.body:
        if prev_group is not None and u.group == prev_group and paragraphs:
            parts.append("\n")
            offset += 1
            body_pos[id(u)] = offset
            parts.append(u.text)
            offset += len(u.text)
            paragraphs[-1] = Paragraph(paragraphs[-1].start, offset)
        else:
            if parts:
                parts.append("\n\n")
                offset += 2
            body_pos[id(u)] = offset
            parts.append(u.text)
            paragraphs.append(Paragraph(offset, offset + len(u.text)))
            offset += len(u.text)
        prev_group = u.group
    text = "".join(parts)

    # --- title -------------------------------------------------------------------
    title = meta.get("title")
    if st.title_unit is not None and (not title or _same_title(st.title_unit.text, title)):
        # the page's own heading, when it agrees with the metadata title (or there is none)
        title = st.title_unit.text
        evidence["title"] = (_ev(st.title_unit),)
    elif title:
        evidence["title"] = _find_in_page(page.text, title)
    elif page.format == "text" and st.pre[:1]:
        # a text dump's first line, when it reads as a headline (short, no closing period)
        u = (st.far + st.pre)[0]
        if u.hit is None and len(u.text.split()) <= 25 and not u.text.rstrip().endswith((".", ",", ";")):
            title = u.text
            evidence["title"] = (_ev(u),)
            st.title_unit = u
    if not title and page.format == "markdown":
        st.warnings.append(f"{page.source}: markdown has no heading; title left empty")

    # --- metadata lines around the body -------------------------------------------
    authors: list[str] = clean_authors(meta.get("authors") or [])
    published = meta.get("published")
    publisher = meta.get("publisher")
    tags: dict[str, list[str]] = {k: list(v) for k, v in (meta.get("tags") or {}).items()}
    tag_ev: list[Evidence] = []
    last_end = max((u.end for u in st.body if u.start >= 0), default=-1)
    near_post = [u for u in st.post if u.start < last_end] + [u for u in st.post if u.start >= last_end][: 2 * _META_WINDOW]
    zone = [("far", u) for u in st.far] + [("pre", u) for u in st.pre] + [("removed", u) for u in st.removed] + [("post", u) for u in st.post]
    author_ev: list[Evidence] = []
    for where, u in zone:
        hit = u.hit
        if hit is None:
            continue
        m = hit.match
        near = where in ("pre", "removed") or (where == "post" and u in near_post)
        if hit.family == "byline" and where == "removed" and hit.rule == "name-comma-wire":
            # "Jane Doe, AP" between paragraphs is a photo credit, not the byline
            boiler.append(Boilerplate("caption", hit.rule, _ev(u), PRODUCER))
        elif hit.family == "byline" and near:
            names = split_names(m.group("names"))
            if names and not (meta.get("authors") and where == "post"):
                if not author_ev or not meta.get("authors"):
                    for n in names:
                        if n not in authors:
                            authors.append(n)
                    author_ev.append(_ev(u, m, "names"))
            if "wire" in m.groupdict() and m.group("wire"):
                facts.append(_fact("wire", _wire_name(m.group("wire")), _ev(u, m, "wire"), hit.rule))
            boiler.append(Boilerplate("byline", hit.rule, _ev(u), PRODUCER))
        elif hit.family == "dateline" and near:
            iso = parse_date(m.group("date"))
            # a date written on the page beats a year-only guess from the metadata (YYYY-01-01)
            if iso and (not published or (published.endswith("-01-01") and iso != published and "published" not in evidence)):
                published = iso
                evidence["published"] = (_ev(u, m, "date"),)
            if "publisher" in m.groupdict() and m.group("publisher") and not publisher:
                publisher = m.group("publisher")
                evidence["publisher"] = (_ev(u, m, "publisher"),)
            boiler.append(Boilerplate("dateline", hit.rule, _ev(u), PRODUCER))
        elif hit.family == "taxonomy" and not (
            near and (hit.rule != "linked-label-list" or (where == "pre" and _short_labels(m.group("values"))))
        ):
            # a "Topic: headline" teaser in a list of links, not the article's own taxonomy
            reason = "related-links" if u.kind == "list_item" or u.list_id >= 0 else "site-chrome"
            boiler.append(Boilerplate(reason, hit.rule, _ev(u), PRODUCER))
        elif hit.family == "taxonomy":
            label = _label(m.group("label"))
            values = split_list(m.group("values"))
            tags.setdefault(label, [])
            tags[label].extend(v for v in values if v not in tags[label])
            tag_ev.append(_ev(u))
            boiler.append(Boilerplate("taxonomy", hit.rule, _ev(u), PRODUCER))
        elif hit.family == "provenance" and where == "far":
            boiler.append(Boilerplate("provenance", hit.rule, _ev(u), PRODUCER))
        elif hit.family == "provenance":
            value = (m.groupdict().get("value") or "").strip(" .,:;")
            if parse_date(value) or (hit.rule == "source-line" and where == "removed"):
                # "Source: Bureau of Statistics" under a chart mid-article is a data credit
                boiler.append(Boilerplate("caption" if where == "removed" else "provenance", hit.rule, _ev(u), PRODUCER))
                continue
            if hit.rule == "wire-credit":
                facts.append(_fact("wire", _wire_name(m.group("wire")), _ev(u), hit.rule))
            else:
                kind = {
                    "original-source": "original_source",
                    "originally-published": "original_source",
                    "first-appeared": "original_source",
                    "republished-with-permission": "republished_with_permission",
                    "source-line": "source",
                }[hit.rule]
                facts.append(_fact(kind, value, _ev(u), hit.rule))
            boiler.append(Boilerplate("provenance", hit.rule, _ev(u), PRODUCER))
        elif hit.family == "copyright":
            if hit.rule == "copyright":
                # a site-wide footer far from the article is the site's notice, not the article's
                kind = "copyright" if near else "site_copyright"
                facts.append(_fact(kind, m.group("body"), _ev(u), hit.rule))
            boiler.append(Boilerplate("copyright", hit.rule, _ev(u), PRODUCER))
        elif hit.family not in ("byline", "dateline", "taxonomy"):
            boiler.append(Boilerplate(hit.family, hit.rule, _ev(u), PRODUCER))
        else:
            boiler.append(Boilerplate(hit.family, hit.rule, _ev(u), PRODUCER))
    lazy = page.lazy_meta
    if not authors and lazy is not None:
        authors = clean_authors(lazy("authors") or [])
    if not published and lazy is not None:
        published = lazy("published")
    dropped = {x.casefold() for x in (publisher, wire_of(facts), original_of(facts)) if x}
    authors = [a for a in clean_authors(authors) if a.casefold() not in dropped]
    if author_ev and "authors" not in evidence:
        evidence["authors"] = tuple(author_ev)
    elif authors and meta.get("authors"):
        evidence["authors"] = tuple(e for a in authors for e in _find_in_page(page.text, a)[:1])
    if tag_ev:
        evidence["tags"] = tuple(tag_ev)
    if publisher and "publisher" not in evidence:
        evidence["publisher"] = _find_in_page(page.text, publisher)
    if published and "published" not in evidence and meta.get("published_raw"):
        evidence["published"] = _find_in_page(page.text, meta["published_raw"])

    # --- wire datelines opening the body -----------------------------------------
    for first in st.body[:3]:
        m = R.WIRE_DATELINE.match(first.text)
        if m:
            pos = body_pos[id(first)]
            facts.append(
                _fact("wire", _wire_name(m.group("wire")), Evidence(pos, pos + m.end(), first.text[: m.end()], "body"), "wire-dateline")
            )
            break
    # bylines may carry the wire ("By Jane Doe, AP Diplomatic Writer")
    for ev in author_ev:
        tail = page.text[ev.end : ev.end + 80] if ev.start >= 0 else ""
        mw = re.match(r"^[^\n]*?\b(Associated Press|AP|Reuters|AFP|Bloomberg)\b", tail)
        if mw:
            facts.append(_fact("wire", _wire_name(mw.group(1)), ev, "byline-wire"))
    facts = _dedupe_facts(facts)

    # --- provenance ------------------------------------------------------------------
    original = next((f.value for f in facts if f.kind == "original_source" and f.value), None)
    if original is None:
        original = next((f.value for f in facts if f.kind in ("republished_with_permission", "source") and f.value), None)
    wire = next((f.value for f in facts if f.kind == "wire"), None)
    # When the article has its own copyright line, a line naming only the site is the site's notice.
    own = [f for f in facts if f.kind == "copyright"]
    if len(own) > 1 and publisher:
        for i, f in enumerate(facts):
            if f.kind == "copyright" and split_holders(f.value)[0] == [publisher]:
                facts[i] = _fact("site_copyright", f.value, f.evidence, f.rule)
    holders: list[str] = []
    year = None
    for f in facts:
        if f.kind == "copyright":
            hs, y = split_holders(f.value)
            holders.extend(h for h in hs if h not in holders)
            year = year or y
    republished_by = None
    if publisher and (original or wire):
        src = (original or wire or "").casefold()
        if publisher.casefold() not in src and src not in publisher.casefold():
            republished_by = publisher
            pub_ev = evidence.get("publisher") or (Evidence(-1, -1, publisher, "page"),)
            facts.append(_fact("republished_by", publisher, pub_ev[0], "publisher-differs"))
    # A link-only line near the body that names the original source is provenance chrome.
    for u in list(st.pre) + list(st.post[: 2 * _META_WINDOW]):
        if u.hit is None and original and u.text.strip().casefold() == original.casefold():
            boiler.append(Boilerplate("provenance", "source-link", _ev(u), PRODUCER))
            u.hit = Hit("provenance", "source-link", re.match(r".*", u.text))  # type: ignore[arg-type]
    provenance = Provenance(
        original_source=original,
        republished_by=republished_by,
        copyright_holders=tuple(holders),
        copyright_year=year,
        wire=wire,
        facts=tuple(facts),
    )

    # --- everything else that was removed ------------------------------------------
    boiler.extend(_chrome_runs(st))
    seen: set[tuple[int, int, str]] = set()
    unique: list[Boilerplate] = []
    for b in sorted(boiler, key=lambda b: (b.evidence.start, b.evidence.end)):
        key = (b.evidence.start, b.evidence.end, b.evidence.text)
        if key not in seen:
            seen.add(key)
            unique.append(b)
    boiler = unique

    # --- lede, language, id -----------------------------------------------------------
    lede = None
    if paragraphs:
        p0 = paragraphs[0]
        lede = text[p0.start : p0.end]
        evidence["lede"] = (Evidence(p0.start, p0.end, lede, "body"),)
    language = settings.language or meta.get("language") or detect_language(text)
    if authors:
        evidence.setdefault("authors", tuple(_find_in_page(page.text, a)[0] for a in authors if _find_in_page(page.text, a)))
    return Article(
        id=body_id(text),
        text=text,
        paragraphs=tuple(paragraphs),
        url=meta.get("url"),
        publisher=publisher,
        title=title,
        authors=tuple(authors),
        published=published,
        language=language,
        tags={k: tuple(v) for k, v in tags.items()},
        lede=lede,
        provenance=provenance,
        boilerplate=tuple(boiler),
        metadata_evidence={k: v for k, v in evidence.items() if v},
        source=page.source,
        format=page.format,
        page_text=page.text,
        producer=PRODUCER,
        warnings=tuple(st.warnings),
    )


def _same_title(heading: str, meta_title: str) -> bool:
    """A heading is the title when the metadata title contains it (sites append ' | Site') or vice versa."""
    h, t = heading.casefold().strip(), meta_title.casefold().strip()
    if not h or not t:
        return False
    if h in t or t in h:
        return min(len(h), len(t)) >= 0.5 * max(len(h), len(t)) or len(h) >= 20
    hw, tw = set(re.findall(r"\w+", h)), set(re.findall(r"\w+", t))
    return len(hw & tw) >= 0.7 * max(1, min(len(hw), len(tw)))


def _dedupe_facts(facts: list[ProvenanceFact]) -> list[ProvenanceFact]:
    seen: set[tuple[str, str]] = set()
    out: list[ProvenanceFact] = []
    for f in facts:
        key = (f.kind, f.value.casefold())
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _short_labels(values: str) -> bool:
    return all(len(v.split()) <= 4 for v in split_list(values))


def wire_of(facts: list[ProvenanceFact]) -> str | None:
    return next((f.value for f in facts if f.kind == "wire"), None)


def original_of(facts: list[ProvenanceFact]) -> str | None:
    return next((f.value for f in facts if f.kind == "original_source" and f.value), None)


def _chrome_runs(st: _State) -> list[Boilerplate]:
    """Units outside the body matched by no rule, merged into runs of site chrome."""
    out: list[Boilerplate] = []
    body_ids = {id(u) for u in st.body}
    run: list[Unit] = []

    def flush() -> None:
        if run:
            s, e = run[0].start, run[-1].end
            out.append(Boilerplate("site-chrome", "outside-body", Evidence(s, e, st.page.text[s:e], "page"), PRODUCER))
            run.clear()

    inside = _covered([(b.start, b.end) for b in st.body if b.start >= 0]) if st.page.extracted else None
    for u in st.units:
        if id(u) in body_ids or u is st.title_unit:
            flush()
            continue
        if u.hit is None and u.start >= 0 and u.kind != "hr":
            if inside is not None and inside(u.start, u.end):
                continue
            run.append(u)
        else:
            flush()
    flush()
    return out


def _fact(kind: str, value: str, ev: Evidence, rule: str) -> ProvenanceFact:
    return ProvenanceFact(kind=kind, value=value, evidence=ev, rule=rule, producer=PRODUCER)


_WIRES = {"ap": "Associated Press", "afp": "Agence France-Presse", "upi": "United Press International"}


def _wire_name(name: str) -> str:
    return _WIRES.get(name.lower(), name)


def _label(raw: str) -> str:
    raw = raw.strip()
    return raw[:1].upper() + raw[1:]


def _find_in_page(text: str, needle: str) -> tuple[Evidence, ...]:
    i = text.find(needle)
    if i < 0:
        return ()
    return (Evidence(i, i + len(needle), needle, "page"),)


__all__ = ["build_article", "PRODUCER", "VERSION"]
