"""Build the reference distribution of the outlet's own persuasion (``reference.json``).

    python -m presslens.training.persuasion_reference            # 240 articles, about 3-5 minutes

A single article's report has no corpus to compare with, so its own-voice rate (shown technique
spans in the outlet's voice per 1,000 words, :mod:`presslens.annotate.persuasion.summary`) is
placed against a fixed **reference corpus** of US news: allsides_bias articles from
``../shared/data/corpus`` (shards 00-03; left, centre and right outlets alike; 200-2,000 words),
the ``n`` with the smallest sha1 of their id. Each runs through the default pipeline's
``quotes`` and ``techniques`` components (default settings: the default mode and display
threshold) as plain text; ``reference.json`` keeps only the sorted rates (own voice and quoted),
the settings they were measured with, and where they came from: no text. Shards 06 and 07 (the
straight-news sets of the calibration) are not used; nothing is fitted on the result.

Rerun it whenever the models, the calibrators or the display threshold change (the file records
the producer and threshold, and the report says which reference it read).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

from presslens.annotate.persuasion.summary import REFERENCE_FILE, summarize
from presslens.training.ptc import shared_dir

SHARDS = range(0, 4)
N_ARTICLES = 240
MIN_WORDS, MAX_WORDS = 200, 2000


def _jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def reference_articles(n: int = N_ARTICLES) -> list[tuple[str, str, str]]:
    """(id, bias, text) of the ``n`` allsides articles of :data:`SHARDS` with the smallest sha1 of their id."""
    picked = []
    for shard in SHARDS:
        for rec in _jsonl(shared_dir() / "data" / "corpus" / "allsides_bias" / f"articles-{shard:02d}-of-08.jsonl.gz"):
            words = len(rec["text"].split())
            if MIN_WORDS <= words <= MAX_WORDS:
                picked.append((hashlib.sha1(rec["id"].encode()).hexdigest(), rec["id"], rec.get("bias_text") or "", rec["text"]))
    return [(i, b, t.replace(" ### ", "\n\n")) for _, i, b, t in sorted(picked)[:n]]


def build(n: int = N_ARTICLES, log=print) -> dict:
    import presslens

    settings = presslens.Settings.load()
    pipe = presslens.Pipeline(["quotes", "techniques"], settings)
    own, quoted, bias = [], [], []
    producer = ""
    t0 = time.time()
    for k, (_, b, text) in enumerate(reference_articles(n)):
        art = pipe(text.encode("utf-8"), format="text")
        ts = art.annotations.get("techniques", ())
        producer = producer or next((t.producer for t in ts if t.level != "cue"), "")
        s = summarize(art.text, ts)
        own.append(s.own_per_1000)
        quoted.append(s.quoted_per_1000)
        bias.append(b)
        if (k + 1) % 40 == 0:
            log(f"  {k + 1} articles ({time.time() - t0:.0f}s)")
    return {
        "about": "Reference distribution of the outlet's own persuasion: shown technique spans (confidence >= the display threshold) "
                 "in the outlet's own voice per 1,000 words, over allsides_bias articles (../shared/data/corpus, shards 00-03, "
                 f"{MIN_WORDS}-{MAX_WORDS} words, smallest sha1 of their id; left, centre and right outlets). "
                 "Built by python -m presslens.training.persuasion_reference; numbers only, no text.",
        "corpus": f"{len(own)} US news articles (allsides)",
        "articles": len(own),
        "bias": {b: bias.count(b) for b in sorted(set(bias))},
        "mode": settings.persuasion.mode,
        "display_threshold": settings.persuasion.display_threshold,
        "producer": producer,
        "own_per_1000": sorted(own),
        "quoted_per_1000": sorted(quoted),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=N_ARTICLES)
    ap.add_argument("--out", type=Path, default=REFERENCE_FILE)
    a = ap.parse_args(argv)
    t0 = time.time()
    ref = build(a.n)
    a.out.write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")
    nz = sum(1 for r in ref["own_per_1000"] if r > 0)
    print(f"wrote {a.out}: {ref['articles']} articles, {nz} with an own-voice span shown ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
