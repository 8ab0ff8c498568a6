"""Read the rule-matched lines outside the body: bylines, datelines, taxonomy, provenance, copyright.

Every such line becomes a :class:`~presslens.records.Boilerplate` entry with
its reason; the ones near the body (just before it, removed from it, or just
after it) also give the article's authors, date, publisher, tags and
provenance facts. Far lines (menus, site footers) only give boilerplate and
the site's copyright.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from presslens.read.dates import relative_date
from presslens.records import Boilerplate, Evidence, ProvenanceFact
from presslens.structure.byline import parse_meta_line
from presslens.structure.candidates import BY_TITLE_LINKED as _BY_TITLE_LINKED
from presslens.structure.candidates import Cand as _Cand
from presslens.structure.candidates import before_comments as _before_comments
from presslens.structure.candidates import ev_of
from presslens.structure.candidates import lead_dates as _lead_dates
from presslens.structure.candidates import marker_then_names as _marker_then_names
from presslens.structure.candidates import names_by_title as _names_by_title
from presslens.structure.candidates import names_line as _names_line
from presslens.structure.candidates import names_over_datelines as _names_over_datelines
from presslens.structure.candidates import span_ev as _span_ev
from presslens.structure.choose import ABOVE_WINDOW, State, near_post
from presslens.structure.classify import Hit, Unit, split_list
from presslens.structure.dates import parse_date
from presslens.structure.metadata import clean_authors, split_names
from presslens.structure.provenance import fact, wire_name
from presslens.structure.version import PRODUCER


@dataclass
class LineMeta:
    """What the lines around the body say, and what they leave as boilerplate."""

    authors: list[str]
    published: str | None
    publisher: str | None
    tags: dict[str, list[str]]
    evidence: dict[str, tuple[Evidence, ...]]
    meta_authors: bool
    """The reader's metadata named authors (a byline after the body does not add to them)."""
    boiler: list[Boilerplate] = field(default_factory=list)
    facts: list[ProvenanceFact] = field(default_factory=list)
    author_ev: list[Evidence] = field(default_factory=list)
    tag_ev: list[Evidence] = field(default_factory=list)
    visible_authors: bool = False
    weak_authors: list[tuple[str, Evidence]] = field(default_factory=list)
    """Names alone on a line of links (or a sign-off): the last resort."""
    """The authors come from a byline on the page (not from the reader's metadata)."""


def read_lines(st: State, evidence: dict[str, tuple[Evidence, ...]], language: str | None = None) -> LineMeta:
    """Walk far, pre, removed and post units in page order of zones, one family at a time.
    ``language`` decides how "03/05/2022" reads (day first unless English)."""
    meta = st.page.meta
    lm = LineMeta(
        authors=clean_authors(meta.get("authors") or []),
        published=meta.get("published"),
        publisher=meta.get("publisher"),
        tags={k: list(v) for k, v in (meta.get("tags") or {}).items()},
        evidence=evidence,
        meta_authors=bool(meta.get("authors")),
    )
    post_near = {id(u) for u in near_post(st)}
    body_spans = [u for u in st.body if u.start >= 0]
    first_body = min((u.start for u in body_spans), default=-1)
    last_body = max((u.end for u in body_spans), default=-1)
    after = [u for u in st.post if u.start >= last_body][:_POST_WINDOW]
    after_ids = {id(u) for u in after}
    # the few lines just above the title (some themes print the byline over the headline)
    above_ids = {id(u) for u in st.far[-_ABOVE_WINDOW:]} if st.title_unit is not None else set()
    cands: list[_Cand] = []
    zone = [("far", u) for u in st.far] + [("pre", u) for u in st.pre] + [("removed", u) for u in st.removed] + [("post", u) for u in st.post]
    for where, u in zone:
        hit = u.hit
        if hit is None:
            continue
        near = where in ("pre", "removed") or (where == "post" and id(u) in post_near)
        if hit.family == "byline" and where == "removed" and hit.rule == "name-comma-wire":
            # "Jane Doe, AP" between paragraphs is a photo credit, not the byline
            lm.boiler.append(Boilerplate("caption", hit.rule, ev_of(u), PRODUCER))
        elif hit.family in ("byline", "dateline") and where == "far":
            cands.append(_Cand("above" if id(u) in above_ids else "far", u, hit))
            if id(u) in above_ids:
                _line_facts(lm, u, hit)
            lm.boiler.append(Boilerplate(hit.family, hit.rule, ev_of(u), PRODUCER))
        elif hit.family in ("byline", "dateline") and near:
            if where == "post":
                # between the extractor's body lines (a byline under the standfirst), or just after the body
                where = "inside" if first_body <= u.start < last_body else ("post" if id(u) in after_ids else "post-far")
            cands.append(_Cand(where, u, hit))
            _line_facts(lm, u, hit)
            lm.boiler.append(Boilerplate(hit.family, hit.rule, ev_of(u), PRODUCER))
        elif hit.family == "taxonomy":
            _taxonomy(lm, u, hit, where, near)
        elif hit.family == "provenance":
            _provenance(lm, u, hit, where)
            if hit.rule == "wire-credit" and where in ("pre", "post") and (where == "pre" or first_body <= u.start < last_body):
                # "Associated Press" / "Reuters staff" as the byline: an organisation author
                org = parse_meta_line(u.text)
                if org is not None and org.names:
                    org.marker = True
                    cands.append(_Cand("pre" if where == "pre" else "inside", u, Hit("byline", hit.rule, hit.match, meta=org)))
        elif hit.family == "copyright":
            if hit.rule == "copyright":
                # a site-wide footer far from the article is the site's notice, not the article's
                kind = "copyright" if near else "site_copyright"
                lm.facts.append(fact(kind, hit.match.group("body"), ev_of(u), hit.rule))
            lm.boiler.append(Boilerplate("copyright", hit.rule, ev_of(u), PRODUCER))
        else:
            lm.boiler.append(Boilerplate(hit.family, hit.rule, ev_of(u), PRODUCER))
    if st.title_unit is not None:
        by_title = {id(u) for u in st.pre[:_BY_TITLE_LINKED]} | {id(u) for u in st.far[-2:]}
        for c in cands:
            c.by_title = id(c.unit) in by_title
    zone_of = {id(u): "pre" for u in st.pre} | {id(u): "above" for u in st.far[-_ABOVE_WINDOW:]} if st.title_unit is not None else {id(u): "pre" for u in st.pre}
    zone_of |= {id(u): "post" for u in after}
    _marker_then_names(st, cands, zone_of)
    _lead_dates(st, cands, language not in (None, "en"))
    cands, in_comments = _before_comments(st, cands, last_body)
    _names_over_datelines(st, cands)
    if "authors" not in (meta.get("given") or ()):
        _choose_authors(lm, cands, st.page.lazy_meta)  # authors a record states are kept
        if not lm.authors and not lm.weak_authors:
            lm.weak_authors = _names_by_title(st)
    headline_units = st.pre + [u for u in st.post if first_body <= u.start < last_body] + st.far[-_ABOVE_WINDOW:]
    _choose_date(
        lm, cands + in_comments, language not in (None, "en"), st.page.lazy_meta, headline_units, st.page.meta.get("crawled"), st.page.meta.get("given")
    )
    return lm


_ZONES = ("pre", "inside", "above", "removed", "post", "post-far")
_ABOVE_WINDOW = ABOVE_WINDOW
_DATE_FIRST_ZONES = ("pre", "inside", "above")
_POST_WINDOW = 8  # units after the body searched for a byline or a date (a sign-off, "Von Jane Doe")


def _line_names(c: _Cand) -> list[tuple[str, Evidence]]:
    """The names a byline candidate gives, each with its evidence."""
    hit, u = c.hit, c.unit
    meta = hit.meta
    if c.names is not None:
        return c.names
    if hit.rule == "publisher-date" and (meta is None or not meta.names):
        return []  # "Harbor Ledger, March 3, 2021" names the publisher
    if meta is not None and meta.names:
        if meta.signature and c.zone != "post":
            return []
        return [(n.text, _span_ev(u, n.start, n.end)) for n in meta.names]
    groups = hit.match.groupdict()
    if groups.get("names"):
        return [(n, ev_of(u, hit.match, "names")) for n in split_names(groups["names"])]
    return []


def _strength(c: _Cand) -> int:
    """3: a by-marker or a named byline rule; 2: a name on a dated line (or linked names on the
    line just above a dateline); 1: a sign-off after the body; 0: never used."""
    meta = c.hit.meta
    if c.unit.kind == "heading" and c.zone in ("inside", "removed"):
        return 0  # "Von Risiken und Nebenwirkungen": a subheading between paragraphs, not a byline
    if c.hit.rule not in ("meta-line", "publisher-date") or meta is None:
        return 3
    if meta.marker:
        return 3
    if c.hit.rule == "publisher-date":
        # "Jane Doe, 02.02.2022" or "Harbor Ledger, March 3, 2021"? Only when nothing else (a
        # byline, the metadata, the author markup) names anyone: the weakest kind
        return 1
    teaser_list = c.unit.kind == "list_item" and c.unit.link_density >= 0.3 and (meta.bare or c.zone not in ("pre", "above"))
    linked_byline = c.by_title and c.unit.kind != "list_item"
    # (a fully linked "Jane Doe, 3 May 2021" right under the headline is the byline: themes link
    # the name to the author page and the date to the post)
    if teaser_list or not meta.bare and c.unit.link_density >= 0.9 and not linked_byline:
        # a linked title with its date ("Vanity Fair Italia Jan 15, 2020" in a list of posts,
        # "Protokoll der Sitzung vom 5. August 2019" as post navigation): a teaser, not a byline
        return 0
    if meta.bare:
        # names alone on a line of links: only with a dateline right under them (a bare
        # linked name is as often a section link: measured on the development pages)
        return 2 if c.dated_next else 0
    if meta.signature:
        return 1
    return 2


def _choose_authors(lm: LineMeta, cands: list[_Cand], lazy: Callable[[str], Any] | None = None) -> None:
    """The first strong byline of the closest zone: before the body, then inside it, then
    after it. A visible byline beats the page's metadata (it is what the reader sees); a weak
    one (linked names alone) is used only when the metadata names nobody."""
    chosen: list[tuple[str, Evidence]] = []
    strength = 0
    doubtful = False
    for zone in _ZONES:
        for want in (3, 2):
            if zone in ("removed", "post-far") and want < 3:
                continue  # inside the body only an explicit byline counts (not a quoted tweet's sign-off)
            for c in cands:
                if c.zone == zone and _names_line(c) and _strength(c) == want and c.unit.kind != "blockquote":
                    chosen = _line_names(c)
                    if chosen:
                        strength = want
                        # (a fully linked dated line under the headline may be a category link and its date)
                        doubtful = c.unit.link_density >= 0.9
                        break
            if chosen:
                break
        if chosen:
            break
    if chosen and strength < 3 and not lm.authors and doubtful and lazy is not None:
        # such a line counts only when the page's author markup agrees (or has none)
        lm.authors = clean_authors(lazy("authors") or [])
    if chosen and strength < 3 and lm.authors:
        # a name with no marker (on a dated line, over a dateline) against the metadata's
        # authors: the metadata wins unless they agree (a teaser's title also sits over a date)
        meta_names = {a.casefold() for a in lm.authors}
        if not any(n.casefold() in meta_names for n, _ in chosen):
            return
    if not chosen:
        # weak: used only when the metadata and the page's author markup name nobody
        for zone in ("pre", "post"):
            for c in cands:
                if c.zone == zone and _names_line(c) and _strength(c) == 1:
                    weak = _line_names(c)
                    if weak:
                        lm.weak_authors = weak
                        return
        return
    names: list[str] = []
    for n, _ in chosen:
        if n not in names:
            names.append(n)
    lm.authors = names
    lm.visible_authors = True
    lm.author_ev = list(dict.fromkeys(ev for _, ev in chosen))


def _choose_date(
    lm: LineMeta,
    cands: list[_Cand],
    day_first: bool,
    lazy: Callable[[str], Any] | None,
    st_units: list[Unit],
    crawled: str | None,
    given: tuple[str, ...] | None = None,
) -> None:
    """The first published date of the closest zone (its "Updated" date when it has no other);
    the page's far lines last. The reader's metadata date stands unless it is missing or a
    year-only guess (YYYY-01-01)."""
    best: tuple[str, Evidence] | None = None
    asked: list[str | None] = []

    def markup() -> str | None:
        """htmldate on the markup (meta tags, JSON-LD, <time>), asked at most once."""
        if not asked:
            asked.append(lazy("published_markup") if lazy is not None else None)
        return asked[0]

    # a listing's dates (events, related posts) come after every other zone; the one closest to
    # the headline first (in markdown, with no metadata to fall back on, it is often the article's)
    listed = _listed(cands, day_first)
    rank = {z: i for i, z in enumerate((*_ZONES, "far"))}
    demoted = sorted((c for c in cands if id(c) in listed), key=lambda c: (rank.get(c.zone, 99), c.unit.start))
    cands = [c for c in cands if id(c) not in listed] + [_Cand("listing", c.unit, c.hit) for c in demoted]
    for zone in (*_DATE_FIRST_ZONES, "lead", *_ZONES[len(_DATE_FIRST_ZONES) :], "far", "listing", "comments"):
        if zone not in _DATE_FIRST_ZONES and not lm.published and not asked:
            # no date by the headline or byline: the page's markup (meta tags, JSON-LD, <time>)
            lm.published = markup()
        for want in ("published", "updated"):
            found = [f for c in cands if c.zone == zone for f in [_line_date(c, want, day_first)] if f]
            # in the comments, the earliest date (the article is at most as old as its first comment)
            best = (min(found, key=lambda f: f[0]) if zone == "comments" else found[0]) if found else None
            if best:
                break
        if best:
            break
    if best is None and not lm.published and not asked:
        lm.published = markup()
    if best is None and not lm.published and crawled:
        best = _relative(st_units, crawled)
        zone = "pre"
    if best is None:
        return
    iso, ev = best
    swapped = _swapped(ev.text, iso)
    if swapped and markup() == swapped:
        # "11/01/2021": which number is the month? The markup's date decides when it is the
        # other reading (sites write month first in any language, British pages day first)
        iso = swapped
    published, evidence = lm.published, lm.evidence
    if zone in _DATE_FIRST_ZONES and "published" not in (given or ()):
        # a date printed with the headline or byline is the one the reader sees: it beats the
        # metadata's (which is often the last edit, or a UTC day off; measured on the dev pages)
        published = None
    elif zone in _NEAR_BODY_ZONES and published and "published" not in (given or ()) and _days_apart(iso, published) <= _SAME_STORY_DAYS:
        # a date printed among the body's lines or just after it ("Stand: 28.04.2020", a sign-off
        # date) a few days from the markup's: the same story, and the markup's is the last edit or
        # a UTC day off (as by the headline). Far apart, the printed one is more often another
        # item's (a related post, a reply), so the markup's stays
        published = None
    if not published or (published.endswith("-01-01") and iso != published and "published" not in evidence):
        lm.published = iso
        evidence["published"] = (ev,)


_NEAR_BODY_ZONES = ("removed", "post")
_SAME_STORY_DAYS = 7


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10**6


def _listed(cands: list[_Cand], day_first: bool) -> set[int]:
    """Dates of a listing, not (first) of the article: in a zone (comments aside), the dated list
    items and fully linked lines (teasers) when they show two different dates; the other dated
    lines when they show three (events, related posts, a most-read box). Inside the body only
    short dated lines count there (review or comment stamps); dates in sentences are normal."""
    out: set[int] = set()
    by_zone: dict[str, list[tuple[_Cand, str]]] = {}
    for c in cands:
        if c.zone != "comments":
            f = _line_date(c, "published", day_first)
            if f:
                by_zone.setdefault(c.zone, []).append((c, f[0]))
    for zone, dated in by_zone.items():
        teasers = [(c, iso) for c, iso in dated if c.unit.kind == "list_item" or c.unit.link_density >= 0.9]
        if len({iso for _, iso in teasers}) >= 2:
            out.update(id(c) for c, _ in teasers)
        rest = [(c, iso) for c, iso in dated if id(c) not in out]
        if zone not in ("pre", "above", "post"):
            # inside the body only short dated lines count (a date in a sentence is normal there)
            rest = [(c, iso) for c, iso in rest if len(c.unit.text) <= 40]
        if len({iso for _, iso in rest}) >= 3:
            out.update(id(c) for c, _ in rest)
    return out


def _relative(units: list[Unit], crawled: str) -> tuple[str, Evidence] | None:
    """"Updated 3 hours ago" by the headline, read against the date the page was fetched."""
    try:
        ref = dt.date.fromisoformat(crawled[:10])
    except ValueError:
        return None
    for u in units:
        if len(u.text) <= 120:
            found = relative_date(u.text, ref)
            if found:
                s, e, iso = found
                return iso, _span_ev(u, s, e)
    return None


_AMBIGUOUS_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b")


def _swapped(written: str, iso: str) -> str | None:
    """The other reading of an ambiguous numeric date ("03/05/2022": 3 May or 5 March), or None."""
    m = _NUMERIC_DATE.match(written)
    if m is None or int(m.group(1)) > 12 or int(m.group(2)) > 12 or m.group(1) == m.group(2):
        return None
    y, mo, d = iso[:4], iso[5:7], iso[8:10]
    try:
        return dt.date(int(y), int(d), int(mo)).isoformat()
    except ValueError:
        return None


def _line_date(c: _Cand, want: str, day_first: bool) -> tuple[str, Evidence] | None:
    hit, u = c.hit, c.unit
    meta = hit.meta
    if meta is not None:
        d = meta.published if want == "published" else meta.updated
        if d is None:
            return None
        iso = d.iso
        written = u.text[d.start : d.end]
        if day_first and _AMBIGUOUS_NUMERIC.match(written):
            # "03/05/2022" on a page not in English is the 3rd of May
            iso = parse_date(written, day_first=True) or iso
        return iso, _span_ev(u, d.start, d.end)
    if want == "published" and hit.match.groupdict().get("date"):
        found = parse_date(hit.match.group("date"), day_first=day_first)
        if found:
            return found, ev_of(u, hit.match, "date")
    return None


def _line_facts(lm: LineMeta, u: Unit, hit: Hit) -> None:
    """What a byline or dateline says besides names and dates: the wire, the publisher."""
    m = hit.match
    groups = m.groupdict()
    if groups.get("wire"):
        lm.facts.append(fact("wire", wire_name(m.group("wire")), ev_of(u, m, "wire"), hit.rule))
    elif hit.meta is not None and hit.meta.wire is not None:
        w = hit.meta.wire
        lm.facts.append(fact("wire", wire_name(w.text), _span_ev(u, w.start, w.end), hit.rule))
    if groups.get("publisher") and not lm.publisher and not (hit.meta is not None and hit.meta.marker):
        # ("Por Jane Doe | 03/05/2022" matches "Publisher, date" but names the writer)
        lm.publisher = m.group("publisher")
        lm.evidence["publisher"] = (ev_of(u, m, "publisher"),)


def _taxonomy(lm: LineMeta, u: Unit, hit: Hit, where: str, near: bool) -> None:
    m = hit.match
    if not (near and (hit.rule != "linked-label-list" or (where == "pre" and _short_labels(m.group("values"))))):
        # a "Topic: headline" teaser in a list of links, not the article's own taxonomy
        reason = "related-links" if u.kind == "list_item" or u.list_id >= 0 else "site-chrome"
        lm.boiler.append(Boilerplate(reason, hit.rule, ev_of(u), PRODUCER))
        return
    label = _label(m.group("label"))
    values = split_list(m.group("values"))
    lm.tags.setdefault(label, [])
    lm.tags[label].extend(v for v in values if v not in lm.tags[label])
    lm.tag_ev.append(ev_of(u))
    lm.boiler.append(Boilerplate("taxonomy", hit.rule, ev_of(u), PRODUCER))


_PROVENANCE_KIND = {
    "original-source": "original_source",
    "originally-published": "original_source",
    "first-appeared": "original_source",
    "republished-with-permission": "republished_with_permission",
    "source-line": "source",
}


def _provenance(lm: LineMeta, u: Unit, hit: Hit, where: str) -> None:
    if where == "far":
        lm.boiler.append(Boilerplate("provenance", hit.rule, ev_of(u), PRODUCER))
        return
    m = hit.match
    value = (m.groupdict().get("value") or "").strip(" .,:;")
    if parse_date(value) or (hit.rule == "source-line" and where == "removed"):
        # "Source: Bureau of Statistics" under a chart mid-article is a data credit
        lm.boiler.append(Boilerplate("caption" if where == "removed" else "provenance", hit.rule, ev_of(u), PRODUCER))
        return
    if hit.rule in ("wire-credit", "wire-contributed"):
        lm.facts.append(fact("wire", wire_name(m.group("wire")), ev_of(u), hit.rule))
    else:
        lm.facts.append(fact(_PROVENANCE_KIND[hit.rule], value, ev_of(u), hit.rule))
    lm.boiler.append(Boilerplate("provenance", hit.rule, ev_of(u), PRODUCER))


def _short_labels(values: str) -> bool:
    return all(len(v.split()) <= 4 for v in split_list(values))


def _label(raw: str) -> str:
    raw = raw.strip()
    return raw[:1].upper() + raw[1:]
