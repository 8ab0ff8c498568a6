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

import math
import re
from dataclasses import dataclass
from typing import Any

from presslens.annotate.claims.numbers import Quantity, find_quantities
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
_PREP_START = re.compile(r"^(?:on|in|at|from|across|inside|outside|there|here|already|still|more|so\s+far|each|apiece|by|during)\b", re.IGNORECASE)
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
    if partitive and _GROUP_VERB.search(before):
        subj = _LEAD_IN.sub("", before[: _GROUP_VERB.search(before).start()].strip())
        subj = _clean(subj)
        noun = re.sub(r"^(?:the|these|those)\s+", "", phrase, flags=re.IGNORECASE)
        if subj and len(subj.split()) <= 10:
            return f"{noun} among {subj}", s, e
    return phrase, s, e


def _sources_for(article: Article, q_start: int, sent: tuple[int, int]) -> tuple[str | None, int | None, int | None]:
    """Who gives the figure: a quotation's speaker, "according to" in the sentence, or a named source
    whose supported sentences include this one."""
    for quote in article.annotations.get("quotes", ()):
        qs, qe = _get(quote, "start"), _get(quote, "end")
        speaker = _get(quote, "speaker")
        if qs <= q_start < qe and speaker and not speaker.islower():  # a name, not "report" or "the agency"
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


def find_claims(article: Article, prod: str = "claims@1", spans: list[tuple[int, int]] | None = None) -> tuple[NumericClaim, ...]:
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


_NOT_ADDITIVE = {"%", "percentage points", "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "times", "degrees", "points"}
_TIME_WORDS = {"last", "next", "this", "past", "previous", "coming", "year", "years", "month", "months", "week", "weeks",
               "day", "days", "today", "yesterday", "quarter", "alone", "so", "far", "each", "per", "every"}
_STOPWORDS = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "have", "has", "had", "been", "were", "was", "are", "is", "who", "which", "that"}


def _key_words(counted: str | None) -> frozenset[str]:
    if not counted:
        return frozenset()
    words = frozenset(w for w in re.findall(r"[a-z]+", counted.casefold()) if w not in _STOPWORDS)
    return frozenset() if words <= _TIME_WORDS else words  # "last month" says when, not what


def find_consistency(claims: tuple[NumericClaim, ...], prod: str = "claims@1") -> tuple[ConsistencyFinding, ...]:
    out: list[ConsistencyFinding] = []

    def ev(c: NumericClaim) -> Evidence:
        return Evidence(c.start, c.end, c.text, "body")

    # parts of a stated total, per source and unit
    groups: dict[tuple[str, str | None], list[NumericClaim]] = {}
    for c in claims:
        # counts and money only: not durations, percentages (of different bases) or fractions ("over half")
        if (c.source and c.value_max is None and c.value >= 1 and c.unit not in _NOT_ADDITIVE and c.counted_start is not None
                and c.text.casefold() != "one"):
            groups.setdefault((c.source, c.unit), []).append(c)
    for (source, unit), items in groups.items():
        if len(items) < 3:
            continue
        total = max(items, key=lambda c: c.value)
        parts = [c for c in items if c.start > total.start and c.value < total.value]
        if len(parts) < 2 or total.value <= 0:
            continue
        psum = sum(c.value for c in parts)
        if total.value < 10 or not 0.9 <= psum / total.value <= 1.1:
            continue
        gap = total.value - psum
        approx = [c.text for c in parts if c.qualifier != "="]
        lo, hi = _sum_interval(parts)
        tol = max(_tolerance(c) for c in [total, *parts])
        verdict = _verdict((lo, hi), _interval(total), tol)
        note = (f"{len(parts)} parts given by {source} sum to {psum:,.0f} against a stated total of {total.value:,.0f} "
                f"(gap {gap:,.0f})" + (f"; inexact parts: {', '.join(approx)}" if approx else "") + f": {verdict}")
        out.append(ConsistencyFinding(
            "parts_of_total", min(c.start for c in [total, *parts]), max(c.end for c in [total, *parts]), total.value,
            tuple(c.value for c in parts), psum, gap, unit, source, tuple(ev(c) for c in [total, *parts]), note, 0.7, prod,
            psum, tol, verdict,
        ))
    # the same counted thing stated twice with different values; a counted thing given with three or
    # more values ("electoral votes" of each state) is a category, not one quantity
    by_key: dict[tuple[frozenset[str], str | None], list[NumericClaim]] = {}
    for c in claims:
        # only counted things read off the text itself (not one borrowed from the previous claim)
        direct = c.counted is not None and c.counted_start is not None and c.counted_end - c.counted_start == len(c.counted)
        if direct and _PREP_START.match(c.counted or "") or re.match(r"(?:of|for|to|by|with|as)\b", c.counted or "", re.IGNORECASE):
            direct = False  # "in contributions of $200 or less": a context, not the thing counted
        kw = _key_words(c.counted) if direct else frozenset()
        if len(kw) >= 2 and c.value_max is None:
            by_key.setdefault((kw, c.unit), []).append(c)
    for items in by_key.values():
        values = sorted({c.value for c in items})
        if len(values) != 2:
            continue
        o = items[0]
        c = next((x for x in items if x.value != o.value and x.sentence.start != o.sentence.start), None)
        if c is None:
            continue
        tol = max(_tolerance(o), _tolerance(c))
        verdict = _verdict(_interval(o), _interval(c), tol)
        note = f"{c.counted!r} is given as {o.text} and as {c.text}: {verdict}"
        out.append(ConsistencyFinding(
            "restated_differently", o.start, c.end, None, (o.value, c.value), None, None, c.unit,
            c.source if c.source == o.source else None, (ev(o), ev(c)), note, 0.6, prod, None, tol, verdict,
        ))
    out.extend(_arithmetic_checks(claims, prod))
    return tuple(out)


# ---------------------------------------------------------------------------
# Arithmetic checks beyond parts-vs-total (issue 18): rate x duration, percentage of a count,
# "doubled"/"tripled"/"halved". Each names its figures and says holds / does not hold / cannot tell,
# with the tolerance the qualifiers allow.
# ---------------------------------------------------------------------------
_TOL = {"=": 0.01, "~": 0.05, "<": 0.05, ">": 0.05, "<=": 0.01, ">=": 0.01}
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86_400, "weeks": 604_800, "months": 2_629_800, "years": 31_557_600,
            "second": 1, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800, "month": 2_629_800, "year": 31_557_600,
            "night": 86_400}
_FACTOR_WORDS = {"doubled": 2.0, "doubling": 2.0, "doubles": 2.0, "double": 2.0, "tripled": 3.0, "tripling": 3.0, "triples": 3.0,
                 "triple": 3.0, "quadrupled": 4.0, "quadrupling": 4.0, "halved": 0.5, "halving": 0.5, "cut in half": 0.5}
_FACTOR_RE = re.compile(r"\b(?:doubl(?:ed|ing|es|e)|tripl(?:ed|ing|es|e)|quadrupl(?:ed|ing)|halv(?:ed|ing)|cut\s+in\s+half)\b", re.IGNORECASE)


def _tolerance(c: NumericClaim) -> float:
    """The relative margin a figure's wording allows: 1% for an exact figure (rounding), 5% for "about",
    "nearly", "almost" and open bounds, 10% for a vague magnitude."""
    if c.value_max is not None and c.counted is not None and c.qualifier == "=" and c.value_max >= 10 * max(c.value, 1e-9):
        return 0.10
    return _TOL.get(c.qualifier, 0.05)


def _interval(c: NumericClaim) -> tuple[float, float]:
    """The values a claim allows: "more than 54,000" is [54,000, inf), "5 to 10" is [5, 10]; a
    percentage covers what rounds to it ("7%" is [6.5, 7.5], "4.6%" [4.55, 4.65])."""
    lo, hi = c.value, c.value if c.value_max is None else c.value_max
    if c.unit == "%" and c.qualifier == "=":
        m = re.search(r"\d+(?:\.(\d+))?", c.text)
        half = 0.5 * 10 ** -(len(m.group(1)) if m and m.group(1) else 0)
        lo, hi = lo - half, hi + half
    if c.qualifier in (">", ">="):
        return lo, math.inf
    if c.qualifier in ("<", "<="):
        return -math.inf if lo < 0 else 0.0, hi
    return lo, hi


def _sum_interval(parts: list[NumericClaim]) -> tuple[float, float]:
    lo = sum(_interval(c)[0] for c in parts)
    hi = sum(_interval(c)[1] for c in parts)
    return lo, hi


def _verdict(computed: tuple[float, float], stated: tuple[float, float], tol: float, open_claim: bool = False) -> str:
    """holds: the computed value lies within the stated one's margin; does not hold: no value the
    figures allow comes within it; cannot tell: an open bound or a range leaves both possible.
    ``open_claim``: the open bound is what is claimed ("more than doubled"), so a stated figure
    inside it holds."""
    c_lo, c_hi = computed
    s_lo, s_hi = stated
    s_lo_t = s_lo * (1 - tol) if s_lo > 0 else s_lo * (1 + tol)
    s_hi_t = s_hi * (1 + tol) if s_hi > 0 else s_hi * (1 - tol)
    if c_hi < s_lo_t or c_lo > s_hi_t:
        return "does not hold"
    if open_claim and s_lo == s_hi and c_lo * (1 - tol) <= s_lo <= (c_hi * (1 + tol) if not math.isinf(c_hi) else math.inf):
        return "holds"
    if math.isinf(c_hi) or math.isinf(c_lo) or math.isinf(s_hi) or math.isinf(s_lo):
        return "cannot tell"
    c_mid, s_mid = (c_lo + c_hi) / 2, (s_lo + s_hi) / 2
    if s_lo_t <= c_mid <= s_hi_t or c_lo - abs(c_lo) * tol <= s_mid <= c_hi + abs(c_hi) * tol:
        return "holds"
    return "cannot tell"  # two ranges that overlap without either's middle in the other


def _factor_interval(lo: float, hi: float, factor: float, more: bool, nearly: bool) -> tuple[float, float]:
    """What "doubled" allows from a start in [lo, hi]: "more than doubled" is open above, "nearly
    doubled" reaches up to the factor from 80% of it."""
    a, b = sorted((lo * factor, hi * factor))
    if more:
        return (a, math.inf) if factor > 1 else (-math.inf, b)
    if nearly:
        return (a * 0.8, b) if factor > 1 else (a, b * 1.2)
    return a, b


def _mul(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    prods = [x * y for x in a for y in b if not (math.isinf(x) and y == 0 or math.isinf(y) and x == 0)]
    return (min(prods), max(prods)) if prods else (0.0, 0.0)


def _window(claims: tuple[NumericClaim, ...], c: NumericClaim, sentences: int = 1) -> list[NumericClaim]:
    """The claims of ``c``'s sentence and of the next ``sentences`` sentences, in text order."""
    starts = sorted({x.sentence.start for x in claims})
    idx = starts.index(c.sentence.start)
    keep = set(starts[idx : idx + 1 + sentences])
    return [x for x in claims if x.sentence.start in keep]


def _arithmetic_checks(claims: tuple[NumericClaim, ...], prod: str) -> list[ConsistencyFinding]:
    out: list[ConsistencyFinding] = []

    def ev(c: NumericClaim) -> Evidence:
        return Evidence(c.start, c.end, c.text, "body")

    def finding(kind: str, figures: list[NumericClaim], total: NumericClaim | None, parts: tuple[float, ...],
                computed: tuple[float, float], stated: tuple[float, float], unit: str | None, note: str,
                open_claim: bool = False) -> ConsistencyFinding:
        tol = max(_tolerance(c) for c in figures)
        if kind == "multiple_change":
            tol = max(tol, 0.05)  # "doubled", "halved" are themselves round words
        verdict = _verdict(computed, stated, tol, open_claim)
        point = (computed[0] + computed[1]) / 2 if not any(math.isinf(x) for x in computed) else computed[0]
        gap = (total.value - point) if total is not None else None
        src = {c.source for c in figures}
        return ConsistencyFinding(
            kind, min(c.start for c in figures), max(c.end for c in figures), total.value if total is not None else None, parts,
            None, gap, unit, next(iter(src)) if len(src) == 1 else None, tuple(ev(c) for c in figures),
            f"{note}: {verdict} (margin {tol:.0%})", 0.6, prod, round(point, 6), tol, verdict,
        )

    # rate x duration vs a stated total: "$775 a day for 67 days ... almost $52,000"
    for r in claims:
        if not r.unit or "/" not in r.unit or r.value_max is not None:
            continue
        base, per = r.unit.split("/", 1)
        if per not in _SECONDS:
            continue
        window = _window(claims, r)
        durations = [d for d in window if d.start > r.start and d.unit in _SECONDS and d.sentence.start == r.sentence.start]
        if not durations:
            continue
        d = durations[0]
        totals = [t for t in window if t.unit == base and t is not r and t.start > d.start]
        if not totals:
            continue
        t = totals[0]
        factor = _SECONDS[d.unit] / _SECONDS[per]  # type: ignore[index]
        computed = _mul(_interval(r), tuple(x * factor for x in _interval(d)))  # type: ignore[arg-type]
        out.append(finding("rate_times_duration", [t, r, d], t, (r.value, d.value), computed, _interval(t), base,
                           f"{r.text} x {d.text} = {r.value * d.value * factor:,.2f} {base} against {t.text}"))
    # a percentage of a count against the count it amounts to, in the three ways news writes it:
    # "40 percent of the 500 members, or 200"; "120 of the 300 delegates, or 40 percent";
    # "Of the 500 members, 40 percent, or 200"
    of = r"\s+of\s+(?:the\s+|all\s+|its\s+|their\s+|these\s+)?"
    restate = r"[^.;:\d]{0,40}?(?:,\s*|\s+)(?:or|\(|—|–|-)\s*(?:about\s+|nearly\s+|some\s+|roughly\s+|almost\s+)?"
    for p in claims:
        if p.unit != "%" or p.value_max is not None or p.qualifier in (">", "<", ">=", "<="):
            continue
        sent = p.sentence
        same = [c for c in claims if c.sentence.start == sent.start and c.unit is None and c.value_max is None and c.value > 1]

        def gap(a: NumericClaim, b: NumericClaim, sent: Evidence = sent) -> str:
            return sent.text[a.end - sent.start : b.start - sent.start]

        base = count = None
        for b in same:
            if b.start > p.end and re.fullmatch(of, gap(p, b)):  # "40 percent of the 500 members, or 200"
                count = next((c for c in same if c.start > b.end and re.fullmatch(restate, gap(b, c))), None)
                base = b if count else None
            elif b.end < p.start:
                cnt = next((c for c in same if c.end < b.start and re.fullmatch(of, gap(c, b))), None)
                if cnt is not None and re.fullmatch(restate, gap(b, p)):  # "120 of the 300 delegates, or 40 percent"
                    base, count = b, cnt
                elif re.search(r"\b(?:of|among)\s+(?:the\s+|all\s+)?$", sent.text[: b.start - sent.start], re.IGNORECASE) and re.fullmatch(
                        r"[^.;:\d]{0,25}?,\s*", gap(b, p)):  # "Of the 500 members, 40 percent, or 200"
                    count = next((c for c in same if c.start > p.end and re.fullmatch(r",?\s*(?:or|\()\s*", gap(p, c))), None)
                    base = b if count else None
            if base is not None and count is not None:
                break
        if base is None or count is None or base.value <= 0 or count.value >= base.value:
            continue
        computed = _mul(tuple(x / 100 for x in _interval(p)), _interval(base))  # type: ignore[arg-type]
        out.append(finding("percent_of_count", [count, p, base], count, (p.value, base.value), computed, _interval(count), None,
                           f"{p.text} of {base.text} = {p.value * base.value / 100:,.1f} against {count.text}"))
    # "doubled", "tripled", "halved" against the two figures of the change
    for c in claims:
        m = _FACTOR_RE.search(c.sentence.text)
        if not m:
            continue
        word = re.sub(r"\s+", " ", m.group().casefold())
        lead = c.sentence.text[: m.start()]
        more = bool(re.search(r"\b(?:more\s+than|over|at\s+least)\s+$", lead, re.IGNORECASE))
        nearly = bool(re.search(r"\b(?:nearly|almost|roughly|about|close\s+to)\s+$", lead, re.IGNORECASE))
        factor = _FACTOR_WORDS.get(word) or _FACTOR_WORDS.get(word.rstrip("d")) or (2.0 if word.startswith("doubl") else 3.0 if word.startswith("tripl")
                                                                               else 4.0 if word.startswith("quadrupl") else 0.5)
        if c.from_value is not None and c.value_max is not None:  # "from 240 to 480"
            before = c.from_value
            after = c.value_max if c.from_value == c.value else c.value
            computed = _factor_interval(before, before, factor, more, nearly)
            stated = (after, after)
            out.append(finding("multiple_change", [c], c, (before, after), computed, stated, c.unit,
                               f"{word}: {before:,.6g} x {factor:g} = {before * factor:,.6g} against {after:,.6g} ({c.text})", more or nearly))
            continue
        if c.value_max is not None:
            continue
        # "rose from X ... to Y" written as two claims: the one after "from" and the one after "to"
        pair = [x for x in claims if x.sentence.start == c.sentence.start and x.unit == c.unit and x.value_max is None]
        if c is not pair[0] or len(pair) < 2:
            continue
        txt = c.sentence.text
        first = next((x for x in pair if re.search(r"\bfrom\s+$", txt[: x.start - c.sentence.start])), None)
        second = next((x for x in pair if x is not first and re.search(r"\bto\s+$", txt[: x.start - c.sentence.start])), None)
        if first is None or second is None:
            continue
        computed = _factor_interval(*_interval(first), factor, more, nearly)
        out.append(finding("multiple_change", [first, second], second, (first.value, second.value), computed, _interval(second),
                           c.unit, f"{word}: {first.text} x {factor:g} = {first.value * factor:,.6g} against {second.text}", more or nearly))
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
