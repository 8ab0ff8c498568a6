"""Written and numeric dates to ISO ``YYYY-MM-DD``, with where they sit in the text.

Handles "December 14, 2016", "14 December 2016", "Dec. 14, 2016",
"Wednesday, 14th of December 2016", "2016-12-14", "2016/12/14", "12/14/2016",
"14.12.2016" and "14/12/16", and the written forms of German, French,
Spanish, Portuguese, Italian and Dutch pages ("3. Februar 2022",
"4 de maio de 2022", "22 décembre 2019", "06. Nov 2023"). Ambiguous numeric
day/month orders are read as US month/day unless ``day_first`` is set, the
first number cannot be a month, or the date is dotted (European). Implausible
years (before 1900, or more than a year ahead) give ``None``.

Relative dates ("3 hours ago", "yesterday", "vor 2 Tagen") are resolved only
against a reference date the caller gives (a crawl date): :func:`relative_date`.

This module sits below both the readers and the structure step (JSON Lines
metadata and page text use the same parser).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Month names and abbreviations: English, German, French, Spanish, Portuguese, Italian, Dutch.
_MONTH_WORDS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "january jan januar jänner jän janvier janv enero ene janeiro gennaio genn gen januari",
        "february feb februar feber février févr fevrier fevr febrero febr fevereiro fev febbraio febbr febb februari",
        "march mar märz mär maerz mars marzo março marco maart mrt",
        "april apr avril avr abril abr aprile aprile",
        "may mai mayo maio maggio mag mei",
        "june jun juni juin junio junho giugno giu",
        "july jul juli juillet juil julio julho luglio lug",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre septiembre setiembre set setembro settembre sett",
        "october oct oktober okt octobre octubre outubro out ottobre ott",
        "november nov novembre noviembre novembro",
        "december dec dezember dez décembre déc decembre diciembre dic dezembro dicembre",
    ),
    start=1,
):
    for _w in _names.split():
        _MONTH_WORDS.setdefault(_w, _n)
_MONTH_ALT = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
# The English-only subset: a lower-case "mag", "set", "out", "gen" or "mar" in prose is a word.
_AMBIGUOUS = {"mag", "set", "out", "gen", "ago", "dic", "mai", "mei", "ene", "sett", "mar", "giu", "lug", "ott", "abr", "avr"}

_WD = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_M = rf"(?P<mon>(?i:{_MONTH_ALT}))\.?"
_WRITTEN_MDY = re.compile(rf"(?<![^\W_])({_M})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)")
# "14 December 2016", "3. Februar 2022", "4 de maio de 2022", "1er janvier 2020", "06. Nov 2023"
_WRITTEN_DMY = re.compile(
    rf"(?:(?<![\d.])|(?<=(?:19|20)\d\d))(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:of\s+|de\s+|del\s+)?{_M},?\s+(?:de\s+|del\s+)?(?P<year>\d{{4}})(?:(?!\d)|(?=\d{{1,2}}\.\s))"
)
# no trailing \b: "2016-12-14T10:00:00Z" (ISO 8601 with a time) is a date too
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})[-/](?P<a>\d{1,2})[-/](?P<b>\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<sep>[/.])\s?(?P<b>\d{1,2})(?P=sep)\s?(?P<year>\d{4}|\d{2})(?![\d/]|\.\d)")
# A time after a date: "14:14 Uhr", "5:19pm", "at 10:02 GMT", "um 11:16", "- 00:38", "05:34 h".
TIME = re.compile(
    r"(?:\s*(?:,|-|–|—|\||•|·|/)?\s*(?:at|um|à|a\s+las|às|alle|om|kl\.?)?\s*)\d{1,2}[:.h]\d{2}(?::\d{2})?"
    r"(?:\s*(?:[ap]\.?\s?m\.?|uhr|h|hs|hrs)\b)?(?:\s*\(?(?-i:[A-Z]{2,5}|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)?",
    re.I,
)


_ANY_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date in a text: where it is, its ISO value, and where a time after it ends."""

    start: int
    end: int
    iso: str
    end_with_time: int


def month_number(name: str) -> int | None:
    """Month number of a full or abbreviated month name in one of the languages above."""
    return _MONTH_WORDS.get(name.lower().rstrip("."))


def _month(name: str) -> int | None:
    lower = name.lower()
    if lower in _AMBIGUOUS and name[:1].islower() and lower not in ("mar",):
        return None
    return _MONTH_WORDS.get(lower)


def _make(year: int, month: int, day: int, today: dt.date | None = None) -> str | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if value.year < 1900 or value > (today or dt.date.today()) + dt.timedelta(days=366):
        return None
    return value.isoformat()


def find_dates(text: str, *, day_first: bool = False) -> list[DateMatch]:
    """Every date in ``text``, in order of position (overlapping readings: the earliest, longest)."""
    found: list[tuple[int, int, str]] = []
    if _ANY_YEAR.search(text) is None and _NUMERIC.search(text) is None:
        return []  # every form needs a four-digit year, or is a short numeric date
    for m in _ISO.finditer(text):
        iso = _make(int(m["year"]), int(m["a"]), int(m["b"]))
        if iso:
            found.append((m.start(), m.end(), iso))
    for m in _WRITTEN_MDY.finditer(text):
        month = _month(m["mon"])
        if month:
            iso = _make(int(m["year"]), month, int(m["day"]))
            if iso:
                found.append((m.start(), m.end(), iso))
    for m in _WRITTEN_DMY.finditer(text):
        month = _month(m["mon"])
        if month:
            iso = _make(int(m["year"]), month, int(m["day"]))
            if iso:
                found.append((m.start(), m.end(), iso))
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
        if day_first or a > 12 or m["sep"] == ".":
            day, month = a, b
        else:
            month, day = a, b
        iso = _make(y, month, day)
        if iso:
            found.append((m.start(), m.end(), iso))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[DateMatch] = []
    last_end = -1
    for start, end, iso in found:
        if start < last_end:
            continue
        t = TIME.match(text, end)
        out.append(DateMatch(start, end, iso, t.end() if t and t.end() > end else end))
        last_end = end
    return out


def parse_date(text: str, *, day_first: bool = False) -> str | None:
    """Return the first date found in ``text`` as ISO, or ``None``."""
    dates = find_dates(text, day_first=day_first)
    return dates[0].iso if dates else None


_RELATIVE = re.compile(
    r"\b(?:(?P<n>\d{1,3}|an?|one)\s*(?P<unit>min(?:ute)?s?|mins?|h|hrs?|hours?|days?|weeks?)\s+ago"
    r"|vor\s+(?P<n2>\d{1,3}|einer?|einem)\s+(?P<unit2>Minuten?|Stunden?|Tag(?:en)?|Wochen?)"
    r"|(?P<word>yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy|ontem|hoje|ieri|oggi|gisteren|vandaag))\b",
    re.I,
)


def relative_date(text: str, reference: dt.date | dt.datetime | None) -> tuple[int, int, str] | None:
    """A relative date ("3 hours ago", "yesterday", "vor 2 Tagen") resolved against
    ``reference`` (a crawl date): ``(start, end, iso)``, or ``None`` without a reference."""
    if reference is None:
        return None
    m = _RELATIVE.search(text)
    if m is None:
        return None
    ref = reference if isinstance(reference, dt.datetime) else dt.datetime.combine(reference, dt.time(12))
    word = (m["word"] or "").lower()
    if word:
        back = dt.timedelta(days=1) if word in ("yesterday", "gestern", "hier", "ayer", "ontem", "ieri", "gisteren") else dt.timedelta(0)
    else:
        raw = (m["n"] or m["n2"] or "1").lower()
        n = int(raw) if raw.isdigit() else 1
        unit = (m["unit"] or m["unit2"] or "").lower()
        if unit.startswith(("min",)):
            back = dt.timedelta(minutes=n)
        elif unit.startswith(("h", "stunde")):
            back = dt.timedelta(hours=n)
        elif unit.startswith(("week", "woche")):
            back = dt.timedelta(weeks=n)
        else:
            back = dt.timedelta(days=n)
    return m.start(), m.end(), (ref - back).date().isoformat()
