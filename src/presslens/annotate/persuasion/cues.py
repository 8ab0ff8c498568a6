"""Guideline cues: persuasion techniques marked by explicit wording, beside the PTC-trained models.

The models in ``persuasion.py`` learn what the Propaganda Techniques Corpus annotators marked.
Those annotators rarely marked some wordings that the SemEval-2020 Task 11 guidelines define as
techniques and that analysts flag, so the models give them little weight. A few such wordings are
marked here by rules (docs/persuasion.md, "Guideline cues"):

- **Doubt** ("questioning the credibility of someone or something"): a report, claim or
  allegation introduced as unverified or baseless ("unconfirmed reports", "unsubstantiated
  allegations", "dubious claims"); the span is the wording;
- **Whataboutism** ("discrediting an opponent's position by charging them with hypocrisy"): a
  charge of double standards or selective outrage; the span is the sentence;
- **Appeal to fear** ("building support for an idea by instilling anxiety and/or panic"): a
  warning that something would, could or threatens to bring war, catastrophe or disaster, or
  nuclear or world war; the span is the sentence (PTC marks appeals to fear over clauses and
  sentences).

The rules were written from the definitions and a development sample of news articles, and then
audited on other samples (``eval/persuasion_cues.py``; verdicts, never article text, in
``eval/persuasion_cues_audit.json``): a cue's ``confidence`` is the share of its hits in its
unbiased audit round that were judged to be its technique by the guideline definition (one
judge, the author of the rules). Their hits on our PTC train and validation parts are counted by
the same script; on validation they move SI and FLC F1 by less than 0.001 (docs/persuasion.md).

The cue records carry ``level="cue"``; a cue is dropped where a model record of the same
technique already overlaps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.annotate.persuasion.base import trim

CUES_VERSION = 1


@dataclass(frozen=True, slots=True)
class Cue:
    """A wording (``pattern``) that marks ``technique`` when ``requires`` also occurs in the sentence.

    ``extent`` is ``match`` (the span is the wording itself) or ``sentence`` (the whole sentence:
    PTC marks whataboutism and appeals to fear over clauses and sentences).
    """

    name: str
    technique: str
    pattern: re.Pattern[str]
    extent: str
    confidence: float
    definition: str
    requires: re.Pattern[str] | None = None


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


_UNVERIFIED = r"unconfirmed|unverified|unsubstantiated|uncorroborated|unproven|baseless|spurious|dubious|flimsy"
_CLAIM_NOUN = r"reports?|claims?|allegations?|accounts?|stories|assertions?|charges?|rumou?rs?|intelligence"
_CATASTROPHE = (
    r"war|wars|clash|conflict|catastrophe|confrontation|annihilation|apocalypse|armageddon|holocaust|bloodbath"
    r"|genocide|disaster|extinction"
)
_MODAL = r"would|could|might|may|will|can|threatens?\s+to|threatening\s+to|risks?|risking"
_CAUSE = (
    r"raise|raises|raising|increase|heighten|bring|mean|lead\s+to|spark|trigger|provoke|unleash|ignite|plunge|drag|push"
    r"|set\s+off|tip|ensue|result\s+in|end\s+in"
)

CUES: tuple[Cue, ...] = (
    Cue(
        "unverified-claim",
        "Doubt",
        _rx(rf"\b(?:{_UNVERIFIED})\s+(?:[a-z-]+\s+)?(?:{_CLAIM_NOUN})\b"),
        "match",
        0.85,
        "Doubt: questioning the credibility of someone or something (a claim introduced as unverified)",
    ),
    Cue(
        "hypocrisy-charge",
        "Whataboutism,Straw_Men,Red_Herring",
        _rx(r"\b(?:double\s+standards?|selective\s+(?:outrage|indignation|concern)|where\s+was\s+(?:the|their|his|her|your)\s+outrage)\b"),
        "sentence",
        0.69,
        "Whataboutism: discrediting an opponent by charging hypocrisy (a double standard, selective outrage)",
    ),
    Cue(
        "warning-of-catastrophe",
        "Appeal_to_fear-prejudice",
        _rx(rf"\b(?:{_MODAL})\s+(?:(?!not\b|never\b)[\w’'-]+\s+){{0,2}}?(?:{_CAUSE})\s+(?:(?!end\b|ends\b|victory\b)[\w’'-]+\s+){{0,6}}?(?:{_CATASTROPHE})\b(?!\s+(?:of\s+words|on|against|crimes?)\b)"),
        "sentence",
        0.49,
        "Appeal to fear: instilling anxiety about an alternative (it would bring war or catastrophe)",
    ),
    Cue(
        "nuclear-war",
        "Appeal_to_fear-prejudice",
        _rx(r"\b(?:nuclear\s+(?:war|holocaust|annihilation|armageddon|catastrophe|confrontation|exchange)|world\s+war\s+(?:iii|three|3)|third\s+world\s+war)\b"),
        "sentence",
        0.5,
        "Appeal to fear: instilling anxiety about an alternative (nuclear or world war)",
        _rx(r"\b(?:would|could|might|may|will|threatens?|threatening)\b"),
    ),
)

def find_cues(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str, float, str]]:
    """(start, end, technique, confidence, cue name) for every cue that fires in a sentence.

    ``sentences`` are character ranges of ``text``; one record per cue and sentence. Spans are
    trimmed like the models' (``base.trim``).
    """
    out: list[tuple[int, int, str, float, str]] = []
    for s0, s1 in sentences:
        sent = text[s0:s1]
        for cue in CUES:
            m = cue.pattern.search(sent)
            if m is None or (cue.requires is not None and cue.requires.search(sent) is None):
                continue
            start, end = trim(text, *((s0 + m.start(), s0 + m.end()) if cue.extent == "match" else (s0, s1)))
            if end > start and not any(o[:3] == (start, end, cue.technique) for o in out):
                out.append((start, end, cue.technique, cue.confidence, cue.name))
    return out


__all__ = ["CUES", "CUES_VERSION", "Cue", "find_cues"]
