"""CPU milliseconds per article of the attribution layer and what uses it, side by side with other code.

Usage (from the repo root)::

    python bench/attribution.py [--n 80] [--rounds 3] [--compare OTHER_CHECKOUT/src]

Takes every 97th record of the eight allsides shards (``--n`` in all), builds the articles, parses
them once with the NLP base (not timed: the attribution layer does not change it) and times, per
article, ``time.process_time`` of the components that read the parse: ``entities``, ``quotes``
(the attribution layer, quotations, calibrated speaker confidence), ``sources`` and ``claims``
(figures' sources). One BLAS thread. With ``--compare`` the same measurement runs in a child
process on the other checkout's ``src`` too, alternating rounds (this code, the other, this ...)
so both see the same machine load; the medians over rounds are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from components import sample  # noqa: E402  (one sample for every per-article bench)

TIMED = ("entities", "quotes", "sources", "claims")


def measure(shared: Path, n: int) -> dict[str, float]:
    """CPU ms per article of each timed component (this process's ``presslens``)."""
    from presslens.components import Context
    from presslens.errors import Rejected
    from presslens.pipeline import Pipeline, one_math_thread

    one_math_thread()
    pipe = Pipeline(["claims"])
    comps = dict(zip(pipe.names, pipe.components, strict=True))
    records = sample(shared, n)
    arts = [a for r in records for a in pipe._structured(r, "jsonl") if not isinstance(a, Rejected)]
    ctxs = [Context() for _ in arts]
    comps["nlp"].pipe_batch(arts, ctxs)
    cost = dict.fromkeys(TIMED, 0.0)
    cpu = time.process_time
    for art, ctx in zip(arts, ctxs, strict=True):
        for name in pipe.names:
            t0 = cpu()
            art = comps[name](art, ctx)
            if name in cost:
                cost[name] += cpu() - t0
    per = {k: 1000 * v / max(1, len(arts)) for k, v in cost.items()}
    per["total"] = sum(per.values())
    per["articles"] = len(arts)
    return per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=80)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared")))
    ap.add_argument("--compare", help="another checkout's src folder to run side by side")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.shared, args.n)))
        return
    srcs = {"this": str(REPO / "src")}
    if args.compare:
        srcs["other"] = str(Path(args.compare).resolve())
    runs: dict[str, list[dict]] = {k: [] for k in srcs}
    for _ in range(args.rounds):
        for label, src in srcs.items():
            env = dict(os.environ, PYTHONPATH=src)
            out = subprocess.run([sys.executable, __file__, "--child", "--n", str(args.n), "--shared", str(args.shared)],
                                 env=env, capture_output=True, text=True, check=True)
            runs[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"CPU ms per article, median of {args.rounds} rounds ({runs['this'][0]['articles']} allsides articles):")
    print(f"  {'component':10s} " + " ".join(f"{k:>8s}" for k in srcs))
    for key in (*TIMED, "total"):
        print(f"  {key:10s} " + " ".join(f"{statistics.median(r[key] for r in runs[k]):8.2f}" for k in srcs))


if __name__ == "__main__":
    sys.exit(main())
