"""The shared NLP base: one Doc per article on the pipeline context, batched, sentences recorded."""

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


def test_doc_travels_on_the_context_not_in_a_module_cache():
    from presslens.components import Context

    a = _article()
    ctx = Context()
    presslens.Pipeline(["nlp"]).annotate(a, ctx)
    assert ctx.doc is not None and ctx.doc.text == a.text
    assert not any(isinstance(v, dict) and v for k, v in vars(nlp).items() if k.startswith("_CACHE"))


def test_a_component_without_the_doc_says_what_to_do():
    import pytest

    from presslens.annotate.sourcing.quotes import QuoteAnnotator
    from presslens.components import Context
    from presslens.errors import PipelineError

    with pytest.raises(PipelineError, match="put 'nlp' before it"):
        QuoteAnnotator()(_article(), Context())


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
    doc = nlp.parse_one(_article().text)
    assert "Anna Berg" in {e.text for e in doc.ents}


def test_pipe_batch_gives_the_same_docs_as_one_by_one():
    texts = [TEXT, "Officials said on Monday that the bridge was closed.", "No quotes here at all."]
    arts = [_article(t + " (batch)") for t in texts]
    one = [[(t.text, t.dep_, t.head.i) for t in nlp.parse_one(a.text)] for a in arts]
    from presslens.components import Context

    contexts = [Context() for _ in arts]
    nlp.NLPBase().pipe_batch(arts, contexts)
    batched = [[(t.text, t.dep_, t.head.i) for t in c.doc] for c in contexts]
    assert one == batched


def test_pipeline_pipe_uses_the_batch_hook(monkeypatch):
    calls = []
    original = nlp.NLPBase.pipe_batch
    monkeypatch.setattr(nlp.NLPBase, "pipe_batch", lambda self, arts, ctxs: (calls.append(len(arts)), original(self, arts, ctxs)))
    body = " The council met for three hours and agreed on the budget for the coming year, after a long debate." * 3
    srcs = [
        "# One\n\nAlpha Berg said \u201cthe first thing is here now and it works.\u201d" + body + "\n",
        "# Two\n\nBeta Lind told reporters that all was well today." + body + "\n",
    ]
    out = list(presslens.Pipeline(["nlp", "entities", "quotes"]).pipe(srcs, format="markdown"))
    assert calls == [2]
    assert all(isinstance(a, presslens.Article) for a in out)
