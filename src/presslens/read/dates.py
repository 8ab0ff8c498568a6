"""Written and numeric dates to ISO ``YYYY-MM-DD``.

Handles "December 14, 2016", "14 December 2016", "Dec. 14, 2016",
"Wednesday, 14th of December 2016", "2016-12-14", "2016/12/14", "12/14/2016",
"14.12.2016" and "14/12/16". Ambiguous numeric day/month orders are read as
US month/day unless ``day_first`` is set or the first number cannot be a month.
Implausible years (before 1900, or more than a year ahead) give ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WRITTEN_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_WRITTEN_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
# no trailing \b: "2016-12-14T10:00:00Z" (ISO 8601 with a time) is a date too
_ISO = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")


_MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "sept",
}


def _month(name: str) -> int | None:
    """Month number of a full or abbreviated month name; ``None`` for "Mayday" or "Marching"."""
    lower = name.lower()
    if lower not in _MONTH_NAMES and lower not in _MONTHS:
        return None
    return _MONTHS[lower[:3]]


def _make(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if value.year < 1900 or value > dt.date.today() + dt.timedelta(days=366):
        return None
    return value.isoformat()


def parse_date(text: str, *, day_first: bool = False) -> str | None:
    """Return the first date found in ``text`` as ISO, or ``None``."""
    candidates: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        iso = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            candidates.append((m.start(), iso))
    for m in _WRITTEN_MDY.finditer(text):
        month = _month(m.group(1))
        if month:
            iso = _make(int(m.group(3)), month, int(m.group(2)))
            if iso:
                candidates.append((m.start(), iso))
    for m in _WRITTEN_DMY.finditer(text):
        month = _month(m.group(2))
        if month:
            iso = _make(int(m.group(3)), month, int(m.group(1)))
            if iso:
                candidates.append((m.start(), iso))
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 3:
            continue
        if day_first or a > 12 or m.group(0).count(".") == 2:
            day, month = a, b
        else:
            month, day = a, b
        iso = _make(y, month, day)
        if iso:
            candidates.append((m.start(), iso))
    if not candidates:
        return None
    return min(candidates)[1]
