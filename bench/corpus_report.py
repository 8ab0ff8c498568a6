"""Corpus robustness and quality report for presslens (structure only, no annotators).

Run from the repository root::

    python bench/corpus_report.py [--shared PATH] [--sample N] [--seed S] [--json] [--out FILE]

What it does:

1. Reads every page of ``data/corpus/l3s_gn1_news_html/original/*.html.gz`` (621 gzip
   HTML pages, mixed charsets) through ``presslens.read.load`` (gunzip + decode),
   ``presslens.read.html.read_html`` (with the page URL from ``url-mapping.txt``)
   and ``presslens.structure.build_article``. Counts crashes (any exception that
   is not an ``InputError``), rejections by reason, metadata found, provenance
   facts by kind, boilerplate by reason, mojibake, pages/s and peak RSS. Against
   the human annotation (``annotated/<uuid>.html.gz``: ``x-nc-sel2`` = full text,
   ``x-nc-sel1`` = headline) it computes a bag-of-tokens body P/R/F1 per page and
   the headline match rate.
2. Runs a seeded sample of the JSON Lines corpora (allsides_bias shard 00,
   recovery_covid, buzzfeed_webis_2016) and all of same_event_syndication, one
   record at a time through ``Pipeline([]).run(json_line, format="jsonl")``. It
   reports how often the record's metadata survives, what the body rules found in
   the text itself (bylines, wire datelines, provenance, copyright, boilerplate),
   how much of the record text the body keeps, the allsides date agreement, and
   the same_event wire-credit comparison with the README figure (158 of 612).
3. Writes a markdown report (``bench/corpus_report.md`` by default) with the
   numbers and concrete failure examples (ids and snippets of at most 15 words),
   and prints the summary as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import os
import platform
import random
import re
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import presslens
from presslens import InputError, Pipeline, Rejected
from presslens.read import load
from presslens.read.html import read_html
from presslens.settings import Settings
from presslens.structure import build_article

TOKEN = re.compile(r"\w+")
# Typical UTF-8-read-as-Latin-1/cp1252 sequences, and stray C1 controls.
MOJIBAKE = re.compile(r"(?:Ã[\x80-\xbf¡-ÿ]|â€|â\x80|Â[\xa0-\xbf ]|[\x80-\x9f]|\ufffd)")
GARBAGE_AUTHOR_WORDS = {
    "staff",
    "file",
    "files",
    "agencies",
    "agency",
    "reporter",
    "reporters",
    "correspondent",
    "editor",
    "editors",
    "news",
    "photo",
    "photos",
    "press",
    "writer",
    "wire",
    "wires",
    "copyright",
    "updated",
    "published",
    "posted",
    "by",
    "the",
    "and",
    "online",
    "desk",
    "team",
    "service",
    "services",
    "contributor",
    "getty",
    "images",
    "associated",
    "reuters",
    "afp",
    "ap",
    "upi",
    "bloomberg",
    "comments",
    "comment",
    "email",
    "share",
    "more",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "am",
    "pm",
}
URL_DATE = re.compile(r"/(20\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$)")
AP_REUTERS_HEAD = re.compile(r"\b(?:AP|Reuters|REUTERS|Associated Press|ASSOCIATED PRESS)\b")

JSONL_CORPORA = (
    ("allsides_bias", "allsides_bias/articles-00-of-08.jsonl.gz"),
    ("recovery_covid", "recovery_covid/articles.jsonl.gz"),
    ("buzzfeed_webis_2016", "buzzfeed_webis_2016/articles.jsonl.gz"),
    ("same_event_syndication", "same_event_syndication/articles.jsonl.gz"),
)


def head_credit(text: str, strict: bool) -> bool:
    """AP or Reuters named in the first 400 characters; ``strict`` ignores photo credits ("AP Photo/...", "Reuters/...")."""
    head = text[:400]
    for m in AP_REUTERS_HEAD.finditer(head):
        if not strict:
            return True
        ctx = head[max(0, m.start() - 30) : m.end() + 30]
        photo = (
            re.search(r"photo|image|getty|file\)", ctx, re.I)
            or head[m.end() : m.end() + 1] == "/"
            or head[max(0, m.start() - 1) : m.start()] == "/"
        )
        if not photo:
            return True
    return False


FULL_CORPORA = {"same_event_syndication"}  # small; the README comparison needs every helsinki text


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def tokens(text: str | None) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text or "")]


def bag_prf(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    if not pred and not gold:
        return 1.0, 1.0, 1.0
    cp, cg = collections.Counter(pred), collections.Counter(gold)
    common = sum((cp & cg).values())
    p = common / len(pred) if pred else 0.0
    r = common / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def snippet(text: str | None, words: int = 12) -> str:
    """At most ``words`` words (<= 15 by policy), one line, for the report."""
    ws = (text or "").split()
    out = " ".join(ws[:words])
    out = out.replace("|", "/").replace("`", "'")
    return out + (" …" if len(ws) > words else "")


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}%" if d else "n/a"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def crash_summary(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if "presslens" in f.filename] or tb
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__}: {str(exc)[:160]} @ {where}"


def suspicious_author(name: str) -> str | None:
    """A reason this author string is probably not a person's name, or None."""
    words = name.split()
    low = [w.strip(".,:;'\"’‘").lower() for w in words]
    if not words:
        return "empty"
    if re.search(r"[\[\]{}<>@|/\\\d]|['\"‘’]\s*$|^['\"‘’]", name):
        return "punctuation/digits"
    if len(words) == 1:
        return "single word"
    if len(words) > 4:
        return "more than 4 words"
    bad = [w for w in low if w in GARBAGE_AUTHOR_WORDS]
    if bad:
        return f"non-name word {bad[0]!r}"
    if not any(w[:1].isupper() for w in words):
        return "no capitalized word"
    return None


def norm_date(value: str | None) -> str | None:
    """A corpus date field as ISO (YYYY-MM-DD, M/D/YY), or None."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", value)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})$", value)
        if m:
            y = int(m.group(3))
            y += 2000 if y < 100 else 0
            return dt.date(y, int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        return None
    return None


class Examples:
    """Keep up to ``cap`` examples per category (first seen, deterministic order)."""

    def __init__(self, cap: int = 6) -> None:
        self.cap = cap
        self.items: dict[str, list[str]] = collections.defaultdict(list)
        self.counts: collections.Counter[str] = collections.Counter()

    def add(self, category: str, text: str) -> None:
        self.counts[category] += 1
        if len(self.items[category]) < self.cap:
            self.items[category].append(text)

    def to_dict(self) -> dict[str, Any]:
        return {k: {"count": self.counts[k], "examples": v} for k, v in self.items.items()}


# ---------------------------------------------------------------------------
# L3S-GN1 HTML pages
# ---------------------------------------------------------------------------
def gold_spans(path: Path) -> tuple[list[str], str]:
    """(headline spans, full text) from an annotated page: text of x-nc-sel1 / x-nc-sel2 spans."""
    from lxml import html as lxml_html

    raw = gzip.decompress(path.read_bytes())
    tree = lxml_html.fromstring(raw)
    head: list[str] = []
    body: list[str] = []
    for span in tree.iter("span"):
        cls = span.get("class") or ""
        if "x-nc-sel1" in cls:
            head.append(span.text_content())
        elif "x-nc-sel2" in cls:
            body.append(span.text_content())
    heads = [" ".join(h.split()) for h in head if h.strip()]
    return heads, " ".join(" ".join(body).split())


def run_l3s(root: Path, limit: int, settings: Settings, with_gold: bool, ex: Examples, public: bool = False) -> dict[str, Any]:
    base = root / "l3s_gn1_news_html"
    urls: dict[str, str] = {}
    for line in (base / "url-mapping.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            urls[parts[0].strip().removeprefix("<urn:uuid:").removesuffix(">")] = parts[1].strip()
    pipe = Pipeline([], settings)
    files = sorted((base / "original").glob("*.html.gz"))
    if limit:
        files = files[:limit]
    res: dict[str, Any] = {
        "pages": len(files),
        "with_url": 0,
        "articles": 0,
        "crashes": 0,
        "crash_summaries": collections.Counter(),
        "rejected": collections.Counter(),
        "found": collections.Counter(),
        "provenance_facts": collections.Counter(),
        "provenance_pages": collections.Counter(),
        "boilerplate": collections.Counter(),
        "boilerplate_rules": collections.Counter(),
        "mojibake_pages": 0,
        "suspicious_authors": 0,
        "authors_total": 0,
        "date_outside_crawl": 0,
        "date_jan1": 0,
        "no_evidence": collections.Counter(),
        "url_date_pages": 0,
        "url_date_agree": 0,
        "all_caps_authors": 0,
        "languages": collections.Counter(),
    }
    gold_stats = {
        "pages": 0,
        "p": 0.0,
        "r": 0.0,
        "f": 0.0,
        "f_buckets": collections.Counter(),
        "headline_pages": 0,
        "headline_exact": 0,
        "headline_contained": 0,
        "headline_tokf_080": 0,
        "rejected_with_gold_body": 0,
        "boiler_on_gold": collections.Counter(),
        "f_list": [],
        "traf_pages": 0,
        "traf_p": 0.0,
        "traf_r": 0.0,
        "traf_f": 0.0,
    }
    seconds = 0.0
    t_wall = time.perf_counter()
    for path in files:
        uuid = path.name.removesuffix(".html.gz")
        url = urls.get(uuid)
        res["with_url"] += bool(url)
        t0 = time.perf_counter()
        article = None
        extracted_text = None
        try:
            if public:
                # the public entry point on the file path (no URL passed)
                out = list(pipe.run(path))
                if len(out) != 1:
                    raise RuntimeError(f"Pipeline.run gave {len(out)} results for one page")
                if isinstance(out[0], Rejected):
                    raise InputError(uuid, out[0].reason, out[0].message)
                article = out[0]
            else:
                _name, text = load(path, settings)
                page = read_html(text, uuid, {"url": url} if url else {}, favor_precision=settings.favor_precision)
                extracted_text = "\n".join(page.extracted or ())
                article = build_article(page, settings)
        except InputError as exc:
            res["rejected"][exc.reason] += 1
            ex.add("l3s: rejected", f"`{uuid[:8]}` {exc.reason}")
        except Exception as exc:  # noqa: BLE001 - the point is to count them
            res["crashes"] += 1
            summary = crash_summary(exc)
            res["crash_summaries"][summary] += 1
            ex.add("l3s: crash", f"`{uuid[:8]}` {summary}")
        seconds += time.perf_counter() - t0
        gold_head = gold_body = None
        if with_gold:
            try:
                gold_head, gold_body = gold_spans(base / "annotated" / path.name)
            except Exception as exc:  # noqa: BLE001 - bad gold file is not a presslens crash
                ex.add("l3s: gold unreadable", f"`{uuid[:8]}` {type(exc).__name__}")
        if article is None:
            if gold_body and len(tokens(gold_body)) >= 30:
                gold_stats["rejected_with_gold_body"] += 1
                ex.add(
                    "l3s: rejected page that has an annotated article body",
                    f"`{uuid[:8]}` gold body {len(tokens(gold_body))} tokens",
                )
            continue
        res["articles"] += 1
        a = article
        for field in ("title", "authors", "published", "publisher", "language"):
            if getattr(a, field):
                res["found"][field] += 1
                if field != "language" and not a.metadata_evidence.get(field):
                    res["no_evidence"][field] += 1
        if a.tags:
            res["found"]["tags"] += 1
        if a.language:
            res["languages"][a.language] += 1
        kinds = set()
        for f in a.provenance.facts:
            res["provenance_facts"][f.kind] += 1
            kinds.add(f.kind)
        for k in kinds:
            res["provenance_pages"][k] += 1
        for f in a.provenance.facts:
            if f.kind in ("copyright", "site_copyright") and (
                len(f.value.split()) > 8 or re.search(r"privacy|terms|contact|policy|powered", f.value, re.I)
            ):
                ex.add("l3s: copyright holder value carries footer junk", f"`{uuid[:8]}` value “{snippet(f.value, 12)}”")
        for b in a.boilerplate:
            res["boilerplate"][b.reason] += 1
            res["boilerplate_rules"][f"{b.reason}/{b.rule}"] += 1
        if MOJIBAKE.search((a.title or "") + a.text[:3000]):
            res["mojibake_pages"] += 1
            m = MOJIBAKE.search((a.title or "") + a.text[:3000])
            ctx = ((a.title or "") + a.text[:3000])[max(0, m.start() - 20) : m.end() + 10]
            ex.add("l3s: mojibake in title/body (charset)", f"`{uuid[:8]}` …{ctx!r}…")
        for name in a.authors:
            res["authors_total"] += 1
            if name.isupper() and len(name) > 3:
                res["all_caps_authors"] += 1
            why = suspicious_author(name)
            if why:
                res["suspicious_authors"] += 1
                ex.add("l3s: suspicious author", f"`{uuid[:8]}` “{snippet(name, 8)}” ({why})")
        if a.published:
            if not ("2007-01-01" <= a.published <= "2008-12-31"):
                res["date_outside_crawl"] += 1
                ex.add("l3s: date outside 2007-2008 (crawl was H1 2008)", f"`{uuid[:8]}` published {a.published}")
            elif a.published.endswith("-01-01"):
                res["date_jan1"] += 1
                ex.add("l3s: date is 1 January (likely a copyright year)", f"`{uuid[:8]}` published {a.published}")
        if a.title and (
            len(a.title.split()) <= 2 or re.match(r"^(?:home|news|sport|latest news|world|business)\b", a.title, re.I)
        ):
            ex.add("l3s: generic title", f"`{uuid[:8]}` “{snippet(a.title, 10)}”")
        if not a.title and not (with_gold and gold_head):
            ex.add("l3s: no title", f"`{uuid[:8]}`")
        um = URL_DATE.search(url or "")
        if um:
            try:
                url_date = dt.date(int(um.group(1)), int(um.group(2)), int(um.group(3))).isoformat()
            except ValueError:
                url_date = None
            if url_date:
                res["url_date_pages"] += 1
                if a.published == url_date:
                    res["url_date_agree"] += 1
                else:
                    ex.add(
                        "l3s: published differs from the date in the URL", f"`{uuid[:8]}` URL {url_date}, published {a.published}"
                    )
        # --- against the annotation ---------------------------------------------------
        if with_gold and gold_body:
            gt = tokens(gold_body)
            p, r, f = bag_prf(tokens(a.text), gt)
            gold_stats["pages"] += 1
            gold_stats["p"] += p
            gold_stats["r"] += r
            gold_stats["f"] += f
            gold_stats["f_list"].append(f)
            if extracted_text is not None:
                tp, tr, tf = bag_prf(tokens(extracted_text), gt)
                gold_stats["traf_pages"] += 1
                gold_stats["traf_p"] += tp
                gold_stats["traf_r"] += tr
                gold_stats["traf_f"] += tf
                if tf - f >= 0.15:
                    ex.add(
                        "l3s: structure step loses F1 against trafilatura's own extraction (>= 0.15)",
                        f"`{uuid[:8]}` trafilatura F1 {tf:.2f} (R {tr:.2f}) -> presslens F1 {f:.2f} (R {r:.2f})",
                    )
            gold_stats["f_buckets"]["<0.5" if f < 0.5 else "0.5-0.8" if f < 0.8 else "0.8-0.95" if f < 0.95 else ">=0.95"] += 1
            if r < 0.6:
                ex.add(
                    "l3s: body truncated or wrong region (recall < 0.6)",
                    f"`{uuid[:8]}` P={p:.2f} R={r:.2f}; body {len(tokens(a.text))} tok vs gold {len(gt)}; starts “{snippet(a.text, 8)}”",
                )
            elif p < 0.6:
                ex.add(
                    "l3s: body carries extra text (precision < 0.6)",
                    f"`{uuid[:8]}` P={p:.2f} R={r:.2f}; body {len(tokens(a.text))} tok vs gold {len(gt)}",
                )
            gold_join = " " + " ".join(gt) + " "
            for b in a.boilerplate:
                if b.reason == "site-chrome":
                    continue
                bt = tokens(b.evidence.text)
                if len(bt) >= 8 and " " + " ".join(bt) + " " in gold_join:
                    gold_stats["boiler_on_gold"][f"{b.reason}/{b.rule}"] += 1
                    ex.add(
                        "l3s: boilerplate rule fired on annotated body text",
                        f"`{uuid[:8]}` {b.reason}/{b.rule}: “{snippet(b.evidence.text, 12)}”",
                    )
        if with_gold and gold_head:
            # Several sel1 spans happen (headline + kicker, or a stray "Email Article"): best span counts.
            gold_stats["headline_pages"] += 1
            title = " ".join((a.title or "").split())
            th = tokens(title)
            ghs = [tokens(h) for h in gold_head if tokens(h)]
            if any(th == gh for gh in ghs):
                gold_stats["headline_exact"] += 1
            if th and any(" ".join(gh) in " ".join(th) or " ".join(th) in " ".join(gh) for gh in ghs):
                gold_stats["headline_contained"] += 1
            hf = max((bag_prf(th, gh)[2] for gh in ghs), default=0.0)
            if hf >= 0.8:
                gold_stats["headline_tokf_080"] += 1
            elif title:
                best = max(gold_head, key=lambda h: bag_prf(th, tokens(h))[2])
                ex.add(
                    "l3s: title differs from annotated headline (token F1 < 0.8)",
                    f"`{uuid[:8]}` got “{snippet(title, 10)}”, gold “{snippet(best, 10)}”",
                )
            else:
                ex.add(
                    "l3s: no title although the page has an annotated headline",
                    f"`{uuid[:8]}` gold “{snippet(gold_head[0], 10)}”",
                )
    res["wall_seconds"] = time.perf_counter() - t_wall
    res["presslens_seconds"] = seconds
    res["pages_per_second"] = len(files) / seconds if seconds else 0.0
    res["peak_rss_mb"] = peak_rss_mb()
    if with_gold and gold_stats["pages"]:
        n = gold_stats["pages"]
        fl = sorted(gold_stats.pop("f_list"))
        gold_stats.update(p=gold_stats["p"] / n, r=gold_stats["r"] / n, f=gold_stats["f"] / n, f_median=fl[len(fl) // 2])
        tn = gold_stats["traf_pages"]
        if tn:
            gold_stats.update(
                traf_p=gold_stats["traf_p"] / tn, traf_r=gold_stats["traf_r"] / tn, traf_f=gold_stats["traf_f"] / tn
            )
    else:
        gold_stats.pop("f_list", None)
    res["gold"] = gold_stats if with_gold else None
    return res


# ---------------------------------------------------------------------------
# JSON Lines corpora
# ---------------------------------------------------------------------------
def record_fields(rec: dict[str, Any]) -> dict[str, Any]:
    authors = rec.get("authors", rec.get("author"))
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(",") if a.strip()]
    elif not isinstance(authors, list):
        authors = []
    return {
        "title": (rec.get("title") or "").strip() or None,
        "authors": [str(a).strip() for a in authors if str(a).strip()],
        "date": next(
            (rec[k] for k in ("published", "date", "publish_date") if isinstance(rec.get(k), str) and rec[k].strip()), None
        ),
        "publisher": next(
            (rec[k] for k in ("source", "publisher", "portal") if isinstance(rec.get(k), str) and rec[k].strip()), None
        ),
        "text": rec.get("text") or "",
    }


def read_records(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run_jsonl(name: str, path: Path, sample: int, seed: int, ex: Examples) -> dict[str, Any]:
    records = read_records(path)
    total = len(records)
    if name not in FULL_CORPORA and sample and sample < total:
        idx = sorted(random.Random(seed).sample(range(total), sample))
        records = [records[i] for i in idx]
    pipe = Pipeline([])
    c: collections.Counter[str] = collections.Counter()
    res: dict[str, Any] = {
        "file": str(path),
        "records_in_file": total,
        "records_run": len(records),
        "crashes": 0,
        "crash_summaries": collections.Counter(),
        "rejected": collections.Counter(),
        "counts": c,
        "provenance_facts": collections.Counter(),
        "provenance_rules": collections.Counter(),
        "boilerplate": collections.Counter(),
        "boilerplate_rules": collections.Counter(),
        "retention_buckets": collections.Counter(),
    }
    wire_cmp = collections.Counter()  # for same_event: (ref, presslens) per helsinki text
    wire_cmp_strict = collections.Counter()  # same, photo credits not counted as a credit
    seconds = 0.0
    tag = {"same_event_syndication": "same_event"}.get(name, name.split("_")[0])
    for rec in records:
        rid = str(rec.get("id"))
        exp = record_fields(rec)
        line = json.dumps(rec, ensure_ascii=False)
        t0 = time.perf_counter()
        try:
            results = list(pipe.run(line, format="jsonl"))
        except Exception as exc:  # noqa: BLE001
            seconds += time.perf_counter() - t0
            res["crashes"] += 1
            s = crash_summary(exc)
            res["crash_summaries"][s] += 1
            ex.add(f"{tag}: crash", f"`{rid}` {s}")
            continue
        seconds += time.perf_counter() - t0
        if len(results) != 1:
            ex.add(f"{tag}: record gave {len(results)} results", f"`{rid}`")
        if not results:
            continue
        a = results[0]
        head_ref = head_credit(exp["text"], strict=False)
        head_strict = head_credit(exp["text"], strict=True)
        if isinstance(a, Rejected):
            res["rejected"][a.reason] += 1
            ex.add(f"{tag}: rejected", f"`{rid}` {a.reason} (text {len(exp['text'])} chars)")
            if name == "same_event_syndication" and rec.get("event") == "helsinki":
                wire_cmp[(head_ref, False)] += 1
                wire_cmp_strict[(head_strict, False)] += 1
            continue
        c["articles"] += 1
        # --- metadata kept / found ------------------------------------------------------
        if a.title:
            c["title_found"] += 1
        if exp["title"]:
            c["title_in_record"] += 1
            if a.title and " ".join(a.title.split()) == " ".join(exp["title"].split()):
                c["title_kept"] += 1
            elif a.title:
                ex.add(f"{tag}: title changed", f"`{rid}` record “{snippet(exp['title'], 8)}” -> “{snippet(a.title, 8)}”")
            # the record text often repeats the headline as its first line
            if a.paragraphs and " ".join(a.text[a.paragraphs[0].start : a.paragraphs[0].end].split()) == " ".join(
                exp["title"].split()
            ):
                c["title_repeated_as_first_body_paragraph"] += 1
        if a.authors:
            c["authors_found"] += 1
        if exp["authors"]:
            c["authors_in_record"] += 1
            if all(x in a.authors for x in exp["authors"]):
                c["authors_kept"] += 1
        extra = [x for x in a.authors if x not in exp["authors"]]
        if extra:
            c["authors_extra_from_text"] += 1
            if not exp["authors"]:
                c["authors_found_only_in_text"] += 1
            ex.add(f"{tag}: author found in the text beyond the record's", f"`{rid}` +“{snippet('; '.join(extra), 10)}”")
        for x in a.authors:
            c["authors_total"] += 1
            if x.isupper() and len(x) > 3:
                c["authors_all_caps"] += 1
            why = suspicious_author(x)
            if why:
                c["authors_suspicious"] += 1
                src = "record" if x in exp["authors"] else "text rule"
                ex.add(f"{tag}: suspicious author ({src})", f"`{rid}` “{snippet(x, 8)}” ({why})")
        if a.published:
            c["date_found"] += 1
        rec_date = norm_date(exp["date"])
        if exp["date"]:
            c["date_in_record"] += 1
        if rec_date:
            c["date_parseable_in_record"] += 1
            plausible = "1990-01-01" <= rec_date <= dt.date.today().isoformat()
            if plausible:
                c["date_plausible_in_record"] += 1
                if a.published == rec_date:
                    c["date_agree"] += 1
                elif a.published is None:
                    c["date_dropped"] += 1
                    ex.add(f"{tag}: record date dropped", f"`{rid}` record {exp['date']!r} -> None")
                else:
                    c["date_disagree"] += 1
                    ex.add(f"{tag}: date disagrees with record", f"`{rid}` record {exp['date']!r} -> {a.published}")
            elif a.published:
                c["bogus_record_date_kept"] += 1
                ex.add(f"{tag}: bogus record date kept", f"`{rid}` record {exp['date']!r} -> {a.published}")
        elif a.published and not exp["date"]:
            c["date_found_only_in_text"] += 1
        if a.publisher:
            c["publisher_found"] += 1
        if exp["publisher"]:
            c["publisher_in_record"] += 1
            if a.publisher == exp["publisher"]:
                c["publisher_kept"] += 1
            else:
                ex.add(f"{tag}: publisher changed", f"`{rid}` record {exp['publisher']!r} -> {a.publisher!r}")
        # --- what the body rules found in the text --------------------------------------
        fired = set()
        for f in a.provenance.facts:
            res["provenance_facts"][f.kind] += 1
            res["provenance_rules"][f"{f.kind}/{f.rule}"] += 1
            fired.add(f"fact:{f.kind}")
        for b in a.boilerplate:
            res["boilerplate"][b.reason] += 1
            res["boilerplate_rules"][f"{b.reason}/{b.rule}"] += 1
            fired.add(f"boiler:{b.reason}")
        if fired & {"fact:copyright", "fact:site_copyright"}:
            fired.add("fact:any_copyright")
        for k in fired:
            c[f"records_with_{k}"] += 1
        # --- how much of the record's text survives in the body -------------------------
        rt = tokens(exp["text"])
        if rt:
            _, kept, _ = bag_prf(tokens(a.text), rt)
            bucket = ">=0.98" if kept >= 0.98 else "0.9-0.98" if kept >= 0.9 else "0.5-0.9" if kept >= 0.5 else "<0.5"
            res["retention_buckets"][bucket] += 1
            if kept < 0.9:
                removed = [b for b in a.boilerplate if len(b.evidence.text.split()) >= 12]
                what = (
                    "; ".join(f"{b.reason}/{b.rule} “{snippet(b.evidence.text, 8)}”" for b in removed[:2])
                    or "no long boilerplate item"
                )
                ex.add(f"{tag}: body keeps < 90% of the record text", f"`{rid}` kept {kept:.2f} of {len(rt)} tok; {what}")
        for b in a.boilerplate:
            # a long prose paragraph removed from a newspaper3k/CSV body is very likely body text
            if b.reason not in ("site-chrome",) and len(b.evidence.text) > 200 and b.reason not in ("copyright", "provenance"):
                c["long_paragraph_removed"] += 1
                ex.add(
                    f"{tag}: long paragraph removed as boilerplate (likely body)",
                    f"`{rid}` {b.reason}/{b.rule}: “{snippet(b.evidence.text, 12)}”",
                )
        for f in a.provenance.facts:
            if f.kind in ("wire", "original_source", "source", "republished_with_permission", "copyright", "site_copyright"):
                ex.add(
                    f"{tag}: provenance fact ({f.kind})",
                    f"`{rid}` {f.rule}: {snippet(f.value, 8)!r} from “{snippet(f.evidence.text, 10)}”",
                )
        if name == "same_event_syndication" and rec.get("event") == "helsinki":
            got = any(f.kind == "wire" and re.search(r"Associated Press|\bAP\b|Reuters", f.value) for f in a.provenance.facts)
            wire_cmp[(head_ref, got)] += 1
            wire_cmp_strict[(head_strict, got)] += 1
            if head_strict and not got:
                m = AP_REUTERS_HEAD.search(exp["text"][:400])
                ctx = exp["text"][max(0, m.start() - 50) : m.end() + 20]
                ex.add(
                    "same_event: AP/Reuters credit (not a photo credit) in first 400 chars, no wire fact",
                    f"`{rid}` …{snippet(ctx.replace('###', '/'), 14)}…",
                )
            elif got and not head_ref:
                ex.add("same_event: wire fact without AP/Reuters in first 400 chars", f"`{rid}`")
    res["seconds"] = seconds
    res["records_per_second"] = len(records) / seconds if seconds else 0.0
    if name == "same_event_syndication":
        res["helsinki_wire"] = {
            "texts": sum(wire_cmp.values()),
            "reference_head_credit": wire_cmp[(True, True)] + wire_cmp[(True, False)],
            "presslens_wire_fact": wire_cmp[(True, True)] + wire_cmp[(False, True)],
            "both": wire_cmp[(True, True)],
            "reference_only": wire_cmp[(True, False)],
            "presslens_only": wire_cmp[(False, True)],
            "readme_figure": "158 of 612",
            "strict_reference": wire_cmp_strict[(True, True)] + wire_cmp_strict[(True, False)],
            "strict_both": wire_cmp_strict[(True, True)],
            "strict_reference_only": wire_cmp_strict[(True, False)],
            "strict_presslens_only": wire_cmp_strict[(False, True)],
        }
    return res


# ---------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------
def top(counter: collections.Counter | dict, n: int = 12) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]
    return ", ".join(f"{k} {v}" for k, v in items) or "none"


FINDINGS = re.compile(r"<!-- findings:start -->.*?<!-- findings:end -->", re.S)


def render_markdown(summary: dict[str, Any], ex: Examples, command: str, findings: str = "") -> str:
    L: list[str] = []
    s = summary
    l3 = s["l3s"]
    L.append("# presslens corpus report")
    L.append("")
    L.append(f"- Date: {s['date']}; presslens {s['presslens_version']} (structure only: `Pipeline([])`, no annotators)")
    L.append(f"- Command: `{command}`")
    L.append(f"- Machine: {s['cpus']}-core CPU, Python {s['python']}, {s['platform']}; single process")
    L.append(f"- Total wall time {s['wall_seconds']:.0f} s; peak RSS {s['peak_rss_mb']:.0f} MB")
    L.append("- Snippets below are at most 15 words; ids are L3S uuid prefixes or record ids.")
    L.append("")
    if findings:
        # hand-written analysis kept across runs (edit between the markers)
        L.append(findings)
        L.append("")
    L.append("## L3S-GN1 HTML pages (`l3s_gn1_news_html/original`)")
    L.append("")
    if s.get("l3s_path") == "public":
        L.append("Path: `Pipeline([]).run(path_to_html_gz)` (public entry point; no URL passed).")
    else:
        L.append(
            "Path: `presslens.read.load` (gunzip + charset decode) -> `read_html(text, uuid, meta={'url': url})` -> `build_article`."
        )
    L.append("")
    n = l3["pages"]
    a = l3["articles"]
    L.append("| measure | value |")
    L.append("|---|---|")
    L.append(f"| pages | {n} ({l3['with_url']} with URL from url-mapping.txt) |")
    L.append(f"| crashes (exceptions other than InputError) | **{l3['crashes']}** |")
    L.append(f"| rejected | {sum(l3['rejected'].values())} ({top(l3['rejected'])}) |")
    L.append(f"| articles | {a} |")
    for field in ("title", "authors", "published", "publisher", "language", "tags"):
        L.append(f"| {field} found | {l3['found'][field]} ({pct(l3['found'][field], a)}) |")
    L.append(f"| found but no `metadata_evidence` | {top(l3['no_evidence'])} |")
    L.append(f"| languages | {top(l3['languages'], 6)} |")
    L.append(f"| provenance facts (facts) | {top(l3['provenance_facts'])} |")
    L.append(f"| provenance facts (pages with kind) | {top(l3['provenance_pages'])} |")
    L.append(f"| boilerplate by reason | {top(l3['boilerplate'], 20)} |")
    L.append(f"| pages with mojibake in title/first 3000 body chars | {l3['mojibake_pages']} ({pct(l3['mojibake_pages'], a)}) |")
    L.append(
        f"| suspicious author strings / all-caps names | {l3['suspicious_authors']} / {l3['all_caps_authors']} of {l3['authors_total']} |"
    )
    L.append(f"| published = date in URL (pages whose URL has /YYYY/MM/DD/) | {l3['url_date_agree']}/{l3['url_date_pages']} |")
    L.append(f"| dates outside 2007-2008 / dated 1 Jan | {l3['date_outside_crawl']} / {l3['date_jan1']} |")
    L.append(f"| speed | {l3['pages_per_second']:.1f} pages/s ({l3['presslens_seconds']:.1f} s in presslens) |")
    L.append(f"| peak RSS after L3S | {l3['peak_rss_mb']:.0f} MB |")
    L.append("")
    g = l3.get("gold")
    if g:
        L.append("### Against the human annotation (bag of `\\w+` tokens, lower-cased, averaged per page)")
        L.append("")
        L.append(
            f"- Body vs `x-nc-sel2` full text ({g['pages']} articles with gold text): "
            f"**P {g['p']:.3f} / R {g['r']:.3f} / F1 {g['f']:.3f}** (median F1 {g['f_median']:.3f}); "
            f"F1 buckets: {top(g['f_buckets'])}."
        )
        if g.get("traf_pages"):
            L.append(
                f"- For reference, trafilatura's own extraction (`Page.extracted`, before the structure step) on the same "
                f"{g['traf_pages']} pages: P {g['traf_p']:.3f} / R {g['traf_r']:.3f} / F1 {g['traf_f']:.3f}."
            )
        L.append(f"- Rejected pages that do have an annotated body of >= 30 tokens: {g['rejected_with_gold_body']}.")
        hp = g["headline_pages"]
        L.append(
            f"- Title vs `x-nc-sel1` headline ({hp} articles with a gold headline): exact token match "
            f"{g['headline_exact']} ({pct(g['headline_exact'], hp)}), one contains the other {g['headline_contained']} "
            f"({pct(g['headline_contained'], hp)}), token F1 >= 0.8 {g['headline_tokf_080']} ({pct(g['headline_tokf_080'], hp)})."
        )
        L.append(
            f"- Boilerplate items (not site-chrome, >= 8 tokens) whose text is inside the gold body: "
            f"{sum(g['boiler_on_gold'].values())} ({top(g['boiler_on_gold'])})."
        )
        L.append("")
    L.append("## JSON Lines corpora (text records)")
    L.append("")
    L.append(
        "Each record runs alone through `Pipeline([]).run(json_line, format='jsonl')`. "
        f"Sample: {s['sample']} records per corpus (seed {s['seed']}); same_event_syndication runs in full."
    )
    L.append("")
    cols = list(s["jsonl"])
    L.append("| measure | " + " | ".join(cols) + " |")
    L.append("|---|" + "---|" * len(cols))

    def row(label: str, fn) -> None:
        L.append(f"| {label} | " + " | ".join(fn(s["jsonl"][c]) for c in cols) + " |")

    row("records run (in file)", lambda r: f"{r['records_run']} ({r['records_in_file']})")
    row("crashes", lambda r: f"**{r['crashes']}**")
    row("rejected", lambda r: f"{sum(r['rejected'].values())} {top(r['rejected'], 3) if r['rejected'] else ''}".strip())
    row("title kept (of records with title)", lambda r: f"{r['counts']['title_kept']}/{r['counts']['title_in_record']}")
    row("title found (any)", lambda r: f"{r['counts']['title_found']}/{r['counts']['articles']}")
    row("headline repeated as body paragraph 1", lambda r: str(r["counts"]["title_repeated_as_first_body_paragraph"]))
    row("authors kept (of records with authors)", lambda r: f"{r['counts']['authors_kept']}/{r['counts']['authors_in_record']}")
    row(
        "extra authors from text rules (records)",
        lambda r: f"{r['counts']['authors_extra_from_text']} ({r['counts']['authors_found_only_in_text']} where record had none)",
    )
    row(
        "suspicious / all-caps author strings",
        lambda r: f"{r['counts']['authors_suspicious']} / {r['counts']['authors_all_caps']} of {r['counts']['authors_total']}",
    )
    row(
        "date = record date (plausible record dates)",
        lambda r: f"{r['counts']['date_agree']}/{r['counts']['date_plausible_in_record']}",
    )
    row("record date dropped / different", lambda r: f"{r['counts']['date_dropped']} / {r['counts']['date_disagree']}")
    row("implausible record date kept", lambda r: str(r["counts"]["bogus_record_date_kept"]))
    row("date found with no record date", lambda r: str(r["counts"]["date_found_only_in_text"]))
    row("publisher kept", lambda r: f"{r['counts']['publisher_kept']}/{r['counts']['publisher_in_record']}")
    row("records with a wire fact", lambda r: str(r["counts"]["records_with_fact:wire"]))
    row("records with a byline found in text", lambda r: str(r["counts"]["records_with_boiler:byline"]))
    row("records with a dateline line", lambda r: str(r["counts"]["records_with_boiler:dateline"]))
    row(
        "records with a copyright fact (copyright or site_copyright)",
        lambda r: str(r["counts"]["records_with_fact:any_copyright"]),
    )
    row(
        "records with original/source fact",
        lambda r: str(r["counts"]["records_with_fact:original_source"] + r["counts"]["records_with_fact:source"]),
    )
    row("provenance facts by rule", lambda r: top(r["provenance_rules"], 6))
    row("boilerplate by reason", lambda r: top(r["boilerplate"], 8))
    row("long paragraphs (>200 chars) removed", lambda r: str(r["counts"]["long_paragraph_removed"]))
    row(
        "body keeps >=98% / 90-98% / 50-90% / <50% of record tokens",
        lambda r: " / ".join(str(r["retention_buckets"][b]) for b in (">=0.98", "0.9-0.98", "0.5-0.9", "<0.5")),
    )
    row("speed (records/s)", lambda r: f"{r['records_per_second']:.0f}")
    L.append("")
    hw = s["jsonl"].get("same_event_syndication", {}).get("helsinki_wire")
    if hw:
        L.append(
            f"**same_event_syndication, helsinki wire credits.** README: {hw['readme_figure']} texts credit AP or Reuters "
            f"in the first 400 characters. This script's check (`\\b(AP|Reuters|Associated Press)\\b` in the first 400 chars) "
            f"finds {hw['reference_head_credit']} of {hw['texts']}; presslens yields an AP/Reuters `wire` fact for "
            f"{hw['presslens_wire_fact']} (both {hw['both']}, check only {hw['reference_only']}, presslens only {hw['presslens_only']}). "
            f"Not counting photo credits (`AP Photo/…`, `…/Reuters`), the check finds {hw['strict_reference']}: presslens has a wire fact "
            f"for {hw['strict_both']} of them (recall {pct(hw['strict_both'], hw['strict_reference'])}), misses {hw['strict_reference_only']}, "
            f"and has {hw['strict_presslens_only']} wire facts on texts without such a credit (many from photo-credit lines read as bylines)."
        )
        L.append("")
    L.append("## Failure examples")
    L.append("")
    L.append("Counts are of occurrences; up to six examples each. Automatic heuristics, so some are false alarms.")
    L.append("")
    for cat in sorted(ex.items, key=lambda k: (k.split(":")[0], -ex.counts[k])):
        L.append(f"- **{cat}** ({ex.counts[cat]}):")
        for e in ex.items[cat]:
            L.append(f"  - {e}")
    L.append("")
    return "\n".join(L)


def jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    return obj


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"), help="shared data root (with data/corpus) or the corpus folder itself")
    ap.add_argument("--sample", type=int, default=300, help="records per JSONL corpus (0 = all; same_event always all)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pages", type=int, default=0, help="only the first N L3S pages (0 = all 621)")
    ap.add_argument(
        "--public-path",
        action="store_true",
        help="read L3S pages with Pipeline([]).run(path) (no URL) instead of read_html+build_article",
    )
    ap.add_argument("--no-gold", action="store_true", help="skip the comparison with the L3S annotation")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    ap.add_argument("--out", default="bench/corpus_report.md", help="markdown report path ('' = do not write)")
    args = ap.parse_args(argv)

    root = Path(args.shared)
    if (root / "data" / "corpus").is_dir():
        root = root / "data" / "corpus"
    settings = Settings()
    ex = Examples()
    t0 = time.perf_counter()
    summary: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "presslens_version": presslens.__version__,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "sample": args.sample,
        "seed": args.seed,
    }
    print(f"L3S pages from {root / 'l3s_gn1_news_html'} ...", file=sys.stderr)
    summary["l3s"] = run_l3s(root, args.pages, settings, not args.no_gold, ex, args.public_path)
    summary["l3s_path"] = "public" if args.public_path else "read_html+url"
    summary["jsonl"] = {}
    for name, rel in JSONL_CORPORA:
        print(f"{name} ...", file=sys.stderr)
        summary["jsonl"][name] = run_jsonl(name, root / rel, args.sample, args.seed, ex)
    summary["wall_seconds"] = time.perf_counter() - t0
    summary["peak_rss_mb"] = peak_rss_mb()
    summary["examples"] = ex.to_dict()
    crashes = summary["l3s"]["crashes"] + sum(r["crashes"] for r in summary["jsonl"].values())
    for where, crash_counter in [("l3s", summary["l3s"]["crash_summaries"])] + [
        (k, r["crash_summaries"]) for k, r in summary["jsonl"].items()
    ]:
        for s, k in crash_counter.items():
            print(f"CRASH {where} x{k}: {s}", file=sys.stderr)
    command = "python bench/corpus_report.py" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    if args.out:
        out = Path(args.out)
        old = out.read_text(encoding="utf-8") if out.is_file() else ""
        m = FINDINGS.search(old)
        out.write_text(render_markdown(summary, ex, command, m.group(0) if m else ""), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    if args.json:
        print(json.dumps(jsonable(summary), indent=1, ensure_ascii=False, default=str))
    print(f"crashes: {crashes}; wall {summary['wall_seconds']:.0f} s; peak RSS {summary['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
