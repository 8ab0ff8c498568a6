"""Check-worthiness (issues 4 and 18): how much a fact-checker would want to check each sentence.

A calibrated probability per sentence of the body from a small linear model (logistic regression
with Platt scaling, ``make train-checkworthy``; see ``src/presslens/models/checkworthy/MODEL_CARD.md``)
trained on the CheckThat! 2024 English debate sentences. The label narrows the page down: a
sentence is labelled when its probability reaches the threshold **and** it ranks within the top
``top_share`` of the article's sentences (settings section ``checkworthy``: default threshold the
model's, top share 0.25), so on news at most about a quarter of the sentences are flagged, the
first picks first (the order of a small news-fitted head over the probability and the attribution
layer's quotations, ``pick.py``: a quoted opinion loses its place). Each record carries its rank and
the reasons a reader can check: the figure
(a numeric claim of the sentence), the named source, the comparison, and what speaks against
(opinion, prediction, question). Features are hashed strings (no vocabulary and no
sentence of the corpus is stored): lower-cased words and word pairs (digits folded to ``0``),
plus cues a fact-checker looks for: a quantity (the numeric-claims finder), percentages and money,
comparisons ("more than", "highest", "doubled"), named sources ("according to", "said",
"report"), capitalised names, and the marks of what is not checkable: questions, first-person
opinion ("I think"), predictions ("will"), and length.

A second, dense part (issue 18) carries what a word *means* beyond the words seen in training: the
mean over the sentence's wordpieces of a score per wordpiece. Each wordpiece's score is the dot product
of a learnt 384-d weight vector with the wordpiece's static MiniLM vector (all-MiniLM-L6-v2 run on
``[CLS] piece [SEP]``, the output at the piece; computed at training time only), so a word never seen
in the debates still gets the weight of the words it resembles. As the part is linear, the artifact
stores only the folded scalar per wordpiece (``token_scores``, 30,522 float16), not the vectors. A third
part (issue 18, fourth round; :mod:`.states`) reads the sentence in context: 384 weights over the mean
of the persuasion tagger's last-layer states of its wordpieces (``state_weights``), the pass the
techniques annotator makes anyway.

Inference needs numpy and the standard library (``zlib.crc32`` for the hashing; MiniLM's wordpiece
vocabulary from ``minilm-tokenizer.json``, a copy of the persuasion tagger's, split by a small WordPiece
of its own): the artifact is one float16 weight vector, the wordpiece scores, a bias and a threshold.
"""

from __future__ import annotations

import math
import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.annotate.claims.numbers import find_quantities
from presslens.annotate.claims.pick import load_pick, pick_features, quote_overlaps, quote_spans
from presslens.components import Context, component, producer
from presslens.records import Article, CheckWorthiness
from presslens.settings import CheckworthySettings

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "checkworthy"
MODEL_FILE = MODEL_DIR / "checkworthy.npz"
TOKENIZER_FILE = MODEL_DIR / "minilm-tokenizer.json"
REPORT_TOP = 5




# ---------------------------------------------------------------------------
# Features (the same code prepares training sentences and article sentences).
# ---------------------------------------------------------------------------
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*|[%$£€?]")
_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|half|third|quarter|dozen|dozens)\b", re.I)
_CMP = frozenset("more less fewer than most least highest lowest largest smallest biggest record doubled tripled halved increase increased decrease decreased rose risen fell fallen dropped grew grown decline declined cut raised lower higher percent times since compared average rate".split())
_SRC = frozenset("said says reported report study survey data figures statistics census analysis estimate estimates poll official officials department agency bureau ministry researchers scientists".split())
_OPINION_VERBS = frozenset("think believe feel hope guess want wish love like".split())
_OPINION = frozenset("should must ought great terrible wonderful horrible shame disgrace".split())
_FUTURE = frozenset("will would could might may gonna expected expects plans intends predicts predicted projected forecast vows vowed "
                    "pledged promised aims hopes".split())
# judgement words: the sentence evaluates rather than states (issue 18: third-person opinion passed as a claim)
_EVALUATIVE = frozenset(
    "alarming outrageous disgraceful shameful shameless baseless partisan sham ridiculous absurd terrible horrible awful wonderful "
    "amazing incredible disastrous catastrophic corrupt crooked dishonest radical extreme dangerous reckless cynical hypocritical "
    "pathetic stupid foolish brilliant beautiful tremendous disgusting appalling despicable unacceptable outrage shocking "
    "sad unfortunate insane crazy ludicrous laughable bizarre bogus phony fake hysterical vile evil noble heroic courageous "
    "remarkable extraordinary unbelievable embarrassing humiliating pitiful clueless inept incompetent arrogant ignorant "
    "racist bigoted hateful vicious brutal nasty wrongheaded misguided irresponsible deplorable gross grotesque obscene "
    "extremely utterly totally deeply truly clearly obviously simply frankly sadly unfortunately fortunately surely "
    "certainly undoubtedly arguably".split()
)
_OPINION_REPORT = frozenset(
    "criticized criticised slammed blasted ridiculed praised lauded condemned denounced mocked belittled boasted argued "
    "contended insisted lambasted derided decried hailed applauded welcomed warned urged called".split()
)
# not prose of the article: captions, link lists and widgets left by the page extraction
_ARTIFACT = re.compile(
    r"\b(?:Hide\s+Caption|Click\s+here|Sign\s+up|Getty\s+Images|AP\s+Photo|Read\s+more|Advertisement|pic\.twitter\.com)\b"
    r"|\bPhotos?:|\bRelated:|\bMORE:|\bMore:|\s\|\s"
)
# "Sen. Marsha Blackburn Marsha BlackburnGOP senator: ...": a name glued to the next headline of a link list
_GLUED_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?=[A-Z0-9][A-Za-z0-9])")


def is_artifact(sentence: str) -> bool:
    """Text of the page that is not a sentence of the article: a caption, a link list, a widget."""
    if _ARTIFACT.search(sentence):
        return True
    return any(sentence.count(m.group(1)) >= 2 for m in _GLUED_NAME.finditer(sentence))


_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
_MONEY = re.compile(r"[$£€]\s?\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|billion|million|trillion)\b", re.I)
_DIGITS = re.compile(r"\d")


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for k, e in enumerate(edges):
        if n <= e:
            return str(k)
    return str(len(edges))


_PAST_WORDS = frozenset(("was", "were", "had", "did"))
_WORD: dict[str, str] = {}  # token -> its feature form (tokens repeat): a pure function's memo, bounded


def _word(token: str) -> str:
    """Lower case, typographic apostrophe to ASCII, digits folded to ``0``."""
    if len(_WORD) > 200_000:
        _WORD.clear()
    w = _WORD[token] = _DIGITS.sub("0", token.lower().replace("’", "'"))
    return w


def features(sentence: str, has_quantity: bool | None = None) -> list[str]:
    """Feature strings of one sentence. ``has_quantity``: whether the numeric-claims finder found
    a quantity in it (computed here when not given)."""
    raw = _TOKEN.findall(sentence)
    memo = _WORD
    words = [memo.get(w) or _word(w) for w in raw]
    feats = ["bias"]
    feats += ["u=" + w for w in words]
    feats += ["b=" + a + "|" + b for a, b in zip(words, words[1:], strict=False)]
    if words:
        feats.append("first=" + words[0])
    if has_quantity is None:
        has_quantity = bool(_NUMBERISH.search(sentence)) and bool(find_quantities(sentence))
    n_words = sum(1 for w in words if w[:1].isalpha())
    feats.append("len=" + _bucket(n_words, (4, 8, 12, 18, 25, 35, 50)))
    vocab = set(words)
    pairs = set(zip(words, words[1:], strict=False))
    money = ("$" in sentence or "£" in sentence or "€" in sentence or has_quantity) and bool(_MONEY.search(sentence))
    cues = {
        "quantity": has_quantity,
        "digit": bool(_DIGITS.search(sentence)),
        "pct": "%" in vocab or "percent" in vocab or ("per", "cent") in pairs or "percentage" in vocab,
        "money": money,
        "cmp": not _CMP.isdisjoint(vocab),
        "src": not _SRC.isdisjoint(vocab) or ("according", "to") in pairs,
        "opinion": not _OPINION.isdisjoint(vocab) or (("i" in vocab or "we" in vocab) and any(a in ("i", "we") and b in _OPINION_VERBS for a, b in pairs))
        or ("my", "opinion") in pairs or ("my", "view") in pairs,
        "future": not _FUTURE.isdisjoint(vocab) or ("going", "to") in pairs,
        "question": sentence.rstrip().rstrip("\"'”’)").endswith("?"),
        "evaluative": not _EVALUATIVE.isdisjoint(vocab),
        "opinion_report": not _OPINION_REPORT.isdisjoint(vocab),
        "artifact": is_artifact(sentence),
        "past": not _PAST_WORDS.isdisjoint(vocab) or any(len(w) > 4 and w.endswith("ed") for w in vocab),
        "first_person": not {"i", "we", "my", "our", "me", "us"}.isdisjoint(vocab),
        "second_person": not {"you", "your"}.isdisjoint(vocab),
    }
    for k, v in cues.items():
        if v:
            feats.append("cue=" + k)
    if has_quantity and cues["cmp"]:
        feats.append("cue=quantity+cmp")
    if has_quantity and cues["src"]:
        feats.append("cue=quantity+src")
    feats.append("caps=" + _bucket(len(_CAPS.findall(sentence)), (0, 1, 3, 6)))
    return feats


_CRC: dict[str, int] = {}  # crc32 of feature strings seen (words repeat): a pure function's memo, bounded


def hash_features(feats: list[str], dim: int) -> list[int]:
    """Bucket indices of the feature strings (crc32 modulo ``dim``, duplicates removed)."""
    mask = dim - 1
    cache = _CRC
    out: set[int] = set()
    for f in feats:
        h = cache.get(f)
        if h is None:
            if len(cache) > 200_000:
                cache.clear()
            h = cache[f] = zlib.crc32(f.encode("utf-8"))
        out.add(h & mask)
    return sorted(out)


@lru_cache(maxsize=1)
def _vocab() -> dict[str, int]:
    """MiniLM's wordpiece vocabulary (piece -> id), read once per process from ``minilm-tokenizer.json``."""
    import json

    return dict(json.loads(TOKENIZER_FILE.read_text(encoding="utf-8"))["model"]["vocab"])


# BERT's basic tokenisation after lower-casing and stripping accents: runs of letters and digits, and every
# other visible character on its own (BERT also splits ASCII symbols and Unicode punctuation off a word;
# a non-ASCII symbol such as "€" it keeps inside the word: the only, rare, difference)
_BASIC = re.compile(r"[^\W_]+|[^\s]")


@lru_cache(maxsize=65536)
def _pieces(word: str) -> tuple[int, ...]:
    """Greedy longest-match-first wordpieces of one basic token (as BERT's WordPiece: ``##`` marks a
    continuation, a word with an unknown rest or longer than 100 characters is ``[UNK]``)."""
    vocab = _vocab()
    if len(word) > 100:
        return (vocab["[UNK]"],)
    out: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        piece = None
        while start < end:
            sub = word[start:end] if start == 0 else "##" + word[start:end]
            if sub in vocab:
                piece = vocab[sub]
                break
            end -= 1
        if piece is None:
            return (vocab["[UNK]"],)
        out.append(piece)
        start = end
    return tuple(out)


def wordpieces(sentences: list[str]) -> list[list[int]]:
    """Wordpiece ids of each sentence as MiniLM's tokenizer gives them (``minilm-tokenizer.json``: lower
    case, accents stripped), without ``[CLS]``/``[SEP]``. A pure-Python WordPiece with a memo per word:
    the ``tokenizers`` library spends ~4 ms of CPU on an article's sentences, this well under 1 ms."""
    import unicodedata

    out: list[list[int]] = []
    for sentence in sentences:
        text = unicodedata.normalize("NFD", sentence.lower())
        if not text.isascii():
            text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        ids: list[int] = []
        for word in _BASIC.findall(text):
            ids.extend(_pieces(word))
        out.append(ids)
    return out


class CheckworthyModel:
    """Hashed-feature logistic regression with Platt scaling:
    P = sigmoid(calib_a * (bias + sum of the weights of the buckets + mean of the wordpiece scores) + calib_b);
    without ``token_scores`` (models before issue 18's second round) the wordpiece term is 0."""

    def __init__(self, weights: Any, bias: float, threshold: float, meta: str = "{}", calib_a: float = 1.0, calib_b: float = 0.0,
                 normalize: bool = False, token_scores: Any = None, state_weights: Any = None):
        self.weights = weights
        self.dim = int(len(weights))
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.meta = meta
        self.calib_a = float(calib_a)
        self.calib_b = float(calib_b)
        self.normalize = bool(normalize)
        self.token_scores = token_scores
        self.state_weights = state_weights  # (384,) over the pooled tagger states (:mod:`.states`); None: no such part

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> CheckworthyModel:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            calib = z["calibration"] if "calibration" in z.files else np.array([1.0, 0.0, 0.0])
            tokens = z["token_scores"].astype(np.float64) if "token_scores" in z.files else None
            states = z["state_weights"].astype(np.float32) if "state_weights" in z.files else None
            return cls(z["weights"].astype(np.float32), float(z["bias"]), float(z["threshold"]), str(z["meta"]),
                       float(calib[0]), float(calib[1]), bool(len(calib) > 2 and calib[2]), tokens, states)

    def save(self, path: Path) -> None:
        import numpy as np

        path.parent.mkdir(parents=True, exist_ok=True)
        extra: dict[str, Any] = {} if self.token_scores is None else {"token_scores": np.asarray(self.token_scores, dtype=np.float16)}
        if self.state_weights is not None:
            extra["state_weights"] = np.asarray(self.state_weights, dtype=np.float32)
        np.savez_compressed(path, weights=np.asarray(self.weights, dtype=np.float16), bias=np.float32(self.bias),
                            threshold=np.float32(self.threshold), meta=np.array(self.meta),
                            calibration=np.asarray([self.calib_a, self.calib_b, float(self.normalize)], dtype=np.float32), **extra)

    def wordpiece_term(self, sentences: list[str]) -> Any:
        """Mean wordpiece score of each sentence (0 for a model without them or a sentence without pieces)."""
        import numpy as np

        out = np.zeros(len(sentences), dtype=np.float64)
        if self.token_scores is None or not sentences:
            return out
        pieces = wordpieces(sentences)
        lengths = np.asarray([len(ids) for ids in pieces], dtype=np.int64)
        flat = np.fromiter((i for ids in pieces for i in ids), dtype=np.int64, count=int(lengths.sum()))
        if not len(flat):
            return out
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        has = lengths > 0
        sums = np.add.reduceat(self.token_scores[flat], starts[has])
        out[has] = sums / lengths[has]
        return out

    def score_features(self, rows: list[list[str]], sentences: list[str] | None = None, states: Any = None) -> list[float]:
        """Probabilities of sentences given their feature strings and, for the wordpiece term, their text
        (required when the model has wordpiece scores); ``states``: their pooled tagger states (:mod:`.states`;
        when the model reads them and none are given, each sentence is read alone)."""
        import numpy as np

        if not rows:
            return []
        if self.token_scores is not None and sentences is None:
            raise ValueError("this check-worthiness model needs the sentences' text for its wordpiece term")
        idx: list[int] = []
        starts: list[int] = []
        for feats in rows:
            starts.append(len(idx))
            idx.extend(hash_features(feats, self.dim))  # never empty: "bias" is always a feature
        sums = np.add.reduceat(self.weights[np.asarray(idx, dtype=np.int64)].astype(np.float64), np.asarray(starts, dtype=np.int64))
        if self.normalize:  # unit-length feature vectors, as in training
            sums = sums / np.sqrt(np.diff(np.asarray([*starts, len(idx)], dtype=np.float64)))
        if sentences is not None:
            sums = sums + self.wordpiece_term(sentences)
        if self.state_weights is not None:
            if states is None:
                if sentences is None:
                    raise ValueError("this check-worthiness model needs the sentences' text or their tagger states")
                from presslens.annotate.claims.states import alone_states

                states = alone_states(sentences)
            sums = sums + np.asarray(states, dtype=np.float32) @ self.state_weights
        z = np.clip(self.calib_a * (sums + self.bias) + self.calib_b, -30, 30)
        return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]

    def score(self, sentences: list[str], has_quantity: list[bool] | None = None) -> list[float]:
        hq = has_quantity or [None] * len(sentences)  # type: ignore[list-item]
        return self.score_features([features(s, q) for s, q in zip(sentences, hq, strict=True)], sentences)


@lru_cache(maxsize=1)
def load_model() -> CheckworthyModel:
    """The committed model, loaded once per process."""
    return CheckworthyModel.load(MODEL_FILE)


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


def _confidence(score: float, threshold: float) -> float:
    if score >= threshold:
        return round((score - threshold) / max(1e-9, 1 - threshold), 3)
    return round((threshold - score) / max(1e-9, threshold), 3)


_SOURCE_RE = re.compile(
    r"\b(?i:according\s+to\s+(?:the\s+)?)(?P<a>[^,;:.!?()\"“”]{3,60}?)(?=\s*[,;:.!?()\"“”]|$)"
    r"|(?P<b>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})\s+(?:said|says|reported|reports|found|estimated|estimates|told)\b"
    r"|\b(?:said|says|reported|told)\s+(?P<c>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})"
)
_CMP_RE = re.compile(
    r"\b(?:more|less|fewer|higher|lower|highest|lowest|largest|smallest|biggest|most|least|record|doubled|tripled|halved|"
    r"than|compared\s+(?:with|to)|rose|fell|increased|decreased|dropped|grew|declined|since|times)\b",
    re.IGNORECASE,
)
_SOURCE_WORDS = frozenset(("u=said", "u=says", "u=reported", "u=reports", "u=found", "u=estimated", "u=estimates", "u=told",
                           "b=according|to"))
_AGAINST = (("opinion", "cue=opinion"), ("judgement", "cue=evaluative"), ("prediction", "cue=future"), ("question", "cue=question"),
            ("not prose (caption, links)", "cue=artifact"))


def _after_at(text: str, i: int) -> bool:
    """Whether the word "at" and some space end ``text[:i]`` ("at least" is not a comparison)."""
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j < i and j >= 2 and text[j - 2 : j].lower() == "at" and (j == 2 or not (text[j - 3].isalnum() or text[j - 3] == "_"))


def _reasons(sentence: str, s0: int, fs: set[str], claims: list[Any], sources: list[Any]) -> tuple[str, ...]:
    """What makes the sentence worth checking, in words a reader can verify: the figure, the named
    source, the comparison; and what speaks against it (opinion, prediction, question)."""
    out: list[str] = []
    figures = [_get(c, "text") for c in claims if not (_get(c, "value") == 1 and str(_get(c, "text")).casefold() == "one")]
    if figures:
        out.append("figure: " + ", ".join(figures[:3]))
    named = [_get(x, "name") for x in sources if _get(x, "kind") != "vague"]
    if not named and not fs.isdisjoint(_SOURCE_WORDS):  # the pattern needs one of these words
        m = _SOURCE_RE.search(sentence)
        if m:
            named = [(m.group("a") or m.group("b") or m.group("c")).strip()]
    if named:
        out.append("source: " + ", ".join(dict.fromkeys(named)))
    # every word of the pattern is a comparison cue word: without the cue there is nothing to find
    cm = next((m for m in _CMP_RE.finditer(sentence) if not _after_at(sentence, m.start())), None) if "cue=cmp" in fs else None
    if cm:
        out.append("comparison: " + cm.group().casefold())
    out.extend(f"against: {name}" for name, cue in _AGAINST if cue in fs)
    return tuple(out)


def _by_sentence(items: list[Any], starts: list[int], spans: list[tuple[int, int]]) -> dict[int, list[Any]]:
    """Index of the sentence each item starts in -> the items (an item outside every sentence is left out)."""
    import bisect

    out: dict[int, list[Any]] = {}
    for x in items:
        st = _get(x, "start")
        k = bisect.bisect_right(starts, st) - 1
        if k >= 0 and st < spans[k][1]:
            out.setdefault(k, []).append(x)
    return out


def score_article(article: Article, prod: str = "checkworthy@4", settings: CheckworthySettings | None = None,
                  ctx: Context | None = None) -> tuple[CheckWorthiness, ...]:
    """Score every sentence, rank them in pick order, and label those within the top ``top_share`` that reach the threshold
    (``ctx``: the article's context, where the techniques annotator leaves the tagger's states, :mod:`.states`)."""
    settings = settings or CheckworthySettings()
    text = article.text
    sents = article.annotations.get("sentences")
    if sents is None:
        from presslens.annotate.nlp import parse_one, sentence_spans

        spans = sentence_spans(parse_one(text))  # called outside a pipeline: sentences of its own
    else:
        spans = [(_get(s, "start"), _get(s, "end")) for s in sents]
    claims = article.annotations.get("numeric_claims")
    claim_list = list(claims) if claims is not None else None
    sources = list(article.annotations.get("sources", ()))
    model = load_model()
    pick = load_pick()
    quotes = quote_spans(list(article.annotations.get("quotes", ()))) if pick is not None else []
    quoted = quote_overlaps(spans, quotes) if pick is not None else []
    # claims and sources of each sentence, in one pass (sentences are sorted and do not overlap)
    starts = [s0 for s0, _ in spans]
    claims_of = _by_sentence(claim_list or [], starts, spans)
    sources_of = _by_sentence(sources, starts, spans)
    rows, keep, reasons, texts, named, sets, kept = [], [], [], [], [], [], []
    for k, (s0, s1) in enumerate(spans):
        sent = text[s0:s1]
        if not sent.strip():
            continue
        in_sent = claims_of.get(k, []) if claim_list is not None else None
        hq = None if in_sent is None else any(_get(c, "confidence") >= 0.5 for c in in_sent)
        feats = features(sent, hq)
        fs = set(feats)
        rows.append(feats)
        sets.append(fs)
        texts.append(sent)
        keep.append((s0, s1))
        kept.append(k)
        srcs = sources_of.get(k, [])
        named.append(any(_get(x, "kind") != "vague" for x in srcs))
        reasons.append(_reasons(sent, s0, fs, in_sent or [], srcs))
    states = None
    if rows and (model.state_weights is not None or (pick is not None and pick.states)):
        from presslens.annotate.claims.states import article_states

        states = article_states(text, keep, ctx)
    scores = model.score_features(rows, texts, states) if rows else []
    # the order (rank, the top list, the sentences the cap lets be labelled): the pick head's, else the score's
    order_by = scores if pick is None else pick.score([pick_features(text, s0, s1, p, fs, quoted[k], nm)
                                                      for (s0, s1), p, fs, nm, k in zip(keep, scores, sets, named, kept, strict=True)], sets,
                                                     states)
    t = model.threshold if settings.threshold is None else settings.threshold
    # text the page extraction left in the body (captions, link lists) is not a sentence of the article:
    # it keeps its score but ranks after every sentence of prose and is never labelled
    prose = ["cue=artifact" not in fs for fs in sets]
    order = sorted(range(len(scores)), key=lambda i: (not prose[i], -order_by[i]))
    rank = {i: r + 1 for r, i in enumerate(order)}
    cap = max(1, math.floor(settings.top_share * len(scores))) if scores else 0
    return tuple(
        CheckWorthiness(s0, s1, round(p, 4), bool(p >= t and rank[i] <= cap and prose[i]), _confidence(p, t), prod, rank[i], reasons[i])
        for i, ((s0, s1), p) in enumerate(zip(keep, scores, strict=True))
    )


@component("checkworthy", requires=("sentences", "numeric_claims"), assigns=("checkworthy",), config="checkworthy")
class CheckworthyAnnotator:
    """P(a fact-checker would want to check it) for every sentence of the body; the label flags
    the first picks among those that reach the threshold, at most ``top_share`` of the article (settings section ``checkworthy``)."""

    version = 4  # 3: the model reads the persuasion tagger's states (issue 18, fourth round); 4: so does the pick head (session 9)

    def __init__(self, settings: CheckworthySettings | None = None) -> None:
        self.settings = settings or CheckworthySettings()

    def __call__(self, article: Article, ctx: Context | None = None) -> Article:
        return article.with_annotations(checkworthy=score_article(article, producer(self), self.settings, ctx))


def top_sentences(article: Article, n: int = REPORT_TOP) -> list[Any]:
    """The ``n`` best-ranked sentences (by ``rank``; by score for records written before ranks existed)."""
    items = article.annotations.get("checkworthy", ())
    return sorted(items, key=lambda c: (_get(c, "rank") or 10**9, -_get(c, "score")))[:n]



__all__ = ["CheckWorthiness", "CheckworthyAnnotator", "CheckworthyModel", "features", "hash_features", "load_model", "score_article", "top_sentences"]
