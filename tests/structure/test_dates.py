"""parse_date: written and numeric dates to ISO, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.structure.dates import parse_date

WRITTEN = [
    ("December 14, 2016", "2016-12-14"),
    ("December 14 2016", "2016-12-14"),
    ("Dec 14, 2016", "2016-12-14"),
    ("Dec. 14, 2016", "2016-12-14"),
    ("Sept. 5, 2019", "2019-09-05"),
    ("Sep 5, 2019", "2019-09-05"),
    ("14 December 2016", "2016-12-14"),
    ("14 Dec 2016", "2016-12-14"),
    ("14th December 2016", "2016-12-14"),
    ("Wednesday, 14th of December 2016", "2016-12-14"),
    ("Wed, 14 Dec 2016", "2016-12-14"),
    ("Monday, March 1st, 2021", "2021-03-01"),
    ("5 Sept 2019", "2019-09-05"),
    ("may 3, 2021", "2021-05-03"),
]

NUMERIC = [
    ("2016-12-14", "2016-12-14"),
    ("2016/12/14", "2016-12-14"),
    ("2016-1-4", "2016-01-04"),
    ("12/14/2016", "2016-12-14"),  # US month/day
    ("14/12/2016", "2016-12-14"),  # the first number cannot be a month
    ("14.12.2016", "2016-12-14"),  # dotted: day first
    ("3.4.2021", "2021-04-03"),
    ("14/12/16", "2016-12-14"),
    ("03/04/99", "1999-03-04"),
    ("2016-12-14T10:00:00Z", "2016-12-14"),  # ISO 8601 with a time
    ("2016-12-14T10:00:00+02:00", "2016-12-14"),
]

IN_CONTEXT = [
    ("Published: December 14, 2016 at 10:02", "2016-12-14"),
    ("Updated 3 March 2020 | 14:10 GMT", "2020-03-03"),
    ("Harbor Ledger, March 3, 2021", "2021-03-03"),
    ("Posted on 2021-03-04 09:15", "2021-03-04"),
    # the first date in the text wins
    ("First published 2 May 2019, updated 4 June 2020", "2019-05-02"),
]


@pytest.mark.parametrize(("text", "iso"), WRITTEN)
def test_dates_written_forms(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(("text", "iso"), NUMERIC)
def test_dates_numeric_forms(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(("text", "iso"), IN_CONTEXT)
def test_dates_in_a_line(text, iso):
    assert parse_date(text) == iso


def test_dates_day_first_flag():
    assert parse_date("03/04/2021") == "2021-03-04"
    assert parse_date("03/04/2021", day_first=True) == "2021-04-03"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no date here",
        "May 2016",  # no day
        "Feb 30, 2016",  # no such day
        "2016-13-01",  # no such month
        "1899-01-01",  # implausibly old
        "2999-01-01",  # far future
        "Mayday 12, 2016",  # not a month name
        "Marching 3, 2016",
        "Room 12/14",  # no year
        "version 20161214",
    ],
)
def test_dates_refuses(text):
    assert parse_date(text) is None


def test_dates_next_year_is_allowed_but_not_later():
    today = dt.date.today()
    soon = today + dt.timedelta(days=30)
    assert parse_date(soon.isoformat()) == soon.isoformat()
    assert parse_date(f"{today.year + 3}-01-01") is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today()))
def test_dates_iso_round_trip(d):
    assert parse_date(d.isoformat()) == d.isoformat()
    assert parse_date(f"{d:%B} {d.day}, {d.year}") == d.isoformat()
    assert parse_date(f"{d.day} {d:%B} {d.year}") == d.isoformat()
    assert parse_date(f"{d.day:02d}.{d.month:02d}.{d.year}") == d.isoformat()


@given(st.text(max_size=80))
def test_dates_never_raise(text):
    result = parse_date(text)
    assert result is None or dt.date.fromisoformat(result)
