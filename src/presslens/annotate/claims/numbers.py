"""Rule-based quantity extraction for the numeric-claims annotator: plain text in, quantities out.

:func:`find_quantities` reads a text in three passes:

1. **atoms**: single numbers with their value: digits ("48,500", "1.5", "13000"), fractions
   ("1/16", "½"), number words ("two", "forty-five", "twenty-eight thousand six hundred
   forty-two"), mixed forms ("1.2 million", "4 hundred million", "three dozen"), scales ("$1.2bn",
   "5m", "4.3M", "8 B"), word fractions ("half", "a third", "two-thirds"), vague magnitudes as
   ranges ("tens of thousands" = 10,000-100,000, "dozens"), a currency before ("$", "US $",
   "HK$", "£", "€", "¥", "EUR50m", "AUD1.5m", and the ASCII spellings "PS6m" and "Y=100") and a
   sign ("+0.2%", "-1.3%");
2. **what is not a quantity** is dropped: years ("2016", "in 1998", "'91"), dates ("March 3"),
   times ("10:30", "5 p.m."), phone numbers, street addresses, ids and codes ("article 4839201",
   "No. 5", "COVID-19", "F-16", "A4"), names with a number ("Stoxx 50", "S&P 500", "Apple Watch
   5", "Planet 9", "737 Max", "Ninety Mile Beach"), number words in compound modifiers
   ("two-state solution", "four-door", "half-staff"), ages that describe a group ("men aged 18
   to 34"), ordinals, list numbering, the pronoun "one" ("one of them", "no one") and relative
   times ("four years ago");
3. **quantities**: each atom gets its unit from the words after, glued or not ("50mph", "5.5kWh",
   "1,200€", "5 per cent", "sq m", "lb-ft", "ppg"), normalised to a canonical name
   (:data:`UNIT_NAMES`: "%", "USD", "years of age", "km", "mph" ...), with a rate ("$775 a day"
   -> ``USD/day``, "per capita", "barrels a day"); atoms are joined into ranges ("5 to 10",
   "between 5 and 10", "5-10 million", "$10 to $15 billion", "100-300,000", "7- or 8-inch" shares
   its unit), from-to ranges ("from $2,415 to $2,315", ``from_value`` keeps where it started) and
   compound quantities ("1 minute and 45 seconds" = 105 seconds, "5 feet 10" = 70 inches). The
   qualifier comes from the words before (CQE's scheme: "about", "nearly", "almost" ``~``; "more
   than", "over" ``>``; "at least" ``>=``; "under", "fewer than", "sub-" ``<``; "up to"
   ``<=``), the ``change`` from a verb or sign of change ("rose 5%", "down 2%", "+0.2%",
   "increased by 18 degrees": ``up``/``down``); a converted figure in brackets ("more than 100
   kilometres (60 miles)") and an "or" restatement ("up 0.25 points, or 0.01%") share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from presslens.annotate.claims.exclusions import _PHONE, _excluded
from presslens.annotate.claims.vocab import (
    _CURRENCY_PRE,
    _CURRENCY_PREFIX,
    _CURSUF_CODES,
    _CURSUF_RE,
    _DIGITS,
    _DIMENSION,
    _FRACTIONS,
    _SCALE,
    _SCALES,
    _VAGUE,
    _WORD_SEQ,
    _WORDNUM,
    UNIT_NAMES,
    Atom,
    _digits_value,
    _rate,
    _scale_value,
    _unit_at,
    words_to_number,
)

_ATOM = re.compile(
    r"(?P<vague>\b(?i:(?:tens|dozens|scores|hundreds|thousands|millions|billions)(?:\s+(?:of\s+)?(?:thousands|millions|billions))?)\b)"
    rf"|(?P<frac>\b(?i:(?:{_WORDNUM}|a|one)[\s-](?:halves|half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)|half"
    rf"|a\s+dozen|a\s+(?:{_SCALE}))\b)"
    rf"|(?P<cur>{_CURRENCY_PRE})?\s?(?P<sign>(?<![\w.,])[+\-−](?=[\d.]))?"
    r"(?P<num>\d+\s?[/⁄]\s?\d+(?![\d/⁄])|(?:\d+\s?)?[½¼¾⅓⅔⅛⅕]|" + _DIGITS + ")"
    rf"(?P<scale>\s?(?i:{_SCALE})s?(?:\s+(?i:{_SCALE}))?\b|\s+(?i:dozen)\b|(?:k|K|mn|mln|bn|tn|trn|m|M|b|B)(?![\w])|\s(?=B\b)B)?"
    rf"|(?P<wcur>{_CURRENCY_PRE})?(?P<words>\b(?i:{_WORD_SEQ})(?:\b|(?=fold\b)))",
)

# qualifiers before a number (CQE's scheme: "nearly"/"almost" are approximations)
_QUALIFIERS = [
    (r"more\s+than|over\s+than|well\s+over|over|above|exceeding|in\s+excess\s+of|upwards\s+of|greater\s+than|higher\s+than|"
     r"north\s+of", ">"),
    (r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|not\s+less\s+than", ">="),
    (r"just\s+(?:under|shy\s+of|below)|fewer\s+than|less\s+than|under|below|short\s+of|lower\s+than|sub-?", "<"),
    (r"up\s+to|as\s+many\s+as|as\s+much\s+as|as\s+high\s+as|at\s+most|no\s+more\s+than|a\s+maximum\s+of|not\s+more\s+than", "<="),
    (r"nearly|almost|about|around|approximately|approx\.?|roughly|some|an\s+estimated|estimated|close\s+to|circa|c\.|"
     r"an?\s+approximate|~|≈|barely|just\s+about|in\s+the\s+region\s+of|on\s+the\s+order\s+of", "~"),
    (r"exactly|precisely|just|only", "="),
]
_QUAL_RE = re.compile(
    r"(?:" + "|".join(f"(?P<q{i}>(?<![\\w-])(?:{p}))" for i, (p, _) in enumerate(_QUALIFIERS)) + r")\s*$", re.IGNORECASE
)
_CHANGE_UP = (r"rose|rise[sn]?|rising|climbed|climbs?|climbing|gained|gains?|gaining|jumped|jumps?|jumping|surged|surges?|surging|"
              r"soared|soars?|soaring|advanced|advances?|rallied|rall(?:y|ies)|increased|increases?|increasing|grew|grows?|"
              r"growing|grown|added|adds?|adding|up|upward|upwards|rebounded|spiked|boosted|boosts?|raised|raises?|lifted|"
              r"widened|expanded|higher")
_CHANGE_DOWN = (r"fell|falls?|falling|fallen|dropped|drops?|dropping|declined|declines?|declining|lost|loses?|losing|plunged|"
                r"plunges?|plunging|slid|slides?|sliding|slipped|slips?|tumbled|tumbles?|eased|eases?|sank|sinks?|sunk|"
                r"decreased|decreases?|decreasing|shed|sheds|down|downward|dipped|dips?|plummeted|plummets?|shrank|shrunk|"
                r"shrinks?|contracted|retreated|lower|cut|cuts|reduced|reduces?|slumped|slumps?|narrowed|skidded|sagged|"
                r"weakened|lowered")
_CHANGE_RE = re.compile(
    rf"(?<![\w-])(?:(?P<up>{_CHANGE_UP})|(?P<down>{_CHANGE_DOWN}))(?:\s+by)?(?:\s+(?:a\s+further|another|an\s+additional))?\s*$",
    re.IGNORECASE,
)
_NOT_CHANGE_BEFORE = re.compile(r"\b(?:from|to|at)\s+$", re.IGNORECASE)

# units after a number: (pattern, canonical name); case-sensitive patterns use (?i:...) for words
@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity expression: ``start``/``end`` cover qualifier, number and unit; ``value`` and
    ``value_max`` are the low and high ends (``value_max`` None for a single value); ``from_value``
    is where a from-to range started ("from 2,415 to 2,315": 2,415); ``change`` is ``up``/``down``
    when the figure is stated as a change; ``vague`` for "tens of thousands" and the like; ``parts``
    the (value, unit) parts of a compound quantity ("1 minute and 45 seconds": (1, minutes), (45,
    seconds); ``value`` is then the total in the smallest unit)."""

    start: int
    end: int
    value: float
    value_max: float | None
    qualifier: str
    unit: str | None
    vague: bool = False
    change: str | None = None
    from_value: float | None = None
    parts: tuple[tuple[float, str], ...] = ()


def parse_number(text: str) -> tuple[float, str | None] | None:
    """One number expression -> (value, currency or None): "$1.2 billion" -> (1.2e9, "USD")."""
    m = _ATOM.fullmatch(text.strip())
    if not m or m.group("vague") or m.group("frac"):
        return None
    if m.group("num"):
        v = _digits_value(m.group("num"))
        if v is None:
            return None
        cur = m.group("cur")
        return v * _scale_value(m.group("scale") or ""), (_CURRENCY_PREFIX.get(cur.replace(" ", "").casefold()) if cur else None)
    v = words_to_number(m.group("words"))
    cur = m.group("wcur")
    return (v, _CURRENCY_PREFIX.get(cur.replace(" ", "").casefold()) if cur else None) if v is not None else None


def _atom_from_match(m: re.Match[str]) -> Atom | None:
    if m.group("vague"):
        low = " ".join(m.group("vague").casefold().split())
        parts = low.split()
        lo, _hi = _VAGUE[parts[0]]
        if parts[-1] != parts[0] and parts[-1] in _VAGUE:
            lo = lo * _VAGUE[parts[-1]][0]
        return Atom(m.start(), m.end(), float(lo), "vague")
    if m.group("frac"):
        low = " ".join(m.group("frac").casefold().split())
        if low == "half":
            return Atom(m.start(), m.end(), 0.5, "frac")
        if low == "a dozen":
            return Atom(m.start(), m.end(), 12.0, "frac")
        sm = re.fullmatch(rf"a\s+({_SCALE})", low)
        if sm:
            return Atom(m.start(), m.end(), float(_SCALES[sm.group(1)]), "words", scaled=True)
        fm = re.fullmatch(r"(\S+)[\s-](\w+)", low)
        if not fm:
            return None
        n = 1.0 if fm.group(1) in ("a", "one") else words_to_number(fm.group(1))
        if n is None:
            return None
        return Atom(m.start(), m.end(), n * _FRACTIONS[fm.group(2)], "frac")
    if m.group("num"):
        v = _digits_value(m.group("num"))
        if v is None:
            return None
        scale = m.group("scale") or ""
        cur = m.group("cur")
        currency = _CURRENCY_PREFIX.get(re.sub(r"\s", "", cur).casefold()) if cur else None
        sign = m.group("sign") or ""
        start = m.start("cur") if cur else (m.start("sign") if sign else m.start("num"))
        if sign in ("-", "−"):
            v = -v
        return Atom(start, m.end(), v * _scale_value(scale), "digits", currency, bool(scale.strip()), sign)
    words = m.group("words")
    v = words_to_number(words)
    if v is None:
        return None
    cur = m.group("wcur")
    currency = _CURRENCY_PREFIX.get(re.sub(r"\s", "", cur).casefold()) if cur else None
    return Atom(m.start("wcur") if cur else m.start("words"), m.end(), v, "words", currency,
                 bool(re.search(rf"\b(?:{_SCALE}|dozen)\b", words, re.IGNORECASE)))


def _find_atoms(text: str) -> list[Atom]:
    atoms: list[Atom] = []
    for m in _ATOM.finditer(text):
        a = _atom_from_match(m)
        if a is None:
            continue
        # "5m people" / "37m (121ft)-long": a glued lower-case "m" is a scale only for money or before a noun
        scale = m.group("scale") if m.group("num") else None
        if scale == "m" and not a.currency and re.match(r"^\s*(?:\(|-?(?:long|high|tall|wide|deep|away|above|below|"
                                                          r"under|sprint|race|dash|run|hurdles|freestyle|butterfly)\b|\s+(?:long|high|tall|wide|deep)\b)",
                                                          text[m.end() : m.end() + 20]):
            a = Atom(a.start, m.end() - 1, a.value / 1_000_000, a.kind, None, False, a.sign)
        if scale and scale.strip() == "B" and not a.currency and not re.match(r"^\s+[a-z]", text[m.end() : m.end() + 10]):
            continue
        if scale in ("k", "K", "b", "M") and not a.currency and re.match(r"^\s*(?:TV|resolution|video|display|monitor|screen|"
                                                                        r"streaming|Ultra|HD|res)\b", text[m.end() : m.end() + 15]):
            continue  # "4K TV": a resolution
        atoms.append(a)
    return atoms


def _attach_unit(text: str, a: Atom) -> None:
    if a.currency:
        return
    after = text[a.end : a.end + 48]
    cm = _CURSUF_RE.match(after)
    if cm:
        idx = int(cm.lastgroup[1:])  # type: ignore[index]
        code = _CURSUF_CODES[idx]
        token = cm.group().strip().casefold()
        if token.startswith("pound") and not token.endswith("sterling") and re.match(r"^\s*(?:of|per|each|heavier|lighter)\b",
                                                                                         after[cm.end() :]):
            pass  # "two pounds of chocolate": a weight, read below
        else:
            a.currency, a.unit_end = code, a.end + cm.end()
            return
    if a.kind == "vague":
        dm = re.match(r"^\s+of\s+(dollars|euros|pounds|yen|yuan|rupees)\b", after, re.I)
        if dm:
            a.currency = {"dollars": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY", "yuan": "CNY", "rupees": "INR"}[dm.group(1).casefold()]
            a.unit_end = a.end + dm.end()
        return
    u = _unit_at(text, a.end, a)
    if u:
        a.unit, a.unit_end = u


def _qualifier(text: str, start: int) -> tuple[str, int]:
    qm = _QUAL_RE.search(text[max(0, start - 40) : start])
    if not qm:
        return "=", start
    idx = int(qm.lastgroup[1:])  # type: ignore[index]
    return _QUALIFIERS[idx][1], start - len(qm.group())


_AGE_OF = re.compile(r"(?:\b(?P<q>over|under|above|below)\s+)?\b(?:the\s+)?age\s+of\s+$", re.IGNORECASE)


def _change(text: str, start: int, a: Atom) -> str | None:
    if a.sign == "+":
        return "up"
    if a.sign in ("-", "−"):
        return "down"
    before = text[max(0, start - 40) : start]
    if _NOT_CHANGE_BEFORE.search(before):
        return None
    m = _CHANGE_RE.search(before)
    if not m:
        return None
    word = (m.group("up") or m.group("down")).casefold()
    if word in ("up", "down", "higher", "lower") and not (a.unit in ("%", "percentage points", "points", "pence") or a.currency
                                                          or re.search(r"\b(?:is|was|are|were|been|be|being|[A-Z][\w&.-]*)\s+(?:up|down)\s*$", before)):
        return None  # "gave up 517 yards", "set up 3 offices": a phrasal verb, not a change of a figure
    if word in ("cut", "cuts", "reduced", "add", "added", "adds", "adding", "raised", "raises", "lifted", "boosted", "boosts", "lowered", "shed",
                "sheds", "lost", "loses", "losing") and not (a.unit == "%" or a.unit == "percentage points" or a.unit == "points"
                                                              or m.group().rstrip().casefold().endswith("by")):
        return None  # "cut 200 jobs", "added 3,000 workers": the verb acts on a count, it does not state a change of a figure
    return "up" if m.group("up") else "down"


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity expression of ``text`` (offsets are shifted by ``offset``)."""
    phones = [(p.start(), p.end()) for p in _PHONE.finditer(text)] if re.search(r"\d{3}\)?[\s.-]\d{3}", text) else []
    atoms = [a for a in _find_atoms(text) if not any(x <= a.start < y for x, y in phones)]
    atoms = [a for a in atoms if not _excluded(text, a)]
    for a in atoms:
        _attach_unit(text, a)
    out: list[Quantity] = []
    i = 0
    n = len(atoms)
    while i < n:
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < n else None
        # ranges: "5 to 10", "5-10 million", "between 5 and 10", "$10 to $15 billion", "~25 – 40min"
        if b is not None:
            gap = text[a.stop : b.start]
            between = re.search(r"\bbetween\s+(?:[\w$£€¥]+\s+)?$", text[max(0, a.start - 30) : a.start], re.IGNORECASE)
            is_range = bool(re.fullmatch(r"\s*(?:-|–|—|to|to-|through|thru)\s*", gap, re.IGNORECASE) and not (gap == "-" and a.kind == "words")
                            and not re.fullmatch(r"\s+-", gap)) or bool(between and re.fullmatch(r"\s+and\s+", gap, re.IGNORECASE))
            if is_range and _unit_of(a) and not _unit_of(b) and not re.fullmatch(r"\s*[-–—]\s*", gap):
                is_range = False  # "rose 0.4 per cent to 13176": a change, then the level it reached
            if is_range and a.kind != "vague" and b.kind != "vague":
                q = _make_range(text, a, b)
                if q is not None and between and q.start == a.start:
                    q = replace(q, start=max(0, a.start - 30) + between.start())  # "between 5 and 10"
                if q is not None:
                    out.append(q)
                    i += 2
                    continue
            # "7- or 8-inch", "four-, five- and six-cylinder": the last unit is shared
        out.append(_make_one(text, a))
        i += 1
    out = _share_hyphen_units(text, out, atoms)
    out = _join_from_to(text, out)
    out = _join_compounds(text, out)
    out = _inherit(text, out)
    return [replace(q, start=q.start + offset, end=q.end + offset) for q in out] if offset else out


def _unit_of(a: Atom) -> str | None:
    return a.currency or a.unit


def _finish(text: str, start: int, end: int, value: float, value_max: float | None, unit: str | None, a: Atom,
            vague: bool = False) -> Quantity:
    rate = _rate(text, end) if (unit or a.kind != "frac") else None
    if rate and (unit is not None):
        unit = f"{unit}/{rate[0]}"
        end = rate[1]
    qualifier, qstart = _qualifier(text, start)
    am = _AGE_OF.search(text[max(0, qstart - 30) : qstart])
    if am and unit in (None, "years"):
        unit = "years of age"
        if am.group("q"):
            qualifier = {"over": ">", "above": ">", "under": "<", "below": "<"}[am.group("q").casefold()]
            qstart -= len(am.group())
    change = _change(text, qstart, a)
    # "(~45g)", "only ~45g": a tilde right before the number
    return Quantity(qstart, end, value, value_max, qualifier, unit, vague, change)


def _make_one(text: str, a: Atom) -> Quantity:
    if a.kind == "vague":
        low = text[a.start : a.end].casefold().split()
        lo, hi = _VAGUE[low[0]]
        if low[-1] != low[0] and low[-1] in _VAGUE:
            mult = _VAGUE[low[-1]][0]
            lo, hi = lo * mult, hi * mult
        return _finish(text, a.start, a.stop, float(lo), float(hi), _unit_of(a), a, vague=True)
    return _finish(text, a.start, a.stop, a.value, None, _unit_of(a), a)


def _make_range(text: str, a: Atom, b: Atom) -> Quantity | None:
    lo, hi = a.value, b.value
    # "5-10 million", "$10 to $15 billion", "four to five thousand": the scale of the second applies to the first
    if b.scaled and not a.scaled and a.kind in ("digits", "words"):
        scale = _scale_of(text, b)
        if scale > 1 and lo * scale <= hi * 1.0000001:
            lo *= scale
    # "100-300,000": the thousands of the second apply to the first
    elif (a.kind == "digits" and b.kind == "digits" and not a.scaled and not b.scaled and "," not in text[a.start : a.end]
          and re.search(r",000$", text[b.start : b.end]) and lo < 1000 and lo * 1000 < hi):
        lo *= 1000
    if hi <= lo:
        return None  # "3-2", "forty-five": not a range
    unit = _unit_of(b) or _unit_of(a)
    if _unit_of(a) and _unit_of(b) and _unit_of(a) != _unit_of(b):
        return None
    merged = Atom(a.start, b.end, lo, a.kind, a.currency or b.currency, a.scaled, a.sign, unit, b.stop)
    q = _finish(text, a.start, b.stop, lo, hi, unit, merged)
    if re.search(r"\bfrom\s+(?:\S+\s+)?$", text[max(0, q.start - 20) : q.start], re.IGNORECASE):
        q = replace(q, from_value=lo)  # "doubled from $240 to $480": it started at the low end
    return q


def _scale_of(text: str, b: Atom) -> float:
    m = _ATOM.match(text, b.start)
    if m and m.group("num"):
        return _scale_value(m.group("scale") or "")
    if m and m.group("words"):
        ws = re.findall(rf"\b(?:{_SCALE}|dozen)\b", m.group("words"), re.IGNORECASE)
        v = 1.0
        for w in ws[-1:]:
            v = float(_SCALES[w.casefold()])
        return v
    return 1.0


def _share_hyphen_units(text: str, out: list[Quantity], atoms: list[Atom]) -> list[Quantity]:
    """"7- or 8-inch", "four-, five- and six-cylinder": a dangling hyphen borrows the unit of the last one."""
    res = list(out)
    for k in range(len(res) - 2, -1, -1):
        q, nxt = res[k], res[k + 1]
        gap = text[q.end : nxt.start]
        if q.unit is None and nxt.unit and q.value_max is None and re.fullmatch(r"-,?\s+(?:or|and|to)\s+|-,\s+", gap):
            res[k] = replace(q, unit=nxt.unit, end=q.end + 1)
        elif (q.unit is None and nxt.unit and q.value_max is None and re.fullmatch(r"\s+or\s+", gap)
              and 0.5 <= nxt.value / (q.value or 1e-9) <= 2):
            res[k] = replace(q, unit=nxt.unit)  # "eight or nine euros", "about 8 or $9"
    return res


def _join_from_to(text: str, out: list[Quantity]) -> list[Quantity]:
    """"from $2,415 to $2,315", "from 20 miles per gallon in 2008 to 29 mpg", "to 138,285 lots from 212,577 lots":
    one range; ``from_value`` keeps where it started."""
    res: list[Quantity] = []
    k = 0
    while k < len(out):
        q = out[k]
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and q.value_max is None and nxt.value_max is None and (q.unit == nxt.unit or q.unit is None or nxt.unit is None):
            before = text[max(0, q.start - 12) : q.start]
            gap = text[q.end : nxt.start]
            short = len(gap) <= 40 and not re.search(r"[,;:()]|\band\b", gap)
            if short and re.search(r"\bfrom\s+$", before, re.I) and re.search(r"(?:^|\s)to\s+$", gap, re.I) and q.value != nxt.value:
                unit = q.unit or nxt.unit
                qual = q.qualifier if q.qualifier == nxt.qualifier else "="  # "from up to 252 miles to 287 miles"
                res.append(Quantity(q.start, nxt.end, min(q.value, nxt.value), max(q.value, nxt.value), qual, unit, False, q.change, q.value))
                k += 2
                continue
            if short and re.search(r"\bto\s+$", before, re.I) and re.fullmatch(r"\s+(?:[a-z]+\s+)?from\s+", gap, re.I) and q.value != nxt.value:
                unit = q.unit or nxt.unit
                res.append(Quantity(q.start, nxt.end, min(q.value, nxt.value), max(q.value, nxt.value), "=", unit, False, None, nxt.value))
                k += 2
                continue
        if nxt is not None and nxt.unit is None and q.unit and re.fullmatch(r"\s+to\s+", text[q.end : nxt.start]):
            if q.value_max is not None and re.search(r"\bfrom\s+(?:\S+\s+)?$", text[max(0, q.start - 12) : q.start], re.I):
                out[k + 1] = replace(nxt, unit=q.unit)  # "from about 14-18 mpg to 24"
            elif q.change and q.unit not in ("%", "percentage points"):
                out[k + 1] = replace(nxt, unit=q.unit)  # "rose 64.06 points to 4,577.10": the level reached
        res.append(q)
        k += 1
    return res


def _join_compounds(text: str, out: list[Quantity]) -> list[Quantity]:
    """"1 minute and 45 seconds", "5 feet 10", "3 years, 2 months and 14 days": one quantity in the smallest unit."""
    res: list[Quantity] = []
    k = 0
    while k < len(out):
        q = out[k]
        group = [q]
        j = k + 1
        while j < len(out):
            prev, nxt = group[-1], out[j]
            dim_p = _DIMENSION.get(prev.unit or "")
            gap = text[prev.end : nxt.start]
            if not dim_p or prev.value_max is not None or nxt.value_max is not None or not re.fullmatch(r",?\s*(?:and\s+)?|\s+", gap):
                break
            unit_n = nxt.unit
            if unit_n is None and dim_p[0] == "length" and prev.unit == "feet" and re.fullmatch(r"\s+", gap) and nxt.value < 12:
                unit_n = "inches"  # "5 feet 10"
            dim_n = _DIMENSION.get(unit_n or "")
            if not dim_n or dim_n[0] != dim_p[0] or dim_n[1] >= dim_p[1] or nxt.qualifier != "=":
                break
            group.append(replace(nxt, unit=unit_n))
            j += 1
        if len(group) > 1:
            smallest = group[-1].unit
            base = _DIMENSION[smallest][1]  # type: ignore[index]
            total = sum(g.value * _DIMENSION[g.unit][1] / base for g in group)  # type: ignore[index]
            parts = tuple((g.value, g.unit) for g in group)
            res.append(Quantity(q.start, group[-1].end, total, None, q.qualifier, smallest, False, q.change, None, parts))  # type: ignore[arg-type]
            k = j
            continue
        res.append(q)
        k += 1
    return res


def _inherit(text: str, out: list[Quantity]) -> list[Quantity]:
    """A converted figure in brackets ("more than 100 kilometres (60 miles)", "296 hp (224 kW / 300 PS)") and an "or"
    restatement ("up 0.25 points, or 0.01%") share the qualifier and the change of the figure they restate."""
    res = list(out)
    for k in range(1, len(res)):
        prev, q = res[k - 1], res[k]
        gap = text[prev.end : q.start]
        if q.qualifier != "=" and q.change:
            continue
        conv = re.fullmatch(r"\s*\(\s*|\s*/\s*|\s*,\s*", gap) and (re.fullmatch(r"\s*\(\s*", gap) or re.search(r"\(\s*[^()]*$", text[: prev.start]))
        restate = re.fullmatch(r"\s*(?:[a-z-]+\s*)?,?\s*or\s+(?:about\s+|around\s+|nearly\s+|some\s+)?", gap, re.IGNORECASE)
        if conv and q.unit != prev.unit:
            res[k] = replace(q, qualifier=q.qualifier if q.qualifier != "=" else prev.qualifier, change=q.change or prev.change)
        elif restate and prev.change and not q.change:
            res[k] = replace(q, change=prev.change)
    return res


__all__ = ["UNIT_NAMES", "Quantity", "find_quantities", "parse_number", "words_to_number"]
