"""Sources: who or what backs the article's statements, named or vague.

- ``organization`` / ``document``: a report, count or study issued by a named organisation ("a
  report issued by the ... Northern Institute for Rail Safety"), "according to <organisation>",
  an organisation reported as saying something (the speaker of a quotation);
- ``vague``: unnamed or anonymous sourcing ("Unverified accounts from the harbour", "sources
  said", "officials who spoke on condition of anonymity", "reportedly", "it is believed").

Each source carries the sentences it supports: its own sentence, then the following sentences
that refer back to it ("According to its count ...", "Of these ...", "The toll ...", "the
group's report"), over at most one paragraph break.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from presslens.annotate.lexicon import REPORT_BY_RE, VAGUE_RE
from presslens.annotate.nlp import doc_in, parse_one, sentence_spans
from presslens.annotate.sourcing.entities import Entity, entity_at, find_entities
from presslens.components import Context, component, producer
from presslens.records import Article, Evidence, Source

_ANAPHORA = re.compile(
    r"\b(?:its|their|these|those|of\s+these|the\s+group[’']s|the\s+organi[sz]ation[’']s|"
    r"the\s+(?:report|count|study|survey|poll|figures|toll|data|tally|analysis|findings|statistics)|"
    r"according\s+to\s+(?:its|their|the\s+(?:group|report|count|study|survey|organi[sz]ation)))\b",
    re.IGNORECASE,
)
_MAX_FOLLOW = 6




class _Sentences:
    def __init__(self, article: Article, doc: Any) -> None:
        self.text = article.text
        self.spans = sentence_spans(doc)
        self.paragraph_of = {}
        paras = [(p.start, p.end) for p in article.paragraphs] or [(0, len(article.text))]
        for k, (s, _e) in enumerate(self.spans):
            self.paragraph_of[k] = next((i for i, (ps, pe) in enumerate(paras) if ps <= s < pe), 0)

    def index(self, offset: int) -> int:
        for k, (s, e) in enumerate(self.spans):
            if s <= offset < e:
                return k
        return max(0, len(self.spans) - 1)

    def ev(self, k: int) -> Evidence:
        s, e = self.spans[k]
        return Evidence(s, e, self.text[s:e], "body")

    def supported(self, offset: int, follow: bool) -> tuple[Evidence, ...]:
        k = self.index(offset)
        out = [self.ev(k)]
        if follow:
            para = self.paragraph_of.get(k, 0)
            for j in range(k + 1, min(len(self.spans), k + 1 + _MAX_FOLLOW)):
                if self.paragraph_of.get(j, 0) > para + 1:
                    break
                s, e = self.spans[j]
                if not _ANAPHORA.search(self.text[s:e]):
                    break
                out.append(self.ev(j))
        return tuple(out)


def find_sources(article: Article, entities: tuple[Entity, ...] | None = None, quotes: tuple = (), prod: str = "sources@1",
                 doc: Any = None) -> tuple[Source, ...]:
    """Named and vague sources of ``article``; ``doc`` is its spaCy Doc (parsed now when not given)."""
    if doc is None:
        doc = parse_one(article.text)
    if entities is None:
        entities = find_entities(article, doc=doc)
    text = article.text
    sents = _Sentences(article, doc)
    out: list[Source] = []
    taken: list[tuple[int, int]] = []

    def add(start, end, name, kind, entity, cue, supports, rule, conf):
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        out.append(Source(start, end, text[start:end], name, kind, entity, cue, supports, rule, conf, prod))

    # a report issued by <organisation>
    for m in REPORT_BY_RE.finditer(text):
        window_end = min(len(text), m.end() + 60)
        best = None
        for e in entities:
            if e.label not in ("ORG", "GPE"):
                continue
            for mm in e.mentions:
                if mm.where == "body" and m.end() <= mm.start < window_end and (best is None or mm.start < best[1].start):
                    best = (e, mm)
        if best is None:
            continue
        e, mm = best
        cue_text = m.group().strip()
        cs = m.start() + (len(m.group()) - len(m.group().lstrip()))
        add(mm.start, mm.end, e.name, "organization", e.name, Evidence(cs, cs + len(cue_text), cue_text, "body"),
            sents.supported(mm.start, True), "report-by", 0.85)
    # according to <organisation>
    for m in re.finditer(r"\baccording\s+to\s+(?:the\s+)?", text, re.IGNORECASE):
        found = entity_at(entities, m.end(), m.end() + 3, ("ORG", "GPE"))
        if found is None:
            continue
        e = found
        mm = next(x for x in e.mentions if x.where == "body" and x.start < m.end() + 3 and m.end() < x.end)
        cue = Evidence(m.start(), m.start() + len("according to"), text[m.start() : m.start() + len("according to")], "body")
        add(mm.start, mm.end, e.name, "organization", e.name, cue, sents.supported(m.start(), True), "according-to", 0.8)
    # organisations quoted as saying something
    for q in quotes:
        if q.speaker_mention is None or q.speaker is None:
            continue
        spoke = entity_at(entities, q.speaker_mention.start, q.speaker_mention.end, ("ORG",))
        if spoke is None or spoke.name != q.speaker:
            continue
        add(q.speaker_mention.start, q.speaker_mention.end, spoke.name, "organization", spoke.name, q.cue,
            sents.supported(q.start, False), f"quoted-{q.kind}", round(q.confidence * 0.9, 2))
    # anonymous attribution the attribution layer found as a quotation's speaker ("a source said",
    # "people familiar with the talks told ..."): a vague source, never a name
    for q in quotes:
        if getattr(q, "speaker_path", None) != "vague" or q.speaker_mention is None:
            continue
        mm = q.speaker_mention
        add(mm.start, mm.end, q.speaker or mm.text, "vague", None, q.cue, sents.supported(q.start, False), "quoted-vague",
            round(q.confidence * 0.9, 2))
    # vague and anonymous sources
    for rule, rx in VAGUE_RE:
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            phrase = text[start:end].strip()
            add(start, start + len(phrase), phrase, "vague", None, None, sents.supported(start, False), rule,
                0.6 if rule in ("reportedly", "critics-say") else 0.75)
    out.sort(key=lambda s: s.start)
    return tuple(out)


@component("sources", requires=("parse", "entities", "quotes"), assigns=("sources",))
class SourceAnnotator:
    """Named and vague sources, each with the sentences it supports."""

    name: ClassVar[str]  # set by @component
    version = 2

    def __call__(self, article: Article, ctx: Context) -> Article:
        entities = article.annotations.get("entities")
        quotes = article.annotations.get("quotes", ())
        doc = doc_in(ctx, article, self.name)
        found = find_sources(article, tuple(entities) if entities is not None else None, tuple(quotes), producer(self), doc)
        return article.with_annotations(sources=found)


__all__ = ["Source", "SourceAnnotator", "find_sources"]
