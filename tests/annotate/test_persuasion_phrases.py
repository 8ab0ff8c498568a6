"""Whole phrases (issue 21): technique spans start and end on whole words, never on a function word,
never split a pair of quotation marks; repeated topic words are not "Repetition"."""

from __future__ import annotations

import re

import pytest

from presslens.annotate.persuasion import load_model, tokenize
from presslens.annotate.persuasion.detect import guideline_repetition
from presslens.annotate.persuasion.features import span_counts
from presslens.annotate.persuasion.phrases import FUNCTION_WORDS, crossing, inside_word, quote_pairs, whole_phrase, word_bounds

_WORD = re.compile(r"\w+(?:['’]\w+)*")
QUOTE_MARKS = {'"', "“", "”", "‘", "’", "«", "»"}

# invented texts (no corpus text in the repository), with the shapes that broke spans before:
# scare quotes, long quotations, hyphenated compounds, currency, function words around loaded words
INVENTED = [
    "The mayor called the plan a “deal” with the devil, and the council, in the end, agreed.\n\n"
    "“We will crush these corrupt, lying cowards and the fake news, and we will win again,” she told a rally. "
    "Critics said the jihad-treason rhetoric was a staggering $775 million insult to voters.",
    'Opponents warned that the "so-called reform" would destroy the town. "This is a disgrace, a total disgrace," '
    "one resident shouted. The council's spokesman said the vote was lawful.\n\n"
    "The illegals, the traitors, the thugs: the speaker used every label in the book.",
    "Enough is enough!!! The corrupt elite lie. Lie, lie, lie. They lie about the floods, they lie about the money, "
    "they lie about everything. Only a fool would trust them again.",
]


def _check_whole(text: str, start: int, end: int) -> None:
    span = text[start:end]
    assert span == span.strip(), repr(span)
    assert not inside_word(text, start) and not inside_word(text, end), f"edge inside a word: {text[max(0, start - 5) : end + 5]!r} -> {span!r}"
    words = _WORD.findall(span.lower().replace("’", "'"))
    assert words, repr(span)
    # an edge is a word that is not a function word, or the mark of a quotation the span holds whole
    edges = tokenize(span).words
    for edge in (edges[0], edges[-1]):
        assert edge in QUOTE_MARKS or (edge[:1].isalnum() and edge not in FUNCTION_WORDS), f"bad edge {edge!r}: {span!r}"
    doc = tokenize(text)
    r = (min(k for k, e in enumerate(doc.ends) if e > start), max(k for k, s in enumerate(doc.starts) if s < end) + 1)
    assert crossing(*r, quote_pairs(doc)) is None, f"splits a quotation: {span!r}"


def test_scare_quotes_are_taken_whole():
    text = "He called it a “deal” with the devil."
    doc = tokenize(text)
    i = doc.raw.index("a")
    r = whole_phrase(doc, i, i + 3)  # 'a “deal' (the run the models made)
    assert r is not None
    assert text[doc.starts[r[0]] : doc.ends[r[1] - 1]] == "“deal”"


def test_function_word_fragments_are_dropped_or_trimmed():
    text = "They are the cowardly souls who ran. This is in the bag."
    doc = tokenize(text)
    r = whole_phrase(doc, doc.words.index("the"), doc.words.index("who") + 1)
    assert r is not None and text[doc.starts[r[0]] : doc.ends[r[1] - 1]] == "cowardly souls"
    assert whole_phrase(doc, doc.words.index("in"), doc.words.index("in") + 2) is None  # "in the"


def test_long_quotation_is_cut_at_its_mark():
    text = "Trump said: “We will crush them and the fake news, and we will win again,” he said."
    doc = tokenize(text)
    r = whole_phrase(doc, doc.words.index("crush"), len(doc.words) - 2)  # runs past the closing mark into "he"
    span = text[doc.starts[r[0]] : doc.ends[r[1] - 1]]
    assert span == "crush them and the fake news, and we will win again"


def test_word_bounds_keep_compounds_numbers_and_currency_whole():
    text = "The jihad-treason of 1,000 men cost $775 or 3.5% more."
    assert text[slice(*word_bounds(text, text.index("treason"), text.index("treason") + 7))] == "jihad-treason"
    assert text[slice(*word_bounds(text, text.index("000"), text.index("000") + 3))] == "1,000"
    assert text[slice(*word_bounds(text, text.index("775"), text.index("775") + 3))] == "$775"
    assert text[slice(*word_bounds(text, text.index("3.5"), text.index("3.5") + 1))] == "3.5%"


@pytest.mark.parametrize("mode", ["fast", "tagger"])
def test_every_span_is_a_whole_phrase_on_invented_texts(mode):
    model = load_model()
    n = 0
    for text in INVENTED:
        for f in model.detect(text, mode):
            _check_whole(text, f.start, f.end)
            n += 1
    assert n >= 5  # the checks ran on real output


def test_every_span_is_a_whole_phrase_on_ptc_and_the_seed(shared):
    """The same checks on 12 PTC validation articles and the seed (read at run time), default mode."""
    from presslens.training.ptc import load_articles, load_split

    model = load_model()
    texts = [a.text for a in list(load_articles(ids=set(load_split()["validation"][:12])).values())]
    texts.append((shared / "examples" / "globalresearch-aleppo-2016.md").read_text(encoding="utf-8"))
    n = 0
    for text in texts:
        for f in model.detect(text, "tagger"):
            _check_whole(text, f.start, f.end)
            n += 1
    assert n >= 100


TOPIC = (
    "County officials test new voting machines before the primary\n\n"
    "County officials tested 40 new voting machines on Tuesday. The machines print a paper record of each ballot.\n\n"
    "The county bought the machines last year. Each machine was checked twice, and all 40 passed.\n\n"
    "The machines will be delivered to polling places next week, officials said."
)


def test_repeated_topic_word_is_not_repetition():
    doc = tokenize(TOPIC)
    k = [t for t, w in enumerate(doc.words) if w == "machines"][2]
    counts = span_counts(doc, [(k, k + 1)])
    assert counts["machines"] >= 3
    assert not guideline_repetition(doc, k, k + 1, counts)  # the headline's word: the topic
    for f in load_model().detect(TOPIC, "tagger"):
        assert f.technique != "Repetition", f


def test_guideline_repetition_needs_the_repeats_and_no_names():
    text = (
        "A quiet week in the capital.\n\n"
        "They are traitors. Traitors in the ministry, traitors in the press, traitors everywhere. "
        "Senator Brown spoke. Brown said little. Brown left early. Illegal aliens, he said, illegal aliens again."
    )
    doc = tokenize(text)
    counts = span_counts(doc, [(i, i + 1) for i in range(len(doc.words))] + [(doc.words.index("illegal"), doc.words.index("illegal") + 2)])
    t = doc.words.index("traitors")
    assert guideline_repetition(doc, t, t + 1, counts)  # a charged word, four times
    b = doc.words.index("brown")
    assert not guideline_repetition(doc, b, b + 1, counts)  # a name: capitalised at every occurrence
    i = doc.words.index("illegal")
    assert guideline_repetition(doc, i, i + 2, counts)  # a phrase, twice
    q = doc.words.index("quiet")
    assert not guideline_repetition(doc, q, q + 1, counts)  # once
