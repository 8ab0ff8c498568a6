"""Page -> Article: find the body, the metadata, the provenance and the boilerplate.

The same steps run whatever the reader was:

1. cut the page into :class:`~presslens.structure.classify.Unit` (joining
   paragraphs split by a page seam) and classify each with the rules;
2. choose the body (:mod:`presslens.structure.choose`): the units an upstream
   extractor kept (HTML) or the best prose region
   (:mod:`presslens.structure.body`), then peel metadata and boilerplate off
   its head and tail;
3. read title, byline, date, publisher and taxonomy from the lines around the
   body, provenance and copyright from anywhere outside it
   (:mod:`presslens.structure.lines`, :mod:`presslens.structure.provenance`);
4. record every removed unit with the reason, and build the clean body text
   with paragraph offsets.
"""

from __future__ import annotations

import re

from presslens.errors import InputError
from presslens.read.base import Page
from presslens.records import Article, Boilerplate, Evidence, Paragraph, Provenance, body_id
from presslens.settings import Settings
from presslens.structure.choose import META_WINDOW, State, choose_body, covered
from presslens.structure.classify import Hit, make_units
from presslens.structure.lines import LineMeta, ev_of, read_lines
from presslens.structure.metadata import clean_authors, detect_language, tidy_names, written_form
from presslens.structure.provenance import (
    agency_desk,
    build_provenance,
    dedupe_facts,
    original_of,
    publisher_from_copyright,
    wire_facts,
    wire_of,
    wire_sourced,
)
from presslens.structure.version import PRODUCER, VERSION


def build_article(page: Page, settings: Settings | None = None) -> Article:
    """Structure one page into an :class:`Article` (raises ``InputError`` when there is no article)."""
    settings = settings or Settings()
    st = State(page=page, units=make_units(page.blocks, page.text))
    choose_body(st)
    if sum(len(u.text) for u in st.body) < settings.min_body_chars:
        raise InputError(
            page.source,
            "no-article-text",
            "has no article text (no run of prose paragraphs was found)",
            "check that the file is an article page, or pass --format if it was misdetected",
        )
    return assemble(st, settings)


def assemble(st: State, settings: Settings) -> Article:
    """Build the record from a page whose body has been chosen."""
    page = st.page
    text, paragraphs, body_pos = _body_text(st)
    evidence: dict[str, tuple[Evidence, ...]] = {}
    title = _title(st, evidence)
    language = settings.language or page.meta.get("language") or detect_language(text)
    lm = read_lines(st, evidence, language)
    _complete_metadata(st, lm)
    facts = dedupe_facts(
        lm.facts + wire_facts(st, body_pos, lm.author_ev) + agency_desk(lm.authors, lm.author_ev) + wire_sourced(st, body_pos, text)
    )
    _publisher_fallback(st, lm, facts)
    provenance = build_provenance(facts, lm.publisher, evidence)
    boiler = _boilerplate(st, lm.boiler, provenance)
    lede = None
    if paragraphs:
        p0 = paragraphs[0]
        lede = text[p0.start : p0.end]
        evidence["lede"] = (Evidence(p0.start, p0.end, lede, "body"),)
    authors = lm.authors
    if authors:
        evidence.setdefault("authors", tuple(_find_in_page(page.text, a)[0] for a in authors if _find_in_page(page.text, a)))
    return Article(
        id=body_id(text),
        text=text,
        paragraphs=tuple(paragraphs),
        url=page.meta.get("url"),
        publisher=lm.publisher,
        title=title,
        authors=tuple(authors),
        published=lm.published,
        language=language,
        tags={k: tuple(v) for k, v in lm.tags.items()},
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


def _body_text(st: State) -> tuple[str, list[Paragraph], dict[int, int]]:
    """The clean body: units of one group joined by a newline, paragraphs by a blank line.
    Also where each body unit starts in it (``id(unit) -> offset``)."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    body_pos: dict[int, int] = {}
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
    return "".join(parts), paragraphs, body_pos


def _title(st: State, evidence: dict[str, tuple[Evidence, ...]]) -> str | None:
    page = st.page
    title = page.meta.get("title")
    if st.title_unit is not None and (not title or _same_title(st.title_unit.text, title)):
        # the page's own heading, when it agrees with the metadata title (or there is none)
        title = st.title_unit.text
        evidence["title"] = (ev_of(st.title_unit),)
    elif title:
        evidence["title"] = _find_in_page(page.text, title)
    elif page.format == "text" and st.pre[:1]:
        # a text dump's first line, when it reads as a headline (short, no closing period)
        u = (st.far + st.pre)[0]
        if u.hit is None and len(u.text.split()) <= 25 and not u.text.rstrip().endswith((".", ",", ";")):
            title = u.text
            evidence["title"] = (ev_of(u),)
            st.title_unit = u
    if not title and page.format == "markdown":
        st.warnings.append(f"{page.source}: markdown has no heading; title left empty")
    return title


def _complete_metadata(st: State, lm: LineMeta) -> None:
    """The reader's slow scans when the lines gave no author or date; authors that only
    name the publisher, wire or original source dropped; evidence for what came from metadata."""
    page, meta, evidence = st.page, st.page.meta, lm.evidence
    lazy = page.lazy_meta
    if not lm.authors and lazy is not None:
        lm.authors = clean_authors(lazy("authors") or [])
    if not lm.authors and lm.weak_authors:
        lm.authors = [n for n, _ in lm.weak_authors]
        lm.author_ev = list(dict.fromkeys(ev for _, ev in lm.weak_authors))
        lm.visible_authors = True
    if not lm.published and lazy is not None:
        lm.published = lazy("published")
    if lm.visible_authors:
        # the byline on the page is taken as written ("Associated Press", "Our Foreign Staff")
        lm.authors = tidy_names(lm.authors)
        if len(lm.authors) > 1 and lm.publisher:
            # "Ernst Lohoff, Jungle World": the publication after the writer is not a second author
            lm.authors = [a for a in lm.authors if a.casefold() != lm.publisher.casefold()] or lm.authors
    else:
        dropped = {x.casefold() for x in (lm.publisher, wire_of(lm.facts), original_of(lm.facts)) if x}
        lm.authors = [written_form(a, page.text) for a in clean_authors(lm.authors) if a.casefold() not in dropped]
        if len(lm.authors) > 1:
            # the site beside a writer in the metadata's authors ("Die Tagespost" on die-tagespost.de)
            # is the publisher; alone it stays (a blog is often named after its writer)
            sites = {_site_key(x) for x in (lm.publisher, _host(meta.get("url") or "")) if x}
            lm.authors = [a for a in lm.authors if _site_key(a) not in sites] or lm.authors
    if lm.author_ev and "authors" not in evidence:
        evidence["authors"] = tuple(lm.author_ev)
    elif lm.authors and meta.get("authors"):
        evidence["authors"] = tuple(e for a in lm.authors for e in _find_in_page(page.text, a)[:1])
    if lm.tag_ev:
        evidence["tags"] = tuple(lm.tag_ev)
    if lm.publisher and "publisher" not in evidence:
        evidence["publisher"] = _find_in_page(page.text, lm.publisher)
    if lm.published and "published" not in evidence and meta.get("published_raw"):
        evidence["published"] = _find_in_page(page.text, meta["published_raw"])


def _host(url: str) -> str | None:
    m = re.match(r"^[a-z][a-z0-9+.-]*://(?:www\d?\.)?([^/:?#]+)", url, re.I)
    return m.group(1).lower() if m else None


def _site_key(name: str) -> str:
    """"Die Tagespost", "die-tagespost.de", "DIE TAGESPOST" -> "dietagespost"."""
    name = re.sub(r"^(?:https?://)?(?:www\d?\.)?", "", name.casefold())
    name = re.sub(r"\.[a-z]{2,6}$", "", name)
    return re.sub(r"[^\w]|_", "", name)


def _publisher_fallback(st: State, lm: LineMeta, facts: list) -> None:
    """No publisher in the metadata or a dateline: the site's © line, else the URL's host."""
    if lm.publisher:
        return
    found = publisher_from_copyright(facts, lm.authors)
    if found is not None:
        lm.publisher, ev = found
        lm.evidence["publisher"] = (ev,)
        return
    url = st.page.meta.get("url") or ""
    host = re.match(r"^[a-z][a-z0-9+.-]*://(?:www\d?\.)?([^/:?#]+)", url, re.I)
    if host:
        lm.publisher = host.group(1).lower()
        i = st.page.text.find(lm.publisher)
        lm.evidence["publisher"] = (Evidence(i, i + len(lm.publisher), lm.publisher, "page"),) if i >= 0 else ()


def _boilerplate(st: State, boiler: list[Boilerplate], provenance: Provenance) -> list[Boilerplate]:
    """Every removed block once, in page order: rule-matched lines, source links, chrome runs."""
    original = provenance.original_source
    # A link-only line near the body that names the original source is provenance chrome.
    for u in list(st.pre) + list(st.post[: 2 * META_WINDOW]):
        if u.hit is None and original and u.text.strip().casefold() == original.casefold():
            boiler.append(Boilerplate("provenance", "source-link", ev_of(u), PRODUCER))
            u.hit = Hit("provenance", "source-link", re.match(r".*", u.text))  # type: ignore[arg-type]
    boiler.extend(_chrome_runs(st))
    seen: set[tuple[int, int, str]] = set()
    unique: list[Boilerplate] = []
    for b in sorted(boiler, key=lambda b: (b.evidence.start, b.evidence.end)):
        key = (b.evidence.start, b.evidence.end, b.evidence.text)
        if key not in seen:
            seen.add(key)
            unique.append(b)
    return unique


def _chrome_runs(st: State) -> list[Boilerplate]:
    """Units outside the body matched by no rule, merged into runs of site chrome."""
    out: list[Boilerplate] = []
    body_ids = {id(u) for u in st.body}
    run: list = []

    def flush() -> None:
        if run:
            s, e = run[0].start, run[-1].end
            out.append(Boilerplate("site-chrome", "outside-body", Evidence(s, e, st.page.text[s:e], "page"), PRODUCER))
            run.clear()

    inside = covered([(b.start, b.end) for b in st.body if b.start >= 0]) if st.page.extracted else None
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


def _same_title(heading: str, meta_title: str) -> bool:
    """A heading is the title when the metadata title contains it (sites append ' | Site') or vice versa."""
    h, t = heading.casefold().strip(), meta_title.casefold().strip()
    if not h or not t:
        return False
    if h in t or t in h:
        return min(len(h), len(t)) >= 0.5 * max(len(h), len(t)) or len(h) >= 20
    hw, tw = set(re.findall(r"\w+", h)), set(re.findall(r"\w+", t))
    return len(hw & tw) >= 0.7 * max(1, min(len(hw), len(tw)))


def _find_in_page(text: str, needle: str) -> tuple[Evidence, ...]:
    i = text.find(needle)
    if i < 0:
        return ()
    return (Evidence(i, i + len(needle), needle, "page"),)


__all__ = ["build_article", "assemble", "PRODUCER", "VERSION"]
