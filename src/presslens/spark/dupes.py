"""Republication clusters in Spark: the ``presslens dupes`` clusters for a corpus too large for one store.

Same notion as :mod:`presslens.corpus.dupes` (8-word shingles of the normalised body,
``containment >= threshold`` over the smaller article, clusters with the cohesion rule, the
original chosen from provenance then dates, the copies' added and removed paragraphs), computed
in three distributed steps:

1. **Candidate pairs, by an inverted index instead of MinHash LSH.** Each article's shingles are
   hashed to 64 bits; articles sharing a hash are joined and the shared hashes counted, which
   gives the containment of every pair directly (no LSH estimate to miss a short article inside
   a long one). A shingle found in more than ``max_df`` articles (site boilerplate, a wire story
   carried by hundreds of sites) is left out of the counting, since its pairs grow with the square
   of its frequency; pairs are kept from ``threshold - margin`` of the counted containment.
2. **Groups**: the candidate pairs (ids only) are collected on the driver and cut into connected
   groups (union-find); a group's articles and pairs go to one task.
3. **Clusters**: in each task, every candidate pair is verified exactly
   (:func:`presslens.corpus.dupes.similarity` on the full shingle sets) and
   :func:`presslens.corpus.dupes.cluster` runs on the group. ``cluster`` only ever merges
   along pairs, so per group it gives what it gives on the whole corpus; the clusters are then
   numbered as ``presslens dupes`` numbers them (largest first, then smallest member id).

With no shingle over ``max_df`` the pairs are those of ``presslens dupes`` with exact scores, and
so are the clusters (tests/spark/test_spark.py compares the two on the same articles).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from presslens.corpus import dupes as local

DEFAULT_THRESHOLD = local.DEFAULT_THRESHOLD
DEFAULT_K = local.DEFAULT_K
DEFAULT_MAX_DF = 1000
DEFAULT_MARGIN = 0.1

DUPES_COLUMNS = ("cluster", "article_id", "role", "original_id", "reason", "named_source", "size", "publisher", "published",
                 "containment", "jaccard", "added", "removed", "edits")
DUPES_SCHEMA = ("cluster long, article_id string, role string, original_id string, reason string, named_source string, "
                "size long, publisher string, published string, containment double, jaccard double, added long, removed long, "
                "edits string")


def _hash_rows(rows: Iterable[Any], k: int) -> Iterator[tuple[str, list[int]]]:
    for article_id, text in rows:
        yield article_id, local.shingle_hashes(text or "", k)


def _doc(row: Any) -> local.Doc:
    credit: dict[str, str] = {}
    for fact in sorted(row["facts"] or (), key=lambda f: f["idx"]):
        if fact["kind"] in ("original_source", "wire", "republished_by") and fact["value"]:
            credit.setdefault(fact["kind"], fact["value"])
    return local.Doc(row["id"], row["text"], row["publisher"], row["published"], credit.get("original_source"),
                     credit.get("republished_by"), credit.get("wire"))


def _cluster_group(item: tuple[int, Iterable[Any]], pairs_by_group: Any, threshold: float, k: int) -> Iterator[tuple]:
    group, rows = item
    docs = sorted((_doc(r) for r in rows), key=lambda d: d.id)
    sets = {d.id: local.shingles(d.text, k) for d in docs}
    verified = []
    for a, b in pairs_by_group.value.get(group, ()):
        if a in sets and b in sets:
            jac, con = local.similarity(sets[a], sets[b])
            if con >= threshold:
                verified.append(local.Pair(a, b, round(jac, 4), round(con, 4)))
    for c in local.cluster(docs, verified, k):
        first = min(m.article_id for m in c.members)
        for m in c.members:
            yield (group, c.id, len(c.members), first, m.article_id, m.role, c.original_id, c.reason, c.named_source,
                   m.publisher, m.published, float(m.containment), float(m.jaccard), len(m.added), len(m.removed),
                   json.dumps({"added": m.added, "removed": m.removed}, ensure_ascii=False, separators=(",", ":")))


def candidate_pairs(articles, threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K, max_df: int = DEFAULT_MAX_DF,
                    margin: float = DEFAULT_MARGIN):
    """DataFrame ``(a, b, inter, containment)``, ``a < b``: pairs whose counted containment reaches ``threshold - margin``."""
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    hashed = spark.createDataFrame(articles.select("id", "text").rdd.mapPartitions(lambda rows: _hash_rows(rows, k)),
                                   "id string, h array<bigint>")
    sizes = hashed.select("id", F.size("h").alias("n"))
    postings = hashed.select("id", F.explode("h").alias("h"))
    common = postings.groupBy("h").count().where((F.col("count") >= 2) & (F.col("count") <= max_df)).select("h")
    kept = postings.join(common, "h", "left_semi")
    left, right = kept.alias("l"), kept.alias("r")
    shared = (left.join(right, (F.col("l.h") == F.col("r.h")) & (F.col("l.id") < F.col("r.id")))
              .groupBy(F.col("l.id").alias("a"), F.col("r.id").alias("b")).count().withColumnRenamed("count", "inter"))
    sa, sb = sizes.alias("sa"), sizes.alias("sb")
    scored = (shared.join(sa, F.col("a") == F.col("sa.id")).join(sb, F.col("b") == F.col("sb.id"))
              .select("a", "b", "inter", (F.col("inter") / F.least(F.col("sa.n"), F.col("sb.n"))).alias("containment")))
    return scored.where(F.col("containment") >= max(0.0, threshold - margin))


def find_clusters(articles, threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K, max_df: int = DEFAULT_MAX_DF,
                  margin: float = DEFAULT_MARGIN):
    """The ``dupes`` table (one row per member, :data:`DUPES_COLUMNS`) of a DataFrame of articles.

    ``articles`` needs ``id``, ``text``, ``publisher``, ``published`` and ``facts`` (an array of
    ``idx``/``kind``/``value`` structs), as the job's kept articles have; one row per id.
    """
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    pairs = [(r["a"], r["b"]) for r in candidate_pairs(articles, threshold, k, max_df, margin).collect()]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = sorted({find(x) for x in parent})
    group_of = {root: n for n, root in enumerate(roots)}
    membership = [(x, group_of[find(x)]) for x in parent]
    by_group: dict[int, list[tuple[str, str]]] = {}
    for a, b in pairs:
        by_group.setdefault(group_of[find(a)], []).append((a, b))
    if not membership:
        return spark.createDataFrame([], DUPES_SCHEMA)
    sc = spark.sparkContext
    pairs_bc = sc.broadcast(by_group)
    members = spark.createDataFrame(membership, "id string, grp long")
    rows = (articles.select("id", "text", "publisher", "published", "facts").join(members, "id")
            .rdd.map(lambda r: (r["grp"], r)).groupByKey(max(1, min(len(roots), sc.defaultParallelism * 4)))
            .flatMap(lambda item: _cluster_group(item, pairs_bc, threshold, k)))
    local_rows = spark.createDataFrame(rows, "grp long, local long, size long, first string, article_id string, role string, "
                                             "original_id string, reason string, named_source string, publisher string, "
                                             "published string, containment double, jaccard double, added long, removed long, "
                                             "edits string").cache()
    heads = local_rows.select("grp", "local", "size", "first").distinct().collect()
    numbering = sorted(heads, key=lambda h: (-h["size"], h["first"]))
    ids = spark.createDataFrame([(h["grp"], h["local"], n) for n, h in enumerate(numbering, 1)] or [(0, 0, 0)],
                                "grp long, local long, cluster long")
    return local_rows.join(F.broadcast(ids), ["grp", "local"]).select(*DUPES_COLUMNS).orderBy(
        "cluster", F.col("role").desc(), F.col("published").asc_nulls_last(), "article_id")


__all__ = ["DEFAULT_MAX_DF", "DEFAULT_THRESHOLD", "DUPES_COLUMNS", "candidate_pairs", "find_clusters"]
