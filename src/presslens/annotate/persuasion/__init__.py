"""Persuasion techniques at span level (SemEval-2020 Task 11, the 14 PTC techniques).

Which spans of an article use which persuasion technique, with a confidence:
presslens's CPU answer to QCRI's Prta. Three small linear models, trained on
our train part of the PTC train split (``make train-persuasion``), share one
tokenisation of the article:

- a **sentence model** (SI): P(most of the sentence is one propaganda span);
  sentences over a threshold become sentence spans (doubt, appeals to fear,
  whataboutism, causal oversimplification ...);
- a **token tagger** (SI): P(token is inside a propaganda span) from the word,
  its affixes, a +-2 word window and the sentence model's probability (stacked);
  runs of tokens over a threshold become short spans (loaded language, labels,
  slogans ...);
- a **technique classifier** (TC): the technique of a span from its words, its
  length, its sentence and how often it repeats in the article.

The linear models need numpy only: their artifact in ``presslens/models/persuasion`` is a
vocabulary of feature strings (words and word pairs) with float16 weights. The default mode
(``tagger``) adds a fine-tuned, truncated MiniLM token tagger (int8 ONNX, onnxruntime) on the
sentences the linear models find most likely; see :mod:`.tagger` and docs/persuasion.md.
Beside the models, a few guideline cues (:mod:`.cues`) mark wordings that PTC's annotators
rarely marked but the technique definitions cover (``level="cue"``).

Modules, bottom up: :mod:`.base` (technique names, files, tokenisation, span helpers),
:mod:`.features` (feature strings), :mod:`.cues`, :mod:`.tagger` (the ONNX token tagger and
technique head), :mod:`.encoders` (encoders built once per configuration), :mod:`.linear` (the
linear models and :class:`PersuasionModel`, which decodes every mode) and :mod:`.annotator`
(the ``techniques`` component). The readable report's section is in ``presslens.render``.
"""

from presslens.annotate.persuasion.annotator import PersuasionAnnotator, load_model
from presslens.annotate.persuasion.base import (
    DEFAULT_MODE,
    MODEL_DIR,
    MODEL_FILE,
    MODES,
    TAGGER_MODES,
    TECHNIQUES,
    Doc,
    char_to_tokens,
    sentence_of,
    token_runs,
    tokenize,
    trim,
)
from presslens.annotate.persuasion.encoders import Encoder, encoder, tagger
from presslens.annotate.persuasion.features import sentence_features, span_counts, span_features, token_features
from presslens.annotate.persuasion.linear import LinearModel, PersuasionModel
from presslens.records import Technique

__all__ = [
    "DEFAULT_MODE",
    "MODEL_DIR",
    "MODEL_FILE",
    "MODES",
    "TAGGER_MODES",
    "TECHNIQUES",
    "Doc",
    "Encoder",
    "LinearModel",
    "PersuasionAnnotator",
    "PersuasionModel",
    "Technique",
    "char_to_tokens",
    "encoder",
    "load_model",
    "sentence_features",
    "sentence_of",
    "span_counts",
    "span_features",
    "tagger",
    "token_features",
    "token_runs",
    "tokenize",
    "trim",
]
