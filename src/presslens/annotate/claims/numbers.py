"""Rule-based number parsing for the numeric-claims annotator: plain text in, quantities out.

:func:`find_quantities` scans a text and returns every quantity expression with its value
normalised to a number: digits ("48,500", "1.5"), number words ("two", "forty-five", "three
hundred"), scales ("$1.2 billion", "5m", "3bn"), fractions ("half", "a third", "two-thirds"),
vague magnitudes as ranges ("tens of thousands" = 10,000-100,000, "dozens"), ranges ("5 to 10",
"between 5 and 10", "5-10"), percentages ("5%", "5 per cent") and money with its currency
("$5", "£3bn", "5 euros"). The qualifier comes from the words before ("over" >, "at least" >=,
"nearly" <, "up to" <=, "about" ~), the unit from the words after.

What is not a quantity claim is left out here: years ("2016", "in 1998"), dates ("March 3",
"3 March", "the 1990s"), times ("10:30", "5 p.m."), ages used as a name or modifier ("the
12-year-old", "a 12-year-old boy"), phone numbers, street addresses, long identifiers (article or
case ids), list numbering at the start of a line, ordinals and the pronoun "one".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25, "fifth": 0.2, "fifths": 0.2}
_VAGUE = {"dozens": (24, 108), "scores": (40, 180), "hundreds": (100, 1_000), "thousands": (1_000, 10_000),
          "millions": (1_000_000, 10_000_000), "billions": (1_000_000_000, 10_000_000_000)}
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

_WORDNUM = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_SCALE = "hundred|thousand|million|billion|trillion"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD_SEQ = rf"(?:{_WORDNUM})(?:[\s-]+(?:and\s+)?(?:{_WORDNUM}|{_SCALE}))*"
_CURRENCY_PRE = r"(?:US\$|A\$|C\$|NZ\$|HK\$|\$|£|€|¥|₹|USD\s?|EUR\s?|GBP\s?)"

# one number: currency? (digits | words) scale?
_NUMBER = (
    rf"(?:{_CURRENCY_PRE})?"
    rf"(?:(?:{_DIGITS})(?:\s?(?:{_SCALE})s?\b|(?:k|m|mn|mln|bn|b|tn)\b)?"
    rf"|\b{_WORD_SEQ}\b)"
)
_VAGUE_RE = r"\b(?:tens|dozens|scores|hundreds|thousands|millions|billions)(?:\s+(?:of\s+)?(?:thousands|millions|billions))?\b"
_FRACTION_RE = (
    rf"\b(?:(?:{_WORDNUM}|a|one)[\s-](?:half|thirds?|quarters?|fifths?)|half|a\s+dozen|a\s+(?:{_SCALE}))\b"
)
_CORE = rf"(?:{_VAGUE_RE}|{_FRACTION_RE}|{_NUMBER})"
_RANGE = rf"(?:between\s+(?P<b1>{_NUMBER})\s+and\s+(?P<b2>{_NUMBER})|(?P<r1>{_NUMBER})\s*(?:-|–|—|to)\s*(?P<r2>{_NUMBER}))"

_QUALIFIERS = [
    (r"more\s+than|over|above|exceeding|in\s+excess\s+of|upwards\s+of|greater\s+than|higher\s+than|north\s+of", ">"),
    (r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|not\s+less\s+than", ">="),
    (r"nearly|almost|just\s+(?:under|shy\s+of|below)|fewer\s+than|less\s+than|under|below|short\s+of", "<"),
    (r"up\s+to|as\s+many\s+as|as\s+much\s+as|at\s+most|no\s+more\s+than|a\s+maximum\s+of|not\s+more\s+than", "<="),
    (r"about|around|approximately|roughly|some|an\s+estimated|estimated|close\s+to|almost|circa|nearly\s+about|or\s+so|an?\s+approximate", "~"),
    (r"exactly|precisely|just|only", "="),
]
_QUAL_RE = re.compile(
    r"(?:" + "|".join(f"(?P<q{i}>\\b(?:{p}))" for i, (p, _) in enumerate(_QUALIFIERS)) + r")\s+$", re.IGNORECASE
)

_CURRENCY_SUFFIX = [
    (r"dollars?|usd|bucks", "USD"), (r"euros?|eur", "EUR"), (r"pounds?\s+sterling|pounds?|gbp", "GBP"),
    (r"yen", "JPY"), (r"yuan|renminbi", "CNY"), (r"rupees?", "INR"), (r"roubles?|rubles?", "RUB"),
]
_CURRENCY_PREFIX = {"$": "USD", "us$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR",
                    "¥": "JPY", "₹": "INR", "a$": "AUD", "c$": "CAD", "nz$": "NZD", "hk$": "HKD"}
_UNITS = [
    (r"per\s?cent|percent|pct|%", "%"), (r"percentage\s+points?", "percentage points"),
    (r"years?|yrs?", "years"), (r"months?", "months"), (r"weeks?", "weeks"), (r"days?", "days"),
    (r"hours?|hrs?", "hours"), (r"minutes?|mins?", "minutes"), (r"seconds?|secs?", "seconds"),
    (r"decades?", "decades"), (r"centuries", "centuries"),
    (r"square[\s-]+(?:miles?|kilometers?|kilometres?|km|feet|foot|meters?|metres?)", "square {0}"),
    (r"kilometers?|kilometres?|km", "km"), (r"miles?|mi", "miles"), (r"meters?|metres?|m", "m"),
    (r"feet|foot|ft", "feet"), (r"inches?|in", "inches"), (r"centimeters?|centimetres?|cm", "cm"),
    (r"millimeters?|millimetres?|mm", "mm"), (r"acres?", "acres"), (r"hectares?|ha", "hectares"),
    (r"kilograms?|kilos?|kg", "kg"), (r"grams?|g", "g"), (r"pounds|lbs?", "lb"), (r"tons?|tonnes?", "tons"),
    (r"ounces?|oz", "oz"), (r"gallons?", "gallons"), (r"liters?|litres?", "liters"), (r"barrels?", "barrels"),
    (r"degrees?(?:\s+(?:celsius|fahrenheit|c|f))?|°[cf]?", "degrees"), (r"mph", "mph"), (r"km/h|kph", "km/h"),
    (r"megawatts?|mw", "MW"), (r"gigawatts?|gw", "GW"), (r"kilowatts?|kw", "kW"), (r"votes?", "votes"),
    (r"points?", "points"), (r"times", "times"),
]
_UNIT_RE = re.compile(r"^[\s-]*(?:" + "|".join(f"(?P<u{i}>(?:{p})(?!\\w))" for i, (p, _) in enumerate(_UNITS)) + r")", re.IGNORECASE)
_CURSUF_RE = re.compile(r"^\s+(?:" + "|".join(f"(?P<c{i}>(?:{p})\\b)" for i, (p, _) in enumerate(_CURRENCY_SUFFIX)) + r")", re.IGNORECASE)
_PCT_TIGHT = re.compile(r"^\s?%")

_CANDIDATE = re.compile(rf"(?P<range>{_RANGE})|(?P<one>{_CORE})", re.IGNORECASE)
_ONE = re.compile(rf"(?P<range>(?!))|(?P<one>{_CORE})", re.IGNORECASE)

# contexts that make a number a date, time, year, address, phone number, age or list number
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^(?::\d{2}|\s?(?:a\.?m\.?|p\.?m\.?)(?=\W|$)|\s?o['’]clock|\s?(?:GMT|UTC|ET|EST|EDT|PST|PDT|BST|CET)\b)", re.IGNORECASE)
_TIME_BEFORE = re.compile(r"\d:$")
# "the 12-year-old", "a 12-year-old boy", "a 12 year old boy": an age used as a name or modifier;
# "he is 12 years old" makes a claim about the age and stays
_AGE_AFTER = re.compile(r"^-(?:years?|months?|weeks?|days?)-old\b|^\s+(?:year|month|week|day)[\s-]+old\b", re.IGNORECASE)
_AGO_AFTER = re.compile(r"^[\s-]*(?:years?|months?|weeks?|days?|decades?|hours?)\s+(?:ago|earlier|later|before|after|from\s+now)\b", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^s\b|^['’]s\b", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b")
_STREET_AFTER = re.compile(
    r"^\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Square|Highway|Hwy|Parkway|Pkwy)\b"
)
_ID_BEFORE = re.compile(r"(?:\b(?:no|id|number|nos|#|case|article|bill|h\.?r|section|chapter|page|vol|volume|issue|room|flight|route|interstate|grade|level|phase|part|act|resolution|item|code|zip|proposition|prop|amendment|day|game|round|stage|season|episode|scene|step|figure|table|exhibit|model|version)\.?\s*#?|#)\s*$", re.IGNORECASE)
_DECADE_AFTER = re.compile(r"^['’]?s\b")
_LIST_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*][ \t]*)?$")
_LIST_AFTER = re.compile(r"^[.)](?:\s|$)")


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int
    end: int
    value: float
    value_max: float | None
    qualifier: str
    unit: str | None
    vague: bool = False


def words_to_number(words: str) -> float | None:
    """ "forty-five" -> 45, "three hundred" -> 300, "two million" -> 2e6, "one and a half" not handled."""
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", words.casefold()):
        if not w or w == "and":
            continue
        if w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
        elif w.rstrip("s") in _SCALES:
            scale = _SCALES[w.rstrip("s")]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_number(text: str) -> tuple[float, str | None] | None:
    """One number expression -> (value, currency or None)."""
    t = text.strip()
    currency = None
    m = re.match(_CURRENCY_PRE, t, re.IGNORECASE)
    if m:
        currency = _CURRENCY_PREFIX.get(m.group().strip().casefold())
        t = t[m.end() :].strip()
    m = re.match(rf"({_DIGITS})\s?(?:({_SCALE})s?|(k|m|mn|mln|bn|b|tn))?$", t, re.IGNORECASE)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            value *= _SCALES[m.group(2).casefold()]
        elif m.group(3):
            value *= _SHORT_SCALES[m.group(3).casefold()]
        return value, currency
    v = words_to_number(t)
    return (v, currency) if v is not None else None


def _parse_core(text: str) -> tuple[float, float | None, str | None, bool] | None:
    """(value, value_max, currency, vague) of a single core expression."""
    low = " ".join(text.casefold().split())
    m = re.fullmatch(r"(tens|dozens|scores|hundreds|thousands|millions|billions)(?:\s+(?:of\s+)?(thousands|millions|billions))?", low)
    if m:
        if m.group(1) == "tens":
            lo, hi = 10, 100
        else:
            lo, hi = _VAGUE[m.group(1)]
        if m.group(2):
            mult = _VAGUE[m.group(2)][0]
            lo, hi = lo * mult, hi * mult
        return float(lo), float(hi), None, True
    if low == "half":
        return 0.5, None, None, False
    if low == "a dozen":
        return 12.0, None, None, False
    m = re.fullmatch(rf"a\s+({_SCALE})", low)
    if m:
        return float(_SCALES[m.group(1)]), None, None, False
    m = re.fullmatch(r"(\S+)[\s-](half|thirds?|quarters?|fifths?)", low)
    if m:
        n = 1.0 if m.group(1) in ("a", "one") else words_to_number(m.group(1))
        if n is None:
            return None
        return n * _FRACTIONS[m.group(2)], None, None, False
    p = parse_number(text)
    if p is None:
        return None
    return p[0], None, p[1], False


def _excluded(text: str, start: int, end: int, core: str, in_range: bool = False) -> bool:
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    low = core.casefold().strip()
    digits_only = re.fullmatch(r"\d+", core.strip()) is not None
    if low == "one" and not _UNIT_RE.match(after):
        return True  # "one of them", "no one": a pronoun far more often than a count
    if digits_only and len(core.strip()) == 4 and 1000 <= int(core) <= 2100 and not _PCT_TIGHT.match(after) and not re.match(r"^\s+(?:per\s?cent|percent)", after, re.I):
        if not re.search(r"[$£€]$", before):
            return True  # a year
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True
    if _TIME_AFTER.match(after) or _TIME_BEFORE.search(before):
        return True
    if _AGE_AFTER.match(after) or _AGO_AFTER.match(after):
        return True
    if _ORDINAL_AFTER.match(after) or _DECADE_AFTER.match(after):
        return True
    if _STREET_AFTER.match(after):
        return True
    if re.search(r"\w\.?$", before) and re.match(r"[\d.]", core.strip()):
        return True  # glued to a word: "A4M", "ID.3", "5G" is caught below
    if re.match(r"^(?:st|nd|rd|th)?\s+half\s+of\s+the\s+(?:decade|century|year|season|game|month)", after, re.I) or (
        low == "half" and re.search(r"\b(?:first|second|latter|last|early|later)\s+$", before, re.I)
    ):
        return True  # "the latter half of the decade": a time, not an amount
    if digits_only and len(core.strip()) <= 3 and re.search(r"\b[A-Z][a-z]+,\s$", before) and re.match(r"^,", after):
        return True  # "Cydnee Mebane, 19, who ...": an age in apposition to a name
    if digits_only and re.search(r"(?:[A-Za-z]-|\b[A-Z]{2,}\s)$", before):
        return True  # names with a number: "COVID-19", "F-16", "HD 8", "WWII 2"
    if (digits_only or low in _UNITS_WORDS) and _ID_BEFORE.search(before):
        return True
    if digits_only and len(core.strip()) >= 6:
        return True  # a long bare digit string is an id, a zip or a phone part, not a count ("48,500" has commas)
    if _LIST_START.search(before) and _LIST_AFTER.match(after):
        return True
    if not in_range and (re.match(r"^[/.:-]\d", after) or re.search(r"\d[/.:-]$", before)):
        return True  # 3/4/2016, 1.2.3, 12-34 ids
    if re.search(r"\w$", before) or re.match(r"^[A-Za-z]", after) and not re.match(r"^(?:k|m|mn|bn|b|tn)\b", after, re.I):
        return digits_only  # glued to letters: "COVID19", "A4", "3D"
    return False


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity expression of ``text`` (offsets are shifted by ``offset``)."""
    out: list[Quantity] = []
    phones = [(p.start(), p.end()) for p in _PHONE.finditer(text)] if re.search(r"\d{3}\)?[\s.-]\d{3}", text) else []
    todo = list(_CANDIDATE.finditer(text))
    todo.reverse()
    while todo:
        m = todo.pop()
        start, end = m.start(), m.end()
        if any(a <= start < b for a, b in phones):
            continue
        if m.group("range"):
            a = m.group("b1") or m.group("r1")
            b = m.group("b2") or m.group("r2")
            pa, pb = _parse_core(a), _parse_core(b)
            if pa is None or pb is None:
                continue
            first = m.group("b1") and m.start("b1") or m.start("r1")
            if _excluded(text, first, m.end("b1") if m.group("b1") else m.end("r1"), a, True):
                continue
            if _excluded(text, m.start("b2") if m.group("b2") else m.start("r2"), end, b, True):
                continue
            lo, hi = pa[0], pb[0]
            # "5-10 million": the scale of the second applies to the first
            if hi > lo * 100 and re.fullmatch(r"[\d.,]+", a.strip()) and not re.fullmatch(r"[\d.,]+", b.strip()):
                scale = hi / float(re.match(r"[\d.,]+", re.sub(r"^\D+", "", b)).group().replace(",", "") or 1)
                lo *= scale
            if hi <= lo:  # "forty-five", "3-2": not a range; read the parts on their own
                todo.extend(reversed(list(_ONE.finditer(text, start, end))))
                continue
            value, value_max, currency, vague = lo, hi, pa[2] or pb[2], False
            core_text = b
        else:
            core_text = m.group("one")
            if _excluded(text, start, end, core_text):
                continue
            parsed = _parse_core(core_text)
            if parsed is None:
                continue
            value, value_max, currency, vague = parsed
        after = text[end:]
        unit = currency
        if unit is None:
            cm = _CURSUF_RE.match(after)
            if cm:
                idx = next(i for i in range(len(_CURRENCY_SUFFIX)) if cm.group(f"c{i}"))
                unit = _CURRENCY_SUFFIX[idx][1]
                end += cm.end()
            elif vague and re.match(r"^\s+of\s+(?:dollars|euros|pounds)\b", after, re.I):
                dm = re.match(r"^\s+of\s+(dollars|euros|pounds)\b", after, re.I)
                unit = {"dollars": "USD", "euros": "EUR", "pounds": "GBP"}[dm.group(1).casefold()]
                end += dm.end()
            else:
                um = _UNIT_RE.match(after)
                if um:
                    idx = next(i for i in range(len(_UNITS)) if um.group(f"u{i}"))
                    name = _UNITS[idx][1]
                    if name == "m" and not re.match(r"^\s?m\b", after):
                        name = None
                    if name in ("g", "inches", "miles") and um.group().strip().casefold() in ("g", "in", "mi"):
                        name = None  # "in" is a preposition far more often than inches
                    if name:
                        if "{0}" in name:
                            last = re.split(r"[\s-]+", um.group().strip(" -"))[-1].casefold()
                            unit = name.format({"foot": "feet", "mile": "miles", "meter": "meters", "metre": "meters", "metres": "meters",
                                                "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km"}.get(last, last))
                        else:
                            unit = name
                        end += um.end()
        qualifier = "="
        qm = _QUAL_RE.search(text[max(0, start - 40) : start])
        if qm:
            idx = next(i for i in range(len(_QUALIFIERS)) if qm.group(f"q{i}"))
            qualifier = _QUALIFIERS[idx][1]
            start -= len(qm.group())
        if vague and qualifier == "=":
            qualifier = "~"
        out.append(Quantity(start + offset, end + offset, value, value_max, qualifier, unit, vague))
    return out


__all__ = ["Quantity", "find_quantities", "parse_number", "words_to_number"]
