"""Bounded load test of ``POST /analyze`` on the bundled sample, over loopback only.

Starts the API with uvicorn on 127.0.0.1 (a free port) in this process, warms the default
pipeline, then sends at most ``--requests`` requests from ``--concurrency`` client threads,
stopping early after ``--seconds``. Prints requests/s and p50/p99 latency.

``--workers N`` (N > 1) starts ``uvicorn presslens.web.app:app_from_env --factory --workers N``
as a subprocess instead (each worker process loads its own annotators) and stops it at the end.
``--words N`` grows the sample's body to at least N words by repeating its body paragraphs.

    python bench/api_load.py --requests 200 --concurrency 4 --seconds 60
    python bench/api_load.py --workers 2 --words 1000 --concurrency 4 --requests 200

``--hostile`` measures the corpus endpoints instead (issue 16): a server process over a corpus
(``--db``, or one of ``--articles`` invented articles built in a temporary folder) answers
``--concurrency`` clients reading it (``GET /articles``, ``/search``, ``/articles/{id}``, the
``/corpus`` page) for ``--seconds``, first alone, then while ``--attackers`` more clients send
hostile requests as fast as they are answered (a word repeated 2,000 times, a 20 kB query,
parentheses 300 deep, one-letter prefixes: all refused at once; and valid but costly queries,
8 ORed prefixes or 32 ORed common words deep into the ranking, which run until the server's time
limit stops them, throttled once they are slow). It prints both runs' p50/p99 and the ratio of the p99s; the exit code is 1
when the hostile run's p99 is more than twice the quiet run's.

    python bench/api_load.py --hostile --articles 5000 --concurrency 4 --attackers 2 --seconds 30
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn

from presslens.cli import sample_path
from presslens.web.app import create_app

HOST = "127.0.0.1"  # loopback only, never anything else


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def main() -> int:
    if "--hostile" in sys.argv:
        return hostile(sys.argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200, help="at most this many requests (cap 5000)")
    ap.add_argument("--concurrency", type=int, default=4, help="client threads (cap 32)")
    ap.add_argument("--seconds", type=float, default=60.0, help="stop sending after this long (cap 300)")
    ap.add_argument("--format", choices=["md", "html"], default="md", help="which sample to send")
    ap.add_argument("--components", default="default", help="?components= value")
    ap.add_argument("--vary", choices=["yes", "no"], default="yes", help="make every request a new text (default yes)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (1: uvicorn in this process; cap 8)")
    ap.add_argument("--words", type=int, default=0, help="grow the body to at least this many words (0: the sample as is; cap 20000)")
    args = ap.parse_args()
    total, workers, limit = min(args.requests, 5000), max(1, min(args.concurrency, 32)), min(args.seconds, 300.0)
    processes = max(1, min(args.workers, 8))

    port = free_port()
    proc: subprocess.Popen[bytes] | None = None
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None
    if processes == 1:
        app = create_app()
        app.state.pipelines.warm(args.components)
        server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
    else:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSLENS_SERVE_")}
        cmd = [sys.executable, "-m", "uvicorn", "presslens.web.app:app_from_env", "--factory", "--workers", str(processes),
               "--host", HOST, "--port", str(port), "--log-level", "warning", "--no-access-log"]
        print("server:", " ".join(cmd[2:]))
        proc = subprocess.Popen(cmd, env=env)
        t0 = time.perf_counter()
        while True:  # every worker warms its pipeline before it accepts; they start together
            if proc.poll() is not None:
                print("the server exited", file=sys.stderr)
                return 1
            try:
                if httpx.get(f"http://{HOST}:{port}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - t0 > 120:
                proc.terminate()
                print("the server did not start in 120 s", file=sys.stderr)
                return 1
            time.sleep(0.2)
        time.sleep(min(10.0, 0.5 * (time.perf_counter() - t0)))  # let the other workers finish warming

    key = "markdown" if args.format == "md" else "html"
    page = sample_path(args.format).read_text(encoding="utf-8")

    import presslens

    fmt = "markdown" if key == "markdown" else "html"
    body_paragraphs = presslens.analyze(page, fmt, components=()).paragraph_texts()
    anchor = body_paragraphs[1][:40]
    at = page.index(anchor)
    if args.words:  # repeat the body paragraphs (as markdown/HTML paragraphs) before the second one
        extra, words, i = [], len(" ".join(body_paragraphs).split()), 0
        while words < min(args.words, 20_000):
            para = body_paragraphs[i % len(body_paragraphs)]
            extra.append(f"<p>{para}</p>\n" if key == "html" else f"{para}\n\n")
            words += len(para.split())
            i += 1
        page = page[:at] + "".join(extra) + page[at:]
        at = page.index(anchor)
    body_words = len(presslens.analyze(page, fmt, components=()).text.split())

    def payload(n: int) -> dict[str, str]:
        """The sample with one numbered sentence put into its second body paragraph, so every request is a new
        article text (the annotators cache spaCy Docs by text: the same page twice would measure the cache)."""
        if args.vary == "no":
            return {key: page}
        return {key: f"{page[:at]}Reader note {n} says the council meets again on a Monday. {page[at:]}"}

    url = f"http://{HOST}:{port}/analyze"
    params = {"components": args.components}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + limit
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        with httpx.Client(timeout=30.0) as client:
            client.post(url, json=payload(-1), params=params)  # warm the connection (not counted)
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                body = payload(n)
                t0 = time.perf_counter()
                resp = client.post(url, json=body, params=params)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += resp.status_code != 200

    start = time.perf_counter()
    deadline = start + limit
    with ThreadPoolExecutor(workers) as pool:
        for f in [pool.submit(worker) for _ in range(workers)]:
            f.result()
    elapsed = time.perf_counter() - start
    if server is not None and thread is not None:
        server.should_exit = True
        thread.join(10)
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()

    if not latencies:
        print("no requests completed", file=sys.stderr)
        return 1
    lat = sorted(latencies)
    p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
    print(f"POST /analyze ({args.format} sample, {body_words} body words, components={args.components}, vary={args.vary}): "
          f"{len(lat)} requests, {errors} errors, server workers {processes}, concurrency {workers}, {elapsed:.1f} s")
    print(f"  {len(lat) / elapsed:.1f} requests/s, p50 {statistics.median(lat) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    return 0 if errors == 0 else 1


# ---------------------------------------------------------------------------------------------------------
# --hostile: the corpus endpoints, quiet and under attack
# ---------------------------------------------------------------------------------------------------------
SERVER = """
import sys, uvicorn
from presslens.settings import Settings
from presslens.web.app import create_app
app = create_app(sys.argv[1], settings=Settings.load())
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False, timeout_graceful_shutdown=3)
"""
VOCAB_SEED = 16


def invented_corpus(path: str, n: int) -> None:
    """``n`` invented articles (random words from a fixed vocabulary, a few topics) stored in ``path``."""
    import random

    from presslens.records import Article, Paragraph, body_id
    from presslens.store import open_store

    rng = random.Random(VOCAB_SEED)
    syllables = ["ka", "lo", "mer", "tan", "vi", "sor", "pel", "dun", "rai", "fe", "ho", "bri", "ste", "gal", "nu", "qua"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(4000)})
    common = ["the", "council", "harbour", "said", "ferry", "rail", "budget", "vote", "minister", "police", "court", "union"]
    publishers = ["Meridian Review", "Harbour Post", "Valley Times", "Wire Desk", "yahoo.com/news"]
    batch = []
    with open_store(path) as store:
        for i in range(n):
            paras = []
            for _ in range(rng.randint(3, 8)):
                words = [rng.choice(common) if rng.random() < 0.3 else rng.choice(vocab) for _ in range(rng.randint(20, 60))]
                paras.append(" ".join(words).capitalize() + ".")
            text = "\n\n".join(paras)
            spans, pos = [], 0
            for para in paras:
                spans.append(Paragraph(pos, pos + len(para)))
                pos += len(para) + 2
            batch.append(Article(id=body_id(text), text=text, paragraphs=tuple(spans), title=" ".join(rng.sample(vocab, 5)).title(),
                                 publisher=publishers[i % len(publishers)], published=f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
                                 source=f"bench.jsonl#{i}", format="text", language="en"))
            if len(batch) == 500:
                store.put_many(batch)
                batch = []
        store.put_many(batch)


def hostile(argv: list[str]) -> int:
    import random
    import tempfile
    from pathlib import Path

    ap = argparse.ArgumentParser(description="corpus endpoints, quiet and under hostile queries")
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("--db", help="a corpus to serve (default: invented articles in a temporary folder)")
    ap.add_argument("--articles", type=int, default=5000, help="invented articles when --db is not given (cap 50000)")
    ap.add_argument("--concurrency", type=int, default=4, help="reading clients (cap 32)")
    ap.add_argument("--attackers", type=int, default=2, help="hostile clients (cap 16)")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of each run (cap 300)")
    ap.add_argument("--rounds", type=int, default=2, help="quiet and hostile runs alternate this many times (cap 10)")
    ap.add_argument("--attack", choices=["all", "refused", "costly"], default="all",
                    help="which hostile requests: refused at once (400), costly (run to the time limit), or both")
    args = ap.parse_args(argv)
    seconds, readers, attackers = min(args.seconds, 300.0), max(1, min(args.concurrency, 32)), max(1, min(args.attackers, 16))
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "bench.db")
    if not args.db:
        t0 = time.perf_counter()
        invented_corpus(db, min(args.articles, 50_000))
        print(f"corpus: {min(args.articles, 50_000)} invented articles in {time.perf_counter() - t0:.1f} s")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSLENS_SERVE_")}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port)], env=env)
    base = f"http://{HOST}:{port}"
    try:
        t0 = time.perf_counter()
        while True:
            try:
                if httpx.get(f"{base}/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.perf_counter() - t0 > 60:
                print("the server did not start", file=sys.stderr)
                return 1
            time.sleep(0.1)
        ids = [a["id"] for a in httpx.get(f"{base}/articles?limit=200", timeout=30).json()["items"]]
        words = ["council", "harbour vote", "\"the council\"", "rail OR ferry", "budget NOT police", "minister court", "union*"]
        rng = random.Random(7)

        def normal_request() -> str:
            r = rng.random()
            if r < 0.3:
                return f"/articles?limit=20&offset={rng.randint(0, 500)}"
            if r < 0.6:
                return f"/search?q={rng.choice(words)}&limit=20"
            if r < 0.85:
                return f"/articles/{rng.choice(ids)}"
            return "/corpus"

        prefixes = " OR ".join(f"{s}*" for s in ("kal", "lom", "mer", "tan", "vis", "sor", "pel", "dun"))  # the most allowed
        common = " OR ".join(["the", "council", "harbour", "said", "ferry", "rail", "budget", "vote", "minister", "police",
                              "court", "union", *(f"{a}{b}" for a in ("ka", "lo", "mer", "tan") for b in ("vi", "sor", "pel", "dun", "rai"))])
        refused = ["/search?q=" + "Trump%20" * 2000, "/search?q=" + "x" * 20_000, "/search?q=" + "(" * 300 + "rail" + ")" * 300,
                   "/search?q=a*%20OR%20b*"]
        costly = [f"/search?q={prefixes}&limit=200", f"/search?q={common}&limit=200&offset=5000"]
        attacks = {"all": refused + costly, "refused": refused, "costly": costly}[args.attack]

        def run(hostile_on: bool) -> tuple[list[float], dict[str, int], int]:
            rng.seed(7)  # both runs send the same sequence of reads
            latencies: list[float] = []
            statuses: dict[str, int] = {}
            failures = 0
            lock = threading.Lock()
            stop = time.perf_counter() + seconds

            def reader() -> None:
                nonlocal failures
                with httpx.Client(base_url=base, timeout=60) as client:
                    while time.perf_counter() < stop:
                        path = normal_request()
                        t = time.perf_counter()
                        resp = client.get(path)
                        dt = time.perf_counter() - t
                        with lock:
                            latencies.append(dt)
                            failures += resp.status_code != 200

            def attacker(k: int) -> None:
                with httpx.Client(base_url=base, timeout=60) as client:
                    i = k
                    while time.perf_counter() < stop:
                        resp = client.get(attacks[i % len(attacks)])
                        i += 1
                        with lock:
                            statuses[f"{resp.status_code} {resp.json().get('error', {}).get('code', '')}".strip()] = (
                                statuses.get(f"{resp.status_code} {resp.json().get('error', {}).get('code', '')}".strip(), 0) + 1)

            threads = [threading.Thread(target=reader) for _ in range(readers)]
            if hostile_on:
                threads += [threading.Thread(target=attacker, args=(k,)) for k in range(attackers)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            return latencies, statuses, failures

        def p(lat: list[float], q: float) -> float:
            s = sorted(lat)
            return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] * 1000

        run(False)  # warm: connections, caches
        print(f"readers {readers}, attackers {attackers} ({args.attack}), {seconds:.0f} s per run, quiet and hostile "
              "alternating; server: 1 process, default serve settings")
        quiet_p99, loud_p99, loud_fail = [], [], 0
        for _ in range(max(1, min(args.rounds, 10))):  # alternate, so a change in the machine's load hits both
            quiet, _, failed = run(False)
            loud, statuses, failed_loud = run(True)
            loud_fail += failed + failed_loud
            quiet_p99.append(p(quiet, 0.99))
            loud_p99.append(p(loud, 0.99))
            print(f"  quiet:   {len(quiet)} requests ({len(quiet) / seconds:.0f}/s), {failed} not 200, "
                  f"p50 {p(quiet, 0.5):.1f} ms, p99 {p(quiet, 0.99):.1f} ms")
            print(f"  hostile: {len(loud)} requests ({len(loud) / seconds:.0f}/s), {failed_loud} not 200, "
                  f"p50 {p(loud, 0.5):.1f} ms, p99 {p(loud, 0.99):.1f} ms; hostile answers: "
                  + ", ".join(f"{k} x{v}" for k, v in sorted(statuses.items())))
        ratio = statistics.median(loud_p99) / max(statistics.median(quiet_p99), 1e-9)
        print(f"  median p99 hostile / quiet: {ratio:.2f} (limit 2.0)")
        return 0 if ratio <= 2.0 and not loud_fail else 1
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
