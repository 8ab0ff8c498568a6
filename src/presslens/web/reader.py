"""The web reader's view of a record: the body cut into segments, each wrapped in one span per
annotation layer that covers it, plus the details of every annotation.

Layers come from the record's annotation kinds (``Article.annotations``), not from the
templates: :data:`LAYERS` says how a known kind is shown (layer name, line style, colour,
the fields of its details, the related ranges to light up when it is selected), and any other
kind whose records carry ``start``/``end`` offsets into the body gets a generic layer (next
free colour, every scalar field in its details). A new annotator therefore shows up in the
reader without touching a template.

Overlaps (a technique over a quotation over a claim) are handled by cutting each paragraph at
every annotation boundary: a segment is nested inside one span per covering layer, in a fixed
layer order, so each layer keeps its own line style and can be switched off on its own.

Confidence is shown, not hidden: a technique span under the display threshold (the setting the
annotators use, ``persuasion.display_threshold``, 0.5 by default) is marked ``low`` and hidden
until the reader asks for uncertain findings; every span with a confidence carries a ``cf-N``
class (four bins) that sets its line strength; a technique's tag is its name ("Loaded
language", not "T"); a quote whose ``speaker_confidence`` is under
:data:`~presslens.render.sourcing.UNCERTAIN` names its speaker as uncertain ("speaker uncertain: Parata?"),
a quote with no speaker is "unattributed", and reported speech is labelled a paraphrase. Speakers
beyond the palette's eight colours get a pattern too (``pat-1``, ``pat-2``), so the 9th is not the 1st.

Nothing here builds HTML: the template renders these dicts with autoescaping on, so article
text is always escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from presslens.annotate.persuasion.summary import summarize
from presslens.render.sourcing import UNCERTAIN

# Okabe-Ito, a palette readable with the common colour-vision deficiencies; every colour is
# also paired with a line style and a text tag, so no layer depends on colour alone.
PALETTE_SIZE = 8
PATTERNS = 3  # speakers: 8 colours x 3 fills (plain, stripes, dots), then the tag number alone tells them apart
DISPLAY_THRESHOLD = 0.5
#: Short technique names for the inline tags (the details give the full label).
TECHNIQUE_TAGS = {
    "Appeal_to_Authority": "Authority", "Appeal_to_fear-prejudice": "Fear", "Bandwagon": "Bandwagon",
    "Bandwagon,Reductio_ad_hitlerum": "Bandwagon", "Black-and-White_Fallacy": "Black-and-white",
    "Causal_Oversimplification": "Oversimplification", "Doubt": "Doubt", "Exaggeration,Minimisation": "Exaggeration",
    "Flag-Waving": "Flag-waving", "Loaded_Language": "Loaded language", "Name_Calling,Labeling": "Name calling",
    "Repetition": "Repetition", "Slogans": "Slogan", "Thought-terminating_Cliches": "Cliché",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism", "Reductio_ad_hitlerum": "Hitler analogy",
    "Obfuscation,Intentional_Vagueness,Confusion": "Vagueness", "Red_Herring": "Red herring", "Straw_Men": "Straw man",
    "Whataboutism": "Whataboutism",
}


@dataclass(frozen=True)
class LayerSpec:
    """How the records of one annotation kind are shown.

    ``style`` is a line-style family in reader.css (``bg``: background tint, ``dotted``,
    ``wavy``, ``solid``, ``double``: underlines, ``top``: a dashed line above, ``box``: a
    dotted outline); ``colour`` a palette slot (0-7); ``tag`` the short label put before each
    span; ``fields`` (field, label) pairs for the details (``a.b`` reads a nested field);
    ``related`` ranges lit when the record is selected: an evidence field (``cue``) or a
    ``x_start:x_end`` pair of offset fields; ``split`` picks another layer for one record
    (vague vs named sources); ``on`` whether the layer starts switched on."""

    layer: str
    label: str
    style: str
    colour: int
    tag: str
    fields: tuple[tuple[str, str], ...] = ()
    related: tuple[tuple[str, str], ...] = ()
    split: Callable[[Mapping[str, Any]], str] | None = None
    on: bool = True
    ranges: str | None = None  # a list field of evidence to highlight as well (entity mentions)


QUOTE_FIELDS = (("speaker", "Speaker"), ("speaker_confidence", "Speaker confidence"), ("speaker_kind", "Speaker is"),
                ("speaker_role", "Role"), ("kind", "Kind"), ("cue.text", "Cue"), ("speaker_mention.text", "Speaker named as"),
                ("confidence", "Confidence"), ("rule", "Rule"))
SOURCE_FIELDS = (("name", "Source"), ("kind", "Kind"), ("entity", "Entity"), ("cue.text", "Cue"),
                 ("confidence", "Confidence"), ("rule", "Rule"))

LAYERS: dict[str, LayerSpec] = {
    "quotes": LayerSpec("quotes", "Quotations", "bg", 0, "Q", QUOTE_FIELDS,
                        related=(("speaker_mention", "speaker"), ("cue", "cue"))),
    "scare_quotes": LayerSpec("scare", "Scare quotes", "dotted", 5, "SQ",
                              (("term", "Term"), ("marked", "In quote marks"), ("so_called.text", "Marked by"),
                               ("confidence", "Confidence")), related=(("so_called", "so-called"),)),
    "sources": LayerSpec("sources", "Named sources", "solid", 4, "S", SOURCE_FIELDS, related=(("cue", "cue"),),
                         split=lambda r: "vague" if r.get("kind") == "vague" else "sources"),
    "numeric_claims": LayerSpec("claims", "Numeric claims", "double", 2, "N",
                                (("text", "Figure"), ("value", "Value"), ("value_max", "Up to"), ("qualifier", "Qualifier"),
                                 ("unit", "Unit"), ("counted", "Counts"), ("source", "Source"), ("hedges", "Hedges"),
                                 ("confidence", "Confidence")),
                                related=(("counted_start:counted_end", "counted"), ("source_start:source_end", "source"))),
    "techniques": LayerSpec("techniques", "Persuasion techniques", "top", 6, "T",
                            (("technique", "Technique"), ("confidence", "Confidence"), ("span_confidence", "Span confidence"),
                             ("voice", "Voice"), ("speaker", "Quoted speaker"), ("level", "Found at"))),
    "entities": LayerSpec("entities", "Entities", "box", 1, "E", (("name", "Name"), ("label", "Type"),
                                                                  ("aliases", "Also called"), ("confidence", "Confidence")),
                          on=False, ranges="mentions"),
    "checkworthy": LayerSpec("checkworthy", "Check-worthy sentences", "box", 3, "CW",
                             (("score", "Score"), ("label", "Check-worthy"), ("confidence", "Confidence")), on=False),
}
# Variants that ``split`` may pick: (label, style, colour, tag).
VARIANTS: dict[str, tuple[str, str, int, str]] = {"vague": ("Vague sources", "wavy", 7, "V")}
RESERVED = frozenset({s.layer for s in LAYERS.values()} | set(VARIANTS))
# Kinds that are not spans to highlight: sentences are structure; consistency findings go to the side panel.
NOT_LAYERS = frozenset({"sentences", "claim_consistency"})
TECHNIQUE_LABELS = {"Name_Calling,Labeling": "Name calling, labeling", "Appeal_to_fear-prejudice": "Appeal to fear/prejudice",
                    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism, straw men, red herring",
                    "Black-and-White_Fallacy": "Black-and-white fallacy", "Thought-terminating_Cliches": "Thought-terminating clichés"}
_SKIP_FIELDS = frozenset({"start", "end", "producer", "text"})


def technique_label(name: str) -> str:
    return TECHNIQUE_LABELS.get(name, name.replace("_", " "))


def technique_tag(name: str) -> str:
    """The technique's short name for its inline tag."""
    return TECHNIQUE_TAGS.get(name) or technique_label(name).split(",")[0][:24]


def confidence_bin(value: Any) -> int | None:
    """1-4 for a confidence in [0, 1] (quarters), None for no number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return min(4, max(1, int(float(value) * 4) + 1))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"


def safe_url(url: Any) -> str | None:
    """``url`` when it is http(s) (to render as a link); anything else is shown as text only."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _get(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def show(value: Any) -> str | None:
    """One detail value as text (None when there is nothing to show)."""
    if value is None or value == "" or value == [] or value == ():
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) < 1e18 else f"{value:,.4g}"
    if isinstance(value, list | tuple):
        items = [show(v) for v in value]
        return ", ".join(i for i in items if i) or None
    if isinstance(value, Mapping):
        if "text" in value:
            return show(value["text"])
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items() if show(v)) or None
    return str(value)


def _range(record: Mapping[str, Any], spec: str, n: int) -> tuple[int, int] | None:
    if ":" in spec:
        a, b = (record.get(x) for x in spec.split(":", 1))
    else:
        ev = record.get(spec)
        if not isinstance(ev, Mapping) or ev.get("where", "body") != "body":
            return None
        a, b = ev.get("start"), ev.get("end")
    if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= n:
        return a, b
    return None


@dataclass
class Layer:
    id: str
    label: str
    style: str
    colour: int
    tag: str
    kind: str
    on: bool
    count: int = 0
    low: int = 0  # annotations under the display threshold (hidden until asked for)
    speakers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Item:
    start: int
    end: int
    layer: str
    aid: str  # "kind-idx"
    cls: str
    tag: str | None
    order: int
    low: bool = False


def _speaker(rec: Mapping[str, Any]) -> tuple[str, bool, float | None]:
    """(name shown, uncertain, speaker confidence) of a quote: "(unattributed)" when nobody is named,
    "speaker uncertain: Name?" when its calibrated speaker confidence is under
    :data:`presslens.render.sourcing.UNCERTAIN` (a guess is never shown as fact)."""
    who = rec.get("speaker")
    conf = rec.get("speaker_confidence")
    conf = float(conf) if isinstance(conf, (int, float)) and not isinstance(conf, bool) else None
    if not isinstance(who, str) or not who.strip():
        return "(unattributed)", False, conf
    uncertain = conf is not None and conf < UNCERTAIN
    return (f"speaker uncertain: {who}?" if uncertain else who), uncertain, conf


def build(record: Mapping[str, Any], threshold: float = DISPLAY_THRESHOLD) -> dict[str, Any]:
    """Everything the article template needs, from ``Article.to_dict()``; techniques under
    ``threshold`` are marked low (hidden until the reader shows uncertain findings)."""
    text: str = record.get("text") or ""
    n = len(text)
    annotations: Mapping[str, Any] = record.get("annotations") or {}
    layers: dict[str, Layer] = {}
    items: list[Item] = []
    related: list[tuple[int, int, str]] = []
    details: list[dict[str, Any]] = []
    speakers: dict[str, int] = {}
    next_colour = 0
    used = {s.colour for s in LAYERS.values()}

    def layer_for(kind: str, spec: LayerSpec | None, lid: str) -> Layer:
        nonlocal next_colour
        if lid not in layers:
            if spec is None:  # generic: a colour not taken by the known layers first
                free = [c for c in range(PALETTE_SIZE) if c not in used] or list(range(PALETTE_SIZE))
                colour = free[next_colour % len(free)]
                next_colour += 1
                words = re.findall(r"[a-z0-9]+", kind.lower())
                layers[lid] = Layer(lid, kind.replace("_", " ").capitalize(), "box", colour,
                                    "".join(w[0] for w in words).upper()[:3] or "A", kind, True)
            elif lid != spec.layer and lid in VARIANTS:
                label, style, colour, tag = VARIANTS[lid]
                layers[lid] = Layer(lid, label, style, colour, tag, kind, spec.on)
            else:
                layers[lid] = Layer(lid, spec.label, spec.style, spec.colour, spec.tag, kind, spec.on)
        return layers[lid]

    order = {k: i for i, k in enumerate(LAYERS)}
    kinds = sorted((k for k in annotations if k not in NOT_LAYERS), key=lambda k: (order.get(k, len(order)), k))
    for kind in kinds:
        recs = annotations.get(kind)
        if not isinstance(recs, list | tuple):
            continue
        spec = LAYERS.get(kind)
        for idx, rec in enumerate(recs):
            if not isinstance(rec, Mapping):
                continue
            start, end = rec.get("start"), rec.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n):
                continue
            if kind == "checkworthy" and rec.get("label") is False:
                continue
            if spec is None:  # a generic layer never takes the id of a known one
                lid = slug(kind)
                lid = f"k-{lid}" if lid in RESERVED else lid
            else:
                lid = slug(spec.split(rec) if spec.split else spec.layer)
            layer = layer_for(kind, spec, lid)
            layer.count += 1
            aid = f"{slug(kind)}-{idx}"
            cls, tag = f"ly st-{layer.style} c-{layer.colour}", layer.tag
            cbin = confidence_bin(rec.get("confidence"))
            low = kind == "techniques" and cbin is not None and float(rec["confidence"]) < threshold
            layer.low += low
            fields: list[tuple[str, str]] = []
            if kind == "quotes":
                who, uncertain, sconf = _speaker(rec)
                if who not in speakers:
                    speakers[who] = k = len(speakers)
                    layer.speakers.append({"name": who, "n": k + 1, "colour": k % PALETTE_SIZE,
                                           "pattern": (k // PALETTE_SIZE) % PATTERNS, "uncertain": uncertain})
                sn = speakers[who]
                cls = f"ly st-bg spk-{sn % PALETTE_SIZE} pat-{(sn // PALETTE_SIZE) % PATTERNS}"
                tag = f"Q{sn + 1}"
                fields.append(("Speaker", who))
                if rec.get("kind") == "indirect":
                    fields.append(("Paraphrase", "reported speech: the outlet's words, not the speaker's"))
            if kind == "techniques" and isinstance(rec.get("technique"), str):
                fields.append(("Technique", technique_label(rec["technique"])))
                tag = technique_tag(rec["technique"])
            if low:
                fields.append(("Shown", f"only with uncertain findings (confidence under {threshold:g})"))
            for path, label in spec.fields if spec else _generic_fields(rec):
                if (kind == "techniques" and path == "technique") or (kind == "quotes" and path == "speaker"):
                    continue
                value = show(_get(rec, path))
                if value is not None:
                    fields.append((label, value))
            if cbin is not None:
                cls += f" cf-{cbin}"
            order_key = list(LAYERS).index(kind) if kind in LAYERS else len(LAYERS)
            items.append(Item(start, end, lid, aid, cls, tag, order_key, low))
            extra = rec.get(spec.ranges) if spec and spec.ranges else None
            if isinstance(extra, list):
                for ev in extra:
                    r = _range({"m": ev}, "m", n)
                    if r and r != (start, end):
                        items.append(Item(r[0], r[1], lid, aid, cls, None, order_key, low))
            rel_labels = []
            for rspec, rlabel in spec.related if spec else ():
                r = _range(rec, rspec, n)
                if r:
                    related.append((r[0], r[1], aid))
                    rel_labels.append(rlabel)
            details.append({"id": aid, "kind": kind, "idx": idx, "layer": layer.label, "layer_id": lid, "tag": tag,
                            "style": layer.style, "colour_cls": cls, "text": text[start:end], "fields": fields,
                            "related": rel_labels, "start": start, "end": end, "low": low,
                            "paraphrase": kind == "quotes" and rec.get("kind") == "indirect"})
    return {"paragraphs": segments(text, record.get("paragraphs") or [], items, related),
            "layers": list(layers.values()), "details": details, "threshold": threshold,
            "low": sum(ly.low for ly in layers.values())}


def _generic_fields(rec: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(k, k.replace("_", " ").capitalize()) for k in rec if k not in _SKIP_FIELDS and not k.endswith(("_start", "_end"))]


def segments(text: str, paragraphs: list[Any], items: list[Item], related: list[tuple[int, int, str]]) -> list[list[dict[str, Any]]]:
    """Each paragraph as a list of segments ``{"text", "layers": [...], "rel": "ids"}``, cut at every boundary."""
    n = len(text)
    paras = [(p["start"], p["end"]) for p in paragraphs if isinstance(p, Mapping)
             and isinstance(p.get("start"), int) and isinstance(p.get("end"), int) and p["start"] < p["end"] <= n]
    if not paras:
        paras = [(0, n)] if n else []
    items = sorted(items, key=lambda i: (i.start, -i.end))
    related = sorted(related)
    out = []
    first_seen: set[str] = set()
    # one sweep over the paragraphs (sorted, disjoint): ``active`` holds what started before the
    # paragraph's end and has not ended before its start
    j = k = 0
    active: list[Item] = []
    active_rel: list[tuple[int, int, str]] = []
    for ps, pe in sorted(paras):
        while j < len(items) and items[j].start < pe:
            active.append(items[j])
            j += 1
        while k < len(related) and related[k][0] < pe:
            active_rel.append(related[k])
            k += 1
        active = [i for i in active if i.end > ps]
        active_rel = [r for r in active_rel if r[1] > ps]
        inside, rel = active, active_rel
        cuts = {ps, pe}
        for i in inside:
            cuts.update((max(ps, i.start), min(pe, i.end)))
        for a, b, _ in rel:
            cuts.update((max(ps, a), min(pe, b)))
        bounds = sorted(cuts)
        segs = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            cover = [i for i in inside if i.start <= a and i.end >= b]
            by_layer: dict[str, list[Item]] = {}
            for i in sorted(cover, key=lambda i: (i.order, i.layer)):
                by_layer.setdefault(i.layer, []).append(i)
            lys = []
            for lid, its in by_layer.items():
                tags: dict[str, bool] = {}
                focus = False
                for i in its:
                    if i.aid not in first_seen:
                        first_seen.add(i.aid)
                        focus = True
                        if i.tag:
                            tags[i.tag] = tags.get(i.tag, True) and i.low
                shown = [i for i in its if not i.low]
                lys.append({"layer": lid, "cls": (shown or its)[0].cls, "ids": " ".join(dict.fromkeys(i.aid for i in its)),
                            "focus": focus, "tags": [{"text": t, "low": lo} for t, lo in tags.items()],
                            "low": not shown})
            rids = " ".join(dict.fromkeys(r[2] for r in rel if r[0] <= a and r[1] >= b))
            segs.append({"text": text[a:b], "layers": lys, "rel": rids})
        out.append(segs)
    return out


def voice_panel(record: Mapping[str, Any], threshold: float, rank: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The article's shown technique spans by voice (the report's summary) and, for a stored article,
    the percentile of its own-voice rate among the corpus's articles (``rank``: a ``VoiceRank`` dict)."""
    techniques = (record.get("annotations") or {}).get("techniques")
    if techniques is None:
        return None
    s = summarize(str(record.get("text") or ""), [t for t in techniques if isinstance(t, Mapping)])
    return {"own": s.own, "quoted": s.quoted, "own_per_1000": s.own_per_1000, "speakers": list(s.speakers.items()),
            "threshold": threshold, "percentile": (rank or {}).get("percentile"), "among": (rank or {}).get("among", 0)}


def side_panel(record: Mapping[str, Any], threshold: float = 0.5, rank: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Metadata, provenance, boilerplate, consistency findings and persuasion by voice, as plain values."""
    annotations = record.get("annotations") or {}
    claims = annotations.get("numeric_claims") or []
    by_span = {(c.get("start"), c.get("end")): i for i, c in enumerate(claims) if isinstance(c, Mapping)}
    findings = []
    for f in annotations.get("claim_consistency") or []:
        if not isinstance(f, Mapping):
            continue
        refs = []
        for ev in f.get("claims") or []:
            if isinstance(ev, Mapping):
                i = by_span.get((ev.get("start"), ev.get("end")))
                refs.append({"text": ev.get("text"), "aid": f"numeric-claims-{i}" if i is not None else None})
        findings.append({"kind": str(f.get("kind", "")).replace("_", " "), "note": f.get("note"), "source": f.get("source"),
                         "claims": refs})
    tags = record.get("tags") or {}
    prov = record.get("provenance") or {}
    return {
        "title": record.get("title"), "authors": record.get("authors") or [], "published": record.get("published"),
        "publisher": record.get("publisher"), "url": record.get("url"), "url_link": safe_url(record.get("url")),
        "language": record.get("language"), "format": record.get("format"), "id": record.get("id"),
        "tags": [(k, ", ".join(v) if isinstance(v, list | tuple) else str(v)) for k, v in tags.items()] if isinstance(tags, Mapping) else [],
        "provenance": {"original_source": prov.get("original_source"), "republished_by": prov.get("republished_by"),
                       "copyright": ", ".join(prov.get("copyright_holders") or []) + (f" ({prov['copyright_year']})" if prov.get("copyright_year") else ""),
                       "wire": prov.get("wire"),
                       "facts": [{"kind": str(x.get("kind", "")).replace("_", " "), "value": x.get("value"),
                                  "evidence": (x.get("evidence") or {}).get("text")} for x in prov.get("facts") or [] if isinstance(x, Mapping)]},
        "boilerplate": [{"reason": b.get("reason"), "rule": b.get("rule"), "text": (b.get("evidence") or {}).get("text")}
                        for b in record.get("boilerplate") or [] if isinstance(b, Mapping)],
        "findings": findings,
        "persuasion": voice_panel(record, threshold, rank),
        "warnings": list(record.get("warnings") or []),
    }


__all__ = ["DISPLAY_THRESHOLD", "LAYERS", "LayerSpec", "build", "confidence_bin", "safe_url", "segments", "side_panel", "show",
           "slug", "technique_label", "technique_tag"]
