"""Speed and memory of the persuasion annotator on one CPU core.

    python bench/persuasion.py [--mode fast|tagger|tagger-accurate|balanced|accurate] [--n 30] [--json]
    python bench/persuasion.py --src ../other-checkout/src     # the same texts and timing, another checkout's code

Texts: 1,000-word articles made from our PTC validation articles (read from ../shared at run
time, each cut or extended with the next article to exactly 1,000 words) and the seed article.
The process is pinned to one core (sched_setaffinity) and BLAS threads are set to 1 before numpy
loads. Reported: model load time, median / p95 wall-clock ms and median CPU ms (process time,
less sensitive to other load on a shared machine) per 1,000-word article (tokenise + tagger +
sentence model + technique classifier; in the tagger modes also the fine-tuned MiniLM tagger on
the picked sentences (tagger) or on all of them (tagger-accurate); in balanced/accurate mode the MiniLM
embedding of spans; onnxruntime on one thread), and peak RSS of the process (ru_maxrss).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
_SRC = next((sys.argv[k + 1] for k, a in enumerate(sys.argv[:-1]) if a == "--src"), str(REPO / "src"))
sys.path.insert(0, _SRC)  # --src: time another checkout (e.g. main in a second worktree) side by side


def thousand_word_texts(n: int) -> list[str]:
    from presslens.training.ptc import load_articles, load_split

    arts = load_articles(ids=set(load_split()["validation"]))
    texts = [a.text for a in arts.values()]
    out, i = [], 0
    while len(out) < n and i < len(texts):
        words: list[str] = []
        lines: list[str] = []
        while len(words) < 1000 and i < len(texts):
            for line in texts[i].splitlines():
                if len(words) >= 1000:
                    break
                w = line.split()
                take = w[: 1000 - len(words)]
                words += take
                lines.append(" ".join(take))
            i += 1
        if len(words) == 1000:
            out.append("\n".join(lines))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="median ms per 1,000-word article and peak RSS of the persuasion annotator, one core")
    ap.add_argument("--n", type=int, default=30, help="number of 1,000-word articles")
    ap.add_argument("--mode", choices=["fast", "tagger", "tagger-accurate", "balanced", "accurate"], default="tagger")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--src", default=str(REPO / "src"), help="the src folder whose presslens to time (default: this checkout's)")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts = thousand_word_texts(a.n)

    t0 = time.perf_counter()
    from presslens.annotate.persuasion import load_model

    model = load_model()
    if a.mode in ("tagger", "tagger-accurate"):
        from presslens.annotate.persuasion import tagger

        tagger(threads=1)
    if a.mode in ("balanced", "accurate", "tagger-accurate"):
        from presslens.annotate.persuasion import encoder

        encoder(threads=1)
    load_s = time.perf_counter() - t0
    model.annotate(texts[0], a.mode)  # warm
    times, cpu, spans = [], [], 0
    for text in texts:
        t, c = time.perf_counter(), time.process_time()
        spans += len(model.annotate(text, a.mode))
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    times.sort()
    result = {
        "mode": a.mode,
        "articles": len(texts),
        "words_per_article": 1000,
        "model_load_s": round(load_s, 3),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "median_cpu_ms": round(statistics.median(cpu), 1),
        "spans_per_article": round(spans / len(texts), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cores": 1,
        "src": a.src,
    }
    if a.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:18} {v}")


if __name__ == "__main__":
    main()
