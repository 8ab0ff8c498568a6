"""The pick order of check-worthy sentences (issue 18, third round): which sentences a fact-checker would pick first.

The debate model's probability (:mod:`presslens.annotate.claims.checkworthy`) stays the sentence's calibrated
``score``; the *order* of the article's sentences (``rank``, hence the top-5 list and which sentences the
top-share cap lets be labelled) comes from a second, news-fitted score: a logistic regression over the debate
logit, the share of the sentence inside direct and inside reported quotations (the attribution layer's
``quotes``), whether a quoted person speaks in it, a named source (``sources``), verbs of fact on record
("announced", "voted", "found"), dates, position in the article, length, the cue features and (fourth round)
reported opinion, modal verbs and intentions or schedules. The debates
taught the score that names, figures and "said" mark a claim; in news a quoted opinion has all three, and the
head learns from hand-labelled news sentences that a quotation costs a sentence its place. Fitted by
``python -m presslens.training.checkworthy_pick`` (``pick.json``: feature names, weights, intercept, meta).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

PICK_FILE = Path(__file__).resolve().parents[2] / "models" / "checkworthy" / "pick.json"


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key)


PICK_CUES = ("quantity", "pct", "money", "cmp", "src", "opinion", "future", "question", "evaluative", "opinion_report", "past",
             "first_person", "second_person", "artifact")
PICK_FEATURES = ("logit", "direct_quote", "reported_quote", "quoted_person", "named_source", "long", "short", "position",
                 "fact_verb", "date") + tuple("cue=" + c for c in PICK_CUES) + ("opinion_speech", "modal", "intention",
                                                                               "stance", "feeling", "scene", "says")
# verbs of fact on record (matched on the sentence's lower-cased words, the "u=" features)
_FACT_VERBS = frozenset("u=" + w for w in (
    "announced found finds showed shows voted signed filed charged indicted convicted sentenced ruled released reported "
    "approved passed rejected fined sued arrested killed died confirmed denied according").split())
# a date: a weekday or month name (capitalised: "May", "March" are also a modal and a verb), "last week/month/year", a year
_DATE_WORDS = frozenset("u=" + w for w in "monday tuesday wednesday thursday friday saturday sunday january february april june july "
                    "august september october november december".split())
_MAY_MARCH = re.compile(r"\b(?:May|March)\b")
_DATE_PAIRS = frozenset(("b=last|week", "b=last|month", "b=last|year"))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PICK_CUES = tuple("cue=" + c for c in PICK_CUES)
# issue 18, fourth round: the bad picks of the top-5 lists are mostly reported opinion ("X slammed ...", "critics
# argue ...", "he called the plan a disaster"), predictions, intentions and schedules. Three broad patterns, general
# rather than fitted to those lists (the news gold gives them their weights).
# reported opinion: a verb of evaluative speech or belief, the opinion-holders, or "call/brand/label X a Y". Not
# "accused", "claimed", "denied": an accusation or denial of fact is a good pick by the guideline.
_OPINION_SPEECH = re.compile(
    r"\b(?:slam(?:s|med|ming)?|blast(?:s|ed|ing)?|prais(?:e|es|ed|ing)|critici[sz](?:e|es|ed|ing)|denounc(?:e|es|ed|ing)"
    r"|condemn(?:s|ed|ing)?|lambast(?:s|ed|ing)?|decr(?:y|ies|ied|ying)|derid(?:e|es|ed|ing)|ridicul(?:e|es|ed|ing)|mock(?:s|ed|ing)?"
    r"|hail(?:s|ed|ing)?|applaud(?:s|ed|ing)?|laud(?:s|ed|ing)?|berat(?:e|es|ed|ing)|rebuk(?:e|es|ed|ing)|chastis(?:e|es|ed|ing)"
    r"|excoriat(?:e|es|ed|ing)|assail(?:s|ed|ing)?|bash(?:es|ed|ing)|scold(?:s|ed|ing)?"
    r"|argu(?:e|es|ed|ing)|insist(?:s|ed|ing)?|contend(?:s|ed|ing)?|believ(?:e|es|ed|ing)|think(?:s|ing)?|thought|feel(?:s|ing)?|felt"
    r"|opin(?:e|es|ed)|complain(?:s|ed|ing)?|lament(?:s|ed|ing)?|boast(?:s|ed|ing)?|brag(?:s|ged|ging)?"
    r"|critics|opponents|detractors|skeptics|sceptics)\b"
    r"|\b(?:call(?:s|ed|ing)?|label(?:s|ed|led|ing)?|brand(?:s|ed|ing)?|dubb(?:s|ed|ing)?)\s+"
    r"(?!(?:for|on|off|up|in|out|back|to|it\s+quits)\b)(?:[\w'’-]+\s+){1,5}?(?:a|an|as|the\s+most|the\s+worst|the\s+best)\b",
    re.I)
# a modal: the future, a condition, an obligation ("will", "would", "could", "should"; "may" in lower case: "May" is a month)
_MODAL = re.compile(r"\b(?:[Ww]ill|[Ww]on['’]t|[Ww]ould|[Ww]ouldn['’]t|[Cc]ould|[Cc]ouldn['’]t|[Mm]ight|[Ss]hall|[Ss]hould|[Mm]ust|may)\b"
                    r"|\b[A-Za-z]+['’]ll\b")
# an intention or a schedule: "plans to", "is expected to", "vowed to", "next week", "later this year", "forecast"
_INTENTION = re.compile(
    r"\b(?:plan(?:s|ned|ning)?|expect(?:s|ed|ing)?|likely|unlikely|set|scheduled|poised|going|intend(?:s|ed|ing)?|aim(?:s|ed|ing)?"
    r"|hop(?:e|es|ed|ing)|want(?:s|ed|ing)?|vow(?:s|ed|ing)?|promis(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)|seek(?:s|ing)?|sought"
    r"|tr(?:y|ies|ied|ying)|wish(?:es|ed)?|prepar(?:e|es|ed|ing)|threaten(?:s|ed|ing)?|propos(?:e|es|ed|ing)|look(?:s|ing)?\s+forward)"
    r"\s+to\s+(?!the\b|a\b|an\b|\d)"
    r"|\b(?:next|coming)\s+(?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|session|season)\b"
    r"|\blater\s+this\b|\bin\s+the\s+coming\b|\bscheduled\b|\bupcoming\b|\bforecasts?\b|\bpredict(?:s|ed|ion|ions)?\b"
    r"|\bproject(?:s|ed|ions)\b",
    re.I)


# the words that can start a match of each pattern, as the sentence's "u=" features: most sentences hold none of
# them, so the patterns run on few sentences (a prefilter: with ``fs`` the answer is the pattern's)
_SPEECH_WORDS = frozenset("u=" + w for w in (
    "applaud applauded applauding applauds argue argued argues arguing assail assailed assailing assails bashed bashes bashing "
    "believe believed believes believing berate berated berates berating blast blasted blasting blasts boast boasted boasting "
    "boasts brag bragged bragging brags chastise chastised chastises chastising complain complained complaining complains condemn "
    "condemned condemning condemns contend contended contending contends criticise criticised criticises criticising criticize "
    "criticized criticizes criticizing critics decried decries decry decrying denounce denounced denounces denouncing deride "
    "derided derides deriding detractors excoriate excoriated excoriates excoriating feel feeling feels felt hail hailed hailing "
    "hails insist insisted insisting insists lambast lambasted lambasting lambasts lament lamented lamenting laments laud lauded "
    "lauding lauds mock mocked mocking mocks opine opined opines opponents praise praised praises praising rebuke rebuked rebukes "
    "rebuking ridicule ridiculed ridicules ridiculing sceptics scold scolded scolding scolds skeptics slam slammed slamming slams "
    "think thinking thinks thought").split())
_CALL_WORDS = frozenset("u=" + w for w in (
    "brand branded branding brands call called calling calls dubb dubbed dubbing dubbs label labeled labeling labelled labels").split())
_MODAL_WORDS = frozenset("u=" + w for w in ("will won't would wouldn't could couldn't might shall should must may "
                                            "would've could've should've might've must've").split())
_INTENTION_WORDS = frozenset("u=" + w for w in (
    "aim aimed aiming aims coming expect expected expecting expects forecast forecasts going hope hoped hopes hoping intend "
    "intended intending intends later likely look looking looks next plan planned planning plans pledge pledged pledges pledging "
    "poised predict predicted prediction predictions predicts prepare prepared prepares preparing projected projections projects "
    "promise promised promises promising propose proposed proposes proposing scheduled seek seeking seeks set sought threaten "
    "threatened threatening threatens tried tries try trying unlikely upcoming vow vowed vowing vows want wanted wanting wants "
    "wish wished wishes").split())


# issue 18, fifth round: four more word lists from the guideline's "not check-worthy" list, given their weights by
# the enlarged news gold (``checkworthy_news_picktrain.jsonl``). Matched on the sentence's lower-cased words (the
# "u=" features) and word pairs ("b="), so they cost set look-ups.
# stance and hedging: the writer's reading rather than a record ("apparently", "essentially", "suggests", "of course")
_STANCE_WORDS = frozenset("u=" + w for w in (
    "apparently evidently essentially arguably presumably supposedly seemingly perhaps probably possibly undoubtedly obviously "
    "clearly surely indeed ironically notably remarkably remarkable decidedly merely simply suggest suggests suggested suggesting "
    "imply implies implied implying seem seems seemed appear appears appeared").split())
_STANCE_PAIRS = frozenset(("b=of|course", "b=no|doubt"))
# feelings, hopes and fears ("We are so grateful," she said; "lawmakers worry that ...")
_FEELING_WORDS = frozenset("u=" + w for w in (
    "worry worries worried worrying fear fears feared fearful concerned concerns proud pleased happy angry anger furious upset "
    "alarm alarmed grateful thrilled excited disgusted shocked surprised hope hopes hoped hoping welcome welcomed welcomes relief "
    "relieved sorry glad frustrate frustrated frustrates frustrating frustration frustrations disappoint disappointed "
    "disappointing disappointment disappoints outrage outraged outrageous outrages infuriate infuriated infuriates infuriating "
    "dismay dismayed regret regrets regretted regretting").split())
# scene and colour, events and appearances (trivia: who spoke where, the crowd, the stage, the show)
_SCENE_WORDS = frozenset("u=" + w for w in (
    "spoke speech event crowd audience applause reception hosted attended appeared ceremony rally stage interview tweet tweeted "
    "tweets podcast show walked stood sat smile smiled smiles smiling laugh laughed laughing laughs laughter").split())
_SAYS_WORDS = frozenset(("u=says", "u=say"))


def _has(fs: set[str] | frozenset[str], words: frozenset[str], pairs: frozenset[str] = frozenset()) -> bool:
    return not fs.isdisjoint(words) or (bool(pairs) and not fs.isdisjoint(pairs))


def stance(fs: set[str] | frozenset[str]) -> bool:
    """A stance or hedging word: the writer's reading ("apparently", "essentially", "suggests", "of course")."""
    return _has(fs, _STANCE_WORDS, pairs=_STANCE_PAIRS)


def feeling(fs: set[str] | frozenset[str]) -> bool:
    """A feeling, hope or fear ("worried", "proud", "frustrated", "hopes")."""
    return _has(fs, _FEELING_WORDS)


def scene(fs: set[str] | frozenset[str]) -> bool:
    """Scene and event words ("spoke", "crowd", "audience", "stage", "tweeted"): trivia more often than a record."""
    return _has(fs, _SCENE_WORDS)


def opinion_speech(sentence: str, fs: set[str] | frozenset[str] | None = None) -> bool:
    """Reported opinion: "X slammed ...", "critics argue ...", "he called the plan a disaster". ``fs``: the
    sentence's :func:`~presslens.annotate.claims.checkworthy.features`, when at hand (a prefilter)."""
    if fs is not None:
        if not fs.isdisjoint(_SPEECH_WORDS):
            return True
        if fs.isdisjoint(_CALL_WORDS):
            return False
    return _OPINION_SPEECH.search(sentence) is not None


def modal(sentence: str, fs: set[str] | frozenset[str] | None = None) -> bool:
    """A modal verb: a forecast, a condition or an obligation rather than a fact on record."""
    if fs is not None and fs.isdisjoint(_MODAL_WORDS) and "ll" not in sentence:
        return False
    return _MODAL.search(sentence) is not None


def intention(sentence: str, fs: set[str] | frozenset[str] | None = None) -> bool:
    """An intention, an expectation or a schedule: "plans to", "is expected to", "next week"."""
    if fs is not None and fs.isdisjoint(_INTENTION_WORDS):
        return False
    return _INTENTION.search(sentence) is not None


def quote_spans(quotes: list[Any]) -> list[tuple[int, int, bool, bool]]:
    """(start, end, direct, a person speaks) of each quotation: read once per article."""
    return [(_get(q, "start"), _get(q, "end"), _get(q, "kind") == "direct", _get(q, "speaker_kind") == "person") for q in quotes]


def quote_overlap(s0: int, s1: int, quotes: list[tuple[int, int, bool, bool]]) -> tuple[float, float, bool]:
    """(share of ``[s0, s1)`` inside direct quotations, share inside reported speech, a person quoted in it)."""
    n = max(1, s1 - s0)
    direct = reported = 0
    person = False
    for q0, q1, is_direct, by_person in quotes:
        lo, hi = max(s0, q0), min(s1, q1)
        if hi > lo:
            if is_direct:
                direct += hi - lo
            else:
                reported += hi - lo
            person = person or by_person
    return min(1.0, direct / n), min(1.0, reported / n), person


def quote_overlaps(spans: list[tuple[int, int]], quotes: list[tuple[int, int, bool, bool]]) -> list[tuple[float, float, bool]]:
    """:func:`quote_overlap` of every sentence of sorted, non-overlapping ``spans``, in one pass over the
    quotations (each visits only the sentences it reaches)."""
    import bisect

    starts = [s0 for s0, _ in spans]
    direct = [0] * len(spans)
    reported = [0] * len(spans)
    person = [False] * len(spans)
    for q0, q1, is_direct, by_person in quotes:
        k = max(0, bisect.bisect_right(starts, q0) - 1)
        while k < len(spans) and spans[k][0] < q1:
            lo, hi = max(spans[k][0], q0), min(spans[k][1], q1)
            if hi > lo:
                if is_direct:
                    direct[k] += hi - lo
                else:
                    reported[k] += hi - lo
                person[k] = person[k] or by_person
            k += 1
    return [(min(1.0, d / max(1, s1 - s0)), min(1.0, r / max(1, s1 - s0)), p)
            for (s0, s1), d, r, p in zip(spans, direct, reported, person, strict=True)]


def pick_features(text: str, s0: int, s1: int, score: float, fs: set[str] | frozenset[str], quoted: tuple[float, float, bool],
                  named_source: bool) -> list[float]:
    """The pick head's inputs for the sentence ``text[s0:s1]`` (order of :data:`PICK_FEATURES`): ``score`` its
    calibrated probability, ``fs`` the set of its :func:`features`, ``quoted`` its :func:`quote_overlap`,
    ``named_source`` whether a ``sources`` annotation that is not vague starts in it."""
    direct, reported, person = quoted
    p = min(max(score, 1e-4), 1 - 1e-4)
    sentence = text[s0:s1]
    words = len(sentence.split())
    date = (not fs.isdisjoint(_DATE_WORDS) or not fs.isdisjoint(_DATE_PAIRS)
            or ("u=0000" in fs and ("19" in sentence or "20" in sentence) and _YEAR.search(sentence) is not None)
            or (("u=may" in fs or "u=march" in fs) and _MAY_MARCH.search(sentence) is not None))
    return [math.log(p / (1 - p)), direct, reported, float(person), float(named_source), float(words > 40),
            float(words < 8), s0 / max(1, len(text)), float(not fs.isdisjoint(_FACT_VERBS)), float(date),
            *[float(c in fs) for c in _PICK_CUES], float(opinion_speech(sentence, fs)), float(modal(sentence, fs)),
            float(intention(sentence, fs)), float(stance(fs)), float(feeling(fs)), float(scene(fs)),
            float(not fs.isdisjoint(_SAYS_WORDS))]


class PickModel:
    """The news-fitted order of an article's sentences: ``intercept + coef . pick_features`` plus, since the fifth
    round, the weights of the sentence's words (``words``: "u=" feature -> weight, for the words of at least a few
    training sentences) (a logit; only its order is used). Since session 9 also ``states``: weights over the
    sentence's pooled persuasion-tagger states (the 384-d vector the debate model reads, :mod:`.states`; the
    fold-wise standardisation folded into the weights), the same encoder pass, so no extra cost."""

    def __init__(self, coef: list[float], intercept: float, meta: dict[str, Any] | None = None, words: dict[str, float] | None = None,
                 states: list[float] | None = None) -> None:
        if len(coef) != len(PICK_FEATURES):
            raise ValueError(f"the pick head has {len(coef)} weights for {len(PICK_FEATURES)} features: retrain it")
        self.coef = list(coef)
        self.intercept = float(intercept)
        self.meta = meta or {}
        self.words = dict(words or {})
        self.states = list(states) if states else None

    @classmethod
    def load(cls, path: Path = PICK_FILE) -> PickModel:
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
        if list(data["features"]) != list(PICK_FEATURES):
            raise ValueError(f"{path}: the pick head was fitted on other features: retrain it")
        return cls(data["coef"], data["intercept"], data.get("meta"), data.get("words"), data.get("states"))

    def save(self, path: Path = PICK_FILE) -> None:
        import json

        path.write_text(json.dumps({"features": list(PICK_FEATURES), "coef": [round(c, 6) for c in self.coef],
                                    "intercept": round(self.intercept, 6), "meta": self.meta,
                                    "words": {w: round(v, 5) for w, v in sorted(self.words.items())},
                                    **({"states": [round(v, 6) for v in self.states]} if self.states else {})},
                                   indent=1) + "\n", encoding="utf-8")

    def score(self, rows: list[list[float]], sets: list[set[str]] | list[frozenset[str]] | None = None, states: Any = None) -> list[float]:
        """The pick logit of each row of :func:`pick_features`; ``sets``: each sentence's :func:`features` (its
        words' weights are added; required when the head has word weights); ``states``: the sentences' (n, 384)
        pooled tagger states (required when the head weighs them)."""
        import numpy as np

        if not rows:
            return []
        out = np.asarray(rows, dtype=np.float64) @ np.asarray(self.coef) + self.intercept
        if self.words:
            if sets is None or len(sets) != len(rows):
                raise ValueError("the pick head weighs words: pass each sentence's feature set")
            get, known = self.words.__getitem__, self.words.keys()
            out = out + np.asarray([sum(map(get, known & fs)) for fs in sets])
        if self.states:
            if states is None or len(states) != len(rows):
                raise ValueError("the pick head weighs the tagger states: pass each sentence's pooled states")
            out = out + np.asarray(states, dtype=np.float64) @ np.asarray(self.states)
        return [float(v) for v in out]


@lru_cache(maxsize=1)
def load_pick() -> PickModel | None:
    """The committed pick head, or None without one (the order is then the score's)."""
    return PickModel.load(PICK_FILE) if PICK_FILE.exists() else None


__all__ = ["PICK_FEATURES", "PICK_FILE", "PickModel", "feeling", "intention", "load_pick", "modal", "opinion_speech", "pick_features",
           "quote_overlap", "quote_overlaps", "quote_spans", "scene", "stance"]
