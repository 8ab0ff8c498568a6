"""Quotations with speakers, and scare quotes, on small invented texts."""

from __future__ import annotations

import pytest
from quotetools import article as _article
from quotetools import one as _one
from quotetools import quotes as _quotes

from presslens.annotate.sourcing.quotes import find_quote_marks


def test_speaker_after_the_quote_with_title_before_the_name():
    qs, _ = _quotes("\u201cThe bridge will stay closed until the inspection is over,\u201d city spokesman Peter Hall told reporters on Monday.")
    q = _one(qs, "The bridge will stay closed")
    assert q.kind == "direct"
    assert q.speaker == "Peter Hall"
    assert q.speaker_role == "city spokesman"
    assert q.cue.text == "told reporters"


def test_apposition_role_and_pronoun_speaker():
    text = (
        "The minister of transport, Helena Korhonen, opened the line on Friday. "
        "She went on to declare that the railway would \u201cchange the life of every family in the valley.\u201d"
    )
    qs, _ = _quotes(text)
    q = _one(qs, "change the life")
    assert q.speaker == "Helena Korhonen"
    assert q.speaker_mention.text == "She"
    assert q.cue.text == "went on to declare"


def test_indirect_speech_with_pronoun():
    text = "Mayor Jonas Berg spoke to the council on Tuesday. He added that the station would open in the spring."
    qs, _ = _quotes(text)
    q = _one(qs, "the station would open")
    assert q.kind == "indirect"
    assert q.speaker == "Jonas Berg"


def test_straight_quotes_and_a_quote_over_two_paragraphs():
    text = (
        'Anna Lind said: "The first part of the plan is ready and funded.\n\n'
        '"The second part will follow next year, when the money arrives."\n\n'
        "Nothing else was announced."
    )
    marks = find_quote_marks(text, [(p.start, p.end) for p in _article(text).paragraphs])
    assert len(marks) == 1
    qs, _ = _quotes(text)
    q = _one(qs, "The first part")
    assert "The second part will follow" in q.text
    assert q.speaker == "Anna Lind"


def test_quote_with_no_speaker_is_not_guessed():
    text = "Oskar Nyman arrived late. The sign on the door read \u201cClosed for the winter season until further notice.\u201d"
    qs, _ = _quotes(text)
    q = _one(qs, "Closed for the winter")
    assert q.speaker is None


def test_scare_quotes_and_so_called():
    text = (
        "The so-called \u201cmoderate\u201d groups were armed by the \u201cfriends\u201d of the region. "
        "Critics call this \u201chuman rights\u201d diplomacy. The so-called experts stayed silent."
    )
    qs, scares = _quotes(text)
    assert not qs
    texts = {s.text for s in scares}
    assert {"\u201cmoderate\u201d", "\u201cfriends\u201d", "\u201chuman rights\u201d"} <= texts
    moderate = next(s for s in scares if s.term == "moderate")
    assert moderate.so_called is not None and moderate.so_called.text == "so-called"
    assert any(not s.marked and s.term == "experts" for s in scares)


def test_continuation_quote_keeps_the_speaker():
    text = '"We will rebuild the school," Governor Ada Moss said. "It will take two years and a lot of patience."'
    qs, _ = _quotes(text)
    assert _one(qs, "It will take two years").speaker == "Ada Moss"


@pytest.mark.parametrize("open_, close", [("\u201c", "\u201d"), ('"', '"')])
def test_offsets_point_at_the_content(open_, close):
    text = f"{open_}Prices will rise again next year, sadly,{close} said Lea Holm."
    qs, _ = _quotes(text)
    q = qs[0]
    assert text[q.start : q.end] == q.text == "Prices will rise again next year, sadly,"
    assert q.producer.startswith("quotes@") and 0 < q.confidence <= 1


def test_according_to_a_named_source_is_indirect_speech():
    text = "According to Finance Minister Eva Marsh, the deficit will fall to two percent next year."
    qs, _ = _quotes(text)
    q = _one(qs, "the deficit will fall")
    assert q.kind == "indirect" and q.speaker == "Eva Marsh" and q.cue.text == "According to"
