"""CPU milliseconds per article for each annotator, in one process (where ingest time goes).

Usage (from the repo root)::

    python bench/components.py [--n 160] [--shared ../shared] [--json]

Takes every 97th record of the eight allsides shards (``--n`` in all, spread over the shards,
so early and late records both count), runs the structure step and then the default
annotators the way an ingest worker does (chunks of 16 articles, batch hooks such as spaCy's
``nlp.pipe`` first, one BLAS thread), and reports ``time.process_time`` per component and per
article, plus the record-to-JSON cost. CPU time rather than wall time, so that a busy machine
moves the figures less; compare two versions of the code by running this script from two
clones with ``PYTHONPATH=<clone>/src``, alternating, in the same minutes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARDS = "data/corpus/allsides_bias/articles-0{}-of-08.jsonl.gz"


def sample(shared: Path, n: int) -> list[bytes]:
    out: list[bytes] = []
    for shard in range(8):
        with gzip.open(shared / SHARDS.format(shard), "rb") as fh:
            for i, line in enumerate(fh):
                if len(out) >= n * (shard + 1) // 8:
                    break
                if i % 97 == 3:
                    out.append(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=160, help="articles (default 160)")
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared")))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from presslens.pipeline import Pipeline, default_components, one_math_thread

    one_math_thread()
    from presslens.components import Context
    from presslens.errors import Rejected
    from presslens.records import to_jsonable

    pipe = Pipeline(default_components())
    comps = pipe.components
    records = sample(args.shared, args.n)
    pipe.run_many([(records[0], "jsonl")])  # load every model before timing
    cost: dict[str, float] = defaultdict(float)
    words = articles = 0
    cpu = time.process_time
    for start in range(0, len(records), 16):
        t0 = cpu()
        chunk = [a for r in records[start : start + 16] for a in pipe._structured(r, "jsonl") if not isinstance(a, Rejected)]
        cost["read + structure"] += cpu() - t0
        contexts = [Context() for _ in chunk]
        for comp in comps:
            prepare = getattr(comp, "pipe_batch", None)
            if prepare is not None:
                t0 = cpu()
                prepare(chunk, contexts)
                cost[f"{type(comp).__name__} (batch)"] += cpu() - t0
        for article, ctx in zip(chunk, contexts, strict=True):
            words += len(article.text.split())
            articles += 1
            for comp in comps:
                t0 = cpu()
                article = comp(article, ctx)
                cost[type(comp).__name__] += cpu() - t0
            t0 = cpu()
            json.dumps(to_jsonable(article))
            cost["record to JSON"] += cpu() - t0
    per = {k: round(1000 * v / max(1, articles), 1) for k, v in cost.items()}
    per["total"] = round(sum(per.values()), 1)
    result = {"articles": articles, "words_per_article": round(words / max(1, articles)), "cpu_ms_per_article": per}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{articles} articles, {result['words_per_article']} words each on average; CPU ms per article:")
    for k, v in per.items():
        print(f"  {k:32s} {v:7.1f}")


if __name__ == "__main__":
    sys.exit(main())
