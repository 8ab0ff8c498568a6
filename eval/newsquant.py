"""Score the quantity finder on NewsQuant (CQE's news quantity gold), as its README says.

Data: ``../shared/data/claims/newsquant-dev/NewsQuant_dev.json`` (295 sentences, 472 quantities;
the development half: the rules may be looked at and tuned on it; the other half is scored
independently, with this script). Every sentence goes through
:func:`presslens.annotate.claims.figures.sentence_quantities` (the quantity finder and the
counted-thing rules the ``claims`` component uses, without sources).

Scoring (README of the data): per sentence, one-to-one matching of predicted and gold values
(equal within 1e-6 relative; a range matches a range with both ends equal, in either order, as
CQE writes "from 2,415 to 2,315" as ``2415-2315``); value F1 = 2 * matches / (predicted + gold),
micro over all sentences. value+unit also needs the unit to agree after normalising synonyms
(:data:`UNIT_SYNONYMS`: percent/percentage/%, $/dollar/USD, plurals ...); for a bare count (no
unit) the first word of what is counted stands for the unit, on both sides (gold: its
``normalized_unit``; ours: :attr:`counted`), "-" when nothing is counted. value+change needs
CQE's change (``=``, ``~``, ``>``, ``<``, ``up``, ``down``) to agree: ours is the
qualifier (``>=`` read as ``>``, ``<=`` as ``<``) when it is not ``=``, else the claim's ``change``
("up"/"down") when it has one ("climbed more than 3%" is ``>`` in the gold, "rose 4%" ``up``). A compound
quantity ("1 minute and 45 seconds": one quantity of 105 seconds with its ``parts``) is scored as
its parts, as the gold writes them apart. Matching is by maximum bipartite matching per sentence (a greedy match could pair a
value with the wrong one of two equal values).

    python eval/newsquant.py                  # figures
    python eval/newsquant.py --errors         # and every sentence with a mistake
    python eval/newsquant.py --data other.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRESSLENS_SHARED", REPO.parent / "shared"))
DATA = SHARED / "data" / "claims" / "newsquant-dev" / "NewsQuant_dev.json"

# one canonical key per unit; both gold normalized names (CQE's unit names) and our unit names map here
UNIT_SYNONYMS: dict[str, str] = {}
for _key, _names in {
    "percent": ["%", "percent", "per cent", "percentage", "pc", "pct", "percent-owned"],
    "percentage point": ["percentage points", "percentage point", "points of percentage"],
    "USD": ["$", "dollar", "dollars", "usd", "us$", "united states dollar", "us dollar"],
    "EUR": ["eur", "euro", "euros", "€"],
    "GBP": ["gbp", "pound sterling", "£", "ps", "sterling"],
    "JPY": ["jpy", "japanese yen", "yen", "¥", "y"],
    "CNY": ["cny", "chinese yuan", "yuan", "renminbi", "rmb"],
    "INR": ["inr", "indian rupee", "rupee", "rupees"],
    "HKD": ["hkd", "hong kong dollar", "hk$"],
    "AUD": ["aud", "australian dollar", "a$"],
    "CAD": ["cad", "canadian dollar", "c$"],
    "ILS": ["ils", "shekel", "shekels", "israeli new shekel"],
    "MYR": ["myr", "malaysian ringgit", "ringgit", "rm"],
    "ZAR": ["zar", "south african rand", "rand"],
    "RUB": ["rub", "russian ruble", "rouble", "ruble"],
    "years of age": ["year of age", "years of age", "years old", "year-old", "age"],
    "year": ["year", "years", "yr"], "month": ["month", "months"], "week": ["week", "weeks"],
    "day": ["day", "days"], "hour": ["hour", "hours", "hr", "h"], "minute": ["minute", "minutes", "min"],
    "second": ["second", "seconds", "sec", "s"], "decade": ["decade", "decades"],
    "km": ["km", "kilometre", "kilometer", "kilometres", "kilometers"],
    "mile": ["mile", "miles", "mi"], "m": ["m", "metre", "meter", "metres", "meters"],
    "cm": ["cm", "centimetre", "centimeter"], "mm": ["mm", "millimetre", "millimeter"],
    "µm": ["µm", "μm", "micrometre", "micrometer", "micron"], "nm": ["nm", "nanometre", "nanometer"],
    "foot": ["foot", "feet", "ft"], "inch": ["inch", "inches", "in"], "yard": ["yard", "yards", "yd"],
    "square metre": ["square metre", "square meter", "sq m", "sqm", "m2", "square meters", "square m"],
    "square foot": ["square foot", "square feet", "sq ft"], "square mile": ["square mile", "square miles"],
    "square km": ["square kilometre", "square km", "square kilometer", "km2"],
    "acre": ["acre", "acres"], "hectare": ["hectare", "hectares", "ha"],
    "kg": ["kg", "kilogram", "kilo", "kilograms"], "g": ["g", "gram"], "mg": ["mg", "milligram"],
    "lb": ["lb", "pound-mass", "lbs"], "ton": ["ton", "tonne", "tons", "tonnes", "metric ton"],
    "oz": ["oz", "ounce"], "litre": ["litre", "liter", "l", "liters", "litres"], "ml": ["ml", "millilitre", "milliliter"],
    "gallon": ["gallon", "gallons"], "barrel": ["barrel", "barrels"],
    "mph": ["mph", "mile per hour", "miles per hour"], "km/h": ["km/h", "kilometre per hour", "kph"],
    "mpg": ["mpg", "mile per gallon", "miles per gallon"],
    "°C": ["°c", "celsius", "degree celsius", "degrees celsius"], "°F": ["°f", "fahrenheit", "degree fahrenheit"],
    "degree": ["degree", "degrees", "°"],
    "hp": ["hp", "horsepower", "bhp", "brake horsepower", "ps", "metric horsepower"],
    "W": ["w", "watt"], "kW": ["kw", "kilowatt"], "MW": ["mw", "megawatt"], "GW": ["gw", "gigawatt"],
    "kWh": ["kwh", "kilowatt hour"], "GB": ["gb", "gigabyte"], "TB": ["tb", "terabyte"], "MB": ["mb", "megabyte"],
    "Hz": ["hz", "hertz"], "GHz": ["ghz", "gigahertz"], "MHz": ["mhz", "megahertz"],
    "Mbps": ["mbps", "megabit per second"], "Gbps": ["gbps", "gigabit per second"],
    "mAh": ["mah", "milliampere-hour", "milliampere hour"], "GPa": ["gpa", "gigapascal"],
    "Nm": ["newton metre", "newton meter"], "lb-ft": ["lb-ft", "foot pound-force", "pound-foot"],
    "dB": ["db", "decibel"], "ppm": ["ppm", "part per million", "parts per million"],
    "point": ["point", "points", "pts"], "pence": ["pence", "penny", "p"], "times": ["times", "time", "count", "fold", "x"],
    "kV": ["kv", "kilovolt"], "V": ["v", "volt"], "pint": ["pint", "pints"], "quart": ["quart", "quarts"],
    "cylinder": ["cylinder", "cylinders"], "cubic m": ["cubic metre", "cubic meter", "m3"], "TWh": ["twh", "terawatt hour"],
    "calorie": ["calorie", "calories", "kcal"], "knot": ["knot", "kt"], "votes": ["vote", "votes"],
}.items():
    for _n in _names:
        UNIT_SYNONYMS.setdefault(_n, _key)


# our canonical names that differ only by case from another unit's spelling
_CASE_SENSITIVE = {"Nm": "Nm", "nm": "nm", "MB": "MB", "mb": "MB"}


def _singular(w: str) -> str:
    if len(w) > 5 and w.endswith("uses"):
        return w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def unit_key(unit: str | None, counted: str | None = None) -> str:
    """The canonical key of a unit; for a bare count, the first word of what is counted."""
    if unit:
        if unit in _CASE_SENSITIVE:
            return _CASE_SENSITIVE[unit]
        u = " ".join(unit.casefold().replace("_", " ").split())
        if u in UNIT_SYNONYMS:
            return UNIT_SYNONYMS[u]
        # "dollar per gram", "$ a week", "percentage per year": a rate; key both parts
        m = re.fullmatch(r"(.+?)\s+(?:per|a|an|/)\s+(.+)", u) or re.fullmatch(r"(.+?)/(.+)", u)
        if m:
            if not _known(m.group(1)):  # "rebounds per game": a count of rebounds (the README's bare-count rule)
                return unit_key(None, m.group(1))
            return unit_key(m.group(1)) + "/" + unit_key(m.group(2))
        s = _singular(u)
        return UNIT_SYNONYMS.get(s, s)
    if not counted or not counted.strip() or counted.strip() == "-":
        return "-"
    words = counted.split()
    first = re.sub(r"['’]s$|[^\w%$-]+$", "", words[0].casefold())
    first = re.sub(r"^[^\w%$]+", "", first)
    return _singular(first) or "-"


def gold_unit_key(q: dict) -> str:
    norm = (q.get("normalized_unit") or "").strip()
    if norm in ("", "-"):
        surface = (q.get("unit") or "").strip()
        return unit_key(surface) if surface and surface != "-" else "-"
    low = " ".join(norm.casefold().split())
    if low in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[low]
    m = re.fullmatch(r"(.+?)\s+per\s+(.+)", low)
    if m and _known(m.group(1)):
        return unit_key(m.group(1)) + "/" + unit_key(m.group(2))
    if low.startswith("% "):  # "% condos": CQE's fraction of a counted thing
        return "percent"
    return unit_key(None, norm)  # a bare count: the counted noun stands for the unit


def _known(u: str) -> bool:
    u = " ".join(u.casefold().split())
    return u in UNIT_SYNONYMS or _singular(u) in UNIT_SYNONYMS


def parse_gold_value(v: str | float) -> tuple[float, float | None]:
    s = str(v).strip()
    m = re.fullmatch(r"(-?[\d.]+(?:e[+-]?\d+)?)\s*-\s*(-?[\d.]+(?:e[+-]?\d+)?)", s)
    if m:
        return float(m.group(1)), float(m.group(2))
    return float(s), None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def values_match(pred: tuple[float, float | None], gold: tuple[float, float | None]) -> bool:
    (pv, pmax), (gv, gmax) = pred, gold
    if pmax is None or gmax is None:
        return pmax is None and gmax is None and _same(pv, gv)
    return {True} == {_same(min(pv, pmax), min(gv, gmax)), _same(max(pv, pmax), max(gv, gmax))}


def cqe_change(qualifier: str, change: str | None) -> str:
    """CQE keeps one of the two: a qualifier wins ("climbed more than 3%" is ``>``), else the change."""
    if qualifier == "=" and change in ("up", "down"):
        return change
    return {">=": ">", "<=": "<"}.get(qualifier, qualifier)


def _matching(n_pred: int, n_gold: int, ok) -> int:
    """Size of a maximum bipartite matching (augmenting paths; sentences hold a handful of values)."""
    match_g: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in range(n_gold):
            if g in seen or not ok(p, g):
                continue
            seen.add(g)
            if g not in match_g or augment(match_g[g], seen):
                match_g[g] = p
                return True
        return False

    return sum(1 for p in range(n_pred) if augment(p, set()))


def evaluate(data: list[dict]) -> dict:
    sys.path.insert(0, str(REPO / "src"))
    from presslens.annotate.claims.figures import sentence_quantities

    names = ("value", "value+unit", "value+change")
    counts = {n: [0, 0, 0] for n in names}
    errors = []
    for i, row in enumerate(data):
        text = row["text"]
        pred = []
        for p in sentence_quantities(text):
            # a compound quantity ("24 hours, 39 minutes and 35 seconds", one claim of 88,775 seconds) is scored
            # as its parts: the gold writes them apart
            pred.extend(replace(p, value=v, unit=u) for v, u in p.parts) if p.parts else pred.append(p)
        pv = [(p.value, p.value_max) for p in pred]
        pu = [unit_key(p.unit, p.counted) for p in pred]
        pc = [cqe_change(p.qualifier, p.change) for p in pred]
        gold = row["quantities"]
        gv = [parse_gold_value(q["value"]) for q in gold]
        gu = [gold_unit_key(q) for q in gold]
        gc = [q["change"] for q in gold]
        same = [[values_match(x, y) for y in gv] for x in pv]
        extra = {"value": None, "value+unit": (pu, gu), "value+change": (pc, gc)}
        bad = []
        for name in names:
            pair = extra[name]
            tp = _matching(len(pred), len(gold), lambda a, b, pair=pair, same=same: same[a][b] and (pair is None or pair[0][a] == pair[1][b]))
            c = counts[name]
            c[0] += tp
            c[1] += len(pred)
            c[2] += len(gold)
            if tp != len(pred) or tp != len(gold):
                bad.append(name)
        if bad:
            errors.append({
                "i": i, "wrong": bad, "text": text,
                "gold": [f"{q['change']} {q['value']} [{gu[k]}]" for k, q in enumerate(gold)],
                "pred": [f"{pc[k]} {p.value}{'-' + str(p.value_max) if p.value_max is not None else ''} [{pu[k]}] "
                         f"<{text[p.start:p.end]}>" for k, p in enumerate(pred)],
            })
    out: dict = {"sentences": len(data), "gold_quantities": counts["value"][2], "predicted": counts["value"][1]}
    for name, (tp, n_pred, n_gold) in counts.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        out[name] = {"precision": round(p, 4), "recall": round(r, 4),
                     "f1": round(2 * tp / (n_pred + n_gold), 4) if n_pred + n_gold else 0.0, "matches": tp}
    out["errors"] = errors
    return out


def load(path: Path = DATA) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--errors", action="store_true", help="print every sentence with a mistake (development data only)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"missing {args.data}: the NewsQuant development half lives under ../shared/data/claims/", file=sys.stderr)
        return 2
    res = evaluate(load(args.data))
    errors = res.pop("errors")
    if args.errors:
        for e in errors:
            print(f"#{e['i']} {','.join(e['wrong'])}: {e['text']}")
            print("   gold:", " | ".join(e["gold"]))
            print("   pred:", " | ".join(e["pred"]))
    res["sentences_with_a_mistake"] = len(errors)
    print(json.dumps(res, indent=2))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
