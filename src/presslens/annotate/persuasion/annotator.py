"""The ``techniques`` component: persuasion-technique spans of an article, in the configured mode."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from presslens.annotate.persuasion.base import MODEL_FILE, MODES
from presslens.annotate.persuasion.cues import CUES_VERSION
from presslens.annotate.persuasion.linear import PersuasionModel
from presslens.components import Context, component, producer
from presslens.errors import ConfigError
from presslens.records import Article, Technique
from presslens.settings import PersuasionSettings


@lru_cache(maxsize=4)
def load_model(threads: int = 1, tagger_dir: str | None = None) -> PersuasionModel:
    """The committed model, loaded once per process and configuration (encoder threads, tagger folder)."""
    base = _load_file()
    return base if (threads, tagger_dir) == (1, None) else replace(base, threads=threads, tagger_dir=tagger_dir)


@lru_cache(maxsize=1)
def _load_file() -> PersuasionModel:
    return PersuasionModel.load(MODEL_FILE)


@component("techniques", requires=("text",), assigns=("techniques",), config="persuasion")
class PersuasionAnnotator:
    """Spans of the article text that use one of the 14 PTC persuasion techniques.

    Built from :class:`~presslens.settings.PersuasionSettings` (section ``persuasion``):
    ``mode`` is ``tagger`` (the default: the fine-tuned MiniLM token tagger on 80% of the article,
    the linear models elsewhere), ``fast`` (linear models only, numpy), ``tagger-accurate`` (the
    tagger on every sentence, techniques by the accurate classifier), ``accurate`` (linear spans,
    the technique of each span also from its MiniLM embedding: better TC, several times slower)
    or ``balanced`` (only the least confident 40% of the spans, at most 20, get the MiniLM
    classifier); ``cues`` (default on) adds the guideline cues of :mod:`.cues` in every mode.
    """

    version = 2  # 2 (session 5): guideline cues, technique head in the tagger modes

    def __init__(self, settings: PersuasionSettings | None = None) -> None:
        self.settings = settings or PersuasionSettings()
        if self.settings.mode not in MODES:
            raise ConfigError(f"setting persuasion.mode={self.settings.mode!r} is not one of {', '.join(MODES)}")
        self.mode = self.settings.mode
        self.cues = self.settings.cues

    def __call__(self, article: Article, ctx: Context | None = None) -> Article:
        model = load_model(self.settings.threads, self.settings.tagger_dir)
        name = producer(self) if self.mode == "fast" else f"{producer(self)}:{self.mode}"
        cue_name = f"{producer(self)}:cues@{CUES_VERSION}"
        found = tuple(
            Technique(s, e, tech, conf, article.text[s:e], level, cue_name if level == "cue" else name)
            for s, e, tech, conf, level in model.annotate(article.text, self.mode, cues=self.cues)
        )
        return article.with_annotations(techniques=found)


__all__ = ["PersuasionAnnotator", "load_model"]
