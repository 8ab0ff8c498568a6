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

_DIMENSION = {"years": ("time", 31_557_600), "months": ("time", 2_629_800), "weeks": ("time", 604_800), "days": ("time", 86_400),
              "hours": ("time", 3_600), "minutes": ("time", 60), "seconds": ("time", 1), "feet": ("length", 12),
              "inches": ("length", 1), "yards": ("length", 36), "miles": ("length", 63_360), "lb": ("mass", 16), "oz": ("mass", 1),
              "km": ("metric", 100_000), "m": ("metric", 100), "cm": ("metric", 1), "kg": ("kgmass", 1000), "g": ("kgmass", 1)}


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


@dataclass(slots=True)
class _Atom:
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


def _atom_from_match(m: re.Match[str]) -> _Atom | None:
    if m.group("vague"):
        low = " ".join(m.group("vague").casefold().split())
        parts = low.split()
        lo, _hi = _VAGUE[parts[0]]
        if parts[-1] != parts[0] and parts[-1] in _VAGUE:
            lo = lo * _VAGUE[parts[-1]][0]
        return _Atom(m.start(), m.end(), float(lo), "vague")
    if m.group("frac"):
        low = " ".join(m.group("frac").casefold().split())
        if low == "half":
            return _Atom(m.start(), m.end(), 0.5, "frac")
        if low == "a dozen":
            return _Atom(m.start(), m.end(), 12.0, "frac")
        sm = re.fullmatch(rf"a\s+({_SCALE})", low)
        if sm:
            return _Atom(m.start(), m.end(), float(_SCALES[sm.group(1)]), "words", scaled=True)
        fm = re.fullmatch(r"(\S+)[\s-](\w+)", low)
        if not fm:
            return None
        n = 1.0 if fm.group(1) in ("a", "one") else words_to_number(fm.group(1))
        if n is None:
            return None
        return _Atom(m.start(), m.end(), n * _FRACTIONS[fm.group(2)], "frac")
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
        return _Atom(start, m.end(), v * _scale_value(scale), "digits", currency, bool(scale.strip()), sign)
    words = m.group("words")
    v = words_to_number(words)
    if v is None:
        return None
    cur = m.group("wcur")
    currency = _CURRENCY_PREFIX.get(re.sub(r"\s", "", cur).casefold()) if cur else None
    return _Atom(m.start("wcur") if cur else m.start("words"), m.end(), v, "words", currency,
                 bool(re.search(rf"\b(?:{_SCALE}|dozen)\b", words, re.IGNORECASE)))


def _excluded(text: str, a: _Atom) -> bool:
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
    if plain_int and re.match(r"^[-–]\d+", after) and _STREET_AFTER.match(after[re.match(r"^[-–]\d+", after).end() :]):
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
                      or re.match(r"^\s?[-–]\s?\d+", after) and _SCORE_CONTEXT.match(after[re.match(r"^\s?[-–]\s?\d+", after).end() :])):
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


def _is_year(text: str, a: _Atom, before: str, after: str, has_unit: bool) -> bool:
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


def _unit_at(text: str, pos: int, a: _Atom) -> tuple[str, int] | None:
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
    if name == "years" and re.match(r"^\s*(?:of\s+age|old)\b", seg[um.end() :], re.IGNORECASE):
        return "years of age", pos + um.end() + re.match(r"^\s*(?:of\s+age|old)\b", seg[um.end() :], re.IGNORECASE).end()
    if name in ("inches",) and token.casefold() == "in." and not glued:
        return None
    if name == "times" and a.kind == "frac":
        return None
    return name, pos + um.end()


def _find_atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _ATOM.finditer(text):
        a = _atom_from_match(m)
        if a is None:
            continue
        # "5m people" / "37m (121ft)-long": a glued lower-case "m" is a scale only for money or before a noun
        scale = m.group("scale") if m.group("num") else None
        if scale == "m" and not a.currency and re.match(r"^\s*(?:\(|-?(?:long|high|tall|wide|deep|away|above|below|"
                                                          r"under|sprint|race|dash|run|hurdles|freestyle|butterfly)\b|\s+(?:long|high|tall|wide|deep)\b)",
                                                          text[m.end() : m.end() + 20]):
            a = _Atom(a.start, m.end() - 1, a.value / 1_000_000, a.kind, None, False, a.sign)
        if scale and scale.strip() == "B" and not a.currency and not re.match(r"^\s+[a-z]", text[m.end() : m.end() + 10]):
            continue
        if scale in ("k", "K", "b", "M") and not a.currency and re.match(r"^\s*(?:TV|resolution|video|display|monitor|screen|"
                                                                        r"streaming|Ultra|HD|res)\b", text[m.end() : m.end() + 15]):
            continue  # "4K TV": a resolution
        atoms.append(a)
    return atoms


def _attach_unit(text: str, a: _Atom) -> None:
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


def _rate(text: str, pos: int) -> tuple[str, int] | None:
    m = _RATE_RE.match(text[pos : pos + 40])
    if not m:
        return None
    per = re.sub(r"\s+", " ", m.group("per").casefold().rstrip("."))
    per = re.sub(r"^(?:square|sq\.?)\s*(?:meter|metre|m)$", "square m", per)
    per = re.sub(r"^(?:square|sq\.?)\s*(?:foot|feet|ft)$", "square feet", per)
    return _PER_NAMES.get(per, per), pos + m.end()


def _qualifier(text: str, start: int) -> tuple[str, int]:
    qm = _QUAL_RE.search(text[max(0, start - 40) : start])
    if not qm:
        return "=", start
    idx = int(qm.lastgroup[1:])  # type: ignore[index]
    return _QUALIFIERS[idx][1], start - len(qm.group())


_AGE_OF = re.compile(r"(?:\b(?P<q>over|under|above|below)\s+)?\b(?:the\s+)?age\s+of\s+$", re.IGNORECASE)


def _change(text: str, start: int, a: _Atom) -> str | None:
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
            is_range = (re.fullmatch(r"\s*(?:-|–|—|to|to-|through|thru)\s*", gap, re.IGNORECASE) and not (gap == "-" and a.kind == "words")
                        and not re.fullmatch(r"\s+-", gap)) or (between and re.fullmatch(r"\s+and\s+", gap, re.IGNORECASE))
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


def _unit_of(a: _Atom) -> str | None:
    return a.currency or a.unit


def _finish(text: str, start: int, end: int, value: float, value_max: float | None, unit: str | None, a: _Atom,
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


def _make_one(text: str, a: _Atom) -> Quantity:
    if a.kind == "vague":
        low = text[a.start : a.end].casefold().split()
        lo, hi = _VAGUE[low[0]]
        if low[-1] != low[0] and low[-1] in _VAGUE:
            mult = _VAGUE[low[-1]][0]
            lo, hi = lo * mult, hi * mult
        return _finish(text, a.start, a.stop, float(lo), float(hi), _unit_of(a), a, vague=True)
    return _finish(text, a.start, a.stop, a.value, None, _unit_of(a), a)


def _make_range(text: str, a: _Atom, b: _Atom) -> Quantity | None:
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
    merged = _Atom(a.start, b.end, lo, a.kind, a.currency or b.currency, a.scaled, a.sign, unit, b.stop)
    q = _finish(text, a.start, b.stop, lo, hi, unit, merged)
    if re.search(r"\bfrom\s+(?:\S+\s+)?$", text[max(0, q.start - 20) : q.start], re.IGNORECASE):
        q = replace(q, from_value=lo)  # "doubled from $240 to $480": it started at the low end
    return q


def _scale_of(text: str, b: _Atom) -> float:
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


def _share_hyphen_units(text: str, out: list[Quantity], atoms: list[_Atom]) -> list[Quantity]:
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
