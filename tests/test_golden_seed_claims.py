"""Golden test (issue 4, part 1): the seed article's numeric claims and their consistency.

Every ``must`` item of ``numeric_claims`` is met (value, qualifier, counted thing, source); the
parts-vs-total relation of the ``consistency`` block is reported (sum 307,000 vs 312,000).
"""

from __future__ import annotations

import re

_QUAL = {"over": ">", "more than": ">", "at least": ">=", "nearly": "<", "up to": "<=", "about": "~"}
_STOP = {"the", "a", "an", "of", "who", "have", "has", "among", "and", "in", "on", "dead", "killed"}


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", s.casefold()) if w not in _STOP}


def _counted_ok(expected: str, got: str | None) -> bool:
    """The counted thing names what the expectation names: its content words (leaving out the
    parenthesised gloss such as "(dead)") mostly appear in ours."""
    if not got:
        return False
    exp = _words(re.sub(r"\(.*?\)", "", expected))
    return len(exp & _words(got)) >= max(1, int(0.6 * len(exp) + 0.5))


def _matches(item: dict, c) -> bool:
    if c.value != item["value"] or c.value_max is not None:
        return False
    if "qualifier" in item and c.qualifier != _QUAL[item["qualifier"]]:
        return False
    if "source" in item and (c.source or "").casefold() != item["source"].casefold():
        return False
    if "source" not in item and c.source is not None:
        return False
    return _counted_ok(item["counts"], c.counted)


def test_seed_numeric_claims_must(seed_article, seed_expected):
    claims = seed_article.annotations["numeric_claims"]
    for item in seed_expected["numeric_claims"]["must"]:
        assert any(_matches(item, c) for c in claims), (item, [(c.text, c.counted, c.source) for c in claims])


def test_seed_parts_vs_total(seed_article, seed_expected):
    block = seed_expected["numeric_claims"]["consistency"]
    found = [f for f in seed_article.annotations["claim_consistency"] if f.kind == "parts_of_total"]
    assert len(found) == 1
    f = found[0]
    assert f.total == block["total"]
    assert sorted(f.parts) == sorted(block["parts"])
    assert f.parts_sum == block["parts_sum"] == 307000
    assert f.gap == 5000
    assert f.source == "Syrian Observatory for Human Rights"
    assert "over 54,000" in f.note
    # "over 54,000" leaves the sum open above 307,000: the total may be right
    assert f.verdict == "cannot tell" and f.computed == 307000


def test_seed_claim_spans_are_offsets(seed_article):
    text = seed_article.text
    for c in seed_article.annotations["numeric_claims"]:
        assert text[c.start : c.end] == c.text
        assert text[c.sentence.start : c.sentence.end] == c.sentence.text
        if c.counted_start is not None:
            assert c.counted_start >= c.sentence.start and c.counted_end <= c.sentence.end
        if c.source_start is not None:
            assert (c.source or "").casefold() in text[c.source_start : c.source_end].casefold() or c.source_end > c.source_start


def test_seed_no_dates_and_ages_in_years_of_age(seed_article):
    claims = seed_article.annotations["numeric_claims"]
    assert not {"2011", "2012", "2016"} & {c.text for c in claims}
    # the expectation's "may" items: the boy's age and the war's, as ages (CQE's "year of age")
    ages = [(c.value, c.unit) for c in claims if "year-old" in c.text]
    assert ages and all(unit == "years of age" for _, unit in ages)
    assert (12, "years of age") in ages


def test_seed_claims_round_trip_json(seed_article):
    import presslens

    again = presslens.Article.from_json(seed_article.to_json())
    assert again.annotations["numeric_claims"] == seed_article.annotations["numeric_claims"]
    assert again.annotations["claim_consistency"] == seed_article.annotations["claim_consistency"]
