"""Words and units of quantity expressions: number words, scales, currencies, units (canonical
names), rates, and the value of a number written in digits or words. Shared by the atom finder
(:mod:`.numbers`) and what is not a quantity (:mod:`.exclusions`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
           "dozen": 12}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
                 "tn": 1_000_000_000_000, "trn": 1_000_000_000_000}
_FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25, "fifth": 0.2,
              "fifths": 0.2, "sixth": 1 / 6, "sixths": 1 / 6, "eighth": 0.125, "eighths": 0.125, "tenth": 0.1, "tenths": 0.1}
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125, "⅕": 0.2}
_VAGUE = {"tens": (10, 100), "dozens": (24, 108), "scores": (40, 180), "hundreds": (100, 1_000), "thousands": (1_000, 10_000),
          "millions": (1_000_000, 10_000_000), "billions": (1_000_000_000, 10_000_000_000)}
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

_WORDNUM = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_SCALE = "hundred|thousand|million|billion|trillion"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD_SEQ = rf"(?:{_WORDNUM})(?:(?:\s+|-)(?:and\s+)?(?:{_WORDNUM}|{_SCALE}|dozen)\b)*"
_CURRENCY_PRE = (r"(?:(?:US|HK|NZ|NT|A|C|S|R)\s?\$|\$|£|€|¥|₹|₩|₽|₪|PS(?=\d)|Y=(?=\d)"
                 r"|(?:USD|EUR|GBP|JPY|CNY|RMB|AUD|CAD|CHF|INR|HKD|NZD|SGD|ILS|MYR|ZAR|Rs\.?|RM)\s?(?=\d))")
_CURRENCY_PREFIX = {"$": "USD", "us$": "USD", "usd": "USD", "£": "GBP", "ps": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR",
                    "¥": "JPY", "y=": "JPY", "jpy": "JPY", "₹": "INR", "inr": "INR", "rs": "INR", "rs.": "INR", "a$": "AUD",
                    "aud": "AUD", "c$": "CAD", "cad": "CAD", "nz$": "NZD", "nzd": "NZD", "hk$": "HKD", "hkd": "HKD", "s$": "SGD",
                    "sgd": "SGD", "r$": "BRL", "nt$": "TWD", "cny": "CNY", "rmb": "CNY", "chf": "CHF", "₩": "KRW", "₽": "RUB",
                    "₪": "ILS", "ils": "ILS", "rm": "MYR", "myr": "MYR", "zar": "ZAR"}

# one atom: a vague magnitude, a word fraction, or a number (currency? sign? digits-or-words scale?)
_UNITS: list[tuple[str, str]] = [
    (r"(?i:percentage[\s-]+points?|pct\.?\s+points?|ppts?)\b|pp\b", "percentage points"),
    (r"%|(?i:per[\s-]?cent|percent|pct)\b|pc\b", "%"),
    (r"(?i:years?[\s-]+old|-?years?-old|yrs?[\s-]+old|-?yr-old)\b", "years of age"),
    (r"(?i:square[\s-]+(?:kilomet(?:er|re)s?|km)|sq\.?\s*km)\b|km2\b|km²", "square km"),
    (r"(?i:square[\s-]+miles?|sq\.?\s*mi(?:les?)?)\b", "square miles"),
    (r"(?i:square[\s-]+met(?:er|re)s?|sq\.?\s*m|sqm)\b|m2\b|m²", "square m"),
    (r"(?i:square[\s-]+f(?:ee|oo)t|sq\.?\s*ft\.?|sq\.?\s*feet)", "square feet"),
    (r"(?i:cubic[\s-]+met(?:er|re)s?)\b|m3\b|m³", "cubic m"),
    (r"(?i:m\.p\.h\.?|mph|miles?\s+(?:per|an|a)\s+hour)", "mph"),
    (r"(?i:km/h|kph|kmh|kilomet(?:er|re)s?\s+(?:per|an|a)\s+hour)\b", "km/h"),
    (r"(?i:mpg|miles?\s+per\s+gallon)\b", "mpg"),
    (r"(?i:met(?:er|re)s?\s+per\s+second)\b|m/s\b", "m/s"),
    (r"(?i:ppg)\b", "points/game"), (r"(?i:rpg)\b", "rebounds/game"), (r"(?i:apg)\b", "assists/game"),
    (r"(?i:years?|yrs?)\b", "years"), (r"(?i:months?|mos?\.)(?!\w)", "months"), (r"(?i:weeks?|wks?)\b", "weeks"),
    (r"(?i:days?)\b", "days"), (r"(?i:hours?|hrs?)\b", "hours"), (r"(?i:minutes?|mins?)\b", "minutes"),
    (r"(?i:seconds?|secs?)\b", "seconds"), (r"(?i:milliseconds?)\b|ms\b", "milliseconds"), (r"(?i:decades?)\b", "decades"),
    (r"(?i:centur(?:y|ies))\b", "centuries"),
    (r"(?i:kilomet(?:er|re)s?)\b|(?i:km)\b|KM\b", "km"), (r"(?i:miles?)\b|mi\b", "miles"),
    (r"(?i:centimet(?:er|re)s?|cm)\b", "cm"), (r"(?i:millimet(?:er|re)s?|mm)\b", "mm"),
    (r"(?i:micromet(?:er|re)s?|microns?)\b|[µμ]m\b", "µm"), (r"(?i:nanomet(?:er|re)s?)\b|nm\b", "nm"),
    (r"(?i:met(?:er|re)s?)\b|m\b", "m"),
    (r"(?i:f(?:ee|oo)t|ft)(?!\w)|['′](?![\w'])", "feet"), (r"(?i:inch(?:es)?)\b|in\.|″", "inches"),
    (r"(?i:yards?|yds?)\b", "yards"), (r"(?i:acres?)\b", "acres"), (r"(?i:hectares?)\b|ha\b", "hectares"),
    (r"(?i:kilo(?:gram)?s?|kgs?)\b", "kg"), (r"(?i:milligrams?|mg)\b", "mg"), (r"(?i:grams?)\b|g\b", "g"),
    (r"(?i:lb[\s-]?ft|pound[\s-]f(?:ee|oo)t)\b", "lb-ft"), (r"(?i:lbs?)\b|(?i:pounds?)(?=\s+of\b)", "lb"), (r"(?i:tonnes?|tons?)\b", "tons"), (r"(?i:ounces?|oz)\b", "oz"),
    (r"(?i:millilit(?:er|re)s?|ml)\b", "ml"), (r"(?i:lit(?:er|re)s?)\b|[lL]\b", "liters"), (r"(?i:gallons?)\b", "gallons"),
    (r"(?i:barrels?|bbl)\b", "barrels"),
    (r"°\s?C\b|(?i:deg(?:rees?)?\.?\s?C(?:elsius)?|degrees?\s+(?:celsius|centigrade)|celsius|centigrade)\b", "°C"),
    (r"°\s?F\b|(?i:deg(?:rees?)?\.?\s?F(?:ahrenheit)?|degrees?\s+fahrenheit|fahrenheit)\b", "°F"),
    (r"°|(?i:degrees?)\b", "degrees"),
    (r"(?i:knots?)\b|kts?\b", "knots"), (r"(?i:horsepower|bhp|hp)\b|PS\b", "hp"),
    (r"(?i:kilowatt[\s-]hours?)\b|kWh\b|KWH\b|kwh\b", "kWh"), (r"(?i:megawatt[\s-]hours?)\b|MWh\b", "MWh"),
    (r"(?i:gigawatt[\s-]hours?)\b|GWh\b", "GWh"), (r"(?i:terawatt[\s-]hours?)\b|TWh\b", "TWh"),
    (r"(?i:kilowatts?)\b|kW\b|KW\b|kw\b", "kW"), (r"(?i:megawatts?)\b|MW\b", "MW"), (r"(?i:gigawatts?)\b|GW\b", "GW"),
    (r"(?i:watts?)\b|W\b", "W"), (r"(?i:kilovolts?)\b|kV\b", "kV"), (r"(?i:volts?)\b|V\b", "V"), (r"(?i:mah)\b", "mAh"),
    (r"(?i:gigahertz|ghz)\b", "GHz"), (r"(?i:megahertz|mhz)\b", "MHz"), (r"(?i:kilohertz|khz)\b", "kHz"), (r"(?i:hertz|hz)\b", "Hz"),
    (r"(?i:terabytes?)\b|TB\b|tb\b", "TB"), (r"(?i:gigabytes?)\b|GB\b|gb\b", "GB"), (r"(?i:megabytes?)\b|MB\b", "MB"),
    (r"(?i:gbps|gb/s)\b", "Gbps"), (r"(?i:mbps|mb/s)\b", "Mbps"), (r"(?i:kbps)\b", "kbps"),
    (r"(?i:gigapascals?|gpa)\b", "GPa"), (r"(?i:megapascals?|mpa)\b", "MPa"), (r"(?i:psi)\b", "psi"),
    (r"Nm\b|(?i:newton[\s-]met(?:er|re)s?)\b", "Nm"),
    (r"(?i:decibels?|db)\b", "dB"), (r"(?i:ppm|parts\s+per\s+million)\b", "ppm"), (r"(?i:ppb|parts\s+per\s+billion)\b", "ppb"),
    (r"(?i:kcal|calories|calorie)\b", "calories"), (r"p\b(?!\.m|\s+[a-z])", "pence"),
    (r"(?i:-?fold)\b", "times"), (r"(?i:cylinders?)\b", "cylinders"), (r"(?i:pints?)\b", "pints"), (r"(?i:quarts?)\b", "quarts"), (r"(?i:cups?)\b", "cups"),
    (r"(?i:points?|pts?)\b", "points"), (r"(?i:times)\b", "times"), (r"(?i:votes?)\b", "votes"),
]
_UNIT_RE = re.compile(r"(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNITS)) + r")")
UNIT_NAMES = tuple(dict.fromkeys(name for _, name in _UNITS))
# units that may be glued to the number ("50mph", "5.5kWh", "118.5p"); the others need a space or hyphen
_GLUE_ONLY = {"g", "liters"}  # "5 g" and "5 p" are too often something else; "1.0l" is litre
_NEEDS_SPACE_OR_GLUE = {"feet"}

_CURRENCY_SUFFIX = [
    (r"(?:us\s+)?dollars?|usd|bucks", "USD"), (r"euros?|eur|€", "EUR"), (r"pounds?\s+sterling|gbp", "GBP"), (r"yen|jpy", "JPY"),
    (r"yuan|renminbi|rmb|cny", "CNY"), (r"rupees?|inr", "INR"), (r"aud", "AUD"), (r"cad", "CAD"), (r"chf", "CHF"), (r"hkd", "HKD"), (r"roubles?|rubles?", "RUB"), (r"(?:new\s+)?shekels?", "ILS"),
    (r"ringgit", "MYR"), (r"swiss\s+francs?", "CHF"), (r"pesos?", "MXN"), (r"won", "KRW"), (r"pounds?", "GBP"),
]
_CURSUF_RE = re.compile(r"^(?:\s*(?P<c0>€)|\s+(?:" + "|".join(f"(?P<c{i + 1}>(?:{p})\\b)" for i, (p, _) in enumerate(_CURRENCY_SUFFIX)) + r"))",
                        re.IGNORECASE)
_CURSUF_CODES = ["EUR", *[c for _, c in _CURRENCY_SUFFIX]]
_RATE_RE = re.compile(
    r"^\s*(?:per|a|an|each|every|/)\s*(?P<per>(?:square|sq\.?)\s*(?:met(?:er|re)|m|foot|feet|ft)|capita|head|person|share|"
    r"night|day|week|month|year|annum|hour|minute|second|gram|kg|kilo|ton|tonne|barrel|gallon|lit(?:er|re)|mile|km|game|"
    r"unit|household|student|employee|resident|patient|seat|visit)s?\b",
    re.IGNORECASE,
)
_PER_NAMES = {"annum": "year", "kilo": "kg", "tonne": "ton", "liter": "liter", "litre": "liter"}

# contexts that make a number a date, time, year, address, phone number, id, name or list number
_DIMENSION = {"years": ("time", 31_557_600), "months": ("time", 2_629_800), "weeks": ("time", 604_800), "days": ("time", 86_400),
              "hours": ("time", 3_600), "minutes": ("time", 60), "seconds": ("time", 1), "feet": ("length", 12),
              "inches": ("length", 1), "yards": ("length", 36), "miles": ("length", 63_360), "lb": ("mass", 16), "oz": ("mass", 1),
              "km": ("metric", 100_000), "m": ("metric", 100), "cm": ("metric", 1), "kg": ("kgmass", 1000), "g": ("kgmass", 1)}


@dataclass(slots=True)
class Atom:
    """One number of the text before it becomes a quantity (value, kind, currency, unit)."""

    start: int
    end: int  # end of the number (and scale)
    value: float
    kind: str  # "digits", "words", "frac", "vague"
    currency: str | None = None
    scaled: bool = False
    sign: str = ""
    unit: str | None = None
    unit_end: int | None = None  # end after the unit

    @property
    def stop(self) -> int:
        return self.unit_end if self.unit_end is not None else self.end


def words_to_number(words: str) -> float | None:
    """ "forty-five" -> 45, "three hundred" -> 300, "two million" -> 2e6, "three dozen" -> 36."""
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
            if scale <= 100:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _scale_value(scale: str) -> float:
    s = scale.strip()
    if not s:
        return 1.0
    if s.casefold() in _SHORT_SCALES and s[0].isalpha() and " " not in s:
        return float(_SHORT_SCALES[s.casefold()])
    v = 1.0
    for w in s.split():
        v *= _SCALES[w.casefold().rstrip("s")] if w.casefold().rstrip("s") in _SCALES else 1.0
    return v


def _digits_value(num: str) -> float | None:
    n = num.replace(" ", "")
    m = re.fullmatch(r"(\d+)[/⁄](\d+)", n)
    if m:
        den = int(m.group(2))
        return int(m.group(1)) / den if den else None
    if n and n[-1] in _VULGAR:
        whole = n[:-1]
        return (float(whole) if whole else 0.0) + _VULGAR[n[-1]]
    try:
        return float(n.replace(",", ""))
    except ValueError:
        return None


def _unit_at(text: str, pos: int, a: Atom) -> tuple[str, int] | None:
    """The unit right after ``pos`` (canonical name, end offset), glued or after a space or hyphen."""
    seg = text[pos : pos + 48]
    m = re.match(r"[ \t\u00a0]?-?|", seg)
    gap = m.group() if m else ""
    glued = gap == ""
    um = _UNIT_RE.match(seg, len(gap))
    if not um and gap:
        um = _UNIT_RE.match(seg, 0)
        glued = True
        gap = ""
    if not um:
        return None
    idx = int(um.lastgroup[1:])  # type: ignore[index]
    name = _UNITS[idx][1]
    token = um.group()
    if name in _GLUE_ONLY and not glued and len(token) == 1:
        return None  # "5 g", "3 l": too often something else; "1.0l", "45g" are units
    if name == "feet" and token in ("'", "′"):
        if not glued or a.kind != "digits" or a.scaled:
            return None
    if name == "m" and token == "m":
        if a.scaled or a.currency:
            return None
        # "37m (121ft)-long", "a 100 m race": metres; "5m people" is million (read as a scale, not here)
    old = re.match(r"^\s*(?:of\s+age|old)\b", seg[um.end() :], re.IGNORECASE) if name == "years" else None
    if old:
        return "years of age", pos + um.end() + old.end()
    if name in ("inches",) and token.casefold() == "in." and not glued:
        return None
    if name == "times" and a.kind == "frac":
        return None
    return name, pos + um.end()


def _rate(text: str, pos: int) -> tuple[str, int] | None:
    m = _RATE_RE.match(text[pos : pos + 40])
    if not m:
        return None
    per = re.sub(r"\s+", " ", m.group("per").casefold().rstrip("."))
    per = re.sub(r"^(?:square|sq\.?)\s*(?:meter|metre|m)$", "square m", per)
    per = re.sub(r"^(?:square|sq\.?)\s*(?:foot|feet|ft)$", "square feet", per)
    return _PER_NAMES.get(per, per), pos + m.end()


# what follows a number when the counted thing is elsewhere: "joining 300 on the ground there"
_PREP_START = re.compile(r"^(?:on|in|at|from|across|inside|outside|there|here|already|still|more|so\s+far|each|apiece|by|during)\b", re.IGNORECASE)


__all__ = ["UNIT_NAMES", "words_to_number"]
