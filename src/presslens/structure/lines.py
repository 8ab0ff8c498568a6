"""Read the rule-matched lines outside the body: bylines, datelines, taxonomy, provenance, copyright.

Every such line becomes a :class:`~presslens.records.Boilerplate` entry with
its reason; the ones near the body (just before it, removed from it, or just
after it) also give the article's authors, date, publisher, tags and
provenance facts. Far lines (menus, site footers) only give boilerplate and
the site's copyright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslens.records import Boilerplate, Evidence, ProvenanceFact
from presslens.structure.choose import State, near_post
from presslens.structure.classify import Hit, Unit, split_list
from presslens.structure.dates import parse_date
from presslens.structure.metadata import clean_authors, split_names
from presslens.structure.provenance import fact, wire_name
from presslens.structure.version import PRODUCER


def ev_of(u: Unit, m: re.Match[str] | None = None, group: str | int = 0) -> Evidence:
    """Evidence for a unit, or for one group of a match inside it."""
    if m is None or u.start < 0:
        return Evidence(start=u.start, end=u.end, text=u.raw or u.text, where="page")
    s, e = m.span(group)
    return Evidence(start=u.start + s, end=u.start + e, text=u.text[s:e], where="page")


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


def read_lines(st: State, evidence: dict[str, tuple[Evidence, ...]]) -> LineMeta:
    """Walk far, pre, removed and post units in page order of zones, one family at a time."""
    meta = st.page.meta
    lm = LineMeta(
        authors=clean_authors(meta.get("authors") or []),
        published=meta.get("published"),
        publisher=meta.get("publisher"),
        tags={k: list(v) for k, v in (meta.get("tags") or {}).items()},
        evidence=evidence,
        meta_authors=bool(meta.get("authors")),
    )
    post_near = near_post(st)
    zone = [("far", u) for u in st.far] + [("pre", u) for u in st.pre] + [("removed", u) for u in st.removed] + [("post", u) for u in st.post]
    for where, u in zone:
        hit = u.hit
        if hit is None:
            continue
        near = where in ("pre", "removed") or (where == "post" and u in post_near)
        if hit.family == "byline" and where == "removed" and hit.rule == "name-comma-wire":
            # "Jane Doe, AP" between paragraphs is a photo credit, not the byline
            lm.boiler.append(Boilerplate("caption", hit.rule, ev_of(u), PRODUCER))
        elif hit.family == "byline" and near:
            _byline(lm, u, hit, where)
        elif hit.family == "dateline" and near:
            _dateline(lm, u, hit)
        elif hit.family == "taxonomy":
            _taxonomy(lm, u, hit, where, near)
        elif hit.family == "provenance":
            _provenance(lm, u, hit, where)
        elif hit.family == "copyright":
            if hit.rule == "copyright":
                # a site-wide footer far from the article is the site's notice, not the article's
                kind = "copyright" if near else "site_copyright"
                lm.facts.append(fact(kind, hit.match.group("body"), ev_of(u), hit.rule))
            lm.boiler.append(Boilerplate("copyright", hit.rule, ev_of(u), PRODUCER))
        else:
            lm.boiler.append(Boilerplate(hit.family, hit.rule, ev_of(u), PRODUCER))
    return lm


def _byline(lm: LineMeta, u: Unit, hit: Hit, where: str) -> None:
    m = hit.match
    names = split_names(m.group("names"))
    if names and not (lm.meta_authors and where == "post"):
        if not lm.author_ev or not lm.meta_authors:
            for n in names:
                if n not in lm.authors:
                    lm.authors.append(n)
            lm.author_ev.append(ev_of(u, m, "names"))
    if "wire" in m.groupdict() and m.group("wire"):
        lm.facts.append(fact("wire", wire_name(m.group("wire")), ev_of(u, m, "wire"), hit.rule))
    lm.boiler.append(Boilerplate("byline", hit.rule, ev_of(u), PRODUCER))


def _dateline(lm: LineMeta, u: Unit, hit: Hit) -> None:
    m = hit.match
    iso = parse_date(m.group("date"))
    published, evidence = lm.published, lm.evidence
    # a date written on the page beats a year-only guess from the metadata (YYYY-01-01)
    if iso and (not published or (published.endswith("-01-01") and iso != published and "published" not in evidence)):
        lm.published = iso
        evidence["published"] = (ev_of(u, m, "date"),)
    if "publisher" in m.groupdict() and m.group("publisher") and not lm.publisher:
        lm.publisher = m.group("publisher")
        evidence["publisher"] = (ev_of(u, m, "publisher"),)
    lm.boiler.append(Boilerplate("dateline", hit.rule, ev_of(u), PRODUCER))


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
    if hit.rule == "wire-credit":
        lm.facts.append(fact("wire", wire_name(m.group("wire")), ev_of(u), hit.rule))
    else:
        lm.facts.append(fact(_PROVENANCE_KIND[hit.rule], value, ev_of(u), hit.rule))
    lm.boiler.append(Boilerplate("provenance", hit.rule, ev_of(u), PRODUCER))


def _short_labels(values: str) -> bool:
    return all(len(v.split()) <= 4 for v in split_list(values))


def _label(raw: str) -> str:
    raw = raw.strip()
    return raw[:1].upper() + raw[1:]
