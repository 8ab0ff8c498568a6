"""The check-worthiness annotator: scores per sentence, ranking on invented sentences, report, CLI."""

from __future__ import annotations

import json
import re

import pytest

TEXT = """The minister visited the harbour on Monday.

According to the national statistics office, unemployment rose to 8.4 percent in March, the highest rate since 2009.

I think this is a wonderful day for everyone.

Will the government listen?

The company said its profits fell by $2.3 billion last year, more than double the loss of 2019.

We hope the weather will be nice tomorrow.
"""


@pytest.fixture(scope="module")
def article():
    import presslens

    return presslens.analyze(TEXT)


def test_one_score_per_sentence(article):
    items = article.annotations["checkworthy"]
    sents = article.annotations["sentences"]
    assert len(items) == len([s for s in sents if article.text[s.start : s.end].strip()])
    for c in items:
        assert 0.0 <= c.score <= 1.0 and 0.0 <= c.confidence <= 1.0
        assert c.producer.startswith("checkworthy@")
        assert isinstance(c.label, bool)


def _score(article, needle):
    for c in article.annotations["checkworthy"]:
        if needle in article.text[c.start : c.end]:
            return c.score
    raise AssertionError(needle)


def test_numbers_sources_and_comparisons_rank_high(article):
    factual = [_score(article, "unemployment rose"), _score(article, "profits fell")]
    other = [_score(article, "wonderful day"), _score(article, "Will the government"), _score(article, "weather")]
    assert min(factual) > max(other)
    top = article.annotations["checkworthy"]
    from presslens.annotate.claims.checkworthy import top_sentences

    best = {article.text[c.start : c.end][:12] for c in top_sentences(article, 2)}
    assert best == {"According to", "The company "}
    # the label narrows: at most a quarter of the sentences (at least one), the most probable first
    labelled = [c for c in top if c.label]
    assert 1 <= len(labelled) <= max(1, len(top) // 4)
    assert sorted(c.rank for c in top) == list(range(1, len(top) + 1))
    assert all(c.rank <= len(labelled) for c in labelled)


def test_reasons_name_the_figure_the_source_and_what_speaks_against(article):
    by = {article.text[c.start : c.end][:12]: c for c in article.annotations["checkworthy"]}
    reasons = by["According to"].reasons
    assert "figure: 8.4 percent" in reasons
    assert any(r.startswith("source:") and "statistics office" in r for r in reasons)
    assert any(r.startswith("comparison:") for r in reasons)
    assert "against: opinion" in by["I think this"].reasons
    assert "against: question" in by["Will the gov"].reasons
    assert "against: prediction" in by["We hope the "].reasons


def test_top_share_and_threshold_are_settings():
    import presslens
    from presslens.settings import Settings

    text = "\n\n".join(f"Unemployment rose to {4 + i}.{i} percent in region {i}, the statistics office said." for i in range(8))
    default = presslens.Pipeline(["checkworthy"])(text, format="text")
    assert sum(c.label for c in default.annotations["checkworthy"]) == 2  # a quarter of 8
    wide = presslens.Pipeline(["checkworthy"], Settings.load(checkworthy={"top_share": 1.0}))(text, format="text")
    assert sum(c.label for c in wide.annotations["checkworthy"]) == 8
    strict = presslens.Pipeline(["checkworthy"], Settings.load(checkworthy={"top_share": 1.0, "threshold": 1.0}))(text, format="text")
    assert sum(c.label for c in strict.annotations["checkworthy"]) == 0


def test_bad_settings_are_one_line_errors():
    from presslens.errors import ConfigError
    from presslens.settings import Settings

    with pytest.raises(ConfigError, match="top_share"):
        Settings.load(checkworthy={"top_share": 0})
    with pytest.raises(ConfigError, match="threshold"):
        Settings.load(checkworthy={"threshold": "high"})


def test_captions_and_link_lists_are_not_labelled():
    from presslens.annotate.claims.checkworthy import is_artifact

    assert is_artifact("Hide Caption 3 of 9 Photos: Protesters gathered outside the court.")
    assert is_artifact("Sen. Jane Roe Jane RoeGOP senators balk at trial | Senate passes bill")
    assert not is_artifact("The BlackRock fund lost 5 percent, McDonald said.")


def test_model_scores_plain_sentences():
    from presslens.annotate.claims.checkworthy import load_model

    model = load_model()
    assert model.dim & (model.dim - 1) == 0 and 0 < model.threshold < 1
    high, low = model.score(["Crime went up 40 percent in the last four years, according to FBI figures.", "Thank you very much."])
    assert high > model.threshold > low


def test_features_deterministic_and_textless_artifact():
    import numpy as np

    from presslens.annotate.claims.checkworthy import MODEL_FILE, features, hash_features

    f = features("Taxes rose 5% in 2019.")
    assert "cue=quantity" in f and "cue=pct" in f and "cue=cmp" in f
    assert hash_features(f, 1024) == hash_features(list(reversed(f)), 1024)
    with np.load(MODEL_FILE, allow_pickle=False) as z:
        assert set(z.files) == {"weights", "bias", "threshold", "meta", "calibration", "token_scores", "state_weights"}
        assert z["weights"].dtype == np.float16 and z["token_scores"].dtype == np.float16
        assert z["token_scores"].shape == (30522,)  # one folded score per MiniLM wordpiece, no vectors, no text
        assert z["state_weights"].shape == (384,)  # weights over the pooled tagger states (issue 18), no states stored
        meta = json.loads(str(z["meta"]))
    assert meta["n_train"] > 20000 and "dev_positive" in meta
    assert MODEL_FILE.stat().st_size < 1_000_000


def test_wordpieces_match_minilm_tokenizer():
    """The pure-Python WordPiece gives the ids of MiniLM's own tokenizer (``tokenizers``), on invented text
    with accents, digits, punctuation, a long unknown word and an empty sentence (a non-ASCII symbol glued to
    a number, "£2bn", is the one documented difference: BERT keeps it inside the word)."""
    from tokenizers import Tokenizer

    from presslens.annotate.claims.checkworthy import TOKENIZER_FILE, wordpieces

    sents = ["The Café's turnover rose 12.5% to $3,400m (a record) in 2019 — up from £ 2bn!",
             "Unemployment in Zyxqwvbnmlkjh fell; naïve forecasters were wrong.", "", "“Quoted,” she said — twice…"]
    tok = Tokenizer.from_file(str(TOKENIZER_FILE))
    tok.no_truncation()
    tok.no_padding()
    assert wordpieces(sents) == [e.ids[1:-1] for e in tok.encode_batch(sents)]


def test_wordpiece_term_is_the_mean_of_the_folded_scores():
    import numpy as np

    from presslens.annotate.claims.checkworthy import CheckworthyModel, wordpieces

    scores = np.linspace(-1, 1, 30522)
    m = CheckworthyModel(np.zeros(16, dtype=np.float32), 0.0, 0.5, token_scores=scores)
    sents = ["Taxes rose 5% in 2019.", "", "Hello there"]
    got = m.wordpiece_term(sents)
    for g, ids in zip(got, wordpieces(sents), strict=True):
        assert g == pytest.approx(scores[ids].mean() if ids else 0.0)
    # the model's probability moves with the term; without the sentences' text it refuses rather than guess
    from presslens.annotate.claims.checkworthy import features

    rows = [features(s) for s in sents]
    assert m.score(sents) == pytest.approx([1 / (1 + np.exp(-t)) for t in got])
    with pytest.raises(ValueError):
        m.score_features(rows)


def test_report_section_and_json(shared):
    from click.testing import CliRunner

    from presslens.cli import main

    path = shared / "examples" / "globalresearch-aleppo-2016.md"
    r = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert r.exit_code == 0, r.output
    rec = json.loads(r.output)
    items = rec["annotations"]["checkworthy"]
    assert len(items) == len(rec["annotations"]["sentences"])
    assert {"start", "end", "score", "label", "confidence", "producer"} <= set(items[0])
    report = CliRunner().invoke(main, ["analyze", str(path)])
    assert report.exit_code == 0 and "Check-worthy sentences" in report.output
    # five sentences are shown, each with its score
    section = report.output.split("Check-worthy sentences", 1)[1]
    assert len(re.findall(r"^\s+(?:✓ )?[01]\.\d\d ", section, re.M)) >= 5


QUOTED = """The city council voted 7-2 on Tuesday to cut the bus budget by $4 million, the city clerk said.

"This is the most shameful decision this council has made in twenty years," said Mayor Ann Lee.

Riders were waiting at the stop on Main Street.
"""


def test_pick_order_puts_a_quoted_opinion_after_a_fact_and_keeps_the_score():
    """The rank follows the news-fitted pick head (issue 18, third round): a whole-sentence quotation of an
    opinion gives up its place to the factual sentence; the score stays the debate model's probability."""
    import presslens
    from presslens.annotate.claims.checkworthy import features, load_model
    from presslens.annotate.claims.pick import PICK_FEATURES, load_pick, pick_features, quote_overlap, quote_overlaps, quote_spans
    from presslens.annotate.claims.states import article_states

    article = presslens.Pipeline(["checkworthy"])(QUOTED, format="text")
    by = {article.text[c.start : c.end][:12]: c for c in article.annotations["checkworthy"]}
    fact, quoted = by["The city cou"], by['"This is the']
    assert fact.rank == 1 and quoted.rank > fact.rank
    model = load_model()
    for c in (fact, quoted):  # the score is the calibrated debate probability, untouched by the order
        claims = [q for q in article.annotations["numeric_claims"] if c.start <= q.start < c.end]
        sent = article.text[c.start : c.end]
        states = article_states(article.text, [(c.start, c.end)])  # the tagger's states as the annotator reads the article
        want = model.score_features([features(sent, any(q.confidence >= 0.5 for q in claims))], [sent], states)[0]
        assert c.score == pytest.approx(want, abs=1e-4)
    pick = load_pick()
    assert pick is not None and len(pick.coef) == len(PICK_FEATURES)
    quotes = quote_spans(list(article.annotations["quotes"]))
    spans = [(s.start, s.end) for s in article.annotations["sentences"]]
    assert quote_overlaps(spans, quotes) == [quote_overlap(s0, s1, quotes) for s0, s1 in spans]  # the one-pass form agrees
    row = pick_features(article.text, quoted.start, quoted.end, quoted.score, set(features(article.text[quoted.start : quoted.end])),
                        quote_overlap(quoted.start, quoted.end, quotes), False)
    assert row[PICK_FEATURES.index("direct_quote")] > 0.5 and row[PICK_FEATURES.index("quoted_person")] == 1.0
    assert pick.coef[PICK_FEATURES.index("direct_quote")] < 0 < pick.coef[PICK_FEATURES.index("fact_verb")]


def test_pick_head_must_match_the_features(tmp_path):
    from presslens.annotate.claims.pick import PICK_FEATURES, PickModel

    path = tmp_path / "pick.json"
    PickModel([0.0] * len(PICK_FEATURES), 0.0).save(path)
    assert PickModel.load(path).score([[1.0] * len(PICK_FEATURES)]) == [0.0]
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    data["coef"] = data["coef"][:-1]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        PickModel.load(path)


@pytest.mark.parametrize(("sentence", "want"), [
    ("The mayor slammed the council's vote as a betrayal of the neighbourhood.", True),
    ("Critics argue the new road will only move the traffic elsewhere.", True),
    ("The senator called the transit plan a disaster for commuters.", True),
    ("Local officials insisted the bridge was never at risk.", True),
    ("The council voted 7-2 to close the depot on Elm Street.", False),
    ("The senator called for a vote on the transit plan.", False),  # "called for": a request, not a judgement
    ("The lawsuit accuses the firm of hiding the defect for a decade.", False),  # an accusation of fact: a good pick
])
def test_opinion_speech_marks_reported_opinion(sentence, want):
    """Reported opinion without quote marks (issue 18, fourth round): a pick head input of its own."""
    from presslens.annotate.claims.pick import opinion_speech

    assert opinion_speech(sentence) is want


@pytest.mark.parametrize(("sentence", "want"), [
    ("The bridge will reopen to traffic in the spring.", True),
    ("A new levy could raise another $40 million, the report said.", True),
    ("They'll decide on the fares after the election.", True),
    ("The levy raised $40 million in May, the report said.", False),  # "May" is the month
    ("The bridge reopened to traffic in March.", False),
])
def test_modal_marks_forecasts_and_conditions(sentence, want):
    from presslens.annotate.claims.pick import modal

    assert modal(sentence) is want


@pytest.mark.parametrize(("sentence", "want"), [
    ("The company plans to open ten stores in the region.", True),
    ("The board is expected to approve the budget.", True),
    ("The hearing is scheduled for Thursday morning.", True),
    ("Voters return to the polls next month.", True),
    ("The company opened ten stores in the region last year.", False),
    ("Spending rose to a record $3 billion, due to the new stores.", False),
])
def test_intention_marks_plans_and_schedules(sentence, want):
    from presslens.annotate.claims.pick import intention

    assert intention(sentence) is want


def test_pick_features_carry_the_opinion_and_prediction_inputs():
    """The three fourth-round inputs sit at their names in the pick head's row."""
    from presslens.annotate.claims.checkworthy import features
    from presslens.annotate.claims.pick import PICK_FEATURES, pick_features

    text = "Critics argue the board will plan to cut bus routes next year."
    row = pick_features(text, 0, len(text), 0.5, set(features(text)), (0.0, 0.0, False), False)
    assert len(row) == len(PICK_FEATURES)
    assert [row[PICK_FEATURES.index(n)] for n in ("opinion_speech", "modal", "intention")] == [1.0, 1.0, 1.0]
    fact = "The board cut 12 bus routes in 2019."
    row = pick_features(fact, 0, len(fact), 0.5, set(features(fact)), (0.0, 0.0, False), False)
    assert [row[PICK_FEATURES.index(n)] for n in ("opinion_speech", "modal", "intention")] == [0.0, 0.0, 0.0]


def test_the_word_prefilter_gives_the_patterns_answer():
    """With the sentence's features at hand the three inputs skip their patterns on most sentences; the
    answer must not change (the head was fitted on the patterns)."""
    from presslens.annotate.claims.checkworthy import features
    from presslens.annotate.claims.pick import intention, modal, opinion_speech

    for sentence in ("The mayor slammed the council's vote.", "He called the transit plan a disaster.", "He called for a vote.",
                     "He should’ve known.", "They’ll decide next week.", "The levy raised $40 million in May.",
                     "Opponents plan to sue.", "The council voted 7-2 to close the depot.", "Critics' letters were read out."):
        fs = set(features(sentence))
        for f in (opinion_speech, modal, intention):
            assert f(sentence, fs) is f(sentence), (f.__name__, sentence)


@pytest.mark.parametrize(("sentence", "inputs"), [
    ("The move apparently suggests the agency has given up on the plan.", {"stance"}),
    ("Of course, the depot was never going to close quietly.", {"stance"}),
    ("Residents are worried and frustrated by the delays, she says.", {"feeling", "says"}),
    ("The mayor spoke to a cheering crowd from the stage on Saturday.", {"scene"}),
    ("The council voted 7-2 to close the depot on Elm Street.", set()),
    ("Fares rose 12 percent in 2019, the transit authority said.", set()),
])
def test_fifth_round_inputs_mark_stance_feeling_scene_and_present_says(sentence, inputs):
    """Issue 18, fifth round: four inputs from the guideline's "not check-worthy" list (the writer's stance,
    feelings and hopes, scene and events, present-tense "says"), word look-ups on the sentence's features."""
    from presslens.annotate.claims.checkworthy import features
    from presslens.annotate.claims.pick import PICK_FEATURES, pick_features

    row = pick_features(sentence, 0, len(sentence), 0.5, set(features(sentence)), (0.0, 0.0, False), False)
    assert {n for n in ("stance", "feeling", "scene", "says") if row[PICK_FEATURES.index(n)] == 1.0} == inputs


def test_pick_head_word_weights_add_to_the_logit(tmp_path):
    """A head with word weights adds the weights of the sentence's words ("u=" features) and refuses to score
    without them; the weights survive a save and load."""
    from presslens.annotate.claims.pick import PICK_FEATURES, PickModel

    path = tmp_path / "pick.json"
    PickModel([0.0] * len(PICK_FEATURES), 0.5, words={"u=depot": 1.0, "u=crowd": -2.0}).save(path)
    head = PickModel.load(path)
    row = [0.0] * len(PICK_FEATURES)
    assert head.score([row, row], [{"u=depot", "b=the|depot"}, {"u=crowd", "u=depot"}]) == [1.5, -0.5]
    with pytest.raises(ValueError, match="feature set"):
        head.score([row])


def test_committed_pick_head_weighs_words_and_the_new_inputs():
    from presslens.annotate.claims.pick import PICK_FEATURES, load_pick

    pick = load_pick()
    assert pick is not None and len(pick.words) > 100 and all(w.startswith("u=") for w in pick.words)
    assert pick.meta["n"] > 1000  # fitted on the enlarged news gold
    for name in ("stance", "feeling", "scene", "opinion_speech", "intention"):
        assert pick.coef[PICK_FEATURES.index(name)] < 0, name


def test_pick_head_state_weights_round_trip_and_are_required(tmp_path):
    """Session 9: the pick head weighs the sentences' pooled tagger states; a caller that leaves them out is
    told so instead of getting an order without them, and the weights survive a save and load."""
    import numpy as np

    from presslens.annotate.claims.pick import PICK_FEATURES, PickModel, load_pick

    states = [0.0] * 384
    states[3] = 2.0
    path = tmp_path / "pick.json"
    PickModel([0.0] * len(PICK_FEATURES), 0.5, states=states).save(path)
    head = PickModel.load(path)
    rows = [[0.0] * len(PICK_FEATURES)] * 2
    S = np.zeros((2, 384), dtype=np.float32)
    S[1, 3] = 1.5
    assert head.score(rows, None, S) == [0.5, 3.5]
    with pytest.raises(ValueError, match="tagger states"):
        head.score(rows)
    committed = load_pick()
    assert committed is not None and committed.states is not None and len(committed.states) == 384
