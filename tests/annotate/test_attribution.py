"""The attribution layer (issue 15): one invented sentence per kind of error seen on real news.

Every text here is invented; the shapes are those of the errors the issue lists (a surname given
to the wrong person of that name, a statement given to the party that reported it or to the person
spoken about, opinion verbs taken for speech, attribution after the content, anonymous attribution,
partial quotes reported as scare quotes, figures without their source).
"""

from __future__ import annotations

import pytest
from quotetools import article as _article
from quotetools import one as _one
from quotetools import quotes as _quotes

import presslens
from presslens.annotate.sourcing.entities import find_entities
from presslens.annotate.sourcing.quotes import find_quotes
from presslens.annotate.sourcing.sources import find_sources

# -- a surname resolved to the wrong person of that name ---------------------------------------

FATHER_AND_SON = (
    "Rawiri Tane Paki, a teacher, opened the meeting. His father, Hemi Paki, spoke next.\n\n"
    "\u201cWe have waited forty years for this building,\u201d Paki said."
)


def test_two_people_of_one_surname_stay_apart():
    names = {e.name for e in find_entities(_article(FATHER_AND_SON)) if e.label == "PERSON"}
    assert {"Rawiri Tane Paki", "Hemi Paki"} <= names


def test_a_shared_surname_goes_to_the_nearest_named_and_says_so():
    from presslens.components import Context

    qs, _ = _quotes(FATHER_AND_SON)
    q = _one(qs, "We have waited")
    assert q.speaker == "Hemi Paki"
    assert q.speaker_path == "surname"
    # the calibrator sees that two people competed (on ggt-dev such links were right 24 times in 25,
    # so the fitted confidence stays high: the evidence is recorded, not a fixed penalty)
    ctx = Context()
    a = presslens.Pipeline(["quotes"]).annotate(_article(FATHER_AND_SON), ctx)
    q = _one(a.annotations["quotes"], "We have waited")
    assert ctx.data["quotes"]["features"][(q.start, q.end)]["ambiguous"] == 1.0


def test_a_group_of_officials_is_never_the_person_named_inside_it():
    text = "President Tomas Varga met the envoy. Varga administration officials said the talks had failed after midnight."
    q = _one(_quotes(text)[0], "the talks had failed")
    assert q.speaker != "Tomas Varga"
    assert q.speaker_kind == "group" and "officials" in q.speaker


# -- a statement given to the other party ------------------------------------------------------

def test_an_agency_that_reports_is_not_the_speaker():
    text = (
        "The Northern Army Command denied the report on Monday. "
        "It told Reuters that the incident took place in an active combat zone near the border."
    )
    q = _one(_quotes(text)[0], "the incident took place")
    assert q.speaker is not None and "Reuters" not in q.speaker
    assert "Army" in q.speaker


def test_the_words_go_to_the_speaker_not_to_the_man_spoken_about():
    text = "\u201cHe pulled three children out of the river with his own hands,\u201d Governor Ada Moss said of Tom Reyes."
    q = _one(_quotes(text)[0], "He pulled three children")
    assert q.speaker == "Ada Moss"


def test_a_pronoun_prefers_the_subject_over_a_man_after_a_preposition():
    text = (
        "Lena Ruru said she wrote to the council after the death of Mark Ihaka.\n\n"
        "\u201cI thought this was a good time to ask for body cameras,\u201d she said."
    )
    q = _one(_quotes(text)[0], "I thought this was")
    assert q.speaker == "Lena Ruru"


def test_a_given_name_tells_the_pronoun_whom_it_means():
    # nothing but the given names says who is a woman: "he" is the man named before her
    text = (
        "Mayor Daniel Okafor opened the inquiry on Monday. Deputy Karen Lindqvist answered questions after him.\n\n"
        "\u201cWe owe the families a full account of what happened,\u201d he said."
    )
    q = _one(_quotes(text)[0], "We owe the families")
    assert q.speaker == "Daniel Okafor"


def test_a_person_named_in_the_content_is_not_the_pronoun_speaker():
    text = (
        "Tomas Berger said the gunmen came up the stairs. His colleague Paul Ingram said he heard the first shots.\n\n"
        "Ingram and two colleagues hid under their desks, he said, but a cleaner ran to the roof."
    )
    qs, _ = _quotes(text)
    assert _one(qs, "Ingram and two colleagues").speaker == "Tomas Berger"


def test_her_statement_is_the_statement_of_the_woman_named_before():
    text = (
        "Minister Alice Moreau resigned on Friday after a dispute with the Prime Minister\u2019s Office.\n\n"
        "\u201cIt is a pillar of our democracy that prosecutors work free of political pressure,\u201d her statement said."
    )
    q = _one(_quotes(text)[0], "It is a pillar")
    assert q.speaker == "Alice Moreau"


def test_a_cue_after_a_title_abbreviation_is_found():
    # the sentence recogniser cuts after "Lt."; the cue and the name are in the next piece
    text = (
        "Prosecutor Ian Brody said the suspect fled in a truck.\n\n"
        "\u201cDuring that call, the dispatcher could hear shouting in the background,\u201d Harbour City Police Lt. Carl Novak said."
    )
    q = _one(_quotes(text)[0], "During that call")
    assert q.speaker == "Carl Novak" and q.cue is not None


def test_a_quotation_after_another_person_became_the_subject_is_not_a_continuation():
    text = (
        "\u201cThe piece always felt unfinished,\u201d says Anton Weller. \u201cComing back to it now is a gift.\u201d "
        "Sarah Mitchell did not need much persuading. \u201cI am grateful for the invitation and for the dancers.\u201d"
    )
    qs, _ = _quotes(text)
    assert _one(qs, "Coming back to it").speaker == "Anton Weller"
    assert _one(qs, "I am grateful").speaker != "Anton Weller"


def test_a_pronoun_finds_a_speaker_the_ner_missed():
    from presslens.annotate.nlp import parse_one

    text = (
        "Prime Minister Julia Hart spoke first. Navid Qaderi, Minister of Innovation and Trade, said in an interview "
        "that the policy was broad.\n\n\u201cWe meet with companies of every size,\u201d he said."
    )
    doc = parse_one(text)
    article = _article(text)
    # the entities as if the NER had missed him (the small model misses such names on real pages)
    entities = tuple(e for e in find_entities(article, doc=doc) if "Qaderi" not in e.name)
    q = _one(find_quotes(article, entities, doc=doc)[0], "We meet with companies")
    assert q.speaker == "Navid Qaderi"


def test_a_couple_shares_its_surname_and_a_coordinated_group_keeps_all_its_words():
    text = (
        "Ana and Luis Ferreira received a letter this week from the immigration department. "
        "Ana and Luis Ferreira said they were shocked by the decision to refuse the visa.\n\n"
        "Several immigration lawyers and experts say the rule is not binding on the department."
    )
    qs, _ = _quotes(text)
    couple = _one(qs, "they were shocked")
    assert couple.speaker == "Ana Ferreira; Luis Ferreira" and couple.speaker_path == "coordinated"
    group = _one(qs, "the rule is not binding")
    assert group.speaker == "Several immigration lawyers and experts" and group.speaker_kind == "group"


def test_it_and_the_utility_continue_the_organisation_that_spoke():
    text = (
        "Northgate Power said in a statement that 60,000 customers lost power on Saturday. "
        "The storm also prompted Harbour Ferries to cancel several sailings.\n\n"
        "\u201cCrews will work through the night to restore service,\u201d it said.\n\n"
        "Schools in the valley stayed closed. Roads near the coast were flooded. Two bridges were shut.\n\n"
        "More than 800 workers will stay on the job until power is back, the utility said."
    )
    qs, _ = _quotes(text)
    assert _one(qs, "Crews will work").speaker == "Northgate Power"
    assert _one(qs, "More than 800 workers").speaker == "Northgate Power"


# -- non-speech verbs -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The results suggest that the new drug works better in older patients.",
    "I find it difficult to believe that the bridge will open this year.",
    "Frankly, I believe our schools still need a lot more money.",
    "The data suggests companies may be less confident about big purchases.",
])
def test_opinion_and_inference_verbs_make_no_quotation(text):
    qs, _ = _quotes(text)
    assert not qs, [(q.text, q.speaker) for q in qs]


# -- attribution after the content, anonymous attribution -------------------------------------

def test_attribution_after_the_content():
    text = "The plan to move the court was never costed, former Attorney General Mark Dunn noted."
    q = _one(_quotes(text)[0], "The plan to move the court")
    assert q.kind == "indirect" and q.speaker == "Mark Dunn"


def test_a_clause_inside_the_content_splits_it():
    text = "Maria Gonzalez hid under a desk. The guards ran to the roof, she said, but one of them was shot there."
    qs, _ = _quotes(text)
    assert _one(qs, "The guards ran to the roof").speaker == "Maria Gonzalez"
    assert _one(qs, "but one of them was shot").speaker == "Maria Gonzalez"


@pytest.mark.parametrize("text, head", [
    ("Premier Lena Holt arrived late. A source said the deal would be signed on Friday.", "source"),
    ("Premier Lena Holt arrived late. Officials divulged that the budget had been cut again.", "Officials"),
    ("Premier Lena Holt arrived late. People familiar with the talks said the deal was close.", "People familiar"),
])
def test_anonymous_attribution_is_a_vague_source_never_a_name(text, head):
    article = _article(text)
    qs, _ = find_quotes(article)
    assert qs and all(q.speaker != "Lena Holt" for q in qs)
    q = qs[0]
    assert q.speaker_kind == "vague" and q.speaker.startswith(head)
    vague = [s for s in find_sources(article, quotes=qs) if s.kind == "vague"]
    assert vague and all("Holt" not in s.name for s in vague)


# -- what is a quotation: mixed quotations, questions, hearers, "continue to" --------------------

def test_a_reported_clause_with_quoted_words_is_one_mixed_quotation():
    text = (
        "Premier Lena Holt said the closure of the plant came as a \"shock and a disappointment to everyone\" "
        "in the town on Monday."
    )
    qs, _ = _quotes(text)
    assert len(qs) == 1, [q.text for q in qs]
    q = qs[0]
    assert q.text.startswith("the closure of the plant") and "shock and a disappointment" in q.text
    assert q.speaker == "Lena Holt" and q.rule.endswith("+mixed")


def test_a_quoted_word_that_closes_a_reported_clause_belongs_to_it():
    text = "Analyst Kevin Hale expects more attacks. He warns that the scheme is going to \u201cexplode.\u201d"
    qs, scares = _quotes(text)
    q = _one(qs, "the scheme is going to")
    assert q.text.endswith("\u201cexplode.\u201d") and q.speaker == "Kevin Hale"
    assert not [x for x in qs if x.text.startswith("explode")] and not scares


@pytest.mark.parametrize("text", [
    "At one point, Mara Quinn asked the coach how long he had been working at the club.",
    "Senator Paul Dorn would not say which members of his caucus plan to retire this year.",
])
def test_an_embedded_question_is_not_a_quotation(text):
    qs, _ = _quotes(text)
    assert not qs, [q.text for q in qs]


def test_a_free_relative_after_say_is_still_a_quotation():
    text = "Mayor Dan Rook went on the radio to say what he had said on Monday was exactly correct."
    q = _quotes(text)[0][0]
    assert q.text.startswith("what he had said") and q.speaker == "Dan Rook"


def test_a_person_inside_the_speaker_s_relative_clause_is_not_the_speaker():
    text = (
        "Amy Walter, who once worked for former Rep. Joan Mills, said undecided voters were like children at a pool.\n\n"
        "\u201cThese voters are clued-in and they know exactly what is at stake,\u201d she said."
    )
    q = _one(_quotes(text)[0], "These voters are clued-in")
    assert q.speaker == "Amy Walter"


def test_who_was_told_something_is_not_its_speaker():
    text = "Randall Hoy was diagnosed in May and had been told he had three months to live."
    qs, _ = _quotes(text)
    assert not any(q.speaker == "Randall Hoy" for q in qs), [(q.text, q.speaker) for q in qs]


def test_continue_to_is_not_a_speech_cue():
    text = "\u201cWe will rebuild every house on this street,\u201d and the council will continue to fight for the jobs."
    qs, _ = _quotes(text)
    assert all(q.speaker is None or "council" not in q.speaker for q in qs), [(q.text, q.speaker) for q in qs]


def test_according_to_inside_the_content_splits_it():
    text = "The hard truth, according to housing experts, is that the city has built too few homes for a decade."
    qs, _ = _quotes(text)
    assert [q.text for q in qs] == ["The hard truth", "is that the city has built too few homes for a decade"]
    assert all(q.speaker == "housing experts" and q.rule == "according-to" for q in qs)


def test_figures_from_an_agency_are_the_agency_s():
    text = "According to the latest numbers from Statistics Norway, the jobless rate of young people doubled last year."
    q = _quotes(text)[0][0]
    assert q.speaker == "Statistics Norway" and q.speaker_kind == "organization"


def test_the_short_name_of_a_company_is_the_company():
    text = "Samsung Electronics Co. reported a drop in profit for the last quarter. Samsung said it expects its annual earnings to decline."
    q = _one(_quotes(text)[0], "it expects")
    assert q.speaker == "Samsung Electronics Co"


@pytest.mark.parametrize("text", [
    "READ MORE: Premier Lena Holt says hospitals are closing more often\n\nThe new wing opened on Monday.",
    "Lena Holt says she looked for the man who sold the pills. (Jane Roe/Harbour Press)\n\nThe new wing opened on Monday.",
])
def test_related_links_and_photo_captions_hold_no_quotations(text):
    qs, _ = _quotes(text)
    assert not qs, [q.text for q in qs]


def test_a_rival_passed_over_is_evidence_the_calibrator_sees():
    from presslens.components import Context

    text = (
        "Coach Tom Glade said the team had worked hard all week.\n\n"
        "Asked what was harder, pitching or golf, Mulder did not hesitate.\n\n"
        "\u201cIt is this for sure,\u201d he said."
    )
    ctx = Context()
    a = presslens.Pipeline(["quotes"]).annotate(_article(text), ctx)
    q = _one(a.annotations["quotes"], "It is this")
    # the rules pass over "Mulder", a subject the small NER does not tag as a person; the calibrator
    # is told, and the confidence is lower than for the same link with no rival in between
    assert q.speaker == "Tom Glade"
    assert ctx.data["quotes"]["features"][(q.start, q.end)]["nearer_rival"] == 1.0


# -- partial quotes vs scare quotes --------------------------------------------------------------

def test_a_fragment_a_named_person_is_reported_saying_is_not_a_scare_quote():
    text = "Premier Lena Holt said the agreement was a \u201cbad deal for every family\u201d in the province."
    qs, scares = _quotes(text)
    assert not scares
    assert any(q.speaker == "Lena Holt" and "bad deal" in q.text for q in qs)


def test_a_predicate_fragment_before_the_cue_is_a_partial_quote():
    text = "Premier Lena Holt took office in March. Her time so far has been \u201cheartbreaking,\u201d she said."
    qs, scares = _quotes(text)
    assert not scares
    assert any(q.speaker == "Lena Holt" and "heartbreaking" in q.text for q in qs)


def test_a_label_in_reported_speech_stays_a_scare_quote():
    text = "Both ministers claimed the \u201crebels\u201d had fired on the convoy near the river crossing."
    _, scares = _quotes(text)
    assert any(s.term == "rebels" for s in scares)


# -- figures ---------------------------------------------------------------------------------------

def test_a_figure_takes_the_source_that_ends_its_sentence():
    text = "Witnesses heard gunfire near the base. A burst of some 25 shots was fired within a minute, TNO said on Monday."
    a = presslens.Pipeline(["claims"]).annotate(_article(text))
    claim = next(c for c in a.annotations["numeric_claims"] if c.value == 25)
    assert claim.source == "TNO"


# -- speaker confidence and the report ---------------------------------------------------------

def test_every_speaker_has_a_probability_and_a_path():
    qs, _ = _quotes(FATHER_AND_SON)
    for q in qs:
        assert (q.speaker is None) == (q.speaker_confidence is None)
        if q.speaker:
            assert 0 < q.speaker_confidence < 1 and q.speaker_path and q.speaker_kind


def test_report_marks_uncertain_speakers():
    from rich.console import Console

    from presslens.records import Quote
    from presslens.render.sections import SECTIONS
    from presslens.render.sourcing import UNCERTAIN, speaker_label

    text = "\u201cWe will rebuild the school,\u201d Paki said."
    sure = Quote(1, 27, text[1:27], "direct", "Hemi Paki", None, None, None, "r", 0.85, "quotes@2", 0.97, "person", "name")
    guess = Quote(1, 27, text[1:27], "direct", "Rawiri Paki", None, None, None, "r", 0.85, "quotes@2", UNCERTAIN / 2, "person", "surname")
    assert speaker_label(sure) == ("Hemi Paki", False)
    assert speaker_label(guess) == ("speaker uncertain: Rawiri Paki?", True)
    article = _article(text).with_annotations(quotes=(sure, guess))
    console = Console(width=160, record=True)
    console.print(SECTIONS["quotes"](article))
    out = console.export_text()
    assert "speaker uncertain: Rawiri Paki?" in out and "Hemi Paki (0.97)" in out


# -- a role phrase that introduces someone new is not the person named before ------------------

NEW_PERSON_BY_ROLE = (
    "Anika Sorvali, head of the ferry company, said the new boats would arrive in May. "
    "\u201cThe crews are ready,\u201d she said.\n\n"
    "Shops on the quay welcomed the news. The owner of a cafe near the pier said that in winter "
    "the ferry brought most of her customers."
)


def test_the_owner_of_a_cafe_is_not_the_person_named_before():
    qs, _ = _quotes(NEW_PERSON_BY_ROLE)
    q = _one(qs, "in winter")
    assert q.speaker != "Anika Sorvali"  # was given to the salient person with a high confidence
    assert q.speaker and "owner of a cafe" in q.speaker
    assert _one(qs, "The crews are ready").speaker == "Anika Sorvali"
