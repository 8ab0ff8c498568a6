"""An article-level summary of its persuasion techniques: the outlet's own voice against quoted speakers.

A teacher or researcher asks "how much does this outlet itself persuade, beside the people it
quotes?". :func:`summarize` counts the ``shown`` technique spans (those at or above the display
threshold) by voice and gives the outlet's own rate per 1,000 words of the article, the number a
corpus profile can rank articles and sources by (the percentile against a corpus is the
profile's job: it needs the corpus).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from presslens.records import word_count


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


__all__ = ["VoiceSummary", "summarize"]
