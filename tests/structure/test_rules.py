"""Every structure rule, with lines it must match and lines it must leave alone.

All text here is invented. ``POSITIVE`` maps a rule name to lines that
:func:`classify` must give to that rule (optionally with the groups it must
capture); ``NEGATIVE`` maps it to article prose that must not be taken for it.
:func:`test_rules_every_rule_has_a_positive_case` fails when a rule is added to
``rules.py`` without a case here.
"""

from __future__ import annotations

import re

import pytest

from presslens.structure import rules as R
from presslens.structure.classify import classify, split_list
from presslens.structure.metadata import split_holders, split_names

# Rules that are patterns in rules.py but not Rule objects: classify() names the first,
# structure names the second when the body opens with a wire dateline.
PATTERN_RULES = {"wire-credit": R.WIRE_CREDIT, "wire-dateline": R.WIRE_DATELINE, R.META_LINE: R.META_LINE_START}

LINKED = 0.9  # link density of a line whose values are all links

# rule name -> [(line, expected groups or None, link density)]
POSITIVE: dict[str, list[tuple[str, dict | None, float]]] = {
    # -- provenance --------------------------------------------------------------------
    "original-source": [
        ("The original source of this article is Daily Clarion", {"value": "Daily Clarion"}, 0.0),
        ("Original source of this story is: Harbor Ledger.", {"value": "Harbor Ledger"}, 0.0),
    ],
    "originally-published": [
        ("This article was originally published by Daily Clarion.", {"value": "Daily Clarion"}, 0.0),
        ("This story was originally published at The Harbor Ledger on March 3, 2021.", {"value": "The Harbor Ledger"}, 0.0),
        (
            "It was originally published in The Harbor Ledger and is republished here under a Creative Commons license.",
            {"value": "The Harbor Ledger"},
            0.0,
        ),
        ("This essay was first published in Northern Review (with photographs).", {"value": "Northern Review"}, 0.0),
        ("A version of this article was originally published in the Quarry Times.", {"value": "the Quarry Times"}, 0.0),
    ],
    "first-appeared": [
        ("This article first appeared in The Harbor Ledger.", {"value": "The Harbor Ledger"}, 0.0),
        ("First appeared on Harbor Ledger", {"value": "Harbor Ledger"}, 0.0),
        ("A version of this story first appeared in The Harbor Ledger on March 3, 2021.", {"value": "The Harbor Ledger"}, 0.0),
    ],
    "republished-with-permission": [
        ("Republished with permission", {"value": None}, 0.0),
        ("This article is republished with permission from The Harbor Ledger.", {"value": "The Harbor Ledger"}, 0.0),
        ("Reprinted with kind permission of the Harbor Ledger.", {"value": "the Harbor Ledger"}, 0.0),
        ("This article is republished with permission from Harbor Ledger, Inc.", {"value": "Harbor Ledger, Inc."}, 0.0),
    ],
    "wire-contributed": [
        ("The Associated Press contributed to this report.", {"wire": "Associated Press"}, 0.0),
        ("Reuters contributed reporting", {"wire": "Reuters"}, 0.0),
    ],
    "source-line": [
        ("Source: Reuters", {"value": "Reuters"}, 0.0),
        ("Source: The Harbor Ledger.", {"value": "The Harbor Ledger"}, 0.0),
        ("Via: Harbor Ledger", {"value": "Harbor Ledger"}, 0.0),
        ("Courtesy: Harbor Ledger", {"value": "Harbor Ledger"}, 0.0),
    ],
    "copyright": [
        ("Copyright © Jane Doe, Daily Clarion, 2021", {"body": "Jane Doe, Daily Clarion, 2021"}, 0.0),
        ("© 2021 Daily Clarion. All rights reserved.", {"body": "2021 Daily Clarion"}, 0.0),
        ("(c) 2019-2021 Harbor Ledger Inc.", {"body": "2019-2021 Harbor Ledger Inc"}, 0.0),
        ("Copyright 2020 Harbor Ledger, Inc.", {"body": "2020 Harbor Ledger, Inc"}, 0.0),
    ],
    "wire-credit": [
        ("Associated Press", {"wire": "Associated Press"}, 0.0),
        ("Reuters staff", {"wire": "Reuters"}, 0.0),
        ("By Agence France-Presse", {"wire": "Agence France-Presse"}, 0.0),
        ("The Canadian Press", {"wire": "Canadian Press"}, 0.0),
    ],
    # -- bylines -----------------------------------------------------------------------
    "by-names": [
        ("By Jane Doe", {"names": "Jane Doe"}, 0.0),
        ("By Jane Doe and John Roe", {"names": "Jane Doe and John Roe"}, 0.0),
        ("By Jane Doe, John Roe and Ann Lee", {"names": "Jane Doe, John Roe and Ann Lee"}, 0.0),
        ("BY JANE DOE", {"names": "JANE DOE"}, 0.0),
        ("by Jane Doe", {"names": "Jane Doe"}, 0.0),
        ("Written by Maria de la Cruz", {"names": "Maria de la Cruz"}, 0.0),
        ("By Jane Doe | Staff Writer", {"names": "Jane Doe"}, 0.0),
        ("By Jane Doe, special to the Clarion", {"names": "Jane Doe"}, 0.0),
        ("By Jane Doe - March 3, 2021", {"names": "Jane Doe"}, 0.0),
        ("Reporting by Jane Doe; Editing by John Roe", {"names": "Jane Doe"}, 0.0),
    ],
    "author-label": [
        ("Author: Jane Doe", {"names": "Jane Doe"}, 0.0),
        ("Authors: Jane Doe, John Roe", {"names": "Jane Doe, John Roe"}, 0.0),
        ("Reporter: Ann Lee", {"names": "Ann Lee"}, 0.0),
    ],
    "name-comma-wire": [
        ("Jane Doe, Reuters", {"names": "Jane Doe", "wire": "Reuters"}, 0.0),
        ("Jane Doe and John Roe, AP", {"names": "Jane Doe and John Roe", "wire": "AP"}, 0.0),
        ("Ann Lee | AFP", {"names": "Ann Lee", "wire": "AFP"}, 0.0),
    ],
    # -- datelines ---------------------------------------------------------------------
    "publisher-date": [
        ("Daily Clarion, March 3, 2021", {"publisher": "Daily Clarion", "date": "March 3, 2021"}, 0.0),
        ("Harbor Ledger | Mar 3, 2021", {"publisher": "Harbor Ledger", "date": "Mar 3, 2021"}, 0.0),
        ("Harbor Ledger - 2021-03-03 10:15", {"publisher": "Harbor Ledger", "date": "2021-03-03"}, 0.0),
    ],
    "date-line": [
        ("Published: March 3, 2021 at 10:02", {"date": "March 3, 2021"}, 0.0),
        ("Updated 3 March 2021", {"date": "3 March 2021"}, 0.0),
        ("March 3, 2021", {"date": "March 3, 2021"}, 0.0),
        ("Wednesday, 3rd of March 2021", {"date": "Wednesday, 3rd of March 2021"}, 0.0),
        ("2021-03-03", {"date": "2021-03-03"}, 0.0),
        ("Posted on 03/04/2021", {"date": "03/04/2021"}, 0.0),
        ("Last updated: 2021-03-04 09:15", {"date": "2021-03-04"}, 0.0),
        ("3.4.2021", {"date": "3.4.2021"}, 0.0),
    ],
    # -- taxonomy ----------------------------------------------------------------------
    "taxonomy-label": [
        ("Tags: economy, trade, Europe", {"label": "Tags", "values": "economy, trade, Europe"}, 0.0),
        ("Filed under: Politics, Courts", {"label": "Filed under", "values": "Politics, Courts"}, 0.0),
        ("Topics: health; science", {"label": "Topics", "values": "health; science"}, 0.0),
        ("In-depth report: Energy", {"label": "In-depth report", "values": "Energy"}, 0.0),
        ("Region: Northern Coast", {"label": "Region", "values": "Northern Coast"}, 0.0),
    ],
    "linked-label-list": [
        ("Countries: France, Spain, Italy", {"label": "Countries", "values": "France, Spain, Italy"}, LINKED),
    ],
    # -- boilerplate -------------------------------------------------------------------
    "comment-prompt": [
        ("Leave a comment", None, 0.0),
        ("Please leave a comment", None, 0.0),
        ("Leave a Reply", None, 0.0),
        ("3 Comments", None, 0.0),
        ("Comments (12)", None, 0.0),
        ("View all 40 comments", None, 0.0),
        ("Join the discussion", None, 0.0),
        ("Comment on this article at harborledger.example", None, 0.0),
    ],
    "become-member": [
        ("Become a member", None, 0.0),
        ("Support our journalism", None, 0.0),
        ("Donate now", None, 0.0),
        ("Become a Member of the Harbor Ledger and get the weekly digest", None, 0.0),
    ],
    "subscribe": [
        ("Subscribe", None, 0.0),
        ("Start your free trial", None, 0.0),
        ("Already a subscriber? Log in", None, 0.0),
        ("Click here to subscribe", None, 0.0),
    ],
    "share-prompt": [
        ("Share this article", None, 0.0),
        ("Share on Facebook", None, 0.0),
        ("Follow us on Twitter", None, 0.0),
        ("Spread the word", None, 0.0),
    ],
    "social-buttons": [
        ("Share Tweet Email", None, 0.0),
        ("Facebook Twitter WhatsApp Email", None, 0.0),
        ("Print | Email | Save", None, 0.0),
        ("Facebook | Copy link | 12", None, 0.0),
        ("Teilen Twittern Drucken", None, 0.0),
    ],
    "newsletter": [
        ("Sign up for our daily newsletter", None, 0.0),
        ("Enter your email address", None, 0.0),
        ("Get the latest news delivered to your inbox", None, 0.0),
        ("Jetzt unseren kostenlosen Newsletter abonnieren", None, 0.0),
    ],
    "articles-by": [
        ("Articles by: Jane Doe", None, 0.0),
        ("Posts by Jane Doe", None, 0.0),
        ("More articles by Jane Doe", None, 0.0),
    ],
    "view-all-by": [
        ("View all posts by Jane Doe", None, 0.0),
        ("See all stories by Jane Doe", None, 0.0),
    ],
    "disclaimer": [
        ("Disclaimer: the views are mine", None, 0.0),
        ("The views expressed in this article are solely those of the author.", None, 0.0),
        ("The views expressed by the authors do not necessarily reflect the views of the Harbor Ledger.", None, 0.0),
        ("The contents of this column are the sole responsibility of the author.", None, 0.0),
    ],
    "fair-use": [
        (
            "This site contains copyrighted material the use of which has not always been specifically authorized "
            "by the copyright owner.",
            None,
            0.0,
        ),
        ("We believe this constitutes a fair use of any such material.", None, 0.0),
        ("This material is distributed under Section 107 of the US Copyright Law.", None, 0.0),
    ],
    "contact": [
        ("For media inquiries, contact press@example.org", None, 0.0),
        ("Got a news tip? Email us", None, 0.0),
        ("Contact the author", None, 0.0),
        ("To report an error, write to the standards desk", None, 0.0),
    ],
    "email-only": [
        ("press@example.org", None, 0.0),
        ("jane.doe@example.org", None, 0.0),
        ("Email: tips@example.org", None, 0.0),
    ],
    "cookie-consent": [
        ("We use cookies to improve your experience.", None, 0.0),
        ("This website uses cookies. Manage your consent.", None, 0.0),
        ("By continuing to use this site you accept our terms.", None, 0.0),
    ],
    "related-heading": [
        ("Related articles", None, 0.0),
        ("Related", None, 0.0),
        ("Related Articles:", None, 0.0),
        ("Related: Harbor toll rises again", None, 0.0),
        ("Related Coverage Factbox: what the new ferry rules mean", None, 0.0),
        ("Related post from City Desk: What the levy pays for", None, 0.0),
        ("Read more: How the harbor was built", None, 0.0),
        ("Read More »", None, 0.0),
        ("See also", None, 0.0),
        ("More from Business", None, 0.0),
        ("More On This...", None, 0.0),
        ("You might also like", None, 0.0),
        ("Most read", None, 0.0),
        ("Latest news", None, 0.0),
        ("Further reading: Bridges of the north", None, 0.0),
    ],
    "advertisement": [
        ("Advertisement", None, 0.0),
        ("Story continues below advertisement", None, 0.0),
        ("Sponsored content", None, 0.0),
        ("Advertisement:", None, 0.0),
        ("ADVERTISEMENT - SCROLL TO CONTINUE READING", None, 0.0),
        ("Anzeige", None, 0.0),
    ],
    "app-promo": [
        ("CLICK HERE TO GET THE HARBOR LEDGER APP", None, 0.0),
        ("Download our free app for breaking news alerts", None, 0.0),
        ("Jetzt die Kessel-App herunterladen", None, 0.0),
    ],
    "video-blurb": [
        ("Video: Divers reach the sunken ferry", None, 0.0),
        ("WATCH: The harbor at dawn", None, 0.0),
        ("Now playing", None, 0.0),
        ("Video (2:45) The ferry leaves port", None, 0.0),
    ],
    "related-label": [
        ("MORE: Night ferry to run all winter", None, 0.0),
        ("READ: The harbor's long winter", None, 0.0),
        ("Lesen Sie auch: Neue Fähre für den Hafen", None, 0.0),
        ("À lire aussi Le port reste ouvert", None, 0.0),
    ],
    "caption-credit": [
        ("Passengers wait on the quay on Tuesday. (AP Photo/Jane Doe)", None, 0.0),
        ("The ferry leaves the harbor at dawn. Photo: Jane Doe", None, 0.0),
        ("Passengers board the night ferry. Jane Doe/Getty Images", None, 0.0),
        ("Volunteers carry sandbags along the quay (Image: GETTY)", None, 0.0),
        ("Commuters board the ferry in Kessel, May 26, 2025. (Ilse Marten/Reuters)", None, 0.0),
        ("FILE PHOTO: The night ferry leaves Kessel harbor, March 3, 2021. REUTERS/Jane Doe/File Photo", None, 0.0),
    ],
    "meta-line": [
        ("By Mara Quill Published May 25, 2025", None, 0.0),
        ("Tobin Vance Published Jun 05, 2025 • 3 minute read", None, 0.0),
        ("By Associated Press](#) 12:20pm Jan 7, 2024", None, 0.0),
        ("Veröffentlicht am 03.02.2022 von Ilse Marten", None, 0.0),
        ("Posted on 2015-04-05 by quill | Leave a comment", None, 0.0),
        ("Published April 26, 2023 • Updated May 1, 2023 • 4 min read", None, 0.0),
        ("Our Foreign Staff", None, 0.0),
        ("ByOrin Castell", None, 0.0),  # two inline elements rendered with no space
        ("Auteur: Léa Dumont", None, LINKED),  # an author label is a byline, not a linked label list
        ("1. Januar 2016 von QuillFox Ein Kommentar", None, 0.0),
    ],
    "rights-reserved": [
        ("All rights reserved.", None, 0.0),
        ("Daily Clarion 2021. All rights reserved.", None, 0.0),
        ("Harbor Ledger © All rights reserved", None, 0.0),
        ("This material may not be published, broadcast, rewritten or redistributed.", None, 0.0),
    ],
    "image-credit": [
        ("Photo: Jane Doe", None, 0.0),
        ("Image credit: Jane Doe", None, 0.0),
        ("(Photo by Jane Doe)", None, 0.0),
        ("Getty Images", None, 0.0),
        ("© Harbor Ledger / Jane Doe", None, 0.0),
    ],
}

# rule name -> article prose that must not be taken for that rule
NEGATIVE: dict[str, list[str]] = {
    "original-source": [
        "The original source of the leak has never been identified, officials said.",
    ],
    "originally-published": [
        "It was originally published in Paris in 1923 and is now out of print.",
        "The report was originally published by the ministry in 1998.",
    ],
    "first-appeared": [
        "It first appeared in the 1990s and spread quickly.",
        "The symptoms first appeared in March, doctors said.",
    ],
    "republished-with-permission": [
        "Published with permission of the family, the letters reveal a troubled marriage.",
        "The photographs were published with permission from the museum.",
    ],
    "wire-contributed": [
        "Reuters contributed to this report on the ferry, the harbor authority said in its annual review.",
        "The Associated Press contributed funds to the harbor fund.",
    ],
    "source-line": [
        "Sources said the deal was close.",
        "Source: officials familiar with the talks said the deal was close, although nothing had been signed and "
        "both sides cautioned that the final text could still change in the coming days.",
    ],
    "copyright": [
        "Copyright law in the country dates to 1911, the professor said.",
        "Copyright infringement claims rose sharply last year.",
        "© AFP 2020 / Jane Doe Volunteers carry sandbags along the flooded quay on Tuesday morning.",
    ],
    "wire-credit": [
        "The Associated Press reported the figures on Monday.",
        "Reuters could not independently verify the report.",
    ],
    "by-names": [
        "By the way, the minister said the talks would resume next week.",
        "By March 2021, prices had doubled in most districts.",
        "By Friday, the rebels had fled the town.",
        "By Washington's standards, the deal is generous.",
        "By contrast, the northern districts saw little change.",
        "Standing by Jane Doe, her brother said nothing.",
    ],
    "author-label": [
        "Author: the committee that wrote the report said nothing.",
    ],
    "name-comma-wire": [
        "Officials told Reuters.",
        "In a statement to Reuters, the company declined to comment.",
    ],
    "publisher-date": [
        "Wednesday, 3rd of March 2021",
        "On March 3, 2021, the court ruled against the city.",
    ],
    "date-line": [
        "On March 3, 2021, the court ruled against the city.",
        "The ferry will run until March 3, 2021, officials said.",
    ],
    "taxonomy-label": [
        "Topic: the government has failed. Critics say so.",
        "Section 107 of the law allows some exceptions.",
    ],
    "linked-label-list": [
        "Countries: France, Spain, Italy",  # no links: could be prose
        "Auteur: Léa Dumont",
    ],
    "comment-prompt": [
        "Comment was not immediately available from the ministry.",
        "Commentators said the vote was a surprise.",
    ],
    "become-member": [
        "Members of the committee joined the protest on Monday.",
        "Support for the measure has grown since the spring.",
        "Donations to the fund fell sharply last year.",
    ],
    "subscribe": [
        "Subscribers complained that the service was slow.",
    ],
    "share-prompt": [
        "Shares in the company rose four percent on Monday.",
        "Share prices fell sharply after the announcement.",
    ],
    "social-buttons": [
        "Print media struggled throughout the decade.",
    ],
    "newsletter": [
        "She subscribed to several newsletters.",
    ],
    "articles-by": [
        "Articles by the late professor were widely cited.",
    ],
    "view-all-by": [
        "See all the damage done by the storm, the mayor said.",
    ],
    "disclaimer": [
        "The minister issued a disclaimer on Monday.",
    ],
    "fair-use": [
        "The fairground was used for the rally.",
    ],
    "contact": [
        "Contact between the two sides was limited.",
    ],
    "email-only": [
        "Write to jane@example.org with questions about the program.",
    ],
    "cookie-consent": [
        "We baked cookies for the neighbours.",
    ],
    "related-heading": [
        "Related charges were filed against two others.",
        "Recommended dosages were exceeded in forty cases.",
        "Trending downward, prices fell three percent.",
        "More on that later, she said.",
        "Read the full ruling and you will see why.",
    ],
    "advertisement": [
        "Advertisements for the product ran for weeks.",
        "Advertising revenue fell for the third year.",
    ],
    "app-promo": [
        "Get the app working again was the engineers' only goal.",
        "Download speeds in the district doubled last year, the report found.",
    ],
    "video-blurb": [
        "Video footage showed the ferry leaving port before the storm hit the coast.",
        "Watch the ferry leave the harbor at dawn on Tuesday, officials urged visitors.",
    ],
    "related-label": [
        "More than forty people were aboard the ferry.",
        "Related charges were filed against two others.",
        "Read: it is a word she repeats often.",
    ],
    "caption-credit": [
        "The ferry, which a volunteer photographed (photo by the harbor club) in May, sank later.",
        "Photographers gathered at the quay before dawn.",
    ],
    "meta-line": [
        "By March, prices had doubled across the region.",
        "On March 3, 2021, the court ruled against the city and ordered a new hearing.",
        "Von der Leyen sagte am 3. Mai 2020, dass die Kommission handeln werde.",
        "— Harbor Club (@harborclub) May 3, 2021",
        "Bylines were dropped from the print edition in 2019.",
    ],
    "rights-reserved": [
        "The company said all rights reserved under the treaty would be enforced.",
    ],
    "image-credit": [
        "Photographs of the scene circulated widely.",
    ],
    "wire-dateline": [
        "The agency (AP) - said it was reviewing the footage.",
        "In London (Reuters) - x",
    ],
}


def _rule_objects() -> dict[str, R.Rule]:
    """Every Rule defined in rules.py: module-level rules and the members of rule tuples."""
    found: dict[str, R.Rule] = {}
    for value in vars(R).values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, R.Rule):
                assert found.get(item.name, item) is item, f"two rules are named {item.name!r}"
                found[item.name] = item
    return found


RULES = _rule_objects()
ALL_NAMES = sorted(set(RULES) | set(PATTERN_RULES))
POSITIVE_CASES = [(name, text, groups, ld) for name, cases in POSITIVE.items() for text, groups, ld in cases]
NEGATIVE_CASES = [(name, text) for name, texts in NEGATIVE.items() for text in texts]


# ---------------------------------------------------------------------------
# meta-tests
# ---------------------------------------------------------------------------
def test_rules_every_rule_has_a_positive_case():
    missing = [name for name in ALL_NAMES if not POSITIVE.get(name)]
    if "wire-dateline" in missing:
        missing.remove("wire-dateline")  # covered by WIRE_DATELINES below
    assert not missing, f"rules without a positive test case in tests/structure/test_rules.py: {missing}"


def test_rules_every_rule_has_a_negative_case():
    missing = [name for name in ALL_NAMES if not NEGATIVE.get(name)]
    assert not missing, f"rules without a negative test case in tests/structure/test_rules.py: {missing}"


def test_rules_cases_name_real_rules():
    assert set(POSITIVE) <= set(ALL_NAMES)
    assert set(NEGATIVE) <= set(ALL_NAMES)


def test_rules_there_are_rules_of_every_documented_family():
    families = {r.family for r in RULES.values()}
    for family in (
        "provenance", "copyright", "byline", "dateline", "taxonomy", "call-to-action", "newsletter",
        "author-archive", "disclaimer", "fair-use", "contact", "cookie-consent", "related-links", "social",
    ):
        assert family in families, family


def test_rules_boilerplate_names_are_unique():
    names = [r.name for r in R.PROVENANCE_RULES + R.BYLINE_RULES + R.DATELINE_RULES + R.TAXONOMY_RULES + R.BOILERPLATE_RULES]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------------------
# every rule, one line at a time
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "text", "groups", "link_density"), POSITIVE_CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in POSITIVE_CASES])
def test_rules_positive(name, text, groups, link_density):
    hit = classify(text, link_density)
    assert hit is not None, f"{text!r} matched no rule, expected {name}"
    assert hit.rule == name, f"{text!r} matched {hit.rule}, expected {name}"
    if name in RULES:
        assert hit.family == RULES[name].family
    for key, value in (groups or {}).items():
        assert hit.match.group(key) == value, (key, hit.match.groupdict())


@pytest.mark.parametrize(("name", "text"), NEGATIVE_CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in NEGATIVE_CASES])
def test_rules_negative(name, text):
    if name == "wire-dateline":
        assert R.WIRE_DATELINE.match(text) is None
        return
    hit = classify(text)
    assert hit is None or hit.rule != name, f"{text!r} was taken for {name}"
    if name in RULES and RULES[name].family != "taxonomy":  # taxonomy values are vetted in classify()
        assert RULES[name].match(text) is None, f"{name} matches {text!r} on its own"


BODY_PROSE = [
    "By the way, the minister said the talks would resume next week.",
    "By March 2021, prices had doubled in most districts.",
    "Comment was not immediately available from the ministry.",
    "Related charges were filed against two others.",
    "Copyright law in the country dates to 1911, the professor said.",
    "It was originally published in Paris in 1923 and is now out of print.",
    "Sources said the deal was close.",
    "The company said all rights reserved under the treaty would be enforced.",
    "On March 3, 2021, the court ruled against the city.",
    "Shares in the company rose four percent on Monday.",
]


@pytest.mark.parametrize("text", BODY_PROSE)
def test_rules_ordinary_prose_matches_nothing(text):
    assert classify(text) is None


def test_rules_long_paragraph_is_not_a_footer_line():
    text = "Source: " + "the ministry said the figures were provisional and could be revised " * 5
    assert len(text) > R.PROVENANCE_RULES[-1].max_len
    assert classify(text) is None


def test_rules_fair_use_and_disclaimer_are_footer_only():
    # Not anchored to a short line, so structure keeps them when prose follows (see test_structure).
    for text in ("The court weighed whether quoting the memo was fair use.", "The views expressed here are his own."):
        hit = classify(text)
        assert hit is not None and hit.footer_only


# ---------------------------------------------------------------------------
# what the rules capture: names, holders, years, lists
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("By Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("Written by Maria de la Cruz", ["Maria de la Cruz"]),
        ("Jane Doe, Reuters", ["Jane Doe"]),
        ("Jane Doe and John Roe, AP", ["Jane Doe", "John Roe"]),
        ("Authors: Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
    ],
)
def test_rules_byline_names(line, names):
    hit = classify(line)
    assert hit is not None and hit.family == "byline"
    assert split_names(hit.match.group("names")) == names


@pytest.mark.parametrize(
    ("line", "holders", "year"),
    [
        ("Copyright © Jane Doe, Daily Clarion, 2021", ["Jane Doe", "Daily Clarion"], 2021),
        ("© 2021 Daily Clarion. All rights reserved.", ["Daily Clarion"], 2021),
        ("(c) 2019-2021 Harbor Ledger Inc.", ["Harbor Ledger Inc"], 2021),
        ("Copyright 2020 Harbor Ledger, Inc.", ["Harbor Ledger, Inc"], 2020),
        ("Copyright © 2018 Jane Doe and John Roe", ["Jane Doe", "John Roe"], 2018),
    ],
)
def test_rules_copyright_holders_and_year(line, holders, year):
    hit = classify(line)
    assert hit is not None and hit.rule == "copyright"
    assert split_holders(hit.match.group("body")) == (holders, year)


WIRE_DATELINES = [
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON", "AP"),
    ("(Reuters) - Shares fell on Monday.", None, "Reuters"),
    ("PARIS (AFP) - Police said the march was peaceful.", "PARIS", "AFP"),
    ("LONDON, May 3 (Reuters) - Oil rose.", "LONDON, May 3", "Reuters"),
    ("SAN JUAN, Puerto Rico (AP) — A storm hit the island.", "SAN JUAN, Puerto Rico", "AP"),
    ("WASHINGTON, D.C. (AP) — The vote was close.", "WASHINGTON, D.C.", "AP"),
    ("BERLIN (dpa) -- The coalition agreed.", "BERLIN", "dpa"),
]


@pytest.mark.parametrize(("text", "place", "wire"), WIRE_DATELINES)
def test_rules_wire_dateline(text, place, wire):
    m = R.WIRE_DATELINE.match(text)
    assert m is not None
    assert m.group("wire") == wire
    assert (m.group("place") or "").strip() == (place or "")
    # a wire dateline opens a body paragraph: it is not a rule hit for the whole line
    assert classify(text) is None


def test_rules_taxonomy_values_split():
    hit = classify("Tags: economy, trade; Europe | ports")
    assert hit is not None and hit.family == "taxonomy"
    assert split_list(hit.match.group("values")) == ["economy", "trade", "Europe", "ports"]


def test_rules_taxonomy_refuses_sentences_as_values():
    assert classify("Topic: the government has failed. Critics say so.") is None


def test_rules_patterns_compile_with_names():
    for rule in RULES.values():
        assert isinstance(rule.pattern.compiled(), re.Pattern)  # compiled on first use (LazyPattern)
        assert rule.pattern.flags == rule.pattern.compiled().flags and rule.pattern.pattern == rule.pattern.compiled().pattern
        assert rule.name == rule.name.strip().lower()
        assert " " not in rule.name


# ---------------------------------------------------------------------------
# where a comment section starts (structure/lines.py drops bylines and dates below it)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "Comments", "12 Kommentare", "3 thoughts on “Night ferry to run all winter”", "Ein Gedanke zu „Fährbetrieb im Winter“",
        "Leave a Reply", "Schreibe einen Kommentar", "Kommentar von Ravi Odell — 2020-02-04 @ 10:39 | Antworten",
        "Comment by Jane Doe", "Laisser un commentaire", "Comentarios (4)",
    ],
)
def test_rules_comments_start_positive(line):
    assert R.COMMENTS_START.match(line)


@pytest.mark.parametrize(
    "line",
    [
        "Comment was not immediately available from the ministry.", "Comments from readers poured in after the vote, the editor said.",
        "By Jane Doe", "Thoughts on the ferry timetable are welcome at the council meeting next week.", "Kommentare zur Lage",
    ],
)
def test_rules_comments_start_negative(line):
    assert not R.COMMENTS_START.match(line)
