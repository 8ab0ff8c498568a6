"""Source profiles: what one outlet's stored articles look like, from the store's tables.

``profile(store, "Meridian Review")`` reads the articles whose publisher is SOURCE
(case-insensitive), or whose URL is on SOURCE when it is a domain (``harbourpost.example``,
``www.`` too), and counts over the generic ``annotations`` table and ``provenance_facts``:

- articles, first and last publication date, words (whitespace-separated, counted in Python);
- quotations per article and the top speakers (``quotes``, ``label`` = resolved speaker);
- the share of vague sources (``sources`` whose ``label``, the record's ``kind``, is ``vague``);
- numeric claims per 1,000 words (``numeric_claims``);
- persuasion techniques per 1,000 words, by technique (``techniques``, ``label`` = technique);
- republished from (this outlet's ``original_source`` facts) and republished by (other
  outlets' articles whose ``original_source`` is this outlet).

Every count comes with up to :data:`MAX_REFS` references for drill-down: article ids, and
annotation references ``ARTICLE_ID/KIND/IDX`` (``store.annotations(article_id, kind)[idx]``).
The SQL is parameterised and the same on SQLite and PostgreSQL.

Outlet labels (``--labels FILE.tsv``, e.g. the MBFC-derived ``media_source_labels``) are
matched on domain: SOURCE itself when it is a domain, else the domains of its articles' URLs.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from presslens.store.base import SQLStore

MAX_REFS = 5
TOP = 10
KINDS = ("quotes", "sources", "numeric_claims", "techniques")


@dataclass
class Count:
    """``name`` seen ``count`` times; ``refs`` the first few ids behind it."""

    name: str
    count: int
    refs: list[str] = field(default_factory=list)


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
    techniques_per_1000_words: dict[str, float] = field(default_factory=dict)
    technique_counts: list[Count] = field(default_factory=list)
    republished_from: list[Count] = field(default_factory=list)
    republished_by: list[Count] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    labels: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------
def _is_domain(source: str) -> bool:
    return "." in source and " " not in source.strip() and "/" not in source.strip().rstrip("/")


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "").lower()
    return host.removeprefix("www.") or None


def source_filter(source: str, prefix: str = "a.") -> tuple[str, list[Any]]:
    """A SQL condition (``?`` parameters) selecting the articles of SOURCE, and its parameters."""
    where = f"lower({prefix}publisher) = lower(?)"
    params: list[Any] = [source.strip()]
    if _is_domain(source):
        d = domain_of(source) or source.lower()
        where += "".join(f" OR lower({prefix}url) LIKE ?" for _ in range(4))
        params += [f"%://{d}/%", f"%://www.{d}/%", f"%://{d}", f"%://www.{d}"]
    return f"({where})", params


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


def _counts(rows: list[tuple[Any, ...]]) -> list[Count]:
    return [Count(str(name), int(n)) for name, n in rows]


def _add_refs(counts: list[Count], rows: list[tuple[Any, ...]]) -> None:
    """rows: (name, ref) in order; the first MAX_REFS refs of each name."""
    by_name = {c.name: c for c in counts}
    for name, ref in rows:
        c = by_name.get(str(name))
        if c is not None and len(c.refs) < MAX_REFS and ref not in c.refs:
            c.refs.append(ref)


def profile(store: SQLStore, source: str, labels: dict[str, dict[str, str]] | None = None, top: int = TOP) -> Profile:
    """The profile of SOURCE (a publisher name or a domain) in ``store``."""
    cond, params = source_filter(source)
    p = Profile(source=source)
    q = store.query

    row = q(f"SELECT count(*), min(a.published), max(a.published) FROM articles a WHERE {cond}", params)[0]
    p.articles, p.first_published, p.last_published = int(row[0]), row[1], row[2]
    if not p.articles:
        return p
    domains: Counter[str] = Counter()
    for article_id, url, text in q(f"SELECT a.id, a.url, a.text FROM articles a WHERE {cond} ORDER BY a.published, a.id", params):
        p.words += len(text.split())
        if len(p.article_ids) < 1000:
            p.article_ids.append(article_id)
        d = domain_of(url)
        if d:
            domains[d] += 1
    p.domains = [d for d, _ in domains.most_common()]
    p.publishers = _counts(q(f"SELECT coalesce(a.publisher, ''), count(*) FROM articles a WHERE {cond} "
                             "GROUP BY coalesce(a.publisher, '') ORDER BY count(*) DESC, coalesce(a.publisher, '')", params))

    # Annotation counts, by kind and label, in one pass over the annotations of these articles.
    join = f"FROM annotations n JOIN articles a ON a.id = n.article_id WHERE {cond} AND n.kind IN (?, ?, ?, ?)"
    by_kind: dict[str, list[tuple[str, int]]] = {k: [] for k in KINDS}
    for kind, label, n in q(f"SELECT n.kind, coalesce(n.label, ''), count(*) {join} GROUP BY n.kind, coalesce(n.label, '') "
                            "ORDER BY n.kind, count(*) DESC, coalesce(n.label, '')", [*params, *KINDS]):
        by_kind[kind].append((label, int(n)))
    per_kw = 1000.0 / p.words if p.words else 0.0

    p.quotes = sum(n for _, n in by_kind["quotes"])
    p.quotes_per_article = round(p.quotes / p.articles, 3)
    p.top_speakers = [Count(label, n) for label, n in by_kind["quotes"] if label][:top]
    p.sources = sum(n for _, n in by_kind["sources"])
    p.vague_sources = sum(n for label, n in by_kind["sources"] if label == "vague")
    p.vague_share = round(p.vague_sources / p.sources, 3) if p.sources else 0.0
    p.numeric_claims = sum(n for _, n in by_kind["numeric_claims"])
    p.numeric_claims_per_1000_words = round(p.numeric_claims * per_kw, 3)
    p.technique_counts = [Count(label, n) for label, n in by_kind["techniques"] if label]
    p.techniques = sum(n for _, n in by_kind["techniques"])
    p.techniques_per_1000_words = {c.name: round(c.count * per_kw, 3) for c in p.technique_counts}

    # Drill-down references: the first spans of each speaker, technique and the vague sources.
    refs = q(f"SELECT n.kind, coalesce(n.label, ''), n.article_id, n.idx {join} "
             "ORDER BY n.kind, coalesce(n.label, ''), a.published, n.article_id, n.idx", [*params, *KINDS])
    _add_refs(p.top_speakers, [(label, f"{aid}/quotes/{idx}") for kind, label, aid, idx in refs if kind == "quotes"])
    _add_refs(p.technique_counts, [(label, f"{aid}/techniques/{idx}") for kind, label, aid, idx in refs if kind == "techniques"])
    p.vague_refs = [f"{aid}/sources/{idx}" for kind, label, aid, idx in refs if kind == "sources" and label == "vague"][:MAX_REFS]

    # Provenance: whom this outlet republishes, and who republishes it.
    p.republished_from = _counts(q(
        f"SELECT f.value, count(DISTINCT f.article_id) FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
        f"WHERE {cond} AND f.kind = ? AND f.value IS NOT NULL AND lower(f.value) <> lower(coalesce(a.publisher, '')) "
        "GROUP BY f.value ORDER BY count(DISTINCT f.article_id) DESC, f.value", [*params, "original_source"]))
    _add_refs(p.republished_from, q(
        f"SELECT f.value, f.article_id FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
        f"WHERE {cond} AND f.kind = ? ORDER BY f.value, a.published, f.article_id", [*params, "original_source"]))
    p.republished_by = _counts(q(
        f"SELECT coalesce(a.publisher, ''), count(DISTINCT a.id) FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
        f"WHERE f.kind = ? AND lower(f.value) = lower(?) AND (CASE WHEN {cond} THEN 1 ELSE 0 END) = 0 "
        "GROUP BY coalesce(a.publisher, '') ORDER BY count(DISTINCT a.id) DESC, coalesce(a.publisher, '')",
        ["original_source", source.strip(), *params]))
    _add_refs(p.republished_by, q(
        f"SELECT coalesce(a.publisher, ''), a.id FROM provenance_facts f JOIN articles a ON a.id = f.article_id "
        f"WHERE f.kind = ? AND lower(f.value) = lower(?) AND (CASE WHEN {cond} THEN 1 ELSE 0 END) = 0 ORDER BY a.published, a.id",
        ["original_source", source.strip(), *params]))

    if labels is not None:
        keys = ([domain_of(source)] if _is_domain(source) else []) + p.domains
        p.labels = next((labels[k] for k in keys if k and k in labels), None)
    return p


__all__ = ["Count", "MAX_REFS", "Profile", "domain_of", "load_labels", "profile", "source_filter"]
