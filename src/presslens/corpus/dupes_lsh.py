"""Candidate pairs of the near-duplicate pass (:mod:`presslens.corpus.dupes`) from MinHash signatures.

The pass asks which articles a MinHash LSH Ensemble (datasketch's ``MinHashLSHEnsemble``, built for
containment: a short article inside a long live blog has containment 1.0 but Jaccard 0.01) would
return for each article. The ensemble itself keeps every band of every article as a bytes key in a
dict for each (partition, r) index it holds, ~250 keys an article: ~100 kB an article, several GB
for a 37k-article corpus. :func:`candidate_pairs` gives the same candidates from the signature
matrix alone (8 bytes x ``num_perm`` an article), one band at a time.
"""

from __future__ import annotations

from typing import Any


def candidate_pairs(signatures: Any, sizes: Any, threshold: float, num_perm: int = 128,
                    num_part: int = 16) -> Any:
    """The pairs a MinHash LSH Ensemble (datasketch's ``MinHashLSHEnsemble(threshold, num_perm, num_part)``)
    indexing every article with shingles and queried with each of them returns, computed from the
    signatures alone: an ``(m, 2)`` int64 array of row numbers ``i < j``, sorted.

    Why not the ensemble itself: it keeps every band of every article as a bytes key in a dict for
    each of its (partition, r) indexes, ~250 band keys an article; over 37k articles that was
    several GB (~100 kB an article). This reproduces its candidates (the same size partitions, :func:`size_partitions`;
    same tuned ``(b, r)`` for each query size and partition upper bound, a band matching when its
    ``r`` values are equal) one band at a time, holding the ``n x num_perm`` signature matrix and
    the candidate pairs as integers; ``tests/corpus/test_dupes.py`` checks it against datasketch.
    Articles without shingles (size 0) are not indexed.
    """
    import numpy as np
    from datasketch import MinHashLSHEnsemble

    rows = np.flatnonzero(np.asarray(sizes) > 0)
    empty = np.empty((0, 2), dtype=np.int64)
    if len(rows) < 2:
        return empty
    size = np.asarray(sizes, dtype=np.int64)[rows]
    sig = np.asarray(signatures)[rows]
    n = len(rows)
    # An empty ensemble holds no entry: it is read only for its tuned table of (b, r) by size ratio.
    tuned = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=num_part)
    uniq, counts = np.unique(size, return_counts=True)
    uppers = np.array([u for _, u in size_partitions(uniq, counts, num_part)], dtype=np.int64)
    part = np.searchsorted(uppers, size, side="left")  # each article's partition (bounds are inclusive)
    at = np.searchsorted(tuned.xqs, uppers[None, :].astype(np.float64) / size[:, None].astype(np.float64), side="left")
    at[at == len(tuned.params)] -= 1
    bands = tuned.params[at, 0]  # (n, partitions): bands a query of this size reads in that partition
    width = tuned.params[at, 1]  # ... and the values per band (r)
    found: list[Any] = [np.empty(0, dtype=np.int64)]
    for r in sorted({int(x) for x in np.unique(width)}):
        of_r = width == r
        for band in range(int(bands[of_r].max())):
            use = of_r & (bands > band)  # query i reads this band of partition p
            if not use.any():
                continue
            values = sig[:, band * r:(band + 1) * r]
            _, group = np.unique(values[:, 0] if r == 1 else values, axis=None if r == 1 else 0, return_inverse=True)
            codes = _band_pairs(group.ravel(), use, part, n)
            if codes.size:
                found.append(codes)
        if len(found) > 1:
            found = [np.unique(np.concatenate(found))]
    codes = np.unique(np.concatenate(found))
    if not codes.size:
        return empty
    return np.stack([rows[codes // n], rows[codes % n]], axis=1)


def size_partitions(sizes: Any, counts: Any, num_part: int) -> list[tuple[int, int]]:
    """The LSH Ensemble's partitions of set sizes, ``[(lower, upper), ...]`` (inclusive bounds): datasketch's
    ``optimal_partitions`` (the same dynamic programme: fewest expected false positives when a
    partition's sets are taken to be as large as its largest; ties to the smaller bound), in
    O(num_part x distinct sizes) memory and numpy time instead of its distinct-sizes-squared matrix
    of Python sums (~5,000 distinct sizes in a 37k corpus: 200 MB and minutes).

    The expected false positives of sizes ``l..u`` are ``sum(counts) - sum(sizes * counts) / sizes[u]``,
    from running sums (exact integers), where datasketch sums the terms one by one: the two can differ in
    the last bits, which could only matter for two partitionings whose costs tie to ~1e-12;
    ``tests/corpus/test_dupes.py`` checks that the partitions are datasketch's.
    """
    import numpy as np

    n = len(sizes)
    if num_part < 2:
        return [(int(sizes[0]), int(sizes[-1]))]
    if num_part >= n:
        return [(int(x), int(x)) for x in sizes]
    size = np.asarray(sizes, dtype=np.float64)
    total = np.cumsum(np.asarray(counts, dtype=np.float64))
    weight = np.cumsum(size * np.asarray(counts, dtype=np.float64))
    total0, weight0 = np.r_[0.0, total], np.r_[0.0, weight]  # sums before index l: total0[l]

    def nfps(lo: int, u: int) -> Any:
        """Expected false positives of the sizes l..u, for every l in lo..u."""
        return (total[u] - total0[lo:u + 1]) - (weight[u] - weight0[lo:u + 1]) / size[u]

    if num_part == 2:
        split = [nfps(0, u1)[0] + nfps(u1 + 1, n - 1)[0] for u1 in range(n - 1)]
        u = int(np.argmin(split))
        return [(int(sizes[0]), int(sizes[u])), (int(sizes[u + 1]), int(sizes[-1]))]
    first = total - weight / size  # sizes 0..u in one partition
    cost = np.zeros((n, num_part - 2))
    for p in range(2, num_part):
        prev = first if p == 2 else cost[:, p - 3]
        for u in range(p - 1, n):
            lo = 0 if p == 2 else p - 2
            cost[u, p - 2] = np.min(prev[lo:u] + nfps(lo + 1, u))
    p, u = num_part, n - 1
    lo = p - 2
    u1 = lo + int(np.argmin(cost[lo:n - 1, p - 3] + nfps(lo + 1, n - 1)))
    parts = [(int(sizes[u1 + 1]), int(sizes[-1]))]
    u, p = u1, p - 1
    while p > 1:  # as datasketch walks back: with the cost column of p partitions (not p - 1)
        lo = p - 2
        u1 = lo + int(np.argmin(cost[lo:u, p - 2] + nfps(lo + 1, u)))
        parts.insert(0, (int(sizes[u1 + 1]), int(sizes[u])))
        u, p = u1, p - 1
    parts.insert(0, (int(sizes[0]), int(sizes[u])))
    return parts


def _band_pairs(group: Any, use: Any, part: Any, n: int) -> Any:
    """Unordered pairs (as ``lo * n + hi`` codes, unique) of articles whose band values are equal
    (same ``group``) where one, as a query, reads that band in the other's partition (``use``)."""
    import numpy as np

    count = np.bincount(group)
    members = np.flatnonzero(count[group] >= 2)
    if not members.size:
        return np.empty(0, dtype=np.int64)
    members = members[np.argsort(group[members], kind="stable")]
    g = group[members]
    cut = np.flatnonzero(np.diff(g)) + 1
    starts, ends = np.r_[0, cut], np.r_[cut, len(members)]
    out: list[Any] = []
    budget = 1 << 21  # ordered pairs expanded at once: bounds the temporary arrays (~50 MB)
    lo = 0
    while lo < len(starts):
        hi, total = lo, 0
        while hi < len(starts) and (hi == lo or total + (ends[hi] - starts[hi]) ** 2 <= budget):
            total += int(ends[hi] - starts[hi]) ** 2
            hi += 1
        if total > budget:  # one very large group: one query at a time
            m = members[starts[lo]:ends[lo]]
            for q in m:
                j = m[(m != q) & use[q, part[m]]]
                if j.size:
                    out.append(np.minimum(q, j) * n + np.maximum(q, j))
        else:
            s, e = starts[lo:hi], ends[lo:hi]
            sizes = e - s
            per = np.repeat(sizes, sizes)  # partners of each member of these groups
            first = np.repeat(s, sizes)    # where its group starts
            q = np.repeat(np.arange(s[0], e[-1]), per)
            offset = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
            j = np.repeat(first, per) + offset
            qa, ja = members[q], members[j]
            keep = (qa != ja) & use[qa, part[ja]]
            if keep.any():
                qa, ja = qa[keep], ja[keep]
                out.append(np.minimum(qa, ja) * n + np.maximum(qa, ja))
        lo = hi
    return np.unique(np.concatenate(out)) if out else np.empty(0, dtype=np.int64)


__all__ = ["candidate_pairs", "size_partitions"]
