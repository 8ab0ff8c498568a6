"""Number parsing of the numeric-claims annotator, and what is not a claim."""

from __future__ import annotations

import pytest

from presslens.annotate.claims.numbers import find_quantities, parse_number, words_to_number


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, [(text[q.start : q.end], q) for q in found]
    q = found[0]
    return text[q.start : q.end], q.value, q.value_max, q.qualifier, q.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("312,000 people have died.", ("312,000", 312000, None, "=", None)),
        ("over 54,000 foreign jihadis", ("over 54,000", 54000, None, ">", None)),
        ("at least 20 were hurt", ("at least 20", 20, None, ">=", None)),
        ("nearly 50 people", ("nearly 50", 50, None, "<", None)),
        ("up to 3,000 homes", ("up to 3,000", 3000, None, "<=", None)),
        ("about 40 km away", ("about 40 km", 40, None, "~", "km")),
        ("more than five years of war", ("more than five years", 5, None, ">", "years")),
        ("At least half of the rebels", ("At least half", 0.5, None, ">=", None)),
        ("two-thirds of voters", ("two-thirds", 2 / 3, None, "=", None)),
        ("a third of them", ("a third", 1 / 3, None, "=", None)),
        ("two soldiers", ("two", 2, None, "=", None)),
        ("forty-five minutes", ("forty-five minutes", 45, None, "=", "minutes")),
        ("three hundred people", ("three hundred", 300, None, "=", None)),
        ("tens of thousands of fighters", ("tens of thousands", 10000, 100000, "~", None)),
        ("hundreds of thousands who died", ("hundreds of thousands", 100000, 1000000, "~", None)),
        ("billions of dollars of arms", ("billions of dollars", 1e9, 1e10, "~", "USD")),
        ("unemployment rose to 5.2%", ("5.2%", 5.2, None, "=", "%")),
        ("4 per cent of voters", ("4 per cent", 4, None, "=", "%")),
        ("a $1.2 billion deal", ("$1.2 billion", 1.2e9, None, "=", "USD")),
        ("£3bn in cuts", ("£3bn", 3e9, None, "=", "GBP")),
        ("500 euros each", ("500 euros", 500, None, "=", "EUR")),
        ("between 5 and 10 people", ("between 5 and 10", 5, 10, "=", None)),
        ("5-10 million people", ("5-10 million", 5e6, 1e7, "=", None)),
        ("from 2 to 4 days", ("2 to 4 days", 2, 4, "=", "days")),
        ("The boy is 12 years old.", ("12 years", 12, None, "=", "years")),
        ("a $15 minimum wage", ("$15", 15, None, "=", "USD")),
    ],
)
def test_quantities(text, expected):
    got = one(text)
    assert got[0] == expected[0]
    assert got[1] == pytest.approx(expected[1])
    assert (got[2] is None) == (expected[2] is None)
    if expected[2] is not None:
        assert got[2] == pytest.approx(expected[2])
    assert got[3:] == expected[3:]


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2011.",  # a year
        "It happened on March 3, 2016.",  # a date
        "It happened on 3 March.",  # a date
        "The vote is on Jan. 5.",  # a date
        "They met at 10:30 on Monday.",  # a time
        "The rally starts at 5 p.m.",  # a time
        "a wounded 12-year-old boy",  # an age used as a modifier
        "the 12-year-old was released",  # an age used as a name
        "Call 555-123-4567 for details.",  # a phone number
        "Call (555) 123-4567 for details.",  # a phone number
        "They live at 123 Main Street.",  # an address
        "See article 4839201 for details.",  # an id
        "The bill, H.R. 3762, passed.",  # a bill number
        "1. The first point is this.",  # list numbering
        "He finished in 3rd place.",  # an ordinal
        "music of the 1990s",  # a decade
        "No one came, and one of them left.",  # the pronoun one
        "It happened four years ago.",  # a relative date
    ],
)
def test_not_claims(text):
    assert find_quantities(text) == [], [text[q.start : q.end] for q in find_quantities(text)]


def test_words_to_number():
    assert words_to_number("forty-five") == 45
    assert words_to_number("two million") == 2e6
    assert words_to_number("three hundred and twelve thousand") == 312000
    assert words_to_number("apple") is None


def test_parse_number():
    assert parse_number("$1.2 billion") == (1.2e9, "USD")
    assert parse_number("312,000") == (312000, None)
    assert parse_number("5m") == (5e6, None)


def test_offsets_shift():
    q = find_quantities("xx 40 people", offset=100)[0]
    assert (q.start, q.end) == (103, 105)
