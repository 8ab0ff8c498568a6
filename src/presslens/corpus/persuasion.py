"""Persuasion in the outlet's own voice, ranked against the corpus an article or outlet sits in.

A teacher asks "is this much persuasion a lot?". One article's rate (technique spans at or above
the display threshold, in the outlet's own wording, per 1,000 words: the same count as the
report's :func:`presslens.annotate.persuasion.summary.summarize`) means little alone; its
percentile among the corpus's articles, or an outlet's rate among the corpus's outlets, does.

Which articles are compared: those the techniques annotator ran on, known from their having at
least one technique span of any confidence (the store cannot tell "ran and found nothing" from
"never ran"; the model leaves low-confidence spans in nearly every article it reads), and with at
least :data:`MIN_WORDS` words (a rate over a 40-word brief is noise). Outlets are compared when
the corpus holds at least :data:`MIN_ARTICLES` of their articles.

The percentile is the mid-rank one: the share of the compared articles with a lower rate plus
half the share with the same rate, so an article at the corpus median sits at 50 whatever the
ties (many articles have no own-voice span at all).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from presslens.annotate.persuasion.summary import percentile  # mid-rank, the report's definition
from presslens.store.rows import ArticleVoices

MIN_WORDS = 150
MIN_ARTICLES = 5


def rate(count: int, words: int) -> float:
    """``count`` per 1,000 of ``words`` (0 for no words)."""
    return round(1000.0 * count / words, 2) if words else 0.0


@dataclass(frozen=True, slots=True)
class VoiceRank:
    """An article's or an outlet's technique spans by voice, its own-voice rate, and where that rate
    falls among the corpus's articles (or outlets): ``percentile`` of ``among`` compared (None when
    it was not compared: too short, too few articles, or nothing to compare with)."""

    own: int
    quoted: int
    words: int
    own_per_1000: float
    percentile: float | None
    among: int

    def to_dict(self) -> dict[str, Any]:
        return {"own": self.own, "quoted": self.quoted, "words": self.words, "own_per_1000": self.own_per_1000,
                "percentile": self.percentile, "among": self.among}


class CorpusVoices:
    """The own-voice rates of a corpus's articles and outlets (from :meth:`Store.technique_voices`)."""

    def __init__(self, rows: list[ArticleVoices], threshold: float) -> None:
        self.threshold = threshold
        self.by_id = {r.article_id: r for r in rows}
        self.article_rates = sorted(rate(r.own, r.words) for r in rows if r.words >= MIN_WORDS)
        outlets: dict[str, list[ArticleVoices]] = defaultdict(list)
        for r in rows:
            if r.publisher:
                outlets[r.publisher.strip().lower()].append(r)
        self.outlets = {name: items for name, items in outlets.items() if len(items) >= MIN_ARTICLES}
        self.outlet_rates = sorted(rate(sum(r.own for r in items), sum(r.words for r in items))
                                   for items in self.outlets.values())

    def article(self, article_id: str) -> VoiceRank | None:
        """The rank of one stored article (None when it has no technique spans in the store)."""
        r = self.by_id.get(article_id)
        if r is None:
            return None
        own_rate = rate(r.own, r.words)
        compared = r.words >= MIN_WORDS
        return VoiceRank(r.own, r.quoted, r.words, own_rate, percentile(own_rate, self.article_rates) if compared else None,
                         len(self.article_rates))

    def outlet(self, rows: list[ArticleVoices]) -> VoiceRank:
        """The rank of an outlet given its articles' rows (e.g. ``store.technique_voices(t, source)``)."""
        own, quoted, words = sum(r.own for r in rows), sum(r.quoted for r in rows), sum(r.words for r in rows)
        own_rate = rate(own, words)
        compared = len(rows) >= MIN_ARTICLES
        return VoiceRank(own, quoted, words, own_rate, percentile(own_rate, self.outlet_rates) if compared else None,
                         len(self.outlet_rates))


def voice_line(rank: VoiceRank | dict[str, Any], among: str = "articles") -> str:
    """One plain line for a person: "2 spans in the outlet's own wording (0.85 per 1,000 words, more
    than 73% of the corpus's 41 outlets), 5 in quotations"."""
    d = rank.to_dict() if isinstance(rank, VoiceRank) else rank
    line = f"{d['own']} span{'s' * (d['own'] != 1)} in the outlet's own wording ({d['own_per_1000']:.2f} per 1,000 words"
    if d.get("percentile") is not None:
        line += f", percentile {d['percentile']:.0f} among the corpus's {d['among']} {among}"
    return line + f"), {d['quoted']} in quotations"


_CACHE: dict[tuple[str, int, float], CorpusVoices] = {}


def corpus_voices(store: Any, threshold: float) -> CorpusVoices:
    """The :class:`CorpusVoices` of ``store`` at ``threshold``, kept while the store's article count is
    unchanged (one pass over the technique spans per ingest, not per page view)."""
    key = (str(getattr(store, "url", id(store))), int(store.count()), float(threshold))
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        found = _CACHE[key] = CorpusVoices(store.technique_voices(threshold), threshold)
    return found


__all__ = ["MIN_ARTICLES", "MIN_WORDS", "CorpusVoices", "VoiceRank", "corpus_voices", "percentile", "rate", "voice_line"]
