"""Provenance facts (wire, original source, copyright, republished by) and the record built from them.

Facts are collected while the lines around the body are read
(:mod:`presslens.structure.lines`); here they get the wire credits that open
the body or trail a byline, are de-duplicated, and are summed up into
:class:`~presslens.records.Provenance`.
"""

from __future__ import annotations

import re

import presslens.structure.rules as R
from presslens.records import Evidence, Provenance, ProvenanceFact
from presslens.structure.choose import State
from presslens.structure.metadata import split_holders
from presslens.structure.version import PRODUCER

_WIRES = {
    "ap": "Associated Press", "associated press": "Associated Press", "afp": "Agence France-Presse",
    "upi": "United Press International", "dpa": "dpa",
}


def fact(kind: str, value: str, ev: Evidence, rule: str) -> ProvenanceFact:
    return ProvenanceFact(kind=kind, value=value, evidence=ev, rule=rule, producer=PRODUCER)


def wire_name(name: str) -> str:
    return _WIRES.get(name.lower().removeprefix("the "), name)


def wire_of(facts: list[ProvenanceFact]) -> str | None:
    return next((f.value for f in facts if f.kind == "wire"), None)


def original_of(facts: list[ProvenanceFact]) -> str | None:
    return next((f.value for f in facts if f.kind == "original_source" and f.value), None)


def dedupe_facts(facts: list[ProvenanceFact]) -> list[ProvenanceFact]:
    seen: set[tuple[str, str]] = set()
    out: list[ProvenanceFact] = []
    for f in facts:
        # every sentence that sources the copy to an agency is kept as evidence
        key = (f.kind, f.value.casefold()) if f.rule != "wire-sourced" else (f.kind, f"{f.evidence.start}:{f.evidence.text}")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# Copy sourced from an agency: "told Reuters", "seen by Reuters", "Reuters could not independently
# verify", "a Reuters witness", "according to an AFP tally". Agencies named in full or as their
# usual short form; the verb around the name is what makes it sourcing, not a mention.
_AGENCY_NAMES = (
    r"Reuters|AFP|Agence\s+France[- ]Presse|(?:the\s+)?Associated\s+Press|AP|Bloomberg(?:\s+News)?|dpa|Xinhua|TASS|Interfax|"
    r"Kyodo(?:\s+News)?|Yonhap|ANSA|EFE|PTI|ANI|IANS|UPI|Press\s+Association|PA\s+Media|(?:the\s+)?Canadian\s+Press|AAP"
)
_WIRE_SOURCED = re.compile(
    rf"\b(?:told|tells|telling|seen\s+by|reviewed\s+by|obtained\s+by|shown\s+to|confirmed\s+to|spoke\s+to|speaking\s+to|"
    rf"in\s+an?\s+(?:interview|statement|e-?mail|phone\s+call|exclusive\s+interview)\s+(?:with|to))\s+(?:the\s+)?(?P<a>{_AGENCY_NAMES})\b"
    rf"|\b(?P<b>{_AGENCY_NAMES})\s+(?:could\s+not\s+(?:immediately\s+)?(?:independently\s+)?(?:verify|confirm)|"
    rf"was\s+(?:not\s+able|unable)\s+to\s+(?:independently\s+)?(?:verify|confirm)|contributed\s+(?:to\s+)?(?:this\s+)?report)"
    rf"|\b(?:an?|the)\s+(?P<c>Reuters|AFP|AP|Bloomberg)\s+(?:witness|tally|count|calculation|analysis|review|reporter|correspondent|photographer|investigation)\b"
    rf"|\baccording\s+to\s+(?:an?\s+)?(?P<d>Reuters|AFP|AP|Bloomberg)\s+(?:tally|count|calculation|analysis|review|poll|survey|report)\b"
)
# Every match holds one of these words (the pattern is case-sensitive): substring tests first,
# since the four-branch search over a whole body costs about 0.5 ms a page.
_AGENCY_WORDS = (
    "Reuters", "AFP", "Agence", "Associated", "AP", "Bloomberg", "dpa", "Xinhua", "TASS", "Interfax", "Kyodo", "Yonhap",
    "ANSA", "EFE", "PTI", "ANI", "IANS", "UPI", "Press", "PA", "Canadian", "AAP",
)
# Bylines that credit a desk for agency copy rather than a reporter.
_AGENCY_DESK = re.compile(r"^(?:our\s+[\w -]{0,30}staff|(?:staff\s+and\s+)?(?:news\s+)?agencies|wires?(?:\s+services?)?|agency\s+reports?)$", re.I)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"”’)]?|$)")


def wire_sourced(st: State, body_pos: dict[int, int], text: str) -> list[ProvenanceFact]:
    """Sentences of the body that say the copy comes from an agency, each one a piece of evidence.
    ``text`` is the whole body: one search says whether any paragraph needs a look."""
    facts: list[ProvenanceFact] = []
    if not any(w in text for w in _AGENCY_WORDS) or _WIRE_SOURCED.search(text) is None:
        return facts
    for u in st.body:
        for m in _WIRE_SOURCED.finditer(u.text):
            name = next(g for g in m.groups() if g)
            s0 = u.text.rfind(". ", 0, m.start()) + 1 if u.text.rfind(". ", 0, m.start()) >= 0 else 0
            while s0 < len(u.text) and u.text[s0] == " ":
                s0 += 1
            end = _SENTENCE.match(u.text, m.end())
            e0 = end.end() if end else m.end()
            pos = body_pos[id(u)]
            ev = Evidence(pos + s0, pos + e0, u.text[s0:e0], "body")
            facts.append(fact("wire", wire_name(" ".join(name.split()).removeprefix("the ").removeprefix("The ")), ev, "wire-sourced"))
            if len(facts) >= 3:
                return facts
    return facts



def agency_desk(names: list[str], author_ev: list[Evidence]) -> list[ProvenanceFact]:
    """A byline that credits a desk for agency copy ("Our Foreign Staff", "Staff and agencies")."""
    out: list[ProvenanceFact] = []
    for name in names:
        if _AGENCY_DESK.match(name.strip()):
            ev = next((e for e in author_ev if name in e.text), author_ev[0] if author_ev else Evidence(-1, -1, name, "page"))
            out.append(fact("wire", name, ev, "agency-desk-byline"))
    return out


def wire_facts(st: State, body_pos: dict[int, int], author_ev: list[Evidence]) -> list[ProvenanceFact]:
    """Wire credits in the body's opening dateline ("WASHINGTON (AP) —") and after a
    byline ("By Jane Doe, AP Diplomatic Writer")."""
    facts: list[ProvenanceFact] = []
    for first in st.body[:3]:
        m = R.WIRE_DATELINE.match(first.text)
        if m:
            pos = body_pos[id(first)]
            facts.append(
                fact("wire", wire_name(m.group("wire")), Evidence(pos, pos + m.end(), first.text[: m.end()], "body"), "wire-dateline")
            )
            break
    for ev in author_ev:
        tail = st.page.text[ev.end : ev.end + 80] if ev.start >= 0 else ""
        mw = re.match(r"^[^\n]*?\b(Associated Press|AP|Reuters|AFP|Bloomberg)\b", tail)
        if mw:
            facts.append(fact("wire", wire_name(mw.group(1)), ev, "byline-wire"))
    return facts


def publisher_from_copyright(facts: list[ProvenanceFact], authors: list[str]) -> tuple[str, Evidence] | None:
    """The holder of the site's © line ("© 2022 Harbor Ledger Media"), else of the article's,
    that is not one of the authors: the publisher, with the holder's span as evidence."""
    folded = {a.casefold() for a in authors}
    for kind in ("site_copyright", "copyright"):
        for f in facts:
            if f.kind != kind:
                continue
            for holder in split_holders(f.value)[0]:
                holder = holder.strip(" .,;·•|-–—")
                if not holder or holder.casefold() in folded or len(holder) > 80 or not any(ch.isalpha() for ch in holder):
                    continue
                ev = f.evidence
                i = ev.text.find(holder)
                if i >= 0 and ev.start >= 0:
                    return holder, Evidence(ev.start + i, ev.start + i + len(holder), holder, ev.where)
                return holder, ev
    return None


def build_provenance(facts: list[ProvenanceFact], publisher: str | None, evidence: dict[str, tuple[Evidence, ...]]) -> Provenance:
    """Sum the facts up; ``facts`` is edited in place (site notices reclassified, ``republished_by`` added)."""
    original = next((f.value for f in facts if f.kind == "original_source" and f.value), None)
    if original is None:
        original = next((f.value for f in facts if f.kind in ("republished_with_permission", "source") and f.value), None)
    wire = next((f.value for f in facts if f.kind == "wire"), None)
    # When the article has its own copyright line, a line naming only the site is the site's notice.
    own = [f for f in facts if f.kind == "copyright"]
    if len(own) > 1 and publisher:
        for i, f in enumerate(facts):
            if f.kind == "copyright" and split_holders(f.value)[0] == [publisher]:
                facts[i] = fact("site_copyright", f.value, f.evidence, f.rule)
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
            facts.append(fact("republished_by", publisher, pub_ev[0], "publisher-differs"))
    return Provenance(
        original_source=original,
        republished_by=republished_by,
        copyright_holders=tuple(holders),
        copyright_year=year,
        wire=wire,
        facts=tuple(facts),
    )
