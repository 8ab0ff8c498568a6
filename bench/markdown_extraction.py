"""Whole-page markdown: presslens's markdown reader beside a markdown -> HTML -> trafilatura baseline.

Usage (from the repo root)::

    python bench/markdown_extraction.py [--shared ../shared] [--json] [--dump DIR] [--worst N]

A DEVELOPMENT set, not a test set: the body detection in
``src/presslens/structure/body.py`` was tuned while looking at these numbers.

The dev set is built from the 181 ScrapingHub HTML pages, the way a
page-to-markdown crawl would see them: the whole page (menus, footers, related
lists included; only what a browser never shows is dropped: ``<head>``,
scripts, styles, templates, comments, and elements hidden with the ``hidden``
attribute or an inline ``display:none``/``visibility:hidden``) is rendered with ``markdownify``
(ATX headings), every link target is replaced with ``#`` (``[label](#)``, as in
``shared/examples/globalresearch-aleppo-2016.md``) and images are dropped.
Scored against the benchmark's gold article bodies with the benchmark metric
(``bench/_scoring.py``).

- ``presslens``: ``presslens.analyze(md, format="markdown", components=()).text``
  (reader + structure, no annotators); a rejected page is an empty prediction.
- ``markdown-it -> trafilatura``: the markdown rendered back to HTML with
  markdown-it-py (CommonMark + tables) and given to ``trafilatura.extract``
  with its defaults.

Times are measured in this process, after a warm-up, interleaved page by page;
the markdown conversion itself is not timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scoring import HEADER, evaluate, fmt_row, load_dataset, per_doc_f1  # noqa: E402

_INVISIBLE = {"head", "script", "style", "noscript", "template"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(el) -> bool:  # noqa: ANN001
    style = el.get("style")
    return el.get("hidden") is not None or bool(style and _HIDDEN_STYLE.search(style))


def page_markdown(html: str) -> str:
    """The whole page as markdown, link targets replaced with '#', images dropped."""
    from lxml import etree
    from lxml import html as lxml_html
    from markdownify import ATX, MarkdownConverter

    class _Converter(MarkdownConverter):
        def convert_a(self, el, text, parent_tags):  # noqa: ANN001
            if "_noformat" in parent_tags:
                return text
            stripped = text.strip()
            if not stripped:
                return ""
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            return f"{lead}[{stripped}](#){trail}"

        def convert_img(self, el, text, parent_tags):  # noqa: ANN001
            return ""

    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(etree.Element)):
        if el.getparent() is not None and (el.tag in _INVISIBLE or _hidden(el)):
            el.drop_tree()
    etree.strip_elements(root, etree.Comment, with_tail=False)
    body = root.find("body")
    fragment = lxml_html.tostring(body if body is not None else root, encoding="unicode")
    md = _Converter(heading_style=ATX, bullets="-", bs4_options="lxml").convert(fragment)
    return md.strip() + "\n"


def build_devset(shared: Path, limit: int | None = None) -> tuple[dict[str, str], dict[str, str]]:
    html, gold = load_dataset(shared)
    keys = list(html)[:limit] if limit else list(html)
    return {k: page_markdown(html[k]) for k in keys}, {k: gold[k] for k in keys}


def _extractors() -> dict[str, Callable[[str], str]]:
    import trafilatura
    from markdown_it import MarkdownIt

    import presslens

    md_it = MarkdownIt("commonmark", {"html": True}).enable("table")

    def pl(md: str) -> str:
        try:
            return presslens.analyze(md, format="markdown", components=()).text
        except presslens.InputError:
            return ""

    def base(md: str) -> str:
        return trafilatura.extract(md_it.render(md)) or ""

    return {"presslens": pl, "markdown-it -> trafilatura": base}


def run(shared: Path, limit: int | None = None, dump: Path | None = None) -> tuple[dict, dict]:
    t0 = time.perf_counter()
    mds, gold = build_devset(shared, limit)
    build_s = time.perf_counter() - t0
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
        for k, md in mds.items():
            (dump / f"{k[:16]}.md").write_text(md, encoding="utf-8")
            (dump / f"{k[:16]}.gold.txt").write_text(gold[k], encoding="utf-8")
    extractors = _extractors()
    names = list(extractors)
    keys = list(mds)
    for k in keys[:5]:
        for name in names:
            extractors[name](mds[k])
    seconds = dict.fromkeys(names, 0.0)
    preds: dict[str, dict[str, str]] = {n: {} for n in names}
    for i, k in enumerate(keys):
        order = names if i % 2 == 0 else names[::-1]
        for name in order:
            gc.collect()
            t = time.perf_counter()
            out = extractors[name](mds[k])
            seconds[name] += time.perf_counter() - t
            preds[name][k] = out
    res: dict = {"pages": len(keys), "devset_build_seconds": round(build_s, 2), "extractors": {}}
    for name in names:
        m = evaluate(gold, preds[name])
        e = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()}
        e["seconds"] = round(seconds[name], 3)
        e["pages_per_s"] = round(len(keys) / seconds[name], 2)
        res["extractors"][name] = e
    return res, {"gold": gold, "preds": preds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder (default ../shared)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (quick check)")
    ap.add_argument("--dump", type=Path, default=None, help="write the markdown pages and gold bodies to DIR")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where presslens scores lowest")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    args = ap.parse_args(argv)
    res, detail = run(args.shared, args.limit, args.dump)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(
        f"Whole-page markdown from the ScrapingHub pages (DEVELOPMENT set): {res['pages']} pages "
        f"(markdown built in {res['devset_build_seconds']:.1f}s, not timed below)\n"
    )
    print(HEADER + f"  {'empty':>5}  {'pages/s':>8}")
    for name, e in res["extractors"].items():
        print(fmt_row(name, e, [f"{e['empty']:>5}", f"{e['pages_per_s']:>8.1f}"]))
    if args.worst:
        gold, preds = detail["gold"], detail["preds"]
        rows = sorted(
            (per_doc_f1(gold[k], preds["presslens"][k]), per_doc_f1(gold[k], preds["markdown-it -> trafilatura"][k]), k)
            for k in gold
        )
        print(f"\nworst {args.worst} pages for presslens (per-page F1 presslens / baseline):")
        for f_pl, f_b, k in rows[: args.worst]:
            print(f"  {k[:16]}  {f_pl:.3f}  {f_b:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
