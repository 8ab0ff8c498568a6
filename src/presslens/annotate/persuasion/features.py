"""Feature strings of the linear persuasion models: words, affixes, windows, sentence and span context."""

from __future__ import annotations

from typing import Any

from presslens.annotate.persuasion.base import Doc


def _shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "AA"
    if w[:1].isupper():
        return "Aa"
    if w[:1].isdigit():
        return "0"
    if w[:1].isalpha():
        return "a"
    return w


def sentence_bucket(p: float) -> str:
    return "sp=" + str(min(int(p * 10), 6))


def token_features(doc: Doc, p_sent: Any = None) -> list[list[str]]:
    """Features of every token for the tagger (strings; no raw sentence is kept).

    ``p_sent`` (the sentence model's probability for each sentence) is stacked in as a bucket,
    alone and paired with the word, so that words weigh more in sentences that look persuasive.
    """
    w = doc.words
    n = len(w)
    pad = ["<s2>", "<s1>"] + w + ["</s1>", "</s2>"]
    out: list[list[str]] = []
    sents = doc.sents or [(0, n)]
    # Per sentence once, not per token: its bounds, length feature and bucket (same strings).
    bounds: list[tuple[int, int, str, str | None]] = []
    for k, (i, j) in enumerate(sents):
        bucket = sentence_bucket(float(p_sent[k])) if p_sent is not None and doc.sents else None
        bounds.append((i, j, "slen=" + str(min((j - i) // 10, 5)), bucket))
    sent_of = [0] * n
    for k, (i, j) in enumerate(doc.sents):
        for t in range(i, j):
            sent_of[t] = k
    raw = doc.raw
    quote_open = False
    for t in range(n):
        c = t + 2
        word = w[t]
        if word in ('"', "“", "”"):
            quote_open = not quote_open if word == '"' else word == "“"
        i, j, slen, b = bounds[sent_of[t]]
        pos = t - i
        before, after = pad[c - 1], pad[c + 1]
        feats = [
            "b",
            "w=" + word,
            "p3=" + word[:3],
            "s3=" + word[-3:],
            "sh=" + _shape(raw[t]),
            "w-1=" + before,
            "w+1=" + after,
            "w-2=" + pad[c - 2],
            "w+2=" + pad[c + 2],
            "b-=" + before + "|" + word,
            "b+=" + word + "|" + after,
            "pos=" + (str(pos) if pos < 3 else "m" if j - t > 3 else "e"),
            slen,
        ]
        if quote_open:
            feats.append("inq")
        if b is not None:
            feats.append(b)
            feats.append(b + "|" + word)
        out.append(feats)
    return out


def sentence_features(doc: Doc, i: int, j: int) -> list[str]:
    w = doc.words[i:j]
    feats = ["b", "len=" + str(min((j - i) // 5, 10))]
    feats += ["u=" + x for x in dict.fromkeys(w)]  # first-seen order: the float sum of weights is the same in every process
    feats += ["bi=" + a + "|" + b for a, b in dict.fromkeys(zip(w, w[1:], strict=False))]
    if w:
        feats.append("first=" + w[0])
        feats.append("last=" + w[-1])
    return feats


def span_features(doc: Doc, i: int, j: int, counts: dict[str, int] | None = None, sent: tuple[int, int] | None = None) -> list[str]:
    """Features of the span of tokens [i, j) for the technique classifier."""
    w = doc.words[i:j]
    n = j - i
    feats = ["b", "n=" + (str(n) if n < 6 else "6-10" if n <= 10 else "11-20" if n <= 20 else "20+")]
    feats += ["u=" + x for x in dict.fromkeys(w)]  # first-seen order: the float sum of weights is the same in every process
    feats += ["bi=" + a + "|" + b for a, b in dict.fromkeys(zip(w, w[1:], strict=False))]
    feats.append("first=" + w[0])
    feats.append("last=" + w[-1])
    if i > 0:
        feats.append("prev=" + doc.words[i - 1])
    if j < len(doc.words):
        feats.append("next=" + doc.words[j])
    if sent is not None:
        si, sj = sent
        inside = set(w)
        feats += ["cu=" + x for x in dict.fromkeys(doc.words[si:sj]) if x not in inside]
        cover = n / max(1, sj - si)
        feats.append("cover=" + ("all" if cover > 0.8 else "most" if cover > 0.5 else "part"))
    if counts is not None:
        key = " ".join(w)
        c = counts.get(key, 1)
        feats.append("rep=" + ("1" if c <= 1 else "2" if c == 2 else "3+"))
        if n <= 4:
            cl = counts.get("#" + w[-1], 1)
            feats.append("lastrep=" + ("1" if cl <= 1 else "2" if cl <= 3 else "4+"))
    return feats


def span_counts(doc: Doc, spans: list[tuple[int, int]]) -> dict[str, int]:
    """Occurrence counts of the spans' texts (and their last words) in the article.

    Non-overlapping occurrences of the span's words at token boundaries, counted left to right.
    """
    words = doc.words
    positions: dict[str, list[int]] = {}
    for t, w in enumerate(words):
        positions.setdefault(w, []).append(t)
    counts: dict[str, int] = {}
    for i, j in spans:
        key_words = words[i:j]
        key = " ".join(key_words)
        if key and key not in counts:
            n, c, free = j - i, 0, 0
            for p in positions.get(key_words[0], ()):
                if p >= free and words[p : p + n] == key_words:
                    c += 1
                    free = p + n
            counts[key] = c
        last = "#" + words[j - 1]
        if last not in counts:
            counts[last] = len(positions.get(words[j - 1], ()))
    return counts


