"""Byline and dateline candidates around the body, before lines.py chooses among them.

A candidate is a rule-matched line in a zone ("pre", "inside", "above", "removed", "post",
"post-far", "far"; for dates also "lead": the headline and the first paragraph's opening).
Besides the lines the rules classify, bylines are read across lines here: a name over a
dateline, a by-marker alone on its line with the names on the next, a name alone under the
headline; and the dates of the headline and of the first paragraph's opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import presslens.structure.rules as R
from presslens.records import Evidence
from presslens.structure.byline import MetaLine, Span, parse_meta_line
from presslens.structure.choose import State
from presslens.structure.classify import Hit, Unit

WHOLE = re.compile(r".*", re.S)


def ev_of(u: Unit, m: re.Match[str] | None = None, group: str | int = 0) -> Evidence:
    """Evidence for a unit, or for one group of a match inside it."""
    if m is None or u.start < 0:
        return Evidence(start=u.start, end=u.end, text=u.raw or u.text, where="page")
    s, e = m.span(group)
    return Evidence(start=u.start + s, end=u.start + e, text=u.text[s:e], where="page")


@dataclass
class Cand:
    """A byline or dateline near the body, read but not yet chosen."""

    zone: str
    unit: Unit
    hit: Hit
    dated_next: bool = False
    """The next unit on the page is a dateline ("Jane Doe" / "Updated 3 May 2021")."""
    by_title: bool = False
    """One of the few units right under (or just over) the headline."""
    names: list[tuple[str, Evidence]] | None = None
    """Names read across several lines ("By / Jane Doe / and / John Roe"), with their evidence."""


def before_comments(st: State, cands: list[Cand], last_body: int) -> tuple[list[Cand], list[Cand]]:
    """Candidates after the body's comment section heading are the commenters' names and
    dates ("Kommentar von Jane Doe — 2019-01-01", "Martin Mair / 3. Februar 2020"): never
    the byline; their dates go to the last zone, ``comments``, asked only when the page gives
    no other date (the article is at most as old as its first comment, often the same day)."""
    cut = next(
        (u.start for u in st.post if u.start >= last_body >= 0 and len(u.text) <= 260 and R.COMMENTS_START.match(u.text)),
        None,
    )
    if cut is None:
        return cands, []
    after = [Cand("comments", c.unit, c.hit) for c in cands if c.unit.start >= cut and c.hit.family == "dateline" or c.unit.start >= cut and c.hit.meta is not None]
    return [c for c in cands if c.unit.start < cut], after


_BY_TITLE_AFTER = 4  # units after the title looked at for a name alone on its line
BY_TITLE_LINKED = 3  # units after the title where a fully linked dated line is a byline, not a teaser
_BY_TITLE_BEFORE = 2


def names_by_title(st: State) -> list[tuple[str, Evidence]]:
    """"Marina Lind" alone on a line just under (or over) the headline, no marker, no date:
    many themes print the byline so. The weakest evidence of all: used only when no byline,
    metadata or author markup names anyone (``assemble``), and only names of two words or
    more (a single word there is a section or a site name)."""
    if st.title_unit is None:
        return []
    near = st.far[-_BY_TITLE_BEFORE:][::-1] + st.pre[:_BY_TITLE_AFTER]
    for u in near:
        if u.hit is not None or len(u.text) > 60 or u.kind in ("heading", "list_item") or u.text.isupper() or u.text.endswith("."):
            continue  # menu entries, section headings, "LIVE STREAM", "Das Lexikon." are not names
        if R.TAIL_GUARD.search(u.text):
            continue  # "Foto von Jane Doe von Pexels": a photo credit
        meta = parse_meta_line(u.text, linked=True)
        if meta is not None and meta.bare and len(meta.names) <= 3:
            return [(n.text, span_ev(u, n.start, n.end)) for n in meta.names]
    return []


_MARKER_ALONE = re.compile(r"^\W*(?:by|von|par|por|door|autor(?:in)?|authors?|auteur|text|texte)\s*:?\s*$", re.I)


_CONJUNCTION_ALONE = re.compile(r"^(?:and|und|&|y|et|e|en|,)$", re.I)


# A date opening the first paragraph ("Wien, 14. Dezember 2021 – ...", "01.02.2022 „Der ...",
# "Red. / 31.10.2023 Die ...") or standing in the headline ("Nachricht | 30.10.2021 ...").
_LEAD_DATE_AT = 40
_LEAD_PLACE = re.compile(r"^(?:[A-ZÄÖÜ][\w.'’ -]{0,30}?\s*[,/])?\s*$")
_LEAD_AFTER = re.compile(r"\s*(?:[-–—|•/:„“\"«(]|[A-ZÄÖÜ]|$)")


def lead_dates(st: State, cands: list[Cand], day_first: bool) -> None:
    """Dates in the headline and at the head of the first paragraph: zone ``lead``, asked after
    the page's markup (HTML) and before the lines after the body (markdown has no markup)."""
    from presslens.read.dates import find_dates

    units = ([st.title_unit] if st.title_unit is not None else []) + st.body[:1]
    for u in units:
        if u.hit is not None or len(u.text) < 8:
            continue
        dates = [d for d in find_dates(u.text[:200], day_first=day_first) if len(d.iso) == 10]
        if not dates:
            continue
        d = dates[0]
        if u is not st.title_unit and (
            d.start > _LEAD_DATE_AT or not _LEAD_PLACE.match(u.text[: d.start]) or not _LEAD_AFTER.match(u.text, d.end_with_time)
        ):
            continue  # in the body only a date that opens it (after "Place," at most), then a dash or a new sentence
        meta = MetaLine(published=d)
        cands.append(Cand("lead", u, Hit("dateline", "lead-date", WHOLE.match(u.text), meta=meta)))  # type: ignore[arg-type]


def marker_then_names(st: State, cands: list[Cand], zone_of: dict[int, str]) -> None:
    """"Von" alone on a line (a list entry, a <span> of its own) and the names on the next:
    one byline in two lines ("* Von / * Jane Doe / * 19.10.19, 08:00 Uhr"); a theme that
    prints every part apart ("By / Jane Doe / and / John Roe") gives the later names too."""
    units = st.units
    for i, u in enumerate(units[:-1]):
        zone = zone_of.get(id(u))
        if zone is None or len(u.text) > 12 or not _MARKER_ALONE.match(u.text):
            continue
        parts = [units[i + 1]]
        j = i + 2
        while j + 1 < len(units) and _CONJUNCTION_ALONE.match(units[j].text.strip()) and len(units[j + 1].text) <= 60:
            parts += [units[j], units[j + 1]]
            j += 2
        nxt = parts[0]
        if nxt.hit is not None and nxt.hit.family == "byline" or len(nxt.text) > 80:
            continue
        joined = u.text.strip()
        starts = []
        for p in parts:
            joined += " "
            starts.append(len(joined))
            joined += p.text
        meta = parse_meta_line(joined)
        if meta is None or not meta.marker or not meta.names or any(n.start < starts[0] for n in meta.names):
            continue
        for n in meta.names:
            k = max(x for x in range(len(parts)) if starts[x] <= n.start)
            if n.end > starts[k] + len(parts[k].text):
                break  # a name across two lines: not this shape
        else:
            named: list[tuple[str, Evidence]] = []
            for n in meta.names:
                k = max(x for x in range(len(parts)) if starts[x] <= n.start)
                named.append((n.text, span_ev(parts[k], n.start - starts[k], n.end - starts[k])))
            meta.names = [Span(n.text, n.start - starts[0], n.end - starts[0]) for n in meta.names if n.end <= starts[0] + len(nxt.text)]
            if not meta.names:
                continue
            meta.published = meta.updated = None  # (the date, if any, is read from its own line)
            hit = Hit("byline", R.META_LINE, WHOLE.match(nxt.text), meta=meta)  # type: ignore[arg-type]
            cands.append(Cand(zone, nxt, hit, names=named))


def names_over_datelines(st: State, cands: list[Cand]) -> None:
    """"Jane Doe" (a link) on the line just above "Updated 3 May 2021": a byline in two lines."""
    index = {id(u): i for i, u in enumerate(st.units)}
    extra: list[Cand] = []
    for c in cands:
        if c.hit.family != "dateline" or names_line(c) or c.zone == "far" or id(c.unit) not in index:
            continue
        i = index[id(c.unit)]
        prev = st.units[i - 1] if i > 0 else None
        if prev is None or prev.hit is not None or prev.link_density < 0.8 or not 0 <= c.unit.start - prev.end <= 4 or prev.kind == "heading":
            # (a linked heading over a date is a teaser's title)
            continue
        meta = parse_meta_line(prev.text, linked=True)
        if meta is not None and meta.bare:
            hit = Hit("byline", R.META_LINE, c.hit.match, meta=meta)
            extra.append(Cand(c.zone, prev, hit, dated_next=True))
    cands.extend(extra)


def names_line(c: Cand) -> bool:
    """A byline, or a "Publisher, date" line whose publisher reads as a person's name."""
    return c.hit.family == "byline" or c.hit.rule == "publisher-date" and c.hit.meta is not None and bool(c.hit.meta.names)


def span_ev(u: Unit, start: int, end: int) -> Evidence:
    if u.start < 0 or u.raw:
        return ev_of(u)
    return Evidence(start=u.start + start, end=u.start + end, text=u.text[start:end], where="page")
