"""Republication and near-duplicates across outlets (``presslens dupes``).

Each article body is normalised (:func:`presslens.records.normalize_body`) and cut into
word shingles (``k`` consecutive words, 8 by default). A MinHash of the shingles is matched as a
MinHash LSH Ensemble (datasketch's design, built for containment) would match it, queried a little
under the threshold (:func:`candidate_pairs`: the ensemble's candidates, computed from a compact
signature matrix); every candidate pair is then verified exactly: ``containment`` is the share of the
smaller article's shingles found in the other, ``jaccard`` the usual ratio. Pairs with
``containment >= threshold`` are joined into clusters (union-find, most similar pairs first,
two groups merging only when at least half the pairs across them are near-duplicates, so that a
round-up containing several stories does not chain them together).

In a cluster the original is chosen from explicit provenance first, then dates:

1. a member whose publisher is named as the original source or wire by another member;
2. else the earliest ``published`` date (articles without a date come last), ties broken by the
   longer body, then the id; when members credit a source that is not stored (a wire, another
   site), it is reported as the cluster's ``named_source`` and the first carrier stands in for it.

Every other member is a copy; its edits against the original are the paragraphs added and
removed (``difflib`` over the lists of normalised paragraphs).

Results are stored in ``dupe_clusters`` and ``dupe_members`` (migration 3), rebuilt as a whole
by :func:`rebuild`, which streams the bodies from the store in batches and keeps ~1 kB an article
(the signature), so a 37k-article corpus stays in ~200 MB (docs/corpus.md, ``bench/dupes.py``); the store's query methods (:mod:`presslens.store.queries`) read and write them.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from presslens.corpus.dupes_lsh import candidate_pairs
from presslens.records import normalize_body
from presslens.store.base import Store
from presslens.store.rows import ArticleText, DupeCluster, DupeMember

DEFAULT_K = 8
DEFAULT_THRESHOLD = 0.5
DEFAULT_NUM_PERM = 128
#: The index is a MinHash LSH Ensemble (containment, not Jaccard: a short article inside a long
#: live blog has containment 1.0 but Jaccard 0.01); it is queried at ``threshold - DEFAULT_LSH_MARGIN``
#: (at most 0.4: its estimates are loose on small collections and high thresholds)
#: and every candidate is verified exactly.
DEFAULT_LSH_MARGIN = 0.15

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Doc:
    """What near-duplicate detection needs of an article."""

    id: str
    text: str
    publisher: str | None = None
    published: str | None = None
    original_source: str | None = None
    republished_by: str | None = None
    wire: str | None = None

    @classmethod
    def from_article(cls, article: Any) -> Doc:
        p = article.provenance
        original = p.original_source or next((f.value for f in p.facts if f.kind == "original_source" and f.value), None)
        wire = p.wire or next((f.value for f in p.facts if f.kind == "wire" and f.value), None)
        republished = p.republished_by or next((f.value for f in p.facts if f.kind == "republished_by" and f.value), None)
        return cls(article.id, article.text, article.publisher, article.published, original, republished, wire)

    @classmethod
    def from_row(cls, row: ArticleText) -> Doc:
        return cls(row.id, row.text, row.publisher, row.published, row.original_source, row.republished_by, row.wire)

    def paragraphs(self) -> list[str]:
        return [p for p in (normalize_body(x) for x in re.split(r"\n\s*\n", self.text)) if p]

    def credits(self) -> set[str]:
        return {n for n in (_name(self.original_source), _name(self.wire)) if n}

    def credits_any(self) -> bool:
        return bool(self.original_source or self.republished_by or self.wire)


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    jaccard: float
    containment: float


Member = DupeMember
"""One article of a cluster (stored by :meth:`~presslens.store.base.Store.replace_dupe_clusters`)."""
Cluster = DupeCluster
"""Near-identical articles, original first."""


def shingles(text: str, k: int = DEFAULT_K) -> set[str]:
    """Word ``k``-shingles of the normalised text (a text shorter than ``k`` words is one shingle)."""
    words = _WORD.findall(normalize_body(text))
    if not words:
        return set()
    return {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def shingle_hashes(text: str, k: int = DEFAULT_K) -> list[int]:
    """Signed 64-bit hashes (blake2b) of the article's ``k``-shingles, sorted and unique: 8 bytes a
    shingle in an array instead of a string in a set (the whole 37k-article corpus's shingles took
    ~5 GB as strings); two articles share a hash only when they share the shingle (a collision
    among 2**64 values is not a concern at corpus sizes). The Spark job uses the same hashes."""
    return sorted({int.from_bytes(hashlib.blake2b(x.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
                   for x in shingles(text, k)})


def _similarity_sorted(a: Any, b: Any) -> tuple[float, float]:
    """:func:`similarity` of two sorted, unique hash arrays (numpy)."""
    import numpy as np

    if not a.size or not b.size:
        return 0.0, 0.0
    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    return inter / (a.size + b.size - inter), inter / min(a.size, b.size)


def similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    """(jaccard, containment) of two shingle sets; containment is over the smaller set."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def _low32(value: int) -> int:
    """MinHash's permutations take 32-bit hashes: the low half of a shingle's 64-bit hash."""
    return value & 0xFFFFFFFF


def _hash_array(text: str, k: int) -> Any:
    """:func:`shingle_hashes` as a numpy int64 array (8 bytes a shingle)."""
    import numpy as np

    return np.array(shingle_hashes(text, k), dtype=np.int64)


def _signature(hashes: Any, num_perm: int, seed: int) -> Any:
    """The MinHash (``num_perm`` uint64 values, datasketch's) of one article's shingle hashes."""
    from datasketch import MinHash

    mh = MinHash(num_perm=num_perm, seed=seed, hashfunc=_low32)  # the shingle's hash is already a hash
    mh.update_batch(hashes.tolist())
    return mh.hashvalues


def _ensemble_threshold(threshold: float, lsh_margin: float) -> float:
    return max(0.05, min(threshold - lsh_margin, 0.4))


def verify_pairs(candidates: Any, ids: Sequence[str], hashes: Any, threshold: float) -> list[Pair]:
    """The candidate pairs (row numbers) whose exact containment is >= ``threshold``, sorted by ids;
    ``hashes(i)`` gives row ``i``'s sorted shingle hashes."""
    pairs: list[Pair] = []
    for a, b in candidates.tolist():
        if ids[a] == ids[b]:
            continue
        jac, con = _similarity_sorted(hashes(a), hashes(b))
        if con >= threshold:
            pairs.append(Pair(ids[a], ids[b], round(jac, 4), round(con, 4)))
    pairs.sort(key=lambda p: (p.a, p.b))
    return pairs


def find_pairs(docs: Sequence[Doc], threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K,
               num_perm: int = DEFAULT_NUM_PERM, lsh_margin: float = DEFAULT_LSH_MARGIN,
               seed: int = 1) -> list[Pair]:
    """Verified near-duplicate pairs (containment >= ``threshold``), ids in input order within a pair.

    Candidates are those of a MinHash LSH Ensemble queried at ``threshold - lsh_margin``
    (:func:`candidate_pairs`); :func:`rebuild` does the same over a store without holding its bodies."""
    import numpy as np

    sets = [_hash_array(d.text, k) for d in docs]
    sigs = np.zeros((len(docs), num_perm), dtype=np.uint64)
    for i, s in enumerate(sets):
        if s.size:
            sigs[i] = _signature(s, num_perm, seed)
    candidates = candidate_pairs(sigs, [len(s) for s in sets], _ensemble_threshold(threshold, lsh_margin), num_perm)
    return verify_pairs(candidates, [d.id for d in docs], sets.__getitem__, threshold)


def _name(value: str | None) -> str:
    """A publisher or source name reduced for comparison: 'The Associated Press' ~ 'apnews.com'."""
    if not value:
        return ""
    v = value.casefold().strip()
    v = re.sub(r"^https?://", "", v)
    v = re.sub(r"^www\.", "", v)
    v = re.sub(r"\.(com|org|net|co\.uk|co|news)(/.*)?$", "", v)
    v = re.sub(r"^the\s+", "", v)
    v = re.sub(r"[^a-z0-9]+", "", v)
    return {"associatedpress": "ap", "apnews": "ap", "reutersnews": "reuters"}.get(v, v)


def choose_original(members: Sequence[Doc]) -> tuple[Doc, str, str | None]:
    """(original, reason, named source outside the cluster or None), see the module docstring."""
    by_date = sorted(members, key=lambda d: (d.published is None, d.published or "", -len(d.text), d.id))
    credited: dict[str, int] = {}
    for d in members:
        for name in d.credits():
            credited[name] = credited.get(name, 0) + 1
    named = [d for d in by_date if _name(d.publisher) and _name(d.publisher) in credited and not (d.credits() - {_name(d.publisher)})]
    if named:
        d = named[0]
        return d, f"provenance: {credited[_name(d.publisher)]} member(s) credit {d.publisher}", None
    external = next((d.original_source or d.wire for d in by_date if d.original_source or d.wire), None)
    when = "earliest published date" if by_date[0].published else "no dates: longest body"
    if external:  # the original is elsewhere (a wire, a site not stored): the first carrier stands in for it
        return by_date[0], f"provenance: copies credit {external} (not stored); {when}", external
    if by_date[0].published:
        if len(by_date) > 1 and by_date[1].published == by_date[0].published:
            return by_date[0], "earliest published date, tied (uncertain): longest body", external
        return by_date[0], "earliest published date", external
    return by_date[0], "no dates: longest body", external


def edits(original: Doc, copy: Doc) -> tuple[list[str], list[str]]:
    """(added, removed) paragraphs of ``copy`` against ``original`` (normalised text)."""
    a, b = original.paragraphs(), copy.paragraphs()
    added: list[str] = []
    removed: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed += a[i1:i2]
        if op in ("insert", "replace"):
            added += b[j1:j2]
    return added, removed


def cluster(docs: Sequence[Doc], pairs: Iterable[Pair], k: int = DEFAULT_K, cohesion: float = 0.5) -> list[Cluster]:
    """Clusters of the pairs, each with its original and the edits of its copies.

    Union-find over the pairs, most similar first, where two groups merge only when at least
    ``cohesion`` of the pairs across them are near-duplicates themselves: a live blog or a
    round-up that contains several wire stories would otherwise chain them all into one cluster.
    """
    pairs = sorted(pairs, key=lambda p: (-p.containment, -p.jaccard, p.a, p.b))
    linked = {(p.a, p.b) for p in pairs} | {(p.b, p.a) for p in pairs}
    parent: dict[str, str] = {}
    members_of: dict[str, list[str]] = {}

    def find(x: str) -> str:
        if x not in parent:
            parent[x] = x
            members_of[x] = [x]
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra == rb:
            continue
        ma, mb = members_of[ra], members_of[rb]
        cross = sum(1 for x in ma for y in mb if (x, y) in linked)
        if cross < cohesion * len(ma) * len(mb):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        members_of[keep] = ma + mb if keep == ra else mb + ma
        del members_of[gone]
    by_id = {d.id: d for d in docs}
    groups: dict[str, list[Doc]] = {}
    for root, ids in members_of.items():
        if len(ids) > 1:  # a document whose every merge was refused stays out (its pairs remain)
            groups[root] = [by_id[x] for x in ids]
    clusters: list[Cluster] = []
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(d.id for d in g)))
    for n, group in enumerate(ordered, 1):
        original, reason, named = choose_original(group)
        sets = {d.id: shingles(d.text, k) for d in group}
        members = [Member(original.id, "original", original.publisher, original.published)]
        for d in sorted(group, key=lambda d: (d.published is None, d.published or "", d.id)):
            if d.id == original.id:
                continue
            jac, con = similarity(sets[original.id], sets[d.id])
            added, removed = edits(original, d)
            members.append(Member(d.id, "copy", d.publisher, d.published, round(con, 4), round(jac, 4), added, removed))
        clusters.append(Cluster(n, original.id, reason, members, named))
    return clusters


def find_dupes(docs: Sequence[Doc], threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K,
               num_perm: int = DEFAULT_NUM_PERM) -> list[Cluster]:
    return cluster(docs, find_pairs(docs, threshold, k, num_perm), k)


# ---------------------------------------------------------------------------
# Store
# ---------------------------------------------------------------------------
def load_docs(store: Store) -> list[Doc]:
    """Every stored article as a :class:`Doc` (body, publisher, date and provenance facts; no record JSON)."""
    return [Doc.from_row(row) for row in store.article_texts()]


def find_stored_pairs(store: Store, threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K,
                      num_perm: int = DEFAULT_NUM_PERM, lsh_margin: float = DEFAULT_LSH_MARGIN, seed: int = 1,
                      batch_size: int = 500) -> tuple[list[Pair], int]:
    """:func:`find_pairs` over every stored article, in bounded memory: (pairs, articles read).

    The bodies are read ``batch_size`` at a time and only each article's MinHash signature
    (``num_perm`` x 8 bytes) and shingle count are kept; the candidate pairs come from the signatures
    (:func:`candidate_pairs`), and the shingle hashes are computed again, from a second read, only for
    the articles in a candidate pair. Same pairs as :func:`find_pairs` on :func:`load_docs`.
    """
    import numpy as np

    ids: list[str] = []
    sizes: list[int] = []
    blocks: list[Any] = []
    for batch in store.article_text_batches(batch_size):
        block = np.zeros((len(batch), num_perm), dtype=np.uint64)
        for n, row in enumerate(batch):
            shingled = _hash_array(row.text, k)
            ids.append(row.id)
            sizes.append(len(shingled))
            if shingled.size:
                block[n] = _signature(shingled, num_perm, seed)
        blocks.append(block)
    if not ids:
        return [], 0
    sigs = np.concatenate(blocks)
    del blocks
    candidates = candidate_pairs(sigs, sizes, _ensemble_threshold(threshold, lsh_margin), num_perm)
    del sigs
    rows = np.unique(candidates)
    hashes: dict[int, Any] = {}
    row_of = {ids[int(r)]: int(r) for r in rows}
    for i in range(0, len(rows), batch_size):
        for text in store.article_texts([ids[int(r)] for r in rows[i:i + batch_size]]):
            hashes[row_of[text.id]] = _hash_array(text.text, k)
    empty = np.empty(0, dtype=np.int64)  # an article deleted between the two reads matches nothing
    return verify_pairs(candidates, ids, lambda r: hashes.get(r, empty), threshold), len(ids)


def rebuild(store: Store, threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K, num_perm: int = DEFAULT_NUM_PERM) -> list[Cluster]:
    """Detect the clusters of every stored article and replace the stored ones, in one transaction.

    Memory: the signatures of every article and the bodies of the articles in a near-duplicate pair
    (:func:`find_stored_pairs`), never every body at once."""
    pairs, articles = find_stored_pairs(store, threshold, k, num_perm)
    members = sorted({x for p in pairs for x in (p.a, p.b)})
    docs = [Doc.from_row(row) for i in range(0, len(members), 500) for row in store.article_texts(members[i:i + 500])]
    clusters = cluster(docs, pairs, k)
    store.replace_dupe_clusters(clusters, {"threshold": threshold, "k": k, "num_perm": num_perm}, articles=articles)
    return clusters


def stored_params(store: Store) -> dict[str, Any] | None:
    """The parameters of the stored clusters (None when they were never built)."""
    return store.dupe_params()


def is_stale(store: Store) -> bool:
    """Whether articles were stored after the stored clusters were built (or they never were)."""
    run = store.dupe_run()
    if run is None:  # never built, or built before runs were recorded (presslens dupes --rebuild records one)
        return True
    if isinstance(run.get("articles"), int) and run["articles"] != store.count():  # timestamps are to the second
        return True
    latest = store.last_ingested_at()
    return latest is not None and latest > str(run.get("built_at") or "")


def load_clusters(store: Store) -> list[Cluster]:
    """The stored clusters, members in stored order (original first)."""
    return store.dupe_clusters()


__all__ = ["Cluster", "Doc", "Member", "Pair", "candidate_pairs", "choose_original", "cluster", "edits", "find_dupes",
           "find_pairs", "find_stored_pairs", "is_stale", "load_clusters", "load_docs", "rebuild", "shingle_hashes", "shingles", "similarity", "stored_params",
           "verify_pairs"]
