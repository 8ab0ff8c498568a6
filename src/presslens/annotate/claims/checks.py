"""Arithmetic checks between the figures of an article (``claim_consistency``): parts against a
stated total, the same thing stated twice, rate x duration, a percentage of a count, "doubled" /
"tripled" / "halved". Each finding names its figures (offsets) and says holds / does not hold /
cannot tell, with the margin the qualifiers allow (docs/claims.md, "Consistency")."""

from __future__ import annotations

import math
import re

from presslens.annotate.claims.vocab import _PREP_START
from presslens.records import ConsistencyFinding, Evidence, NumericClaim
from presslens.records.annotations import CheckKind, Verdict

_NOT_ADDITIVE = {"%", "percentage points", "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "times", "degrees", "points"}
_TIME_WORDS = {"last", "next", "this", "past", "previous", "coming", "year", "years", "month", "months", "week", "weeks",
               "day", "days", "today", "yesterday", "quarter", "alone", "so", "far", "each", "per", "every"}
_STOPWORDS = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "have", "has", "had", "been", "were", "was", "are", "is", "who", "which", "that"}


def _key_words(counted: str | None) -> frozenset[str]:
    if not counted:
        return frozenset()
    words = frozenset(w for w in re.findall(r"[a-z]+", counted.casefold()) if w not in _STOPWORDS)
    return frozenset() if words <= _TIME_WORDS else words  # "last month" says when, not what


def find_consistency(claims: tuple[NumericClaim, ...], prod: str = "claims@2") -> tuple[ConsistencyFinding, ...]:
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
        direct = (c.counted is not None and c.counted_start is not None and c.counted_end is not None
                  and c.counted_end - c.counted_start == len(c.counted))
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
        other = next((x for x in items if x.value != o.value and x.sentence.start != o.sentence.start), None)
        if other is None:
            continue
        tol = max(_tolerance(o), _tolerance(other))
        verdict = _verdict(_interval(o), _interval(other), tol)
        note = f"{other.counted!r} is given as {o.text} and as {other.text}: {verdict}"
        out.append(ConsistencyFinding(
            "restated_differently", o.start, other.end, None, (o.value, other.value), None, None, other.unit,
            other.source if other.source == o.source else None, (ev(o), ev(other)), note, 0.6, prod, None, tol, verdict,
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


def _verdict(computed: tuple[float, float], stated: tuple[float, float], tol: float, open_claim: bool = False) -> Verdict:
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

    def finding(kind: CheckKind, figures: list[NumericClaim], total: NumericClaim | None, parts: tuple[float, ...],
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
        base_unit, per = r.unit.split("/", 1)
        if per not in _SECONDS:
            continue
        window = _window(claims, r)
        durations = [d for d in window if d.start > r.start and d.unit in _SECONDS and d.sentence.start == r.sentence.start]
        if not durations:
            continue
        d = durations[0]
        totals = [t for t in window if t.unit == base_unit and t is not r and t.start > d.start]
        if not totals:
            continue
        t = totals[0]
        factor = _SECONDS[d.unit] / _SECONDS[per]  # type: ignore[index]
        computed = _mul(_interval(r), tuple(x * factor for x in _interval(d)))  # type: ignore[arg-type]
        out.append(finding("rate_times_duration", [t, r, d], t, (r.value, d.value), computed, _interval(t), base_unit,
                           f"{r.text} x {d.text} = {r.value * d.value * factor:,.2f} {base_unit} against {t.text}"))
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

        base: NumericClaim | None = None
        count: NumericClaim | None = None
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


__all__ = ["find_consistency"]
