"""An article-level summary of its persuasion techniques: the outlet's own voice against quoted speakers.

A teacher or researcher asks "how much does this outlet itself persuade, beside the people it
quotes?". :func:`summarize` counts the ``shown`` technique spans (those at or above the display
threshold) by voice and gives the outlet's own rate per 1,000 words of the article, the number a
corpus profile can rank articles and sources by.

Where that rate stands: ``presslens profile``, the reader and the API rank a stored article or
outlet among the articles of its own store (:mod:`presslens.corpus.persuasion`). A single
article's report has no corpus, so it is placed among a fixed **reference corpus**
(``reference.json`` beside the models: the rates of 240 allsides US news articles, left, centre
and right, measured with the default settings by ``presslens.training.persuasion_reference``;
numbers only) by :func:`percentile`, the same mid-rank percentile as the corpus's.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.records import word_count

REFERENCE_FILE = Path(__file__).resolve().parents[2] / "models" / "persuasion" / "reference.json"


@dataclass(frozen=True, slots=True)
class VoiceSummary:
    words: int
    shown: int  # spans at or above the display threshold
    own: int  # ... in the outlet's own voice
    quoted: int  # ... inside quotations
    own_per_1000: float  # own-voice shown spans per 1,000 words of the article
    quoted_per_1000: float
    speakers: dict[str, int] = field(default_factory=dict)  # shown quoted spans by speaker ("" when unknown)
    own_techniques: dict[str, int] = field(default_factory=dict)  # shown own-voice spans by technique


def _get(item: Any, key: str, default: Any = None) -> Any:
    return item.get(key, default) if isinstance(item, dict) else getattr(item, key, default)


def summarize(text: str, techniques: tuple[Any, ...] | list[Any]) -> VoiceSummary:
    """The summary of an article's technique records (``Technique`` objects or their JSON dicts)."""
    words = word_count(text)
    shown = [t for t in techniques if _get(t, "shown", True)]
    own = [t for t in shown if _get(t, "voice", "own") == "own"]
    quoted = [t for t in shown if _get(t, "voice", "own") == "quoted"]
    rate = 1000.0 / words if words else 0.0
    return VoiceSummary(
        words,
        len(shown),
        len(own),
        len(quoted),
        round(len(own) * rate, 2),
        round(len(quoted) * rate, 2),
        dict(Counter(_get(t, "speaker") or "" for t in quoted).most_common()),
        dict(Counter(_get(t, "technique") for t in own).most_common()),
    )


def percentile(rate: float, rates: Sequence[float]) -> float | None:
    """Where ``rate`` stands among ``rates`` (0-100): the share below it plus half the ties (mid-rank).

    Many articles show no span at all, so ties are the rule at 0: an article with none sits at the
    middle of the articles with none, not at 0 or at their top. None when ``rates`` is empty.
    ``presslens.corpus.persuasion`` ranks a store's articles and outlets with this function too.
    """
    if not rates:
        return None
    xs = sorted(rates)
    below, upto = bisect_left(xs, rate), bisect_right(xs, rate)
    return round(100.0 * (below + 0.5 * (upto - below)) / len(xs), 1)


@dataclass(frozen=True, slots=True)
class Reference:
    """A distribution of own-voice rates to place an article in (``reference.json``)."""

    corpus: str  # what the rates were measured on, for the reader ("240 US news articles (allsides)")
    own_per_1000: tuple[float, ...]
    display_threshold: float
    producer: str

    def percentile(self, rate: float) -> float | None:
        return percentile(rate, self.own_per_1000)

    def share_with_shown(self) -> float:
        """Share of the reference articles with at least one own-voice span shown."""
        return sum(1 for r in self.own_per_1000 if r > 0) / len(self.own_per_1000) if self.own_per_1000 else 0.0


@lru_cache(maxsize=2)
def load_reference(path: Path = REFERENCE_FILE) -> Reference | None:
    """The bundled reference distribution (None when the file is missing or unreadable: no percentile then)."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        return Reference(str(d["corpus"]), tuple(float(x) for x in d["own_per_1000"]), float(d["display_threshold"]), str(d.get("producer", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


__all__ = ["REFERENCE_FILE", "Reference", "VoiceSummary", "load_reference", "percentile", "summarize"]
