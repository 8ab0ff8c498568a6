"""The bundled sample article (src/presslens/data/sample-article.{md,html}) reads the same from both formats.

The sample is invented (outlet, people and places). Both versions carry the
same article; the HTML one adds what real pages carry: head meta tags, a menu,
a cookie banner, a related-links list, a site footer and a script.
"""

from __future__ import annotations

import pytest

import presslens
from presslens.cli import sample_path

TITLE = "Harbour Town Votes to Reopen Tidewater Rail Line After Eleven Years"
LEDE = (
    "The town council of Port Halvard voted on Thursday to reopen the Tidewater rail line, a 38-kilometre branch "
    "that has carried no passengers since floods washed out two of its bridges eleven years ago."
)
PARAGRAPHS = 9
LAST_ENDS = "the first passenger trains could run in the spring of 2028."
MUST_NOT_CONTAIN = [
    "By Marta Ilves",
    "Meridian Review, March 9, 2025",
    "Region:",
    "Theme:",
    "The original source of this article is",
    "Copyright ©",
    "Become a Member",
    "Articles by:",
    "Disclaimer",
    "fair use",
    "who have asked to receive it",
    "For media inquiries",
    "desk@meridianreview.example",
    "cookies",
    "Related articles",
    "Osterby bus fares rise",
    "document.querySelector",
]
SEPARATED = {
    "call-to-action": "Become a Member of Meridian Review",
    "author-archive": "Articles by: Marta Ilves",
    "disclaimer": "do not necessarily reflect the editorial position of Meridian Review",
    "fair-use": "who have asked to receive it for research and teaching",
    "contact": "For media inquiries: desk@meridianreview.example",
}

@pytest.fixture(scope="module", params=["md", "html"])
def sample(request):
    return presslens.analyze(sample_path(request.param))


@pytest.fixture(scope="module")
def articles():
    return {fmt: presslens.analyze(sample_path(fmt)) for fmt in ("md", "html")}


def test_sample_files_are_packaged():
    for fmt in ("md", "html"):
        path = sample_path(fmt)
        assert path.is_file(), path
        words = len(path.read_text(encoding="utf-8").split())
        assert 400 <= words <= 1500, (fmt, words)


def test_sample_metadata(sample):
    a = sample
    assert a.title == TITLE
    assert a.authors == ("Marta Ilves",)
    assert a.published == "2025-03-09"
    assert a.publisher == "Meridian Review"
    assert a.language == "en"
    assert a.tags["Region"] == ("Northern Coast",)
    assert a.tags["Theme"] == ("Transport", "Local Government")
    assert a.warnings == ()


def test_sample_metadata_evidence_points_into_the_page(sample):
    for key in ("title", "authors", "publisher", "tags"):
        assert sample.metadata_evidence.get(key), key
    for key, evs in sample.metadata_evidence.items():
        for ev in evs:
            if ev.start < 0:
                continue
            target = sample.text if ev.where == "body" else sample.page_text
            assert target[ev.start : ev.end] == ev.text, key


def test_sample_html_url_from_meta(articles):
    assert articles["html"].url == "https://www.meridianreview.example/harbour-town-votes-to-reopen-tidewater-rail-line/5801"
    assert articles["md"].url is None


def test_sample_provenance(sample):
    p = sample.provenance
    assert p.original_source == "The Kessel Valley Gazette"
    assert p.republished_by == "Meridian Review"
    assert p.copyright_year == 2025
    assert p.wire is None
    assert p.copyright_holders[:2] == ("Marta Ilves", "The Kessel Valley Gazette")
    evidence = [f.evidence.text for f in p.facts]
    assert "The original source of this article is The Kessel Valley Gazette" in evidence
    assert "Copyright © Marta Ilves, The Kessel Valley Gazette, 2025" in evidence
    for f in p.facts:
        if f.evidence.start >= 0:
            assert sample.page_text[f.evidence.start : f.evidence.end] == f.evidence.text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sample_copyright_holders_are_the_article_s(articles, fmt):
    assert articles[fmt].provenance.copyright_holders == ("Marta Ilves", "The Kessel Valley Gazette")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sample_body_and_lede(articles, fmt):
    a = articles[fmt]
    paras = a.paragraph_texts()
    assert a.lede == LEDE
    assert paras[0] == LEDE
    assert len(paras) == PARAGRAPHS
    assert paras[-1].endswith(LAST_ENDS)


def test_sample_body_is_clean(sample):
    a = sample
    assert a.text == "\n\n".join(a.paragraph_texts())
    assert a.text.endswith(LAST_ENDS)
    for s in MUST_NOT_CONTAIN:
        assert s not in a.text, s
    # the quotes and numbers survive as written
    assert "“This line was the reason Port Halvard grew in the first place,” said Mayor Ilse Brandvik" in a.text
    assert "1,840 people a day" in a.text and "41.5 million crowns" in a.text


def test_sample_boilerplate_is_separated_with_reasons(sample):
    blocks = sample.boilerplate
    for reason, text in SEPARATED.items():
        owners = [b for b in blocks if text in b.evidence.text]
        assert owners, text
        assert reason in {b.reason for b in owners}, (text, [b.reason for b in owners])
    fair = [b for b in blocks if b.reason == "fair-use"]
    assert len(fair) == 1, "the fair-use notice split mid-sentence is one block"
    assert "sometimes quotes copyrighted material" in fair[0].evidence.text
    assert "who have asked to receive it" in fair[0].evidence.text
    reasons = {b.reason for b in blocks}
    assert {"byline", "dateline", "taxonomy", "provenance", "copyright"} <= reasons


def test_sample_html_chrome_is_removed(articles):
    a = articles["html"]
    reasons = {b.reason for b in a.boilerplate}
    assert "cookie-consent" in reasons
    assert "related-links" in reasons
    assert "document.querySelector" not in a.page_text, "scripts never become page text"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sample_same_article_same_id(articles, fmt):
    assert articles[fmt].id == articles["md"].id
    assert articles[fmt].text == articles["md"].text


def test_sample_json_round_trip(sample):
    again = presslens.Article.from_json(sample.to_json())
    assert again == sample
