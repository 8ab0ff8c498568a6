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

_WIRES = {"ap": "Associated Press", "afp": "Agence France-Presse", "upi": "United Press International"}


def fact(kind: str, value: str, ev: Evidence, rule: str) -> ProvenanceFact:
    return ProvenanceFact(kind=kind, value=value, evidence=ev, rule=rule, producer=PRODUCER)


def wire_name(name: str) -> str:
    return _WIRES.get(name.lower(), name)


def wire_of(facts: list[ProvenanceFact]) -> str | None:
    return next((f.value for f in facts if f.kind == "wire"), None)


def original_of(facts: list[ProvenanceFact]) -> str | None:
    return next((f.value for f in facts if f.kind == "original_source" and f.value), None)


def dedupe_facts(facts: list[ProvenanceFact]) -> list[ProvenanceFact]:
    seen: set[tuple[str, str]] = set()
    out: list[ProvenanceFact] = []
    for f in facts:
        key = (f.kind, f.value.casefold())
        if key not in seen:
            seen.add(key)
            out.append(f)
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
