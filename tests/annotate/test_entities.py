"""Entities: one canonical name per person, organisation and place, with every mention."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from presslens.annotate.sourcing.entities import find_entities
from presslens.records import Article, Paragraph, body_id

TEXT = (
    "The US envoy to the talks, Maria Lindqvist, met officials of the Northern Liberation Front (NLF) in Karvia. "
    "Lindqvist said the Front had agreed to a ceasefire. The NLF did not comment.\n\n"
    "Later, President Tomas Varga spoke in Karvia. The Varga government denied the report."
)


def _entities():
    a = Article(id=body_id(TEXT), text=TEXT, paragraphs=(Paragraph(0, TEXT.index("\n\n")), Paragraph(TEXT.index("\n\n") + 2, len(TEXT))))
    return {e.name: e for e in find_entities(a)}


def test_surname_joins_the_full_name():
    ents = _entities()
    lind = ents["Maria Lindqvist"]
    assert lind.label == "PERSON"
    assert {m.text for m in lind.mentions} >= {"Maria Lindqvist", "Lindqvist"}


def test_government_of_a_person_points_at_the_person():
    ents = _entities()
    varga = ents["Tomas Varga"]
    assert any(m.text.startswith("Varga government") for m in varga.mentions)


def test_acronym_in_parentheses_is_an_alias():
    ents = _entities()
    front = next(e for e in ents.values() if "Liberation Front" in e.name)
    assert front.label == "ORG"
    assert "NLF" in front.aliases
    assert sum(1 for m in front.mentions if m.text == "NLF") == 2


def test_mentions_are_offsets_into_the_text():
    for e in _entities().values():
        assert e.producer.startswith("entities@")
        for m in e.mentions:
            assert m.where == "body" and TEXT[m.start : m.end] == m.text


@given(
    text=st.text(alphabet="ab-_ .é1Ⅻ\u0301", max_size=40),
    form=st.text(alphabet="ab-_ .é1", min_size=1, max_size=4),
)
def test_occurrences_match_the_regex_they_replace(text, form):
    import re

    from presslens.annotate.sourcing.entities import _occurrences

    pattern = r"(?<![\w-])" + re.escape(form) + r"(?![\w-])"
    assert list(_occurrences(text, form)) == [m.span() for m in re.finditer(pattern, text)]
