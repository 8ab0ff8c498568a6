"""The shared NLP base: one Doc per article, cached, batched, sentences recorded."""

from __future__ import annotations

import presslens
from presslens.annotate import nlp
from presslens.records import Article, Paragraph, body_id

TEXT = (
    "The mayor of Harbour Town, Anna Berg, said the line would reopen. \u201cWe waited eleven years,\u201d she told reporters.\n\n"
    "The weather was fine on Tuesday. Trains will run every hour."
)


def _article(text: str = TEXT) -> Article:
    paras, start = [], 0
    for block in text.split("\n\n"):
        paras.append(Paragraph(start, start + len(block)))
        start += len(block) + 2
    return Article(id=body_id(text), text=text, paragraphs=tuple(paras))


def test_doc_is_cached_per_article():
    a = _article()
    d1 = nlp.doc_for(a)
    assert nlp.doc_for(a) is d1
    assert d1.text == a.text


def test_sentences_do_not_cross_paragraphs_and_only_needed_ones_are_parsed():
    a = presslens.Pipeline(["nlp"]).annotate(_article())
    sents = a.annotations["sentences"]
    assert len(sents) == 4
    para_break = a.text.index("\n\n")
    assert all(not (s.start < para_break < s.end) for s in sents)
    by_text = {a.text[s.start : s.end]: s.parsed for s in sents}
    assert by_text["The weather was fine on Tuesday."] is False  # nothing to attribute: not parsed
    assert any(parsed for text, parsed in by_text.items() if "told reporters" in text)


def test_ner_runs_on_every_sentence():
    doc = nlp.doc_for(_article())
    assert "Anna Berg" in {e.text for e in doc.ents}


def test_pipe_batch_gives_the_same_docs_as_one_by_one():
    texts = [TEXT, "Officials said on Monday that the bridge was closed.", "No quotes here at all."]
    arts = [_article(t + " (batch)") for t in texts]
    one = [[(t.text, t.dep_, t.head.i) for t in nlp._process([a.text])[0]] for a in arts]
    nlp.pipe_docs(arts)
    batched = [[(t.text, t.dep_, t.head.i) for t in nlp.doc_for(a)] for a in arts]
    assert one == batched


def test_pipeline_pipe_uses_the_batch_hook(monkeypatch):
    calls = []
    original = nlp.pipe_docs
    monkeypatch.setattr(nlp, "pipe_docs", lambda arts: (calls.append(len(arts)), original(arts)))
    body = " The council met for three hours and agreed on the budget for the coming year, after a long debate." * 3
    srcs = [
        "# One\n\nAlpha Berg said \u201cthe first thing is here now and it works.\u201d" + body + "\n",
        "# Two\n\nBeta Lind told reporters that all was well today." + body + "\n",
    ]
    out = list(presslens.Pipeline(["nlp", "entities", "quotes"]).pipe(srcs, format="markdown"))
    assert calls == [2]
    assert all(isinstance(a, presslens.Article) for a in out)
