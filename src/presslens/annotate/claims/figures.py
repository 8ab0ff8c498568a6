"""Numeric claims and their consistency (issue 4, part 1).

``numeric_claims``: every quantity stated in the body (see :mod:`presslens.annotate.claims.numbers`
for what counts as one and what does not: years, dates, times, ages as modifiers, phone numbers,
addresses, ids and list numbers are left out), with

- ``value`` (and ``value_max`` for ranges and vague magnitudes such as "tens of thousands"),
  ``qualifier`` (``=``, ``~``, ``>``, ``>=``, ``<``, ``<=``) and ``unit`` (``%``, a currency code,
  ``years``, ``km`` ...; null for a plain count);
- ``counted``: what is counted, from the words around the number, without a dependency parse (the
  shared parse only covers attribution sentences): the noun phrase after the number with its
  post-modifiers or relative clause ("people have died since the war began"), the noun of a
  partitive ("110,000 of the dead"; with the subject when a verb such as "accounted for" names the
  group: "dead among Syrian government troops"), the noun of "the number of X ... is N", or the
  noun of the previous claim in the sentence when the number stands alone ("joining 300 on the
  ground there" -> "troops on the ground there");
- ``source``: the speaker of a quotation holding the number, an "according to" source of the
  sentence, or a named source (``sources`` annotations) whose supported sentences include it, as
  a report introduced earlier is continued by "Of these, ...", "The toll also includes ...";
- ``hedges``: "reportedly", "estimated", "allegedly" ... in the sentence.

``claim_consistency``: where claims of one source are parts of a stated total (the parts come
after a larger figure of the same source and unit and sum to 90-110 % of it) the relation, the
sum and the gap, without judging which figure is right; and the same counted thing stated twice
with different values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from presslens.annotate.claims.checks import find_consistency
from presslens.annotate.claims.numbers import Quantity, find_quantities
from presslens.annotate.claims.vocab import _PREP_START
from presslens.annotate.nlp import parse_one, sentence_spans
from presslens.components import Context, component, producer
from presslens.records import Article, ConsistencyFinding, Evidence, NumericClaim

_STOP_PUNCT = re.compile(r"[,;:.!?()\[\]\"“”]|\s[-–—]\s|\n")
_PARTITIVE = re.compile(r"^\s+of\s+(?:(?:the|these|those|them|its|their|all|our|his|her|my|your)\s+)?(?:(?:most|very)\s+)?", re.IGNORECASE)
_DEGREE_START = re.compile(r"^(?:more|additional|extra|further|other\s+than)\s+(?=[a-z])", re.IGNORECASE)
_NEXT_CLAIM = re.compile(
    r"\s(?:and|or|but|while|with|compared\s+(?:with|to)|versus|vs\.?|than|from)\s+"
    r"(?:(?:more\s+than|over|at\s+least|nearly|almost|about|around|some|up\s+to|another|a\s+further)\s+)?"
    r"(?:\d|[$£€]|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundreds|thousands|tens|dozens|half)\b)",
    re.IGNORECASE,
)
_CLAUSE_STOP = re.compile(r"\s(?:according\s+to|said|says|told|reported|but|while|whereas|because|although)\b", re.IGNORECASE)
# a phrase after the number that is not a noun phrase: a verb, a modal, a preposition, a conjunction
_NOT_NP_START = re.compile(
    r"^(?:will|would|can|could|should|may|might|must|shall|has|have|had|did|does|do|been|be|being|to|by|for|after|before|since|"
    r"until|than|as|if|when|while|because|during|against|over|under|with|without|into|onto|about|per|via|and|or|but|"
    r"[a-z]+ing\s+(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those|almost|about|nearly|more|up|down|to|in|"
    r"on|at|by|for|with|it|them|him|us)\b)\b",
    re.IGNORECASE,
)
_NP_END = re.compile(
    r"\s(?:have|has|had|were|was|are|is|be|been|who|which|that|in|into|on|at|from|to|for|since|during|across|by|with|of|"
    r"died|killed|joined|remain|remained|live|lived|said|say)\b",
    re.IGNORECASE,
)
_TRAIL = re.compile(r"(?:\s+(?:the|a|an|and|or|of|to|in|on|at|for|by|with|as|from|that|who|which|its|their))+$", re.IGNORECASE)
_GROUP_VERB = re.compile(r"(?:accounted\s+for|account\s+for|accounts\s+for|made\s+up|make\s+up|makes\s+up|represented|represent|comprised|included|were|are)\s+$", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:of\s+these|of\s+those|of\s+them|among\s+them|in\s+addition|also|meanwhile)\s*,?\s*", re.IGNORECASE)
_NUMBER_OF = re.compile(
    r"\b(?:the\s+)?(?:number|total|toll|count|tally|share|proportion|percentage|rate|cost|price)\s+of\s+(?P<x>[^,;.]+?)(?=,|\s+(?:is|was|are|were|stands|stood|reached|rose|fell|hit|totals?|totaled|totalled)\b)",
    re.IGNORECASE,
)
_HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|estimated|estimates?|believed|thought\s+to|unconfirmed|"
    r"projected|expected|possibly|probably|likely|may\s+have|might|could\s+be|claimed|claims?|unverified|rumou?red)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)


# where one clause of a sentence ends and the next begins: a hedge ("likely", "reportedly") qualifies the
# figures of its own clause ("The bill will likely pass, but 300 jobs were cut" hedges nothing)
_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[-–—]+\s+|\s*—\s*|,\s+(?=(?:and|but|while|whereas|although|though|yet|so|as|which|who|because|since|"
    r"after|before|when|even\s+as)\b)|\s+(?=(?:but|while|whereas|although|though|yet)\s)",
    re.IGNORECASE,
)


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """The clauses of a sentence as (start, end) offsets: split at semicolons, colons, dashes and
    at a comma or a conjunction that opens a new clause ("..., but", "..., while", "although")."""
    out, a = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.start() > a:
            out.append((a, m.start()))
        a = m.end()
    out.append((a, len(sentence)))
    return out


def _clean(s: str) -> str:
    return _TRAIL.sub("", " ".join(s.split())).strip(" ,;-–—")


def _span_words(text: str, start: int, limit: int, max_words: int = 10) -> tuple[int, int]:
    """From ``start``: words up to punctuation, the next number, a reporting clause or ``max_words``."""
    seg = text[start:limit]
    cut = len(seg)
    for rx in (_STOP_PUNCT, _NEXT_CLAIM, _CLAUSE_STOP):
        m = rx.search(seg)
        if m and m.start() < cut:
            cut = m.start()
    words = list(re.finditer(r"\S+", seg[:cut]))[:max_words]
    if not words:
        return start, start
    s, e = start + words[0].start(), start + words[-1].end()
    body = text[s:e]
    trimmed = _TRAIL.sub("", body)
    return s, s + len(trimmed.rstrip(" ,;"))


def _head(counted: str) -> str | None:
    """The noun phrase of a counted phrase without its post-modifiers: the words before a verb, a
    relative pronoun or a preposition (an elliptical "joining 300 on the ground" repeats it)."""
    m = _NP_END.search(" " + counted)
    np_ = (" " + counted)[: m.start()] if m else " " + counted
    words = np_.split()
    return " ".join(words[-5:]) if words else None


def _counted(text: str, q: Quantity, sent_start: int, sent_end: int, prev_head: str | None) -> tuple[str | None, int | None, int | None]:
    after_start = q.end
    before = text[sent_start : q.start]
    pm = _PARTITIVE.match(text[after_start:sent_end])
    partitive = pm is not None
    if pm:
        after_start += pm.end()
    dm = _DEGREE_START.match(text[after_start:sent_end].lstrip())
    if dm and not partitive:  # "eight more picks": the picks are counted, "more" says they are added
        after_start += len(text[after_start:sent_end]) - len(text[after_start:sent_end].lstrip()) + dm.end()
    s, e = _span_words(text, after_start, sent_end)
    if partitive and q.unit is None:  # "half of the volunteers in Harbour Town were made up of ...": the group, not the clause
        vm = re.search(r"\s(?:were|was|are|is|have|has|had|will|would)\b", text[s:e], re.IGNORECASE)
        if vm:
            e = s + vm.start()
    phrase = _clean(text[s:e]) if e > s else ""
    # "600 were children": the complement of a copula is what is counted
    cm = re.match(r"^(?:were|are|was|is)\s+(?!\w+ed\b)(?:(?:the|a|an)\s+)?", phrase, re.IGNORECASE)
    if cm and len(phrase) > cm.end():
        s += cm.end()
        phrase = phrase[cm.end() :]
    # "the number of civilians killed, according to ..., is 90,000"
    if not phrase:
        matches = list(_NUMBER_OF.finditer(before))
        nm = matches[-1] if matches else None
        if nm is not None:
            xs = sent_start + nm.start("x")
            xe = sent_start + nm.end("x")
            return _clean(text[xs:xe]), xs, xe
    # "joining 300 on the ground there": the noun of the previous claim
    if (not phrase or _PREP_START.match(phrase)) and prev_head and not partitive:
        if phrase:
            return f"{prev_head} {phrase}", s, e
        return prev_head, None, None
    if not phrase or _NOT_NP_START.match(phrase):
        return None, None, None
    # "X accounted for 110,000 of the dead" -> "dead among X"
    gm = _GROUP_VERB.search(before) if partitive else None
    if gm:
        subj = _LEAD_IN.sub("", before[: gm.start()].strip())
        subj = _clean(subj)
        noun = re.sub(r"^(?:the|these|those)\s+", "", phrase, flags=re.IGNORECASE)
        if subj and len(subj.split()) <= 10:
            return f"{noun} among {subj}", s, e
    return phrase, s, e


def _sources_for(article: Article, q_start: int, sent: tuple[int, int]) -> tuple[str | None, int | None, int | None]:
    """Who gives the figure, read from the attribution layer (docs/sourcing.md): the speaker of a
    quotation holding it (direct, reported, or the content of a sentence-final "..., TNO said"),
    "according to" in the sentence, or a named source whose supported sentences include this one.
    A quotation's speaker counts when the layer resolved it to a person, an organisation or a group
    (not an unresolved phrase such as "the report")."""
    for quote in article.annotations.get("quotes", ()):
        qs, qe = _get(quote, "start"), _get(quote, "end")
        speaker = _get(quote, "speaker")
        kind = _get(quote, "speaker_kind") if (isinstance(quote, dict) and "speaker_kind" in quote) or hasattr(quote, "speaker_kind") else None
        named = kind in ("person", "organization", "group", "vague") if kind is not None else bool(speaker) and not speaker.islower()
        if qs <= q_start < qe and speaker and named:
            mention = _get(quote, "speaker_mention")
            return speaker, (_get(mention, "start") if mention else None), (_get(mention, "end") if mention else None)
    sources = list(article.annotations.get("sources", ()))
    best = None
    for src in sources:
        kind, rule = _get(src, "kind"), _get(src, "rule")
        cue = _get(src, "cue")
        s_start, s_end = _get(src, "start"), _get(src, "end")
        in_sentence = sent[0] <= s_start < sent[1]
        supports = _get(src, "supports") or ()
        covers = any(_get(ev, "start") <= q_start < _get(ev, "end") for ev in supports)
        if not covers:
            continue
        if kind == "vague":
            if rule == "reportedly":
                continue
            rank = 3
        elif rule == "according-to" and in_sentence:
            rank = 0
        elif in_sentence and rule == "report-by" and q_start < s_start:
            continue  # "... hundreds of thousands ..., a report issued by X presents ...": not X's figure
        else:
            rank = 1 if in_sentence or (cue and sent[0] <= _get(cue, "start") < sent[1]) else 2
        if best is None or rank < best[0]:
            best = (rank, _get(src, "name"), s_start, s_end)
    if best is None:
        return None, None, None
    return best[1], best[2], best[3]


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


def find_claims(article: Article, prod: str = "claims@2", spans: list[tuple[int, int]] | None = None) -> tuple[NumericClaim, ...]:
    text = article.text
    if spans is None:  # called outside a pipeline: sentences from a parse of its own
        spans = sentence_spans(parse_one(text))
    out: list[NumericClaim] = []
    for s0, s1 in spans:
        sent_text = text[s0:s1]
        if not re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|third|quarter|dozen|dozens|tens|scores)", sent_text, re.IGNORECASE):
            continue
        quantities = find_quantities(sent_text, s0)
        if not quantities:
            continue
        hedge_hits = [(s0 + m.start(), m.group().casefold()) for m in _HEDGES.finditer(sent_text)]
        clauses = [(s0 + a, s0 + b) for a, b in clause_spans(sent_text)] if hedge_hits else []
        sentence = Evidence(s0, s1, sent_text, "body")
        prev_head = None
        for q in quantities:
            counted, cs, ce = _counted(text, q, s0, s1, prev_head)
            if counted:
                prev_head = _head(counted) or prev_head
            source, ss, se = _sources_for(article, q.start, (s0, s1))
            clause = next(((a, b) for a, b in clauses if a <= q.start < b), (s0, s1))
            hedges = tuple(dict.fromkeys(h for pos, h in hedge_hits if clause[0] <= pos < clause[1]))
            conf = 0.85
            if q.vague:
                conf -= 0.15
            if not counted:
                conf -= 0.25
            if q.value == 1 and q.unit is None and text[q.start : q.end].casefold() == "one":
                conf -= 0.25  # "one of the largest dinosaurs": a count, but rarely a claim
            out.append(NumericClaim(
                q.start, q.end, text[q.start : q.end], q.value, q.value_max, q.qualifier, q.unit,  # type: ignore[arg-type]
                counted, cs, ce, source, ss, se, hedges, sentence, round(conf, 2), prod, q.change, q.from_value,  # type: ignore[arg-type]
            ))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SentenceQuantity:
    """A quantity of one sentence with what it counts (no source): what the quantity gold scores."""

    start: int
    end: int
    value: float
    value_max: float | None
    qualifier: str
    unit: str | None
    change: str | None
    counted: str | None
    parts: tuple[tuple[float, str], ...] = ()


def sentence_quantities(sentence: str) -> list[SentenceQuantity]:
    """The quantities of one sentence with their counted thing, as :func:`find_claims` reads them."""
    out: list[SentenceQuantity] = []
    prev_head = None
    for q in find_quantities(sentence):
        counted, _, _ = _counted(sentence, q, 0, len(sentence), prev_head)
        if counted:
            prev_head = _head(counted) or prev_head
        out.append(SentenceQuantity(q.start, q.end, q.value, q.value_max, q.qualifier, q.unit, q.change, counted, q.parts))
    return out


@component("claims", requires=("sentences", "sources"), assigns=("numeric_claims", "claim_consistency"))
class ClaimAnnotator:
    """Numeric claims (value, qualifier, unit, counted thing, source, hedges) and their consistency."""

    version = 2

    def __call__(self, article: Article, ctx: Context) -> Article:
        prod = producer(self)
        sents = article.annotations.get("sentences")
        spans = [(_get(s, "start"), _get(s, "end")) for s in sents] if sents else None
        claims = find_claims(article, prod, spans)
        return article.with_annotations(numeric_claims=claims, claim_consistency=find_consistency(claims, prod))


__all__ = ["ClaimAnnotator", "ConsistencyFinding", "NumericClaim", "find_claims", "find_consistency"]
