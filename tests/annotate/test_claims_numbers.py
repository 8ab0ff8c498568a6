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
        ("nearly 50 people", ("nearly 50", 50, None, "~", None)),
        ("up to 3,000 homes", ("up to 3,000", 3000, None, "<=", None)),
        ("about 40 km away", ("about 40 km", 40, None, "~", "km")),
        ("more than five years of war", ("more than five years", 5, None, ">", "years")),
        ("At least half of the rebels", ("At least half", 0.5, None, ">=", None)),
        ("two-thirds of voters", ("two-thirds", 2 / 3, None, "=", None)),
        ("a third of them", ("a third", 1 / 3, None, "=", None)),
        ("two soldiers", ("two", 2, None, "=", None)),
        ("forty-five minutes", ("forty-five minutes", 45, None, "=", "minutes")),
        ("three hundred people", ("three hundred", 300, None, "=", None)),
        ("tens of thousands of fighters", ("tens of thousands", 10000, 100000, "=", None)),
        ("hundreds of thousands who died", ("hundreds of thousands", 100000, 1000000, "=", None)),
        ("billions of dollars of arms", ("billions of dollars", 1e9, 1e10, "=", "USD")),
        ("unemployment rose to 5.2%", ("5.2%", 5.2, None, "=", "%")),
        ("4 per cent of voters", ("4 per cent", 4, None, "=", "%")),
        ("a $1.2 billion deal", ("$1.2 billion", 1.2e9, None, "=", "USD")),
        ("£3bn in cuts", ("£3bn", 3e9, None, "=", "GBP")),
        ("500 euros each", ("500 euros", 500, None, "=", "EUR")),
        ("between 5 and 10 people", ("between 5 and 10", 5, 10, "=", None)),
        ("5-10 million people", ("5-10 million", 5e6, 1e7, "=", None)),
        ("from 2 to 4 days", ("2 to 4 days", 2, 4, "=", "days")),
        ("The boy is 12 years old.", ("12 years old", 12, None, "=", "years of age")),
        # ages are quantities (CQE's "year of age"), also when they describe someone
        ("a wounded 12-year-old boy", ("12-year-old", 12, None, "=", "years of age")),
        ("the 12-year-old was released", ("12-year-old", 12, None, "=", "years of age")),
        ("children under the age of 5 died", ("under the age of 5", 5, None, "<", "years of age")),
        # compound quantities: one quantity in the smallest unit
        ("he ran it in 1 minute and 45 seconds", ("1 minute and 45 seconds", 105, None, "=", "seconds")),
        ("she is 5 feet 10 tall", ("5 feet 10", 70, None, "=", "inches")),
        # rates
        ("$775 a day for the room", ("$775 a day", 775, None, "=", "USD/day")),
        ("$12,000 per capita", ("$12,000 per capita", 12000, None, "=", "USD/capita")),
        ("800,000 barrels a day", ("800,000 barrels a day", 800000, None, "=", "barrels/day")),
        # spelled-out and mixed numbers
        ("nearly three dozen protesters", ("nearly three dozen", 36, None, "~", None)),
        ("1.2 million voters", ("1.2 million", 1.2e6, None, "=", None)),
        ("4 hundred million people", ("4 hundred million", 4e8, None, "=", None)),
        ("twenty-eight thousand six hundred forty-two students", ("twenty-eight thousand six hundred forty-two", 28642, None, "=", None)),
        ("100-300,000 refugees", ("100-300,000", 100000, 300000, "=", None)),
        ("$10 to $15 billion", ("$10 to $15 billion", 1e10, 1.5e10, "=", "USD")),
        ("four to five thousand people", ("four to five thousand", 4000, 5000, "=", None)),
        # units glued to the number and canonical names
        ("winds of 50mph", ("50mph", 50, None, "=", "mph")),
        ("a 5.5kWh battery", ("5.5kWh", 5.5, None, "=", "kWh")),
        ("it costs 1,200€", ("1,200€", 1200, None, "=", "EUR")),
        ("HK$5.4m for flights", ("HK$5.4m", 5.4e6, None, "=", "HKD")),
        ("a 24pc discount", ("24pc", 24, None, "=", "%")),
        ("the 37m long skeleton", ("37m", 37, None, "=", "m")),
        ("up to 400 metres per second", ("up to 400 metres per second", 400, None, "<=", "m/s")),
        ("it weighs 278kg", ("278kg", 278, None, "=", "kg")),
        ("a 2.4GHz chip", ("2.4GHz", 2.4, None, "=", "GHz")),
        ("grew more than sixfold", ("more than sixfold", 6, None, ">", "times")),
        ("1/2 pound of chocolate", ("1/2 pound", 0.5, None, "=", "lb")),
        ("sub-300 sq m offices", ("sub-300 sq m", 300, None, "<", "square m")),
        # ASCII spellings of currency signs
        ("a PS6m golden hello", ("PS6m", 6e6, None, "=", "GBP")),
        ("a profit of Y=100 million", ("Y=100 million", 1e8, None, "=", "JPY")),
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
        "They drove to Ninety Mile Beach.",  # a name
        "He was a star of the '91 team.",  # a year in apostrophe form
        "They back a two-state solution.",  # an idiom
        "The flag flew at half-staff.",  # an idiom
        "The S&P 500 closed higher.",  # an index name
        "She bought an Apple Watch 5 on Monday.",  # a product name
        "Cayman Airways grounded its 737 Max jets.",  # a model name
        "The ISO 3888-2 test is hard.",  # a code
        "The COVID-19 pandemic spread.",  # a name with a number
        "Backyard Worlds: Planet 9 is a project.",  # a name
        "It was a 5G phone.",  # a code glued to letters
        "They were open 24/7 during 9/11.",  # not fractions
        "The match ended 2-2 on aggregate.",  # a score
        "men aged 18 to 34",  # ages that describe a group
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


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Shares rose 5% on Monday.", "up"),
        ("The index fell 0.4 per cent.", "down"),
        ("Blackmores up 9.4 per cent", "up"),
        ("Dow +0.2%", "up"),
        ("DAX -1.6%", "down"),
        ("valve duration was increased by 18 degrees", "up"),
        ("a 4.2 percent drop", None),  # a noun of change: the figure is the size of the drop
        ("He gave up 517 yards.", None),  # a phrasal verb
        ("They added 3,000 workers.", None),  # a verb acting on a count
    ],
)
def test_change(text, change):
    q = find_quantities(text)
    assert q and q[-1].change == change, q


def test_from_to_range_keeps_its_start():
    q = one("Ethereum fell from $2,415 to $2,315 overnight.")
    assert q[1:5] == (2315, 2415, "=", "USD")
    (found,) = find_quantities("Ethereum fell from $2,415 to $2,315 overnight.")
    assert found.from_value == 2415


def test_converted_figure_and_restatement_share_qualifier_and_change():
    found = find_quantities("the moths fly more than 100 kilometers (60 miles).")
    assert [(q.value, q.qualifier) for q in found] == [(100, ">"), (60, ">")]
    found = find_quantities("jobs grew by 125,600 positions or 2.2 per cent")
    assert [(q.value, q.change) for q in found] == [(125600, "up"), (2.2, "up")]


def test_shared_unit_of_a_dangling_hyphen_and_or():
    assert [(q.value, q.unit) for q in find_quantities("a 7- or 8-inch screen")] == [(7, "inches"), (8, "inches")]
    assert [(q.value, q.unit) for q in find_quantities("eight or nine euros")] == [(8, "EUR"), (9, "EUR")]


def test_one_counts_but_not_as_a_pronoun():
    assert [q.value for q in find_quantities("one of the largest dinosaurs")] == [1]
    assert [q.value for q in find_quantities("One resident received a bag.")] == [1]
    for text in ("No one came.", "one of them left", "the one who urged her", "One day he left.", "when one becomes available"):
        assert find_quantities(text) == [], text


def test_compound_keeps_its_parts():
    (q,) = find_quantities("A Mars day is 24 hours, 39 minutes, and 35 seconds.")
    assert q.value == 24 * 3600 + 39 * 60 + 35 and q.unit == "seconds"
    assert q.parts == ((24, "hours"), (39, "minutes"), (35, "seconds"))


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
