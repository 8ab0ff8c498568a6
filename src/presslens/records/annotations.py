"""The annotation records of the built-in annotators: one frozen dataclass per kind.

They live here, at the bottom of the package, beside :class:`~presslens.records.Article`, so that
a record read back from JSON (a store, an export, another process) rebuilds its annotations
without importing the annotators that made them; the annotators import these classes.
Each carries its evidence as character offsets into ``Article.text``, a confidence where a model
or a rule decides, and its producer (``component@version``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from presslens.records.article import Evidence, annotation_kind

QuoteKind = Literal["direct", "indirect", "partial", "document"]
SourceKind = Literal["organization", "document", "person", "vague"]
Qualifier = Literal["=", "~", ">", ">=", "<", "<="]
Change = Literal["up", "down"]
CheckKind = Literal["parts_of_total", "restated_differently", "rate_times_duration", "percent_of_count", "multiple_change"]
Verdict = Literal["holds", "does not hold", "cannot tell"]
Voice = Literal["own", "quoted"]


@annotation_kind("sentences")
@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the body: offsets into ``Article.text``; ``parsed`` when it got a full parse."""

    start: int
    end: int
    parsed: bool
    producer: str


@annotation_kind("entities")
@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place; ``start``/``end`` is its first mention in the body.

    ``label`` is ``PERSON``, ``ORG``, ``GPE`` (countries, cities, states) or ``LOC`` (other
    places); ``name`` the canonical name; ``mentions`` every mention (evidence into the body, or
    into the page for authors); ``aliases`` the other surface forms.
    """

    start: int
    end: int
    name: str
    label: str
    mentions: tuple[Evidence, ...]
    aliases: tuple[str, ...]
    confidence: float
    producer: str


@annotation_kind("quotes")
@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation. ``start``/``end`` is the quoted content (inside the quote marks, or the
    reported clause of indirect speech); ``cue`` the attribution words ("told reporters",
    "according to"); ``speaker_mention`` the words naming the speaker in the text (a pronoun
    too); ``speaker`` the resolved canonical name (an entity's name where there is one, the words
    of a group or of an anonymous source) or null when nobody is named; ``speaker_role`` the role or
    affiliation the text gives.

    ``kind``: ``direct`` (in quote marks), ``indirect`` (reported speech, quoted words inside it
    included), ``partial`` (a quoted fragment after a cue), ``document``.
    ``confidence`` is the confidence that the span is a quotation; ``speaker_confidence`` the
    estimated probability that ``speaker`` is the right speaker (calibrated, docs/sourcing.md;
    null when there is no speaker); ``speaker_kind`` what the speaker is: ``person``,
    ``organization``, ``group`` (officials, staff), ``vague`` (an anonymous source), ``document``
    or ``unknown``; ``speaker_path`` how the speaker mention was linked (``name``, ``surname``,
    ``pronoun``, ``role``, ``continuation`` ...)."""

    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None
    speaker_role: str | None
    speaker_mention: Evidence | None
    cue: Evidence | None
    rule: str
    confidence: float
    producer: str
    speaker_confidence: float | None = None
    speaker_kind: str | None = None
    speaker_path: str | None = None


@annotation_kind("scare_quotes")
@dataclass(frozen=True, slots=True)
class ScareQuote:
    """A quoted word or short phrase nobody is reported as saying (``start``/``end`` include the
    quote marks), or a term after "so-called" (``marked`` false). ``so_called`` is the evidence
    of a "so-called" right before it."""

    start: int
    end: int
    text: str
    term: str
    marked: bool
    so_called: Evidence | None
    confidence: float
    producer: str


@annotation_kind("sources")
@dataclass(frozen=True, slots=True)
class Source:
    """A source: ``start``/``end`` is its mention ("Northern Institute for Rail Safety",
    "Unverified accounts from the harbour"); ``name`` the canonical name (the entity's name, or the
    words of a vague source); ``cue`` the words that make it a source ("a report issued by",
    "according to", "said"); ``supports`` the sentences it backs."""

    start: int
    end: int
    text: str
    name: str
    kind: SourceKind
    entity: str | None
    cue: Evidence | None
    supports: tuple[Evidence, ...]
    rule: str
    confidence: float
    producer: str


@annotation_kind("numeric_claims")
@dataclass(frozen=True, slots=True)
class NumericClaim:
    """A quantity stated in the body. ``start``/``end`` cover the qualifier, the number and the
    unit ("over 54,000", "$1.2 billion", "5 per cent"); ``value``/``value_max`` the low and high
    ends of a range; ``unit`` a canonical name ("%", "USD", "years of age", "km", a rate such as
    "USD/day"), null for a bare count; ``counted_start``/``counted_end`` the words that say what
    is counted (``counted`` may add the group a verb names: "dead among Syrian government
    troops"); ``source_start``/``source_end`` the mention of the source, which may be in an
    earlier sentence; ``hedges`` the hedge words of the claim's own clause. ``change`` is "up" or
    "down" when the figure is stated as a change ("rose 5%", "+0.2%"); ``from_value`` is where a
    from-to range started ("from $2,415 to $2,315": 2,415, so the figure fell)."""

    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    qualifier: Qualifier
    unit: str | None
    counted: str | None
    counted_start: int | None
    counted_end: int | None
    source: str | None
    source_start: int | None
    source_end: int | None
    hedges: tuple[str, ...]
    sentence: Evidence
    confidence: float
    producer: str
    change: Change | None = None
    from_value: float | None = None


@annotation_kind("claim_consistency")
@dataclass(frozen=True, slots=True)
class ConsistencyFinding:
    """An arithmetic check between figures of the article. ``kind``:

    - ``parts_of_total``: claims of one source that add up against a stated total (``total``,
      ``parts``, ``parts_sum``, ``gap`` = total - parts_sum);
    - ``restated_differently``: the same counted thing stated twice with different values
      (``parts`` holds both values);
    - ``rate_times_duration``: a rate times a duration against a stated total ("$775 a day for 67
      days ... almost $52,000": ``parts`` = (rate, duration), ``computed`` = their product);
    - ``percent_of_count``: a percentage of a count against the count it amounts to ("40% of the
      500 members, or 200": ``parts`` = (percent, base), ``computed`` = the share);
    - ``multiple_change``: "doubled", "tripled", "halved" against the two figures (``parts`` = (before,
      after), ``computed`` = before x the factor).

    ``claims`` are the spans of the figures used (the total first); ``start``/``end`` cover them;
    ``verdict`` says whether the relation holds within ``tolerance`` (a relative margin that the
    qualifiers allow: exact figures 1%, "about"/"nearly"/"almost" 5%, vague 10%), does not hold,
    or cannot be told (a range or an open bound such as "more than" that leaves both possible)."""

    kind: CheckKind
    start: int
    end: int
    total: float | None
    parts: tuple[float, ...]
    parts_sum: float | None
    gap: float | None
    unit: str | None
    source: str | None
    claims: tuple[Evidence, ...]
    note: str
    confidence: float
    producer: str
    computed: float | None = None
    tolerance: float | None = None
    verdict: Verdict | None = None


@annotation_kind("checkworthy")
@dataclass(frozen=True, slots=True)
class CheckWorthiness:
    """One sentence of the body (``start``/``end`` into ``Article.text``, from ``sentences``).

    ``score`` is the calibrated P(check-worthy) from the model; ``rank`` its place among the
    article's sentences in the order a fact-checker would pick them (1 = first: the news-fitted pick
    head over the score and the quotation information, docs/claims.md); ``label`` is true when the score reaches the threshold
    and the rank is within the top share of the article (settings ``checkworthy.threshold`` and
    ``checkworthy.top_share``, default a quarter); ``confidence`` is how far the score is from the
    threshold, scaled to [0, 1]; ``reasons`` what a reader can check: "figure: 8.4 percent",
    "source: national statistics office", "comparison: highest", "against: opinion"."""

    start: int
    end: int
    score: float
    label: bool
    confidence: float
    producer: str
    rank: int | None = None
    reasons: tuple[str, ...] = ()


@annotation_kind("techniques")
@dataclass(frozen=True, slots=True)
class Technique:
    """A span of ``Article.text`` that uses a persuasion technique (SemEval-2020 Task 11 names).

    ``confidence`` is the estimated probability that an annotator following the PTC guidelines
    would mark this span with this technique (calibrated on data the models never saw); for a
    cue, the share of that cue's hits judged right in its audit. ``span_confidence`` is the same
    estimate for the span with any technique. ``shown`` says whether ``confidence`` reaches the
    display threshold the analysis ran with (the report, the reader and profiles show only
    those; every span stays in the JSON). ``level`` says which detector found it: ``token`` (a
    run of words from a token tagger; in the tagger modes a run of a long technique such as
    doubt may be grown to its whole sentence), ``sentence`` (most of a sentence, from the
    sentence model) or ``cue`` (a guideline cue: explicit wording such as "unconfirmed
    reports", producer ``techniques@N:cues@M``). ``voice`` is ``quoted`` when the span lies in a
    quotation (its rhetoric is the quoted speaker's: ``speaker``, from the ``quotes`` annotations
    when they name one) and ``own`` when it is the outlet's own wording. Spans start and end on
    whole words, never on a function word, and never split a pair of quotation marks.
    """

    start: int
    end: int
    technique: str
    confidence: float
    text: str
    level: str
    producer: str
    span_confidence: float | None = None
    shown: bool = True
    voice: Voice = "own"
    speaker: str | None = None


__all__ = [
    "Sentence",
    "Entity",
    "Quote",
    "ScareQuote",
    "Source",
    "NumericClaim",
    "ConsistencyFinding",
    "CheckWorthiness",
    "Technique",
]
