"""Page -> Article on small invented pages: body, metadata, provenance and boilerplate."""

from __future__ import annotations

import pytest

import presslens
from presslens.records import Article

P1 = (
    "The harbor authority voted on Tuesday to extend the night ferry service through the winter, ending months "
    "of uncertainty for commuters who rely on the late boats."
)
P2 = (
    "Officials said the extension would cost about four million dollars a year, paid partly from a new levy on "
    "cruise ship passengers arriving at the main terminal."
)
P3 = (
    "Several council members questioned whether ridership justified the expense, but the motion passed by seven "
    "votes to two after a long debate in the chamber."
)
FAIR_1 = (
    "This site contains copyrighted material the use of which has not always been specifically authorized by the "
    "copyright owner. We are making such material available to our readers under the provisions of fair"
)
FAIR_2 = (
    "use in an effort to advance a better understanding of political, economic and social issues. The material on "
    "this site is distributed without profit to those who have asked to receive it."
)

MARKDOWN = f"""[Home](/) | [News](/news) | [Opinion](/opinion)

# Night ferries to keep running through winter

By Jane Doe and John Roe

Harbor Ledger, March 3, 2021

Tags: transport, ferries, city council

{P1}

{P2}

{P3}

The original source of this article is Daily Clarion

Copyright © Jane Doe, Daily Clarion, 2021

Become a member and support local news

Articles by: Jane Doe

{FAIR_1}

{FAIR_2}
"""


def _check_offsets(a: Article) -> None:
    """Every piece of evidence points at its own text (up to whitespace)."""
    for p in a.paragraphs:
        assert 0 <= p.start < p.end <= len(a.text)
    evidence = [b.evidence for b in a.boilerplate] + [f.evidence for f in a.provenance.facts]
    evidence += [e for evs in a.metadata_evidence.values() for e in evs]
    for ev in evidence:
        if ev.start < 0:
            continue
        source = a.text if ev.where == "body" else a.page_text
        # a block joined across a page seam reads with one space where the page has a blank line
        assert " ".join(source[ev.start : ev.end].split()) == " ".join(ev.text.split()), ev


@pytest.fixture(scope="module")
def md_article() -> Article:
    return presslens.analyze(MARKDOWN)


def test_structure_markdown_body(md_article):
    a = md_article
    assert a.paragraph_texts() == [P1, P2, P3]
    assert a.text == "\n\n".join([P1, P2, P3])
    assert a.lede == P1
    assert a.format == "markdown"


def test_structure_markdown_metadata(md_article):
    a = md_article
    assert a.title == "Night ferries to keep running through winter"
    assert a.authors == ("Jane Doe", "John Roe")
    assert a.publisher == "Harbor Ledger"
    assert a.published == "2021-03-03"
    assert dict(a.tags) == {"Tags": ("transport", "ferries", "city council")}
    assert a.language == "en"
    for key in ("title", "authors", "published", "publisher", "tags", "lede"):
        assert a.metadata_evidence.get(key), key
    assert a.metadata_evidence["published"][0].text == "March 3, 2021"
    _check_offsets(a)


def test_structure_markdown_provenance(md_article):
    p = md_article.provenance
    assert p.original_source == "Daily Clarion"
    assert p.republished_by == "Harbor Ledger"  # the publisher differs from the original source
    assert p.copyright_holders == ("Jane Doe", "Daily Clarion")
    assert p.copyright_year == 2021
    kinds = {f.kind: f for f in p.facts}
    assert kinds["original_source"].evidence.text == "The original source of this article is Daily Clarion"
    assert kinds["original_source"].rule == "original-source"
    assert kinds["republished_by"].value == "Harbor Ledger"
    assert all(f.producer for f in p.facts)


def test_structure_markdown_boilerplate(md_article):
    a = md_article
    by_reason: dict[str, list[str]] = {}
    for b in a.boilerplate:
        by_reason.setdefault(b.reason, []).append(b.evidence.text)
        assert b.rule and b.producer
    assert by_reason["byline"] == ["By Jane Doe and John Roe"]
    assert by_reason["dateline"] == ["Harbor Ledger, March 3, 2021"]
    assert by_reason["taxonomy"] == ["Tags: transport, ferries, city council"]
    assert by_reason["call-to-action"] == ["Become a member and support local news"]
    assert by_reason["author-archive"] == ["Articles by: Jane Doe"]
    assert any("Home" in t for t in by_reason["site-chrome"])
    for text in ("Become a member", "Articles by", "Copyright", "original source", "fair use", "Home"):
        assert text not in a.text


def test_structure_page_seam_paragraph_is_one_boilerplate_block(md_article):
    fair = [b for b in md_article.boilerplate if b.reason == "fair-use"]
    assert len(fair) == 1
    text = fair[0].evidence.text
    assert "contains copyrighted material" in text
    assert "who have asked to receive it" in text
    assert "provisions of fair use in an effort" in " ".join(text.split())
    # the evidence is the page text itself, seam included
    assert md_article.page_text[fair[0].evidence.start : fair[0].evidence.end] == text


def test_structure_page_seam_inside_the_body_joins_the_paragraph():
    first = (
        "The harbor authority voted on Tuesday to extend the night ferry service through the winter, ending months of"
    )
    second = "uncertainty for commuters who rely on the late boats, officials said after the meeting."
    page = f"# Ferries\n\n{first}\n\n{second}\n\n{P2}\n\n{P3}\n"
    a = presslens.analyze(page)
    assert len(a.paragraphs) == 3
    assert a.paragraph_texts()[0] == f"{first} {second}"


def test_structure_fair_use_mid_article_is_prose():
    mention = (
        "Under the law, a court may weigh whether reproducing a safety report counts as fair use, the judge noted, "
        "before turning to the penalty itself."
    )
    a = presslens.analyze(f"# Ferry fined\n\n{P1}\n\n{mention}\n\n{P2}\n\n{P3}\n")
    assert mention in a.paragraph_texts()
    assert not [b for b in a.boilerplate if b.reason == "fair-use"]


def test_structure_fair_use_at_the_end_is_removed():
    notice = "We believe this constitutes a fair use of any such copyrighted material as provided for in the law."
    a = presslens.analyze(f"# Ferry fined\n\n{P1}\n\n{P2}\n\n{P3}\n\n{notice}\n")
    assert notice not in a.text
    assert [b.evidence.text for b in a.boilerplate if b.reason == "fair-use"] == [notice]


def test_structure_prose_that_opens_like_a_byline_stays():
    opener = "By the way, the minister said the talks over the ferry levy would resume next week in the capital."
    a = presslens.analyze(f"# Talks\n\n{opener}\n\n{P1}\n\n{P2}\n")
    assert a.paragraph_texts()[0] == opener
    assert a.authors == ()


REUTERS_TEXT = f"""Harbor Ledger, March 3, 2021

LONDON (Reuters) - A ferry operator was fined two million pounds on Thursday after inspectors found that lifeboats on three of its vessels had not been serviced for years.

{P2}

{P3}

Reporting by Jane Doe; Editing by John Roe
"""


def test_structure_wire_dateline_gives_a_wire_fact_with_body_evidence():
    a = presslens.analyze(REUTERS_TEXT)
    assert a.paragraph_texts()[0].startswith("LONDON (Reuters) - A ferry operator was fined")
    assert a.provenance.wire == "Reuters"
    wire = [f for f in a.provenance.facts if f.kind == "wire"]
    assert len(wire) == 1
    ev = wire[0].evidence
    assert ev.where == "body"
    assert a.text[ev.start : ev.end] == ev.text
    assert "(Reuters)" in ev.text
    assert wire[0].rule == "wire-dateline"
    _check_offsets(a)


def test_structure_wire_republished_by_the_publisher():
    a = presslens.analyze(REUTERS_TEXT)
    assert a.publisher == "Harbor Ledger"
    assert a.published == "2021-03-03"
    assert a.provenance.republished_by == "Harbor Ledger"
    assert a.authors == ("Jane Doe",)


@pytest.mark.parametrize(
    ("opening", "wire"),
    [
        ("WASHINGTON (AP) — ", "Associated Press"),
        ("PARIS (AFP) - ", "Agence France-Presse"),
        ("(Reuters) - ", "Reuters"),
    ],
)
def test_structure_wire_datelines(opening, wire):
    a = presslens.analyze(f"# Ferry fined\n\n{opening}{P1}\n\n{P2}\n\n{P3}\n")
    assert a.provenance.wire == wire
    assert a.paragraph_texts()[0] == opening + P1


def test_structure_no_republished_by_when_publisher_is_the_source():
    page = f"# Ferries\n\nHarbor Ledger, March 3, 2021\n\n{P1}\n\n{P2}\n\n{P3}\n\nThe original source of this article is Harbor Ledger\n"
    a = presslens.analyze(page)
    assert a.provenance.original_source == "Harbor Ledger"
    assert a.provenance.republished_by is None


@pytest.mark.parametrize(
    ("line", "kind", "value"),
    [
        ("This article was originally published by Daily Clarion.", "original_source", "Daily Clarion"),
        ("This article first appeared in Daily Clarion.", "original_source", "Daily Clarion"),
        ("This article is republished with permission from Daily Clarion.", "republished_with_permission", "Daily Clarion"),
        ("Source: Daily Clarion", "source", "Daily Clarion"),
    ],
)
def test_structure_provenance_forms(line, kind, value):
    a = presslens.analyze(f"# Ferries\n\nHarbor Ledger, March 3, 2021\n\n{P1}\n\n{P2}\n\n{P3}\n\n{line}\n")
    facts = [f for f in a.provenance.facts if f.kind == kind]
    assert [f.value for f in facts] == [value]
    assert facts[0].evidence.text == line
    assert a.provenance.original_source == value
    assert a.provenance.republished_by == "Harbor Ledger"
    assert line not in a.text


def test_structure_text_page():
    page = f"Ferry service extended\n\nBy Jane Doe\n\n{P1}\n\n{P2}\n\n{P3}\n\nShare this article\n\nAll rights reserved.\n"
    a = presslens.analyze(page, format="text")
    assert a.format == "text"
    assert a.paragraph_texts() == [P1, P2, P3]
    assert a.authors == ("Jane Doe",)
    reasons = {b.reason for b in a.boilerplate}
    assert {"byline", "call-to-action", "copyright"} <= reasons
    _check_offsets(a)


HTML = f"""<!doctype html>
<html lang="en"><head><title>Night ferries to keep running</title>
<meta property="og:site_name" content="Harbor Ledger">
<script>var tracker = "evil-tracker-code";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/opinion">Opinion</a></nav>
<article>
<h1>Night ferries to keep running through winter</h1>
<p class="byline">By Jane Doe</p>
<p>{P1}</p>
<p>{P2}</p>
<p>{P3}</p>
<p>This article was originally published by Daily Clarion.</p>
</article>
<footer><p>Follow us on Twitter</p><p>© 2021 Harbor Ledger. All rights reserved.</p></footer>
</body></html>"""


def test_structure_html_page():
    a = presslens.analyze(HTML)
    assert a.format == "html"
    assert a.title == "Night ferries to keep running through winter"
    assert a.authors == ("Jane Doe",)
    assert a.publisher == "Harbor Ledger"
    for p in (P1, P2, P3):
        assert p in a.paragraph_texts()
    assert a.provenance.original_source == "Daily Clarion"
    assert a.provenance.republished_by == "Harbor Ledger"
    for text in ("originally published", "Follow us", "All rights reserved", "evil-tracker-code", "Home"):
        assert text not in a.text
    assert "evil-tracker-code" not in a.page_text
    reasons = {b.reason for b in a.boilerplate}
    assert {"byline", "provenance", "call-to-action"} <= reasons
    _check_offsets(a)


def test_structure_same_article_in_markdown_and_text_has_the_same_id():
    body = f"{P1}\n\n{P2}\n\n{P3}\n"
    md = presslens.analyze(f"# Ferries\n\n{body}")
    txt = presslens.analyze(body, format="text")
    assert md.id == txt.id
    assert md.text == txt.text


def test_structure_headings_inside_the_body_are_kept():
    page = f"# Ferries\n\n{P1}\n\n{P2}\n\n## What comes next\n\n{P3}\n\n{P1.replace('Tuesday', 'Friday')}\n"
    a = presslens.analyze(page)
    assert "What comes next" in a.text


def test_structure_boilerplate_is_sorted_by_position(md_article):
    starts = [b.evidence.start for b in md_article.boilerplate]
    assert starts == sorted(starts)
