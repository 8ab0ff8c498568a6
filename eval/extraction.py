"""Score page reading: title, author set, date and body, from HTML and from whole-page markdown.

DEVELOPMENT data (the rules were tuned while looking at these pages; independent
sets are scored elsewhere and never seen):

- ``newspaper4k``: 132 English news pages (HTML, and the markdown the set ships,
  rendered with html2text); title/authors/date gold for 12, body gold for all.
- ``trafilatura``: trafilatura's evaluation corpus, 848 pages (mostly German);
  title (845), author (538 non-empty) and date (728) gold; the body is scored on
  its must / must-not snippets (``with`` / ``without``).
- ``scrapinghub``: 181 pages with gold bodies (no metadata gold).

Forms: ``html`` (the page as it came), ``md-h2t`` (the whole page rendered with
html2text as in newspaper4k's README recipe: ``body_width=0``, images ignored,
every link target replaced by ``#``) and ``md-mdf`` (markdownify, as
``bench/markdown_extraction.py`` renders it: invisible elements dropped, ATX
headings, link targets ``#``). For newspaper4k ``md-h2t`` is the shipped file.

Scores (a field is scored only on pages with gold for it):

- title: exact match after case folding, whitespace collapsing and straight quotes;
- authors: exact set match; both sides split on ``;``, ``,`` and `` and ``, case-insensitive
  (trafilatura: pages with a non-empty author; newspaper4k: ``[]`` gold means "no author");
- date: exact ``YYYY-MM-DD``;
- body: the ScrapingHub metric (``bench/_scoring.py``: F1 of 4-gram shingles) on
  newspaper4k and ScrapingHub (newspaper4k: pages with suspect text gold skipped, and
  for markdown the 5 pages whose rendering lost the body); on trafilatura the snippet
  F1 (a ``with`` snippet found is a true positive, missing a false negative; a
  ``without`` snippet found is a false positive).

    python eval/extraction.py                       # every set and form, presslens
    python eval/extraction.py --baseline            # and trafilatura 2.3.1 beside it
    python eval/extraction.py --sets trafilatura --forms html --misses authors
    python eval/extraction.py --json out.json

Markdown renderings are cached in ``$TMPDIR/presslens-eval-md`` (rebuilt when missing).
trafilatura 2.3.1 with metadata scores authors 0.528 and date 0.865 on the trafilatura set
(its own figure, reproduced by ``--baseline``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from _scoring import evaluate as body_scores  # noqa: E402

SETS = ("newspaper4k", "trafilatura", "scrapinghub")
FORMS = ("html", "md-h2t", "md-mdf")
FIELDS = ("title", "authors", "date", "body")


@dataclass
class Item:
    """One page of a development set and its gold."""

    set: str
    id: str
    url: str
    html: bytes
    title: str | None = None
    authors: str | list[str] | None = None  # None: no gold
    date: str | None = None
    body: str | None = None  # whole gold body (ScrapingHub metric)
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    md_shipped: str | None = None  # the set's own markdown rendering
    md_body_missing: bool = False


# ---------------------------------------------------------------------------
# gold
# ---------------------------------------------------------------------------
def split_authors(value: str | list[str] | None) -> frozenset[str]:
    """The comparison the issue defines: split on ';', ',' and ' and ', case-insensitive."""
    if value is None:
        return frozenset()
    if not isinstance(value, str):
        value = "; ".join(str(v) for v in value)
    parts = re.split(r";|,|\s+and\s+", value)
    return frozenset(" ".join(p.split()).casefold() for p in parts if p.strip())


def norm_title(value: str | None) -> str:
    value = (value or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(value.split()).casefold()


def load_items(shared: Path, sets: tuple[str, ...], limit: int | None = None) -> list[Item]:
    root = shared / "data" / "extraction"
    items: list[Item] = []
    if "newspaper4k" in sets:
        d = root / "newspaper4k"
        rows = [json.loads(line) for line in (d / "gold.jsonl").open(encoding="utf-8")]
        for r in rows[:limit]:
            suspect = set(r.get("suspect_fields") or ())
            items.append(
                Item(
                    set="newspaper4k",
                    id=r["name"],
                    url=r.get("url") or "",
                    html=gzip.decompress((d / r["html"]).read_bytes()),
                    title=r["title"] if "title" not in suspect else None,
                    authors=r["authors"] if "authors" not in suspect else None,
                    date=r["published"] if "published" not in suspect else None,
                    body=r["text"] if "text" not in suspect else None,
                    md_shipped=(d / r["markdown"]).read_text(encoding="utf-8"),
                    md_body_missing=bool(r.get("markdown_missing_body")),
                )
            )
    if "trafilatura" in sets:
        d = root / "trafilatura-eval"
        data = json.loads((d / "evaldata.json").read_text(encoding="utf-8"))
        for url, v in list(data.items())[:limit]:
            author = v.get("author")
            if isinstance(author, list):
                author = "; ".join(author)
            items.append(
                Item(
                    set="trafilatura",
                    id=v["file"].split("/")[-1].removesuffix(".html.gz"),
                    url=url,
                    html=gzip.decompress((d / v["file"]).read_bytes()),
                    title=v.get("title") or None,
                    authors=author or None,
                    date=v.get("date") or None,
                    with_=list(v.get("with") or ()),
                    without=list(v.get("without") or ()),
                )
            )
    if "scrapinghub" in sets:
        d = root / "scrapinghub"
        truth = json.loads((d / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(truth)[:limit]:
            items.append(
                Item(
                    set="scrapinghub",
                    id=key[:12],
                    url=truth[key].get("url") or "",
                    html=gzip.decompress((d / "html" / f"{key}.html.gz").read_bytes()),
                    body=truth[key].get("articleBody") or "",
                )
            )
    return items


# ---------------------------------------------------------------------------
# renderings
# ---------------------------------------------------------------------------
def decode_html(raw: bytes) -> str:
    from trafilatura.utils import decode_file

    text = decode_file(raw)
    return text if isinstance(text, str) else raw.decode("utf-8", errors="replace")


def render_h2t(html: str) -> str:
    """newspaper4k's recipe (its README): html2text, no wrapping, no images, link targets '#'."""
    import html2text

    c = html2text.HTML2Text()
    c.body_width = 0
    c.ignore_images = True
    c.ignore_tables = False
    md = c.handle(html)
    return re.sub(r"\]\((?!#)[^)]*\)", "](#)", md)


def render_mdf(html: str) -> str:
    from markdown_extraction import page_markdown  # bench/: the dev set's recipe

    return page_markdown(html)


def markdown_of(item: Item, form: str, cache: Path) -> str:
    if form == "md-h2t" and item.md_shipped is not None:
        return item.md_shipped
    key = hashlib.sha1(item.html).hexdigest()[:16]
    path = cache / f"{form}-{key}.md"
    if path.exists():
        return path.read_text(encoding="utf-8")
    html = decode_html(item.html)
    try:
        md = render_h2t(html) if form == "md-h2t" else render_mdf(html)
    except Exception:  # noqa: BLE001 - a renderer crash is an empty page, as a crawler would see it
        md = ""
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(md, encoding="utf-8")
    return md


# ---------------------------------------------------------------------------
# extractors
# ---------------------------------------------------------------------------
@dataclass
class Prediction:
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    body: str = ""
    error: str | None = None


def presslens_extractor() -> Callable[[Item, str, str | bytes], Prediction]:
    import presslens

    pipe = presslens.Pipeline((), presslens.Settings())

    def run(item: Item, form: str, content: str | bytes) -> Prediction:
        fmt = "html" if form == "html" else "markdown"
        try:
            art = pipe(content, fmt)
        except presslens.InputError as exc:
            return Prediction(error=str(exc))
        return Prediction(art.title, tuple(art.authors), art.published, art.text)

    return run


def trafilatura_extractor() -> Callable[[Item, str, str | bytes], Prediction]:
    """trafilatura 2.3.1 with metadata; markdown goes through markdown-it -> HTML first."""
    import logging

    from markdown_it import MarkdownIt
    from trafilatura import bare_extraction

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    md_it = MarkdownIt("commonmark", {"html": True}).enable("table")

    def run(item: Item, form: str, content: str | bytes) -> Prediction:
        html = content if form == "html" else md_it.render(content if isinstance(content, str) else content.decode())
        try:
            doc = bare_extraction(html, with_metadata=True)
        except Exception as exc:  # noqa: BLE001 - a baseline crash is an empty prediction
            return Prediction(error=str(exc))
        if doc is None:
            return Prediction()
        authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
        return Prediction(doc.title, authors, (doc.date or "")[:10] or None, doc.text or "")

    return run


# ---------------------------------------------------------------------------
# scoring
# ---------------------------------------------------------------------------
def snippet_counts(text: str, with_: list[str], without: list[str]) -> tuple[int, int, int]:
    """(TP, FP, FN) of trafilatura's snippet test, whitespace-insensitive."""
    flat = " ".join(text.split())
    tp = sum(1 for s in with_ if " ".join(s.split()) in flat)
    fn = len(with_) - tp
    fp = sum(1 for s in without if " ".join(s.split()) and " ".join(s.split()) in flat)
    return tp, fp, fn


def scorable(item: Item, form: str, fld: str) -> bool:
    if fld == "title":
        return item.title is not None
    if fld == "authors":
        if item.set == "trafilatura":
            return bool(item.authors)
        return item.authors is not None
    if fld == "date":
        return item.date is not None
    if item.set == "trafilatura":
        return bool(item.with_ or item.without)
    return item.body is not None and not (form != "html" and item.md_body_missing)


def correct(item: Item, pred: Prediction, fld: str) -> bool:
    if fld == "title":
        return norm_title(pred.title) == norm_title(item.title)
    if fld == "authors":
        return split_authors(list(pred.authors)) == split_authors(item.authors)
    if fld == "date":
        return (pred.date or "")[:10] == item.date
    raise ValueError(fld)


def score(items: list[Item], preds: dict[str, Prediction], form: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for fld in ("title", "authors", "date"):
        hits = [correct(it, preds[it.id], fld) for it in items if scorable(it, form, fld)]
        if hits:
            out[fld] = {"score": round(sum(hits) / len(hits), 4), "n": len(hits)}
    body_items = [it for it in items if scorable(it, form, "body")]
    if body_items and body_items[0].set == "trafilatura":
        tp = fp = fn = 0
        for it in body_items:
            a, b, c = snippet_counts(preds[it.id].body, it.with_, it.without)
            tp, fp, fn = tp + a, fp + b, fn + c
        out["body"] = {"score": round(2 * tp / max(1, 2 * tp + fp + fn), 4), "n": len(body_items), "metric": "snippet F1"}
    elif body_items:
        m = body_scores({it.id: it.body or "" for it in body_items}, {it.id: preds[it.id].body for it in body_items}, n_bootstrap=200)
        out["body"] = {"score": round(m["f1"], 4), "n": len(body_items), "metric": "shingle F1"}
    out["rejected"] = sum(1 for it in items if preds[it.id].error)
    return out


def predict(items: list[Item], form: str, extractor: Callable, cache: Path) -> tuple[dict[str, Prediction], float]:
    preds: dict[str, Prediction] = {}
    spent = 0.0
    for it in items:
        content: str | bytes = it.html if form == "html" else markdown_of(it, form, cache)
        t0 = time.perf_counter()
        preds[it.id] = extractor(it, form, content)
        spent += time.perf_counter() - t0
    return preds, spent


def run(shared: Path, sets: tuple[str, ...], forms: tuple[str, ...], baseline: bool = False, limit: int | None = None,
        misses: str | None = None) -> dict:
    cache = Path(tempfile.gettempdir()) / "presslens-eval-md"
    extractors = {"presslens": presslens_extractor()}
    if baseline:
        extractors["trafilatura"] = trafilatura_extractor()
    results: dict = {}
    for name in sets:
        items = load_items(shared, (name,), limit)
        for form in forms:
            for ex_name, ex in extractors.items():
                preds, spent = predict(items, form, ex, cache)
                res = score(items, preds, form)
                res["seconds"] = round(spent, 1)
                results[f"{name}/{form}/{ex_name}"] = res
                if misses and ex_name == "presslens":
                    _print_misses(items, preds, form, misses)
    return results


def _print_misses(items: list[Item], preds: dict[str, Prediction], form: str, fld: str) -> None:
    for it in items:
        if not scorable(it, form, fld):
            continue
        p = preds[it.id]
        if fld == "body":
            if it.set == "trafilatura":
                tp, fp, fn = snippet_counts(p.body, it.with_, it.without)
                if fp or fn:
                    print(f"MISS {form} {it.id}: fn={fn} fp={fp} {p.error or ''}")
            continue
        if not correct(it, p, fld):
            gold = {"title": it.title, "authors": it.authors, "date": it.date}[fld]
            got = {"title": p.title, "authors": "; ".join(p.authors), "date": p.date}[fld]
            print(f"MISS {form} {it.id}: gold={gold!r} got={got!r} {p.error or ''}")


def table(results: dict) -> str:
    lines = [f"{'set/form/extractor':<40} {'title':>7} {'authors':>8} {'date':>7} {'body':>7}  rejected  seconds"]
    for key, res in results.items():
        cells = [f"{res[f]['score']:.3f}" if f in res else "-" for f in FIELDS]
        lines.append(f"{key:<40} {cells[0]:>7} {cells[1]:>8} {cells[2]:>7} {cells[3]:>7}  {res['rejected']:>8}  {res['seconds']:>7}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import warnings

    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--forms", default=",".join(FORMS))
    ap.add_argument("--baseline", action="store_true", help="also score trafilatura 2.3.1 (with metadata)")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--misses", choices=FIELDS, help="print presslens's misses on one field")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    sets = tuple(s for s in args.sets.split(",") if s)
    forms = tuple(f for f in args.forms.split(",") if f)
    for s in sets:
        if s not in SETS:
            ap.error(f"unknown set {s!r}: use {', '.join(SETS)}")
    for f in forms:
        if f not in FORMS:
            ap.error(f"unknown form {f!r}: use {', '.join(FORMS)}")
    results = run(args.shared, sets, forms, args.baseline, args.limit, args.misses)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def iter_results(results: dict) -> Iterator[tuple[str, str, float]]:
    for key, res in results.items():
        for fld in FIELDS:
            if fld in res:
                yield key, fld, res[fld]["score"]


if __name__ == "__main__":
    raise SystemExit(main())
