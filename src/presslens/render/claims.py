"""Report sections for numeric claims, their consistency and check-worthy sentences."""

from __future__ import annotations

from typing import Any

from presslens.records import Article
from presslens.render.sections import section


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


def _fmt(c: Any) -> str:
    q = {"=": "", "~": "~", ">": ">", ">=": "≥", "<": "<", "<=": "≤"}.get(_get(c, "qualifier"), "")
    v, vmax = _get(c, "value"), _get(c, "value_max")

    def num(x: float) -> str:
        for size, name in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
            if abs(x) >= size:
                return f"{x / size:,.4g}{name}"
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.3g}"

    s = q + num(v) + (f"–{num(vmax)}" if vmax is not None else "")
    frm = _get(c, "from_value") if isinstance(c, dict) or hasattr(c, "from_value") else None
    if frm is not None and vmax is not None:  # "from 2,415 to 2,315": show the direction
        to = vmax if frm == v else v
        s = q + f"{num(frm)}→{num(to)}"
    change = _get(c, "change") if isinstance(c, dict) or hasattr(c, "change") else None
    arrow = {"up": "▲", "down": "▼"}.get(change or "", "")
    return arrow + s + (f" {_get(c, 'unit')}" if _get(c, "unit") else "")

@section("numeric_claims")
def _claims(article: Article) -> object:
    from rich.table import Table

    items = article.annotations.get("numeric_claims", ())
    t = Table(title=f"Numeric claims ({len(items)})", title_justify="left", show_edge=False, expand=True)
    t.add_column("value", style="cyan", no_wrap=True)
    t.add_column("text", style="dim", no_wrap=True)
    t.add_column("counted", ratio=3)
    t.add_column("source", style="magenta", ratio=2)
    t.add_column("hedges", style="yellow", ratio=1)
    for c in items:
        t.add_row(_fmt(c), _get(c, "text"), _get(c, "counted") or "-", _get(c, "source") or "-", ", ".join(_get(c, "hedges")) or "")
    return t

@section("claim_consistency")
def _consistency(article: Article) -> object:
    from rich.text import Text

    items = article.annotations.get("claim_consistency", ())
    out = Text()
    out.append(f"Consistency of figures ({len(items)})", style="bold")
    styles = {"holds": "green", "does not hold": "bold red", "cannot tell": "yellow"}
    for f in items:
        verdict = _get(f, "verdict") if isinstance(f, dict) or hasattr(f, "verdict") else None
        out.append(f"\n  {_get(f, 'kind')}: ", style="cyan").append(_get(f, "note"))
        if verdict and not str(_get(f, "note")).endswith(verdict) and f": {verdict} (" not in str(_get(f, "note")):
            out.append(f"  [{verdict}]", style=styles.get(verdict, ""))
    return out


@section("checkworthy")
def _render(article: Article) -> object:
    from rich.table import Table

    # Imported here: importing an annotator module imports every annotator (presslens.annotate),
    # which a structure-only report does not need (start-up, docs/performance.md).
    from presslens.annotate.claims.checkworthy import REPORT_TOP, top_sentences

    items = article.annotations.get("checkworthy", ())
    n_pos = sum(1 for c in items if _get(c, "label"))
    t = Table(title=f"Check-worthy sentences ({n_pos} of {len(items)} labelled; top {REPORT_TOP}, --json for all)",
              title_justify="left", show_edge=False, expand=True)
    t.add_column("score", justify="right", style="cyan", no_wrap=True)
    t.add_column("sentence", ratio=3)
    t.add_column("why", style="dim", ratio=2)
    for c in top_sentences(article):
        s = article.text[_get(c, "start"):_get(c, "end")].replace("\n", " ")
        mark = "✓ " if _get(c, "label") else ""
        reasons = _get(c, "reasons") if isinstance(c, dict) or hasattr(c, "reasons") else ()
        t.add_row(f"{mark}{_get(c, 'score'):.2f}", s if len(s) <= 160 else s[:159] + "…", "; ".join(reasons or ()))
    return t
