"""The ``techniques`` component: persuasion-technique spans of an article, in the configured mode."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from presslens.annotate.persuasion.base import MODEL_FILE, MODES
from presslens.annotate.persuasion.cues import CUES_VERSION
from presslens.annotate.persuasion.linear import PersuasionModel
from presslens.components import Context, component, producer
from presslens.errors import ConfigError
from presslens.records import Article, Technique
from presslens.records.annotations import Voice
from presslens.settings import PersuasionSettings


@lru_cache(maxsize=4)
def load_model(threads: int = 1, tagger_dir: str | None = None) -> PersuasionModel:
    """The committed model, loaded once per process and configuration (encoder threads, tagger folder)."""
    base = _load_file()
    return base if (threads, tagger_dir) == (1, None) else replace(base, threads=threads, tagger_dir=tagger_dir)


@lru_cache(maxsize=1)
def _load_file() -> PersuasionModel:
    return PersuasionModel.load(MODEL_FILE)


def whose(start: int, end: int, quoted: float, quotes: tuple[Any, ...] | None) -> tuple[Voice, str | None]:
    """(voice, speaker) of the span [start, end): whose rhetoric it is.

    A span with most of its characters inside a quotation of the ``quotes`` annotations (the
    attribution layer, when it ran) is the quoted speaker's (``speaker`` is the quote's resolved
    speaker, or the words naming them, or None). Otherwise a span mostly inside quotation marks
    around more than a few words (``quoted``, from the annotator's own reading of the marks) is
    quoted speech whose speaker is not known; everything else is the outlet's own voice. A
    scare-quoted term (a few words in quotation marks that nobody is reported as saying) stays
    the outlet's: putting the marks there is the outlet's choice.
    """
    best, share = None, 0.0
    for q in quotes or ():
        overlap = min(end, q.end + 1) - max(start, q.start - 1)  # the marks around the quote count as inside
        if overlap > 0 and overlap / (end - start) > share:
            best, share = q, overlap / (end - start)
    if best is not None and share >= 0.5:
        mention = best.speaker_mention.text if best.speaker_mention is not None else None
        return "quoted", best.speaker or mention
    return ("quoted", None) if quoted >= 0.5 else ("own", None)


@component("techniques", requires=("text",), assigns=("techniques",), config="persuasion")
class PersuasionAnnotator:
    """Spans of the article text that use one of the 14 PTC persuasion techniques.

    Built from :class:`~presslens.settings.PersuasionSettings` (section ``persuasion``):
    ``mode`` is ``tagger`` (the default: the fine-tuned MiniLM token tagger on 80% of the article,
    the linear models elsewhere), ``fast`` (linear models only, numpy), ``tagger-accurate`` (the
    tagger on every sentence, techniques by the accurate classifier), ``accurate`` (linear spans,
    the technique of each span also from its MiniLM embedding: better TC, several times slower)
    or ``balanced`` (only the least confident 40% of the spans, at most 20, get the MiniLM
    classifier); ``cues`` (default on) adds the guideline cues of :mod:`.cues` in every mode;
    ``display_threshold`` (0.5) decides which spans are ``shown``.

    Whose rhetoric a span is comes from the ``quotes`` annotations when an earlier component
    made them (the default pipeline runs ``quotes`` first); without them, from the quotation
    marks (:func:`whose`). ``techniques`` does not require ``quotes``: a pipeline of
    ``techniques`` alone stays as cheap as before.
    """

    version = 3  # 3 (issue 21): calibrated confidence, span_confidence, shown, voice/speaker, whole phrases; 2: cues, technique head

    def __init__(self, settings: PersuasionSettings | None = None) -> None:
        self.settings = settings or PersuasionSettings()
        if self.settings.mode not in MODES:
            raise ConfigError(f"setting persuasion.mode={self.settings.mode!r} is not one of {', '.join(MODES)}")
        if not 0.0 <= self.settings.display_threshold <= 1.0:
            raise ConfigError(f"setting persuasion.display_threshold={self.settings.display_threshold!r} is not between 0 and 1")
        self.mode = self.settings.mode
        self.cues = self.settings.cues
        self._ahead: Any = None

    def _detect(self, text: str, complete: bool = False) -> tuple[list[Any], Any]:
        """(technique spans, the tagger's wordpiece states or None): the states go on the context for
        the check-worthiness model (issue 18), so that the encoder pass is paid once per article.
        ``complete`` (the forked detection): also read the sentences the pass skipped
        (:func:`~.tagger.complete_states`), so that the parent process never loads the tagger."""
        keep: dict[str, Any] = {}
        model = load_model(self.settings.threads, self.settings.tagger_dir)
        found = model.detect(text, self.mode, cues=self.cues, keep=keep)
        states = keep.get("states")
        if complete and states is not None:
            from presslens.annotate.persuasion.tagger import complete_states

            states = complete_states(model.onnx_tagger(), text, states)
        return found, states

    def start_ahead(self, article: Article) -> None:
        """Start this article's detection in a forked process when a second core is free
        (:mod:`.ahead`; the pipeline calls this for a one-article ``presslens analyze`` as soon as the
        article is structured): the persuasion models load and run there while this process loads
        spaCy for the other annotators. :meth:`__call__` collects the result, or detects itself."""
        from presslens.annotate.persuasion.ahead import Ahead, spare_core

        if self._ahead is None and spare_core():
            text = article.text
            self._ahead = Ahead.start(lambda: self._detect(text, complete=True), text)

    def __call__(self, article: Article, ctx: Context | None = None) -> Article:
        result = None
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            result = ahead.result(article.text)
        if result is None:
            result = self._detect(article.text)
        detected, states = result
        if ctx is not None and states is not None and self.settings.tagger_dir is None:  # the bundled tagger's states only
            from presslens.annotate.persuasion.tagger import STATES_KEY

            ctx.data[STATES_KEY] = states
        name = producer(self) if self.mode == "fast" else f"{producer(self)}:{self.mode}"
        cue_name = f"{producer(self)}:cues@{CUES_VERSION}"
        quotes = article.annotations.get("quotes")
        threshold = self.settings.display_threshold
        found = []
        for f in detected:
            voice, speaker = whose(f.start, f.end, f.quoted, quotes)
            found.append(
                Technique(
                    f.start,
                    f.end,
                    f.technique,
                    f.confidence,
                    article.text[f.start : f.end],
                    f.level,
                    cue_name if f.level == "cue" else name,
                    f.span_confidence,
                    f.confidence >= threshold,
                    voice,
                    speaker,
                )
            )
        return article.with_annotations(techniques=tuple(found))


__all__ = ["PersuasionAnnotator", "load_model", "whose"]
