"""Source profiles: what one outlet's stored articles look like, from the store's tables.

``profile(store, "Meridian Review")`` reads the articles whose publisher is SOURCE
(case-insensitive), or whose URL is on SOURCE when it is a domain (``harbourpost.example``,
``www.`` too), and counts over the generic ``annotations`` table and ``provenance_facts``:

- articles, first and last publication date, words (whitespace-separated, counted in Python);
- quotations per article and the top speakers: the stored speaker names grouped into one identity
  per person (:func:`presslens.corpus.speakers.top_speakers`: "Donald J. Trump", "Donald Trump" and
  "Trump" are one; quote kinds and common nouns are nobody);
- the share of vague sources (``sources`` whose ``label``, the record's ``kind``, is ``vague``);
- numeric claims per 1,000 words (``numeric_claims``);
- persuasion techniques per 1,000 words, by technique (``techniques``, ``label`` = technique),
  counting only spans at or over the display threshold (``persuasion.display_threshold``, the
  one the reader uses; 0.5 when the settings have none): most spans the tagger emits are weak,
  and counting them all made every outlet look alike;
- republished from (this outlet's ``original_source`` facts) and republished by (other
  outlets' articles whose ``original_source`` is this outlet).

Every count comes with up to :data:`MAX_REFS` references for drill-down: article ids, and
annotation references ``ARTICLE_ID/KIND/IDX`` (``store.annotations(article_id, kind)[idx]``).
The counting is done by the store's ``source_*`` query methods (:mod:`presslens.store.queries`),
the same parameterised SQL on SQLite and PostgreSQL; the words, domains and references are
put together here.

Outlet labels (``--labels FILE.tsv``, e.g. the MBFC-derived ``media_source_labels``) are
matched on domain: SOURCE itself when it is a domain, else the domains of its articles' URLs.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from presslens.corpus.persuasion import corpus_voices
from presslens.corpus.speakers import SPEAKER_UNCERTAIN, top_speakers
from presslens.store.base import Store
from presslens.store.queries import domain_of, is_domain
from presslens.store.rows import NameCount, NameRef

MAX_REFS = 5
TOP = 10
KINDS = ("quotes", "sources", "numeric_claims", "techniques")
DISPLAY_THRESHOLD = 0.5
"""The persuasion display threshold when the settings have none (``persuasion.display_threshold``)."""


def display_threshold(settings: Any = None) -> float:
    """The confidence under which a technique span is not shown or counted: the persuasion settings'
    ``display_threshold`` when they have one, else :data:`DISPLAY_THRESHOLD`."""
    value = getattr(getattr(settings, "persuasion", None), "display_threshold", None)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else DISPLAY_THRESHOLD


@dataclass
class Count:
    """``name`` seen ``count`` times; ``refs`` the first few ids behind it."""

    name: str
    count: int
    refs: list[str] = field(default_factory=list)
    uncertain: int = 0
    """(speakers) quotations whose speaker confidence is low (shown as "name?")."""


@dataclass
class Profile:
    source: str
    articles: int = 0
    first_published: str | None = None
    last_published: str | None = None
    words: int = 0
    publishers: list[Count] = field(default_factory=list)
    quotes: int = 0
    quotes_per_article: float = 0.0
    sources: int = 0
    vague_sources: int = 0
    vague_share: float = 0.0
    vague_refs: list[str] = field(default_factory=list)
    top_speakers: list[Count] = field(default_factory=list)
    numeric_claims: int = 0
    numeric_claims_per_1000_words: float = 0.0
    techniques: int = 0
    technique_threshold: float = DISPLAY_THRESHOLD
    techniques_below_threshold: int = 0
    techniques_per_1000_words: dict[str, float] = field(default_factory=dict)
    technique_counts: list[Count] = field(default_factory=list)
    own_voice: dict[str, Any] | None = None
    """Shown spans in the outlet's own wording vs quoted, its own-voice rate per 1,000 words and its
    percentile among the corpus's outlets (:class:`presslens.corpus.persuasion.VoiceRank`)."""
    republished_from: list[Count] = field(default_factory=list)
    republished_by: list[Count] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    labels: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------
def load_labels(path: str | Path) -> dict[str, dict[str, str]]:
    """domain -> row of a labels TSV (a ``source_url_normalized`` or ``domain`` column, else ``source_url``)."""
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            key = row.get("source_url_normalized") or row.get("domain") or domain_of(row.get("source_url")) or ""
            key = domain_of(key.strip()) or ""
            if key and key not in out:
                out[key] = {k: v for k, v in row.items() if k is not None and v is not None}
    return out


def _counts(rows: list[NameCount]) -> list[Count]:
    return [Count(r.name, r.count) for r in rows]


def _add_refs(counts: list[Count], rows: list[tuple[str, str]]) -> None:
    """rows: (name, ref) in order; the first MAX_REFS refs of each name."""
    by_name = {c.name: c for c in counts}
    for name, ref in rows:
        c = by_name.get(str(name))
        if c is not None and len(c.refs) < MAX_REFS and ref not in c.refs:
            c.refs.append(ref)


def _article_refs(rows: list[NameRef]) -> list[tuple[str, str]]:
    return [(r.name, r.article_id) for r in rows]


def profile(store: Store, source: str, labels: dict[str, dict[str, str]] | None = None, top: int = TOP,
            threshold: float = DISPLAY_THRESHOLD) -> Profile:
    """The profile of SOURCE (a publisher name or a domain) in ``store``; techniques under ``threshold`` are not counted."""
    p = Profile(source=source, technique_threshold=threshold)
    overview = store.source_overview(source)
    p.articles, p.first_published, p.last_published = overview.articles, overview.first_published, overview.last_published
    if not p.articles:
        return p
    domains: Counter[str] = Counter()
    for article in store.source_articles(source):
        p.words += len(article.text.split())
        if len(p.article_ids) < 1000:
            p.article_ids.append(article.id)
        d = domain_of(article.url)
        if d:
            domains[d] += 1
    p.domains = [d for d, _ in domains.most_common()]
    p.publishers = _counts(store.source_publishers(source))

    # Annotation counts, by kind and label, in one pass over the annotations of these articles.
    by_kind: dict[str, list[tuple[str, int]]] = {k: [] for k in KINDS}
    floor = {"techniques": threshold}
    for row in store.source_label_counts(source, KINDS, min_confidence=floor):
        by_kind[row.kind].append((row.label, row.count))
    all_techniques = sum(r.count for r in store.source_label_counts(source, ("techniques",)))
    per_kw = 1000.0 / p.words if p.words else 0.0

    p.quotes = sum(n for _, n in by_kind["quotes"])
    p.quotes_per_article = round(p.quotes / p.articles, 3)
    speakers = top_speakers(store.speaker_rows(source=source, uncertain_below=SPEAKER_UNCERTAIN), top)
    p.top_speakers = [Count(s.name, s.quotes, uncertain=s.uncertain) for s in speakers]
    identity = {label: s.name for s in speakers for label in s.labels}
    p.sources = sum(n for _, n in by_kind["sources"])
    p.vague_sources = sum(n for label, n in by_kind["sources"] if label == "vague")
    p.vague_share = round(p.vague_sources / p.sources, 3) if p.sources else 0.0
    p.numeric_claims = sum(n for _, n in by_kind["numeric_claims"])
    p.numeric_claims_per_1000_words = round(p.numeric_claims * per_kw, 3)
    p.technique_counts = [Count(label, n) for label, n in by_kind["techniques"] if label]
    p.techniques = sum(n for _, n in by_kind["techniques"])
    p.techniques_below_threshold = all_techniques - p.techniques
    p.techniques_per_1000_words = {c.name: round(c.count * per_kw, 3) for c in p.technique_counts}
    if all_techniques:
        p.own_voice = corpus_voices(store, threshold).outlet(store.technique_voices(threshold, source)).to_dict()

    # Drill-down references: the first spans of each speaker, technique and the vague sources.
    refs = store.source_annotation_refs(source, KINDS, min_confidence=floor)
    _add_refs(p.top_speakers, [(identity[r.label], f"{r.article_id}/quotes/{r.idx}") for r in refs
                               if r.kind == "quotes" and r.label in identity])
    _add_refs(p.technique_counts, [(r.label, f"{r.article_id}/techniques/{r.idx}") for r in refs if r.kind == "techniques"])
    p.vague_refs = [f"{r.article_id}/sources/{r.idx}" for r in refs if r.kind == "sources" and r.label == "vague"][:MAX_REFS]

    # Provenance: whom this outlet republishes, and who republishes it.
    p.republished_from = _counts(store.source_republished_from(source))
    _add_refs(p.republished_from, _article_refs(store.source_republished_from_refs(source)))
    p.republished_by = _counts(store.source_republished_by(source))
    _add_refs(p.republished_by, _article_refs(store.source_republished_by_refs(source)))

    if labels is not None:
        keys = ([domain_of(source)] if is_domain(source) else []) + p.domains
        p.labels = next((labels[k] for k in keys if k and k in labels), None)
    return p


__all__ = ["Count", "DISPLAY_THRESHOLD", "MAX_REFS", "Profile", "display_threshold", "domain_of", "load_labels", "profile"]
