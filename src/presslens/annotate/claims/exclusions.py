"""What is not a quantity: years, dates, times, ids and codes, names that end in a number, idioms,
ages that describe a group, ordinals, list numbers and the pronoun "one" (see :mod:`.numbers`)."""

from __future__ import annotations

import re

from presslens.annotate.claims.vocab import _CURSUF_RE, _MONTHS, Atom, _digits_value, _unit_at

_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^(?::\d{2}|\s?(?:a\.?m\.?|p\.?m\.?)(?=\W|$)|\s?o['’]clock|\s?(?:GMT|UTC|ET|EST|EDT|PST|PDT|BST|CET)\b)",
                         re.IGNORECASE)
_TIME_BEFORE = re.compile(r"\d:$")
_AGO_AFTER = re.compile(r"^[\s-]*(?:years?|months?|weeks?|days?|decades?|hours?|minutes?)\s+(?:ago|earlier|later|before|after|"
                        r"from\s+now)\b|^\s+ago\b", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^s\b|^['’]s\b", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b")
_STREET_AFTER = re.compile(
    r"^\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Square|"
    r"Highway|Hwy|Parkway|Pkwy|Terrace|Crescent|Close)\b"
)
_ID_BEFORE = re.compile(
    r"(?:\b(?:no|id|number|nos|#|case|article|bill|h\.?r|s|section|chapter|page|pages|pp|vol|volume|issue|room|flight|route|"
    r"interstate|grade|level|phase|part|act|resolution|item|code|zip|proposition|prop|amendment|day|game|round|stage|season|"
    r"episode|scene|step|figure|fig|table|exhibit|model|version|category|cat|unit|gate|platform|channel|district|ward|"
    r"precinct|local|apt|suite|lot|pier|terminal|runway|track|verse|psalm|paragraph|clause|rule|title|form|schedule|"
    r"article|type|class|division|league|tier|level|week)\.?\s*#?|#)\s*$",
    re.IGNORECASE,
)
_DECADE_AFTER = re.compile(r"^['’]?s\b")
_LIST_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*][ \t]*)?$")
_LIST_AFTER = re.compile(r"^[.)](?:\s|$)")
# stock indexes, lists and other names that end in a number
_NAMED_NUMBER = re.compile(
    r"(?:\b(?:S\s?&\s?P|sp|s&p|FTSE|Nasdaq|NASDAQ|Russell|Dow|Stoxx|STOXX|Euro\s+Stoxx|Nikkei|CAC|DAX|ASX|TSX|Hang\s+Seng|"
    r"Sensex|Nifty|IBEX|FTSE\s+MIB|KOSPI|MSCI|Fortune|Forbes|Inc\.?|Top|top|Formula|Catch|Apollo|Artemis|Windows|"
    r"Ligue|Serie|Bundesliga|Premier\s+League|Championship|Class|Area|Region|Sector|Zone|Ward)\s*$)",
)
_PRODUCT_AFTER = re.compile(r"^\s(?:Pro|Max|Ultra|Plus|Mini|mini|Lite|Air|Edge|Series|Edition|GT|SE|XL|Turbo)\b")
_CAP_WORD_BEFORE = re.compile(r"(?:[\w,)\]’'”-]|\w:)\s+([A-Z][A-Za-z&]*[a-z&][A-Za-z&]*|[a-z]+[A-Z][A-Za-z]*)\s$")
_NOT_NAME_WORDS = frozenset(
    "The A An In On At By Of For From To With And Or But About Some Over Under Nearly Almost Around Only Just All Another "
    "Roughly Approximately Between Since Until Than That This These Those Its Their His Her Our Your My We They He She It "
    "I You Of Up Down More Less Fewer Least Most Another Each Every Both Per Plus Minus Are Were Was Is Be Been Have Has Had "
    "Estimated Exactly Precisely Some Another Additional Further Total Totaling Totalling Costing Paid Worth".split()
)
_MONTH_WORDS = frozenset(m.capitalize() for m in _MONTHS.split("|")) | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                                         "Saturday", "Sunday", "Sept"}
# "two-state solution", "one-way", "half-staff": idioms with a number word, not counts ("a five-member group" is one)
_IDIOM = re.compile(
    r"(?i:\b(?:two-state\s+solution|one-child|two-child|two-party|one-party|one-way|two-way|three-way|one-off|one-time|"
    r"two-time|three-time|one-sided|two-faced|one-stop|two-tier|one-man|one-woman|one-on-one|one-size|"
    r"four-letter|half-staff|half-mast|half-time|halftime|half-hearted|half-baked|half-brother|half-sister|half-way|"
    r"first-team|second-hand|first-hand|one-two|catch-22|24/7|9/11|7/11|high-five|high\s+five|top-ten|top-five|"
    r"number\s+one|no\.\s*1|twenty-twenty|fifty-fifty|one\s+another|one\s+by\s+one|one\s+or\s+another|at\s+one\s+point|"
    r"in\s+one\s+fell\s+swoop|seventh\s+heaven|cloud\s+nine|two\s+cents|dime\s+a\s+dozen|six\s+of\s+one|"
    r"sixes\s+and\s+sevens|a\s+million\s+times)\b)"
)
_AGED_BEFORE = re.compile(r"\b(?:aged|ages)\s+(?:between\s+)?$", re.IGNORECASE)
_APOSTROPHE_YEAR = re.compile(r"(?:^|[\s(])['’‘]$")
_SCORE_CONTEXT = re.compile(r"^\s*(?:on\s+aggregate|win|victory|defeat|loss|draw|lead|scoreline|in\s+(?:extra\s+time|penalties))\b"
                            r"|^\s*(?:at|after)\s+(?:half[\s-]?time|full[\s-]?time)", re.IGNORECASE)
_ONE_OK_AFTER = re.compile(
    r"^\s+(?:of\s+(?:the|my|his|her|their|its|our|your)\s+(?!\w+\s+(?:and|or)\b)(?:[\w-]+\s+){0,5}?(?:[\w-]+s|people|men|women|children|police|staff|media)\b"
    r"|(?!(?:of|another|other|and|or|to|in|on|at|by|for|from|with|who|which|that|is|was|has|had|does|did|can|could|would|"
    r"should|will|must|might|may|says|said|thinks|feels|way|day|time|point|thing|side|after|before|more|less|too|"
    r"way|off|another|out|up|down|if|as|so|but|than|the|a|an|its|his|her|their|such|ever|again|last|first|single|"
    r"anyone|another|here|there|now|then|knows|gets|goes|needs|wants|sees|says|hopes|feels|night|morning|evening|"
    r"afternoon|week|month|year|moment|minute|second|becomes|seems|looks|appears|remains|comes|takes|makes|is|was|has|'s)\b)[a-z][a-z-]+\b(?!\s+(?:another|other)\b))"
)
_ONE_NOT_BEFORE = re.compile(r"(?:\b(?:no|any|every|each|the|this|that|which|anyone|someone|one|such|last|very|the\s+only)\s+|-)$",
                             re.IGNORECASE)

def _excluded(text: str, a: Atom) -> bool:
    """True when the atom is not a quantity: a year, date, time, id, code, name, ordinal ..."""
    start, end = a.start, a.end
    core = text[start:end]
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    low = core.casefold().strip()
    digits_only = a.kind == "digits" and re.fullmatch(r"[+\-−]?\d+", core.strip()) is not None and not a.currency
    plain_int = digits_only and not a.sign
    has_unit = _unit_at(text, end, a) is not None or bool(_CURSUF_RE.match(after))
    if a.kind == "words" and low == "one":
        if _ONE_NOT_BEFORE.search(before) or not (_ONE_OK_AFTER.match(after) or _unit_at(text, end, a)):
            return True  # "one of them", "no one", "the one", "one day": a pronoun or an idiom, not a count
        if re.match(r"^\s+(?:day|night|morning|evening|afternoon|time)\b", after, re.I) and not re.search(
                r"\b(?:for|in|within|only|just|than|over|of|after|every|per)\s+$", before, re.I):
            return True  # "one day he left": a time, not a duration
    if plain_int and len(core.strip()) == 4 and 1000 <= int(core) <= 2100 and _is_year(text, a, before, after, has_unit):
        return True  # a year
    if plain_int and len(core.strip()) == 2 and _APOSTROPHE_YEAR.search(before):
        return True  # "'91": a year
    if _MONTH_BEFORE.search(before) and not a.currency or _MONTH_AFTER.match(after):
        return True
    if _TIME_AFTER.match(after) or _TIME_BEFORE.search(before):
        return True
    if _AGO_AFTER.match(after):
        return True
    if _ORDINAL_AFTER.match(after) or _DECADE_AFTER.match(after) and a.kind == "digits":
        return True
    if _STREET_AFTER.match(after) and plain_int:
        return True
    if plain_int and (_AGED_BEFORE.search(before) or re.search(r"\b(?:aged|ages)\s+(?:between\s+)?\d+\s*(?:-|–|to|and)\s*$", before, re.I)):
        return True  # "men aged 18 to 34": a description of a group
    if a.kind == "digits" and not a.currency and not a.sign and re.search(r"[A-Za-z]\.?$", before) and not re.search(r"\b(?:US|HK|PS|Y)$", before):
        return True  # glued to a word: "A4", "ID.3", "cac40", "S23"
    if re.search(r"\b(?:first|second|third|latter|last|early|later|top|bottom|upper|lower)\s+$", before, re.I) and low == "half":
        return True  # "the latter half of the decade": a time or a part, not an amount
    if re.match(r"^(?:st|nd|rd|th)?\s+half\s+of\s+the\s+(?:decade|century|year|season|game|month)", after, re.I):
        return True
    if digits_only and len(core.strip()) <= 3 and re.search(r"\b[A-Z][a-z]+,\s$", before) and re.match(r"^,", after):
        return True  # "Cydnee Mebane, 19, who ...": an age in apposition to a name
    if (digits_only and not has_unit and re.search(r"(?:[A-Za-z][-‑]|\b[A-Z]{2,}\s?[-‑]?\s?)$", before)
            and not re.search(r"\b(?:USD|EUR|GBP|JPY|AUD|INR|US|UK|EU)\s$|\bsub-$", before, re.I)):
        return True  # names with a number: "COVID-19", "F-16", "HD 8", "ISO 3888"
    if plain_int and _NAMED_NUMBER.search(before):
        return True  # "S&P 500", "Stoxx 50", "Fortune 100", "Top 10"
    if plain_int and _PRODUCT_AFTER.match(after):
        return True  # "iPhone 12 Pro", "737 Max"
    if plain_int and not has_unit:
        cm = _CAP_WORD_BEFORE.search(before)
        if cm and cm.group(1) not in _NOT_NAME_WORDS and cm.group(1) not in _MONTH_WORDS and not re.match(r"^\s+(?!(?:is|was|has|does|says|this|thus|its|his|as|us|plus|across|less|unless)\b)[a-z]+s\b", after):
            return True  # "Apple Watch 5", "Planet 9", "Game 2", "Unit 3": a name that ends in a number
    if a.kind == "words" and core[:1].isupper() and re.search(r"[a-z,;]\s+$", before) and re.match(r"^\s+[A-Z][a-z]", after):
        return True  # "Ninety Mile Beach", "Three Mile Island": a name, not a count
    if (plain_int or a.kind == "words" or low == "half") and _ID_BEFORE.search(before):
        return True
    if plain_int and len(core.strip()) >= 6 and not core.strip().endswith("000"):
        return True  # a long bare digit string is an id, a zip or a phone part, not a count ("48,500" has commas)
    if a.kind == "digits" and not a.scaled and not a.currency and not has_unit and re.match(r"^[A-Za-z]", after):
        return True  # glued to letters: "5G", "3D", "COVID19"
    if plain_int and re.match(r"^\s+(?:ZIP|zip|postcode|area\s+code)\b", after):
        return True
    if plain_int and (re.search(r"(?:\b[A-Z]{2,}\s?\d+[-‑]|\b(?:19|20)\d\d[-–/])$", before) and len(core.strip()) <= 2):
        return True  # "ISO 3888-2", "2014-15": the tail of a code or a season
    tail = re.match(r"^\s?[-–]\s?\d+", after)
    if plain_int and tail and tail.group()[:1] in "-–" and _STREET_AFTER.match(after[tail.end() :]):
        return True  # "16-18 Industrial Avenue"
    if _LIST_START.search(before) and _LIST_AFTER.match(after):
        return True
    if a.kind == "digits" and (re.match(r"^[/.:]\d", after) or re.search(r"\d[/.:]$", before)):
        return True  # 3/4/2016, 1.2.3, 1:36.6
    if not a.currency and any(m.start() <= start < m.end() for m in _IDIOM.finditer(text, max(0, start - 30), min(len(text), end + 30))):
        return True  # "two-state solution", "one-off", "half-staff", "at one point": an idiom, not a count
    if plain_int and re.search(r"[”\"’]$", before):
        return True  # a footnote mark after a quotation
    if plain_int and (re.search(r"\d\s?[-–]\s?$", before) and _SCORE_CONTEXT.match(after)
                      or tail is not None and _SCORE_CONTEXT.match(after[tail.end() :])):
        return True  # "ended 2-2 on aggregate": a score
    if a.kind == "digits" and re.search(r"[/⁄]", core):
        fm = re.search(r"(\d+)\s?[/⁄]\s?(\d+)", core)
        num, den = (int(fm.group(1)), int(fm.group(2))) if fm else (1, 0)
        if num >= den or not (re.match(r"^\s+of\b", after) or has_unit):
            return True  # "24/7", "9/11": not a fraction of something
    if plain_int and re.search(r"(?:Local|Unit|Studio|Gate|Door|Box|Suite)\s$", before):
        return True
    return False


_YEAR_PREP = re.compile(r"\b(?:in|since|from|by|until|till|of|between|and|to|circa|c\.|year|years|AD|A\.D\.|BC|B\.C\.|early|late|mid|"
                        r"the|before|after|during|around|summer|winter|spring|autumn|fall|through|for|as|'s|’s)\s+$", re.IGNORECASE)
_PLURAL_AFTER = re.compile(r"^\s+(?!years\b)[a-z]+s\b")


def _is_year(text: str, a: Atom, before: str, after: str, has_unit: bool) -> bool:
    """A four-digit number is a year unless a unit follows it (or the other end of its range), or it is
    a round count before a plural noun ("1000 customers", "from 1000 to 2000 hires"), or it is below
    1900 without a word that introduces a year ("more than 1000 customers")."""
    v = int(text[a.start : a.end])
    if has_unit:
        return False
    rm = re.match(r"^\s?(?:-|–|to)\s?(\d[\d,.]*)", after)
    if v % 100 == 0 and _PLURAL_AFTER.match(after):
        return False  # "2000 hires"
    if re.search(r"\b(?:between|from|in|since)\s+\d{4}\s*(?:-|–|to|and)\s*$", before, re.I):
        return True  # "between 1600 and 1900"
    partner = _digits_value(rm.group(1).rstrip(".,")) if rm else None
    if rm and partner and partner > v and _unit_at(text, a.end + rm.end(), a):
        return False  # "2000 - 2500 Calories"
    if v % 100 == 0 and (_PLURAL_AFTER.match(after) or rm and partner and partner > v and _PLURAL_AFTER.match(after[rm.end() :])):
        return False
    if v < 1900 and not _YEAR_PREP.search(before) and not re.search(r"\b(?:from|between)\s+\d{4}\s*(?:-|–|to|and)\s*$", before, re.I):
        return False
    return True
