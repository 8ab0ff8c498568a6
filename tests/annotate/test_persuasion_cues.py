"""Guideline cues (presslens.annotate.persuasion.cues): hand-made positives and negatives per cue,
their place in the annotator's output, and their confidences against the audit file."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

import presslens
from presslens.annotate.persuasion import PersuasionAnnotator, tokenize
from presslens.annotate.persuasion.cues import CUES, CUES_VERSION, find_cues
from presslens.settings import PersuasionSettings

REPO = Path(__file__).resolve().parents[2]


def cues_in(text: str) -> list[tuple[str, str, str]]:
    doc = tokenize(text)
    sentences = [(doc.starts[i], doc.ends[j - 1]) for i, j in doc.sents]
    return [(name, tech, text[s:e]) for s, e, tech, _, name in find_cues(text, sentences)]


POSITIVE = [
    ("The minister repeated unverified claims about the vote.", "unverified-claim", "unverified claims"),
    ("Baseless allegations were aired again on Monday.", "unverified-claim", "Baseless allegations"),
    ("He cited uncorroborated witness accounts.", "unverified-claim", "uncorroborated witness accounts"),
    ("The council applies a double standard to its own members.", "hypocrisy-charge", "The council applies a double standard to its own members"),
    ("Their selective outrage is plain to see.", "hypocrisy-charge", "Their selective outrage is plain to see"),
    ("Cutting the fleet could trigger a wider regional war.", "warning-of-catastrophe", "Cutting the fleet could trigger a wider regional war"),
    ("The plan would raise the real risk of a clash between the two armies.", "warning-of-catastrophe", "The plan would raise the real risk of a clash between the two armies"),
    ("One more provocation might lead to nuclear war.", "warning-of-catastrophe", "One more provocation might lead to nuclear war"),
    ("The generals warned that a blockade could start World War III.", "nuclear-war", "The generals warned that a blockade could start World War III"),
]

NEGATIVE = [
    "The claims were confirmed by two independent sources.",
    "Unverified users cannot post videos.",  # not a claim noun after the adjective
    "The report was unconfirmed.",  # predicative: no introduced claim
    "Standards were doubled after the review.",
    "The talks may not mean war.",  # negation between the modal and the verb
    "Could the report lead to war crime charges?",  # war crimes, not war
    "Easter may not bring America victory in the war against the virus.",
    "A deal could bring an end to the war.",
    "The museum shows the horrors of nuclear war.",  # no modal in the sentence
    "The war of words could escalate.",
]


@pytest.mark.parametrize("text,cue,span", POSITIVE)
def test_cue_fires(text, cue, span):
    hits = cues_in(text)
    assert (cue, next(c.technique for c in CUES if c.name == cue), span) in hits, hits


@pytest.mark.parametrize("text", NEGATIVE)
def test_cue_does_not_fire(text):
    assert cues_in(text) == []


def test_one_record_per_sentence_and_technique():
    # both fear cues match this sentence: one record
    hits = cues_in("Any strike would lead to nuclear war.")
    assert [h[1] for h in hits] == ["Appeal_to_fear-prejudice"]


def test_every_cue_has_examples_and_a_definition():
    named = {c for _, c, _ in POSITIVE}
    assert named == {c.name for c in CUES}
    assert all(c.definition and 0 < c.confidence < 1 and c.extent in ("match", "sentence") for c in CUES)


def test_confidences_are_the_audit_precision():
    """A cue's confidence is its yes share in its last audit round (eval/persuasion_cues_audit.json)."""
    verdicts = json.loads((REPO / "eval" / "persuasion_cues_audit.json").read_text(encoding="utf-8"))["verdicts"]
    last = {}
    for v in verdicts:
        last[v["cue"]] = max(last.get(v["cue"], 0), v["round"])
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for v in verdicts:
        if v["round"] == last[v["cue"]]:
            counts[v["cue"]][v["verdict"]] += 1
    assert set(counts) == {c.name for c in CUES}
    for cue in CUES:
        c = counts[cue.name]
        assert sum(c.values()) >= 20, cue.name  # an audit of at least 20 hits
        assert cue.confidence == pytest.approx(c["yes"] / sum(c.values()), abs=0.005), cue.name
    assert all("text" not in v for v in verdicts)  # ids and offsets only, never article text


def test_annotator_adds_cues_unless_turned_off(monkeypatch):
    text = (
        "Officials met on Monday to discuss the border.\n\n"
        "Unconfirmed reports from the region described new fighting.\n\n"
        "A hasty offensive would raise the threat of a wider war between the neighbours."
    )
    article = presslens.analyze(text, components=["techniques"])
    cues = [t for t in article.annotations["techniques"] if t.level == "cue"]
    assert {t.technique for t in cues} <= {"Doubt", "Appeal_to_fear-prejudice"}
    assert any(t.technique == "Doubt" and t.text == "Unconfirmed reports" for t in cues)
    for t in cues:
        assert t.producer == f"techniques@3:cues@{CUES_VERSION}"
        assert article.text[t.start : t.end] == t.text
    # a cue is not added where a model record of the same technique overlaps it
    models = [t for t in article.annotations["techniques"] if t.level != "cue"]
    for c in cues:
        assert not any(m.technique == c.technique and m.start < c.end and c.start < m.end for m in models)
    off = PersuasionAnnotator(PersuasionSettings(cues=False))(article)
    assert all(t.level != "cue" for t in off.annotations["techniques"])
    monkeypatch.setenv("PRESSLENS_PERSUASION_CUES", "0")
    from presslens.settings import Settings

    assert PersuasionAnnotator(Settings.load().persuasion).cues is False
