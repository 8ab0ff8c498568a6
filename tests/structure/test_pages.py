"""Whole pages as crawlers deliver them (issue 17): one invented page for each error seen on real pages.

Every page here is invented (names, outlets, text). Each test names the shape of the real miss it
stands for: bylines and dates written in many ways, an organisation byline against a sidebar of
columnists, the publisher only in a © line, chrome between paragraphs, agency-sourced copy.
"""

from __future__ import annotations

import presslens

PROSE = [
    "The harbor authority voted on Tuesday to extend the night ferry service through the winter, ending months of "
    "uncertainty for the island's commuters and the shops that depend on them.",
    "Ridership fell by a third during the storms of the previous year, the authority said, but recovered quickly once "
    "the new timetable was announced and the fares were frozen until the spring.",
    "Council members from both sides of the bay welcomed the decision, although several asked for a review of the "
    "fuel contract before the summer season begins and the crossings double.",
    "The ferry operator said it would hire twelve more deckhands and repaint the two older vessels before the first "
    "winter crossing, which is planned for the second week of November.",
]


def _md(*head: str, body: list[str] | None = None, tail: tuple[str, ...] = ()) -> str:
    parts = ["[Home](#) [News](#) [Sport](#)", "# Night ferry to run all winter", *head, *(body or PROSE), *tail]
    return "\n\n".join(parts) + "\n"


def _analyze(text: str, fmt: str) -> presslens.Article:
    return presslens.analyze(text, format=fmt, components=())


# -- bylines and dates --------------------------------------------------------------------
def test_linked_byline_and_published_date_on_one_line():
    # "By [Ben Andrews](#)  Published May 25, 2026"
    a = _analyze(_md("By [Mara Quill](#)  Published May 25, 2025"), "markdown")
    assert a.authors == ("Mara Quill",)
    assert a.published == "2025-05-25"
    assert a.metadata_evidence["published"][0].text == "May 25, 2025"
    assert "Published" not in a.text


def test_linked_name_without_by_then_date_and_reading_time():
    # "[Jody Robbins](#)  Published Jun 05, 2026 • 3 minute read"
    a = _analyze(_md("[Tobin Vance](#)  Published Jun 05, 2025 • 3 minute read"), "markdown")
    assert a.authors == ("Tobin Vance",)
    assert a.published == "2025-06-05"


def test_agency_byline_cut_across_a_link_with_the_time_first():
    # "By Associated Press](#)  12:20pm Jan 7, 2024": the link label began in the block above
    a = _analyze(_md("[\n\nBy Associated Press](#)  12:20pm Jan 7, 2024"), "markdown")
    assert a.authors == ("Associated Press",)
    assert a.published == "2024-01-07"
    assert a.provenance.wire == "Associated Press"


def test_organisation_byline_beats_a_sidebar_of_columnists():
    # the byline said "Our Foreign Staff"; a sidebar listed columnists in author markup
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    html = (
        "<html><body><header><a href='/'>Home</a></header><main><article>"
        "<h1>Night ferry to run all winter</h1><p class='byline'>By Our Foreign Staff</p>"
        f"{paras}</article></main><aside><h3>Columnists</h3>"
        "<div class='author'><a rel='author' href='/a'>Pella Rusk</a></div>"
        "<div class='author'><a rel='author' href='/b'>Corin Vale</a></div></aside></body></html>"
    )
    a = _analyze(html, "html")
    assert a.authors == ("Our Foreign Staff",)
    assert any(f.kind == "wire" and f.rule == "agency-desk-byline" for f in a.provenance.facts)


def test_plain_by_line_in_html():
    # "By Steven Mufson" was missed
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    html = f"<html><body><article><h1>Night ferry to run all winter</h1><div><span>By Orin Castell</span></div>{paras}</article></body></html>"
    assert _analyze(html, "html").authors == ("Orin Castell",)


def test_published_line_gives_the_date():
    # "Published April 26, 2023" was recognised as a dateline, yet the date stayed empty
    a = _analyze(_md("Published April 26, 2023"), "markdown")
    assert a.published == "2023-04-26"
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    html = f"<html><body><article><h1>Night ferry to run all winter</h1><p>Published April 26, 2023</p>{paras}</article></body></html>"
    assert _analyze(html, "html").published == "2023-04-26"


def test_bylines_in_other_languages_and_shapes():
    cases = [
        ("Veröffentlicht am 03.02.2022 von Ilse Marten", ("Ilse Marten",), "2022-02-03"),
        ("Posted on 2015-04-05 by quill | Leave a comment", ("quill",), "2015-04-05"),
        ("By Jane Doe and AP", ("Jane Doe", "AP"), None),
        ("By Jane Doe, Reporter • Updated March 3, 2021 at 10:02 GMT", ("Jane Doe",), "2021-03-03"),
        ("Por Lucía Berro | 4 de mayo de 2022, 05:34 h", ("Lucía Berro",), "2022-05-04"),
    ]
    for line, authors, date in cases:
        a = _analyze(_md(line), "markdown")
        assert a.authors == authors, line
        assert a.published == date, line


def test_relative_date_needs_a_crawl_date():
    from presslens.read.dates import relative_date

    assert relative_date("Updated 3 hours ago", None) is None
    import datetime as dt

    assert relative_date("Updated 3 hours ago", dt.datetime(2025, 5, 2, 9, 0))[2] == "2025-05-02"
    assert relative_date("vor 2 Tagen", dt.date(2025, 5, 2))[2] == "2025-04-30"
    assert relative_date("yesterday", dt.date(2025, 5, 2))[2] == "2025-05-01"


# -- publisher -----------------------------------------------------------------------------
def test_publisher_from_the_copyright_line():
    a = _analyze(_md("By [Mara Quill](#)", tail=("[About](#) [Contact](#)", "© 2024 Kessel Valley Gazette. All rights reserved.")), "markdown")
    assert a.publisher == "Kessel Valley Gazette"
    ev = a.metadata_evidence["publisher"][0]
    assert a.page_text[ev.start : ev.end] == "Kessel Valley Gazette"


def test_publisher_from_the_url_when_nothing_else_names_it(tmp_path):
    import json

    record = {"id": "p1", "url": "https://www.kesselgazette.example/news/ferry", "markdown": _md("By [Mara Quill](#)")}
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [a] = list(presslens.Pipeline((), presslens.Settings()).run(str(path)))
    assert a.publisher == "kesselgazette.example"


# -- chrome out of the body ------------------------------------------------------------------
def test_video_blurb_is_not_the_lede():
    a = _analyze(_md("By [Mara Quill](#)", "Video: Divers reach the sunken barge (2:45)"), "markdown")
    assert a.lede == PROSE[0]
    assert any(b.reason == "video" for b in a.boilerplate)


def test_chrome_between_paragraphs_is_removed_with_its_reason():
    body = [
        PROSE[0],
        "CLICK HERE TO GET THE HARBOR LEDGER APP",
        PROSE[1],
        "Advertisement:",
        "Passengers wait on the quay on Tuesday morning. (Harbor Photo/Jane Doe)",
        PROSE[2],
        "MORE: Island shops brace for a quiet season",
        PROSE[3],
    ]
    a = _analyze(_md("By [Mara Quill](#)", body=body), "markdown")
    assert a.text == "\n\n".join(PROSE)
    reasons = {b.evidence.text: b.reason for b in a.boilerplate}
    assert reasons["CLICK HERE TO GET THE HARBOR LEDGER APP"] == "call-to-action"
    assert reasons["Advertisement:"] == "advertisement"
    assert reasons["Passengers wait on the quay on Tuesday morning. (Harbor Photo/Jane Doe)"] == "caption"
    assert reasons["MORE: Island shops brace for a quiet season"] == "related-links"


def test_screen_reader_link_suffix_is_not_text():
    # ", opens new tab" after a link, in HTML (visually hidden) and in markdown (inside the label)
    para = "Officials told <a href='https://example.org'>the harbor board<span class='sr-only'>, opens new tab</span></a> on Monday that the vote would be close."
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    html = f"<html><body><article><h1>Night ferry to run all winter</h1>{paras}<p>{para}</p></article></body></html>"
    assert "opens new tab" not in _analyze(html, "html").text
    md = _md(body=[*PROSE, "Officials told [the harbor board, opens new tab](#) on Monday that the vote would be close."])
    a = _analyze(md, "markdown")
    assert "opens new tab" not in a.text and "the harbor board on Monday" in a.text


# -- wire origin -----------------------------------------------------------------------------
def test_copy_sourced_from_an_agency_is_flagged_with_the_sentences():
    body = [
        PROSE[0],
        "Two officials told Reuters that the fuel contract would be reviewed before the summer.",
        "A draft of the contract seen by Reuters shows the price rising by a fifth next year.",
        PROSE[1],
    ]
    a = _analyze(_md("By [Mara Quill](#)", body=body), "markdown")
    assert a.provenance.wire == "Reuters"
    facts = [f for f in a.provenance.facts if f.rule == "wire-sourced"]
    assert [f.evidence.text for f in facts] == [body[1], body[2]]
    for f in facts:
        assert f.evidence.where == "body" and a.text[f.evidence.start : f.evidence.end] == f.evidence.text


def test_agency_contribution_line_is_provenance_not_body():
    a = _analyze(_md("By [Mara Quill](#)", tail=("The Associated Press contributed to this report.",)), "markdown")
    assert "contributed" not in a.text
    assert a.provenance.wire == "Associated Press"


def test_a_mention_of_an_agency_is_not_wire_copy():
    body = [PROSE[0], "Reuters, the news agency, opened a bureau on the island in 1990, long before the ferry.", PROSE[1]]
    a = _analyze(_md("By [Mara Quill](#)", body=body), "markdown")
    assert a.provenance.wire is None


def test_relative_date_resolved_against_the_crawl_date(tmp_path):
    import json

    record = {"id": "p2", "crawled": "2025-05-02T09:00:00Z", "markdown": _md("By [Mara Quill](#) • Updated 2 days ago")}
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [a] = list(presslens.Pipeline((), presslens.Settings()).run(str(path)))
    assert a.published == "2025-04-30"
    assert a.metadata_evidence["published"][0].text == "2 days ago"
    # without a crawl date a relative date gives nothing
    assert _analyze(_md("By [Mara Quill](#) • Updated 2 days ago"), "markdown").published is None


def test_what_a_record_states_beats_the_page_text(tmp_path):
    import json

    md = _md("By [Mara Quill](#) • Published May 25, 2025")
    record = {"id": "p3", "date": "2025-05-20", "authors": "Tobin Vance", "markdown": md}
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [a] = list(presslens.Pipeline((), presslens.Settings()).run(str(path)))
    assert a.published == "2025-05-20" and a.authors == ("Tobin Vance",)
    # the page alone: its own byline and date
    b = _analyze(md, "markdown")
    assert b.published == "2025-05-25" and b.authors == ("Mara Quill",)


def test_captions_with_a_date_are_not_datelines():
    body = [PROSE[0], "Commuters board the ferry in Kessel, May 26, 2025. (Ilse Marten/Reuters)", PROSE[1]]
    a = _analyze(_md("By [Mara Quill](#)", body=body), "markdown")
    assert a.published is None
    assert any(b.reason == "caption" for b in a.boilerplate)


# -- bylines from the markup, and names that are not the byline (issue 17, trafilatura-eval misses) --
def _html(head: str = "", tail: str = "", *, extra_head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    return (
        f"<html><head><title>Night ferry to run all winter</title>{extra_head}</head><body>"
        "<header><a href='/'>Home</a></header><main><article>"
        f"<h1>Night ferry to run all winter</h1>{head}<div class='entry-content'>{paras}</div></article>{tail}</main></body></html>"
    )


def test_blog_handle_in_theme_author_markup():
    # WordPress themes: <span class="byline"><span class="author vcard"><a class="url fn n">handle</a></span></span>
    html = _html("<div class='entry-meta'><span class='byline'><span class='author vcard'><a class='url fn n' href='/author/quillfox'>quillfox</a></span></span></div>")
    assert [a.casefold() for a in _analyze(html, "html").authors] == ["quillfox"]


def test_commenters_in_author_markup_are_not_the_author():
    tail = (
        "<section id='comments'><h2>3 thoughts on “Night ferry”</h2>"
        "<div class='comment-author vcard'><cite class='fn'><a class='url'>Pella Rusk</a></cite></div></section>"
    )
    assert _analyze(_html(tail=tail), "html").authors == ()


def test_person_author_of_a_non_article_json_ld_item():
    # a recipe or forum post names its author in JSON-LD; nested reviews name others
    ld = (
        '<script type="application/ld+json">{"@type": "Recipe", "name": "Ferry cake", '
        '"author": {"@type": "Person", "name": "crumbwise"}, '
        '"review": [{"@type": "Review", "author": {"@type": "Person", "name": "Other Cook"}}]}</script>'
    )
    assert [a.casefold() for a in _analyze(_html(extra_head=ld), "html").authors] == ["crumbwise"]


def test_author_meta_outside_the_head_and_as_property():
    html = _html(extra_head="<meta property='dc:creator' content='Ilse Marten'>")
    assert _analyze(html, "html").authors == ("Ilse Marten",)


def test_name_glued_to_a_label_by_inline_elements():
    # "Author Daniel LemireCategories": <span>Author <a>Jane</a></span><span>Categories</span> rendered with no space
    html = _html("<div class='meta'>Posted on March 3, 2021 Author Orin CastellCategories</div>")
    assert _analyze(html, "html").authors == ("Orin Castell",)


def test_comment_section_names_and_dates_are_not_the_byline():
    tail = (
        "<div class='comments'><h3>Ein Gedanke zu „Night ferry to run all winter“</h3>"
        "<ul><li><a href='#c1'>Tamsin Holt</a></li></ul><p>3. Februar 2020 um 9:46</p><p>Permalink</p>"
        "<p>Kommentar von Ravi Odell — 2020-02-04 @ 10:39 | Antworten</p></div>"
    )
    a = _analyze(_html(tail=tail), "html")
    assert a.authors == ()
    # a comment's date is never preferred to the article's own date ...
    assert _analyze(_html("<p>January 5, 2020</p>", tail=tail), "html").published == "2020-01-05"
    # ... and is the last resort when the page has no other: the earliest (the article is at most
    # as old as its first comment)
    md = _md(tail=("## 2 Comments", "Tamsin Holt February 4, 2020 at 10:39 am Reply", "Ravi Odell February 3, 2020 at 9:46 am Reply"))
    a = _analyze(md, "markdown")
    assert a.authors == ()
    assert a.published == "2020-02-03"


def test_post_lists_and_navigation_are_not_bylines():
    # a list of linked post titles with their dates; "Next Previous" over a dateline
    tail = (
        "<aside><ul><li><a href='/1'>Harbor Notes Weekly</a> Jan 15, 2020</li></ul>"
        "<ul><li><a href='/2'>Island Review</a> Dec 7, 2019</li></ul></aside>"
        "<nav><p><a href='/n'>Nächste</a> <a href='/p'>Vorherige</a></p><p>17.11.19</p>"
        "<p><a href='/x'>Protokoll der Hafensitzung vom 5. August 2019</a></p></nav>"
    )
    assert _analyze(_html(tail=tail), "html").authors == ()


def test_byline_printed_over_the_headline():
    # "04.02.2022 | 13:10 Uhr | Uta Helkenberg" just above the <h1>
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    html = (
        "<html><body><header><a href='/'>Home</a></header><main><article>"
        f"<p>04.02.2022 | 13:10 Uhr | Ilse Marten</p><h1>Night ferry to run all winter</h1>{paras}</article></main></body></html>"
    )
    a = _analyze(html, "html")
    assert a.authors == ("Ilse Marten",)
    assert a.published == "2022-02-04"


def test_by_glued_to_the_name_and_plural_author_labels():
    # "ByAlex Bozarjian" (two inline elements), "Autoren Jelko Djuren und Jutta Klaukien", "Auteur: Anna Kubišta"
    for line, names in (
        ("ByOrin Castell", ("Orin Castell",)),
        ("Autoren Ilse Marten und Tobin Vance", ("Ilse Marten", "Tobin Vance")),
        ("Auteur: <a href='/a'>Léa Dumont</a>", ("Léa Dumont",)),
    ):
        assert _analyze(_html(f"<p>{line}</p>"), "html").authors == names, line


def test_comment_count_after_the_byline_and_gender_colon_label():
    a = _analyze(_html("<p>1. Januar 2016 von QuillFox Ein Kommentar</p>"), "html")
    assert [n.casefold() for n in a.authors] == ["quillfox"]
    # "Autor:innen" (German gender colon) is a label, not a byline naming "innen"
    a = _analyze(_html("<ul><li><a href='/team'>Autor:innen</a></li></ul><p>Von Tobin Vance, 07 Dezember, 2022</p>"), "html")
    assert a.authors == ("Tobin Vance",)


def test_name_alone_under_the_headline_when_nothing_else_names_anyone():
    a = _analyze(_html("<p>Marina Lind</p>"), "html")
    assert a.authors == ("Marina Lind",)
    # menu entries, all-caps labels and chrome words there are not names
    for head in ("<ul><li><a href='/x'>Grüner Wasserstoff</a></li></ul>", "<p><a href='/live'>LIVE STREAM</a></p>", "<p><a href='#c'>Skip Navigation</a></p>"):
        assert _analyze(_html(head), "html").authors == (), head


def test_teaser_title_over_a_date_loses_to_the_metadata_author():
    meta = "<meta name='author' content='Shana Holt'>"
    head = "<h3><a href='/t'>Harbor Hosts Lemon Festival</a></h3><p>March 3, 2021</p>"
    assert _analyze(_html(head, extra_head=meta), "html").authors == ("Shana Holt",)


def test_soft_hyphens_are_not_part_of_a_name():
    assert _analyze(_html("<p>Von Mat\u00adthi\u00adas Lau\u00aderer</p>"), "html").authors == ("Matthias Lauerer",)


def test_ambiguous_numeric_date_read_the_way_the_markup_says():
    # "11/01/2021" on a German page is 1 November when the markup's date says so (and 11 January when not)
    meta = "<meta property='article:published_time' content='2021-11-01T08:00:00+01:00'>"
    head = "<p>Zweirad</p><p>11/01/2021</p>"
    html = _html(head, extra_head=meta).replace("<html>", "<html lang='de'>")
    assert _analyze(html, "html").published == "2021-11-01"
    assert _analyze(_html(head).replace("<html>", "<html lang='de'>"), "html").published == "2021-01-11"


def test_metadata_author_cleaning():
    # a domain as the author, a job title before the name, "No Author", a stray quote mark
    cases = [
        ("harborledger.de", ()),
        ("Rechtsanwalt Tobin Vance", ("Tobin Vance",)),
        ("Harbor-Online-Experte Ilse Marten", ("Ilse Marten",)),
        ("No Author", ()),
        ("'Mara Quill", ("Mara Quill",)),
    ]
    for value, authors in cases:
        html = _html(extra_head=f'<meta name="author" content="{value}">')
        assert _analyze(html, "html").authors == authors, value


def test_photo_credit_under_the_headline_is_not_a_name():
    assert _analyze(_html("<p>Foto von Tamsin Holt von Pexels</p>"), "html").authors == ()


def test_publication_after_the_writer_is_not_a_second_author():
    html = _html("<p>Von Ilse Marten, Harbor Ledger</p>", extra_head="<meta property='og:site_name' content='Harbor Ledger'>")
    assert _analyze(html, "html").authors == ("Ilse Marten",)


def test_user_name_on_a_dated_line_by_the_title():
    # forum and deal pages: "HansEhrlich 17.10.2019, 13:56 Uhr", "reineckefuchs — 2. Februar 2022"
    for line, name in (("QuillFox 17.10.2019, 13:56 Uhr", "QuillFox"), ("harborfan — 2. Februar 2022", "harborfan")):
        a = _analyze(_html(f"<p>{line}</p>"), "html")
        assert [n.casefold() for n in a.authors] == [name.casefold()], line
    # a capitalised word on a dated line is a section, not a user
    assert _analyze(_html("<p>Politik 17.10.2019</p>"), "html").authors == ()


def test_category_before_the_by_marker():
    # "Posted in Datenschutz by damianduchamps on August 3, 2019"
    a = _analyze(_md("Posted in Harbor News by quillfox on August 3, 2019"), "markdown")
    assert [n.casefold() for n in a.authors] == ["quillfox"]
    assert a.published == "2019-08-03"


def test_published_and_updated_dates_glued_together():
    # WordPress prints <time class="published"> and <time class="updated"> with no space between
    a = _analyze(_html("<p>Veröffentlicht am 10. Februar 20199. Februar 2019 von Ilse Marten</p>"), "html")
    assert a.published == "2019-02-10"
    assert a.authors == ("Ilse Marten",)


def test_dates_of_a_listing_by_the_headline_are_not_the_article_date():
    # events or related posts with their dates between the title and the body
    head = "<ul><li>04.04.2020 18:00 Uhr Harbor wine evening</li><li>09.05.2020 18:00 Uhr Island tasting</li></ul><p>11.02.2020</p>"
    assert _analyze(_html(head), "html").published == "2020-02-11"
    head = "<p>16.11.2022</p><p>10.08.2022</p><p>15.06.2022</p>"  # three dated teasers: none is the article's
    meta = "<meta property='article:published_time' content='2022-12-15T09:00:00+01:00'>"
    assert _analyze(_html(head, extra_head=meta), "html").published == "2022-12-15"


# -- round 3: the markdown renderings' bylines (what a page prints around the headline) ----
def test_by_marker_before_a_name_and_a_date_that_reads_as_publisher_date():
    # "Por Adriano Fernandes | 03/05/2022 20:36" also matches "Publisher | date"
    a = _analyze(_md("Por [Ilse Marten](#) | 03/05/2022 20:36"), "markdown")
    assert a.authors == ("Ilse Marten",)
    assert a.publisher != "Por Ilse Marten"
    # "Michael Mäser, 02.02.2022": a person's name on the dated line, no marker
    assert _analyze(_md("Tobin Vance, 02.02.2022"), "markdown").authors == ("Tobin Vance",)
    # on HTML the author markup decides when it names someone else ("Harbor Ledger, March 3, 2021")
    html = _html("<p>Harbor Ledger, March 3, 2021</p>", extra_head="<meta name='author' content='Mara Quill'>")
    assert _analyze(html, "html").authors == ("Mara Quill",)


def test_calls_to_comment_taxonomy_and_contact_links_beside_the_byline():
    cases = (
        ("28\\. Januar 2015 quillfox Schreibe einen Kommentar", ["quillfox"]),  # (html2text escapes "28.")
        ("26\\. September 2019 Ilse Marten Schreibe einen Kommentar", ["ilse marten"]),
        ("Veröffentlicht: 05.01.2020 | Autor: harborfan | Abgelegt unter: Fotografie, Reisen | Tags: Fähre", ["harborfan"]),
        ("von [Tobin Vance](#) [Twitter Account von Tobin Vance](#)", ["tobin vance"]),
        ("Por [Mara Quill](#) [mquill@harborledger.example](#)", ["mara quill"]),
        ("Posted on3. März 20213. März 2021AuthorOrin Castell4 Kommentare", ["orin castell"]),
        ("_Written by:Léa Dumont _", ["léa dumont"]),
    )
    for line, names in cases:
        a = _analyze(_md(line), "markdown")
        assert [n.casefold() for n in a.authors] == names, line


def test_more_by_markers_and_a_byline_with_its_photo_credit():
    for line in ("Gepostet von [Ilse Marten](#) | Wohnen", "###### **durch** [Ilse Marten](#)", "von Ilse Marten Foto: (C) Harbor Agency"):
        assert _analyze(_md(line), "markdown").authors == ("Ilse Marten",), line
    # "Durch" opening a sentence is not a by-marker
    assert _analyze(_md("Durch kulturelle Ausflüge, Galerien..."), "markdown").authors == ()
    # a name followed by "Zuletzt geändert am <date>"
    a = _analyze(_md("Tobin Vance Zuletzt geändert am 06.11.2023"), "markdown")
    assert a.authors == ("Tobin Vance",)


def test_fully_linked_byline_right_under_the_headline():
    # themes link the name to the author page and the date to the post: not a teaser there
    a = _analyze(_md("[28. Juni 2019](#) [Orin Castell](#)"), "markdown")
    assert a.authors == ("Orin Castell",)
    assert a.published == "2019-06-28"
    # the same line further down, among teasers, stays a teaser
    tail = ("## Mehr", "[28. Juni 2019](#) [Orin Castell](#)", "[3. Mai 2019](#) [Ilse Marten](#)")
    assert _analyze(_md("Zuerst erschienen im Hafenblatt", tail=tail), "markdown").authors == ()


def test_by_marker_alone_on_its_line_then_the_name():
    # "* Von" / "* Jane Doe" / "* 19.10.19, 08:00 Uhr": one byline in three list entries
    a = _analyze(_md("* Von\n* [Tamsin Holt](#)\n* 19.10.19, 08:00 Uhr\n* [email](#)"), "markdown")
    assert a.authors == ("Tamsin Holt",)
    assert a.published == "2019-10-19"
    # a list of names with no marker before them is a menu
    menu = "\n".join(f"* [{n}](#)" for n in ("Tamsin Holt", "Orin Castell", "Ilse Marten"))
    assert _analyze(_md(menu), "markdown").authors == ()


def test_by_and_names_each_on_their_own_line():
    # a theme that prints "By", each name and "and" in elements of their own
    html = _html("<div class='byline'><span>By</span><p><a href='/a/1'>Tamsin Holt</a></p><p>and</p><p><a href='/a/2'>Orin Castell</a></p></div>")
    a = _analyze(html, "html")
    assert a.authors == ("Tamsin Holt", "Orin Castell")
    assert [e.text for e in a.metadata_evidence["authors"]] == ["Tamsin Holt", "Orin Castell"]


def test_headings_that_open_with_von_are_not_bylines():
    # "Von Risiken und Nebenwirkungen": German "of …", two single words joined by "und"
    for line in ("Von Risiken und Nebenwirkungen", "Von Sprachregeln, Gender-Politik und Wetterkarten"):
        assert _analyze(_md(line), "markdown").authors == (), line
    # a label read as a name ("Auteur :" over "Auteur(s) :"), a CMS account as the author
    assert _analyze(_md("Auteur :", "Auteur(s) :"), "markdown").authors == ()
    html = _html(extra_head="<meta name='author' content='wordpressadmin'>")
    assert _analyze(html, "html").authors == ()


def test_the_site_as_the_metadata_author_is_the_publisher():
    # JSON-LD or meta author "Harbor Ledger" on harbor-ledger.net, beside the writer's name
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Harbor Ledger"}, {"@type": "Person", "name": "Ilse Marten"}]}</script>'
    html = _html(extra_head=ld + "<link rel='canonical' href='https://www.harbor-ledger.net/a/1'>")
    assert _analyze(html, "html").authors == ("Ilse Marten",)


def test_date_opening_the_first_paragraph_or_in_the_headline():
    # press releases: "Wien, 14. Dezember 2021 – ..."; a headline "Nachricht | 30.10.2021 ..."
    body = ["Hafenstadt, 14. Dezember 2021 – " + PROSE[0], *PROSE[1:]]
    assert _analyze(_md(body=body), "markdown").published == "2021-12-14"
    md = _md(body=PROSE).replace("# Night ferry to run all winter", "# Nachricht | 30.10.2021 Night ferry to run all winter")
    assert _analyze(md, "markdown").published == "2021-10-30"
    # a date in the lede's sentence is an event, not the publication date
    body = ["On March 3, 2021, the harbor authority voted to extend the night ferry service.", *PROSE[1:]]
    assert _analyze(_md(body=body), "markdown").published is None
    # on HTML the markup's date comes first
    meta = "<meta property='article:published_time' content='2021-12-15T09:00:00+01:00'>"
    html = _html(extra_head=meta).replace(f"<p>{PROSE[0]}</p>", f"<p>Hafenstadt, 14. Dezember 2021 – {PROSE[0]}</p>")
    assert _analyze(html, "html").published == "2021-12-15"


# -- round 4 -------------------------------------------------------------------------------------
def test_a_standings_table_is_the_article_not_the_sidebar_prose():
    # a results page: a dated headline, two short lines, an unlinked table; then a sidebar of
    # teasers under their own headings with more prose than the article itself
    rows = ["| Pos. | Rower | Club | Points |", "|---|---|---|---|"]
    names = ["Ada", "Bela", "Cora", "Dita", "Ella", "Fina", "Gita", "Hana", "Ines", "Jana", "Kira", "Lena", "Mila", "Nora", "Olga"]
    rows += [f"| {i} | {names[i % 15]} {'Varga' if i <= 15 else 'Holm'} | Harbor RC | {300 - 7 * i} |" for i in range(1, 31)]
    teasers = [
        "# » Column of the week",
        "Click on the photo and read the column about the winter regatta season and why the harbor club changed its boats.",
        "# » Preview",
        "Click and find the times of the next regatta on the bay, the course, the statistics and the favourites of the season.",
        "# » Podcast",
        "A long talk about everything that happened in the rowing season so far, from the spring races to the autumn cup final.",
    ]
    md = "\n\n".join([
        "[Home](#) [Results](#)", "# Harbor rowing standings", "Friday, 22 October 2021 at 20:13",
        "On this page you will always find the updated standings of the harbor league!",
        "Bookmark it and come back after every race!", "\n".join(rows), "---", "[Share](#)", "---", "**", "**", *teasers,
    ]) + "\n"
    a = _analyze(md, "markdown")
    assert "Bela Varga" in a.text and "Ada Holm" in a.text
    assert "winter regatta season" not in a.text


def test_date_after_the_body_beats_a_markup_date_a_day_off_but_not_one_far_away():
    # "Stand: 28.04.2020 18:00 Uhr" under the article while the markup says the 29th (the last
    # edit, or the UTC day); a related post's date years away leaves the markup's date standing
    meta = "<meta property='article:published_time' content='2021-04-29T01:10:00+00:00'>"
    html = _html(tail="<p>Stand: 28.04.2021 18:00 Uhr</p>", extra_head=meta)
    assert _analyze(html, "html").published == "2021-04-28"
    html = _html(tail="<p>Stand: 03.01.2019 18:00 Uhr</p>", extra_head=meta)
    assert _analyze(html, "html").published == "2021-04-29"

