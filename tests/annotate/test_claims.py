"""The numeric-claims annotator on an invented article: counted things, sources, hedges, consistency."""

from __future__ import annotations

import pytest

TEXT = """Flooding hit the region on Monday.

According to the United Nations, more than 2,000 people have been displaced by the floods. Officials reportedly estimated that 40 percent of the crops were lost.

"We have 30 trucks on the road," said Maria Lopez, a spokeswoman.

A report issued by the World Health Organization on Tuesday said 1,000 people were infected. Of these, 600 were children and 380 were adults.

Later the agency said 1,500 people were infected, not 1,000. The number of people displaced by the floods, the mayor said, was 2,500.

The hospital at 45 Harbour Road, phone 555-201-3344, opened in 1998. Article 88123 of the code applies. The 12-year-old was found at 10:30 on May 4.
"""


@pytest.fixture(scope="module")
def article():
    import presslens

    return presslens.analyze(TEXT)


def claim(article, text):
    found = [c for c in article.annotations["numeric_claims"] if c.text == text]
    assert found, [c.text for c in article.annotations["numeric_claims"]]
    return found[0]


def test_according_to_source_and_relative_clause(article):
    c = claim(article, "more than 2,000")
    assert (c.value, c.qualifier, c.unit) == (2000, ">", None)
    assert c.counted == "people have been displaced by the floods"
    assert c.source == "United Nations"
    assert article.text[c.source_start : c.source_end] == "United Nations"


def test_hedges_and_percent(article):
    c = claim(article, "40 percent")
    assert (c.value, c.unit) == (40, "%")
    assert {"reportedly", "estimated"} <= set(c.hedges)
    assert c.counted.startswith("crops")


def test_quoted_speaker_is_source(article):
    c = claim(article, "30")
    assert c.source == "Maria Lopez"
    assert c.counted == "trucks on the road"


def test_report_continued_by_later_sentence(article):
    c = claim(article, "600")
    assert c.source == "World Health Organization"
    assert c.counted == "children"


def test_number_of_x_is_n(article):
    c = claim(article, "2,500")
    assert c.counted == "people displaced by the floods"
    assert article.text[c.counted_start : c.counted_end] == c.counted


def test_parts_of_total(article):
    parts = [f for f in article.annotations["claim_consistency"] if f.kind == "parts_of_total"]
    assert len(parts) == 1
    f = parts[0]
    assert (f.total, f.parts, f.parts_sum, f.gap) == (1000, (600, 380), 980, 20)
    assert f.source == "World Health Organization"


def test_restated_differently(article):
    found = [f for f in article.annotations["claim_consistency"] if f.kind == "restated_differently"]
    assert any(set(f.parts) == {1000, 1500} for f in found)


def test_addresses_phones_years_ids_times_dates_are_not_claims(article):
    last = article.paragraphs[-1]
    inside = [(c.text, c.unit) for c in article.annotations["numeric_claims"] if c.start >= last.start]
    assert inside == [("12-year-old", "years of age")]  # an age is a quantity (CQE's "year of age"), the rest is not


def test_report_section_renders(article):
    from rich.console import Console

    from presslens.render import render

    console = Console(record=True, width=160)
    console.print(render(article))
    out = console.export_text()
    assert "Numeric claims" in out and "United Nations" in out
    assert "parts_of_total" in out


def test_pipeline_adds_what_claims_require_and_checks_the_rest():
    from presslens.components import REGISTRY, component
    from presslens.errors import PipelineError
    from presslens.pipeline import Pipeline

    assert Pipeline(["claims"]).names == ("nlp", "entities", "quotes", "sources", "claims")

    @component("needs_nothing_known", requires=("no_such_kind",))
    class Lonely:
        def __call__(self, article, ctx):
            return article

    try:
        with pytest.raises(PipelineError, match="no_such_kind"):
            Pipeline(["needs_nothing_known"])
    finally:
        REGISTRY.pop("needs_nothing_known", None)


def test_json_carries_spans(article):
    import json

    data = json.loads(article.to_json())
    claims = data["annotations"]["numeric_claims"]
    assert claims and all({"start", "end", "counted_start", "counted_end", "source_start", "source_end"} <= set(c) for c in claims)
    un = next(c for c in claims if c["source"] == "United Nations")
    assert TEXT[un["source_start"] : un["source_end"]] == "United Nations"


def test_category_with_many_values_is_not_a_restatement():
    from presslens.annotate.claims.figures import NumericClaim, find_consistency
    from presslens.records import Evidence

    def c(i, value):
        s = i * 100
        return NumericClaim(s, s + 2, "10", value, None, "=", None, "electoral votes", s + 3, s + 18, None, None, None, (),
                            Evidence(s, s + 50, "x", "body"), 0.85, "claims@1")

    assert find_consistency((c(0, 29), c(1, 18), c(2, 13))) == ()
    assert [f.kind for f in find_consistency((c(0, 29), c(1, 18)))] == ["restated_differently"]


ARITHMETIC = """The senator billed taxpayers $775 a day for 67 days last year. In all, that is almost $52,000, records show.

The city paid $1,200 a month for 6 months, a total of $9,000, the audit found.

Of the 500 members, 40 percent, or 200, voted for the plan. Another report said 120 of the 300 delegates, or 55 percent, attended.

The price of the drug doubled from $240 to $480 in a year. Its rival tripled from $100 to $250. Sales halved from 800 units to 410 units.

The fund paid more than $300 a week for 10 weeks, some $3,500 in all.
"""


@pytest.fixture(scope="module")
def arithmetic():
    import presslens

    return presslens.analyze(ARITHMETIC)


def _check(article, kind, first_figure):
    found = [f for f in article.annotations["claim_consistency"] if f.kind == kind and any(e.text == first_figure for e in f.claims)]
    assert len(found) == 1, [(f.kind, f.note) for f in article.annotations["claim_consistency"]]
    f = found[0]
    for e in f.claims:  # every check names its figures by offsets
        assert article.text[e.start : e.end] == e.text
    return f


def test_rate_times_duration(arithmetic):
    f = _check(arithmetic, "rate_times_duration", "almost $52,000")
    assert [e.text for e in f.claims] == ["almost $52,000", "$775 a day", "67 days"]
    assert f.computed == 775 * 67 and f.verdict == "holds" and f.tolerance == 0.05  # "almost" allows 5%
    f = _check(arithmetic, "rate_times_duration", "$9,000")
    assert f.computed == 7200 and f.verdict == "does not hold"
    f = _check(arithmetic, "rate_times_duration", "some $3,500")
    assert f.verdict == "cannot tell"  # "more than $300 a week" leaves the total open


def test_percent_of_count(arithmetic):
    f = _check(arithmetic, "percent_of_count", "200")
    assert f.parts == (40, 500) and f.computed == 200 and f.verdict == "holds"
    f = _check(arithmetic, "percent_of_count", "120")
    assert f.computed == 165 and f.verdict == "does not hold"


def test_doubled_tripled_halved(arithmetic):
    assert _check(arithmetic, "multiple_change", "$240 to $480").verdict == "holds"
    assert _check(arithmetic, "multiple_change", "$100 to $250").verdict == "does not hold"
    f = _check(arithmetic, "multiple_change", "800 units to 410")
    assert f.parts == (800, 410) and f.verdict == "holds"  # within the 5% a round word allows


def test_restated_and_parts_carry_a_verdict(article):
    for f in article.annotations["claim_consistency"]:
        assert f.verdict in ("holds", "does not hold", "cannot tell")
    restated = {f.parts: f.verdict for f in article.annotations["claim_consistency"] if f.kind == "restated_differently"}
    assert restated[(1000, 1500)] == "does not hold"
    assert restated[(2000, 2500)] == "cannot tell"  # "more than 2,000" and 2,500 may both be right
