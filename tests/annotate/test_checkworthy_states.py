"""The check-worthiness model's contextual part: the persuasion tagger's states, paid once per article (issue 18)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from presslens.annotate.claims import states as st
from presslens.annotate.persuasion.encoders import tagger as load_tagger
from presslens.annotate.persuasion.tagger import STATES_KEY, TaggerStates
from presslens.components import Context

TEXT = ("The council approved a budget of 4 million pounds on Tuesday. Critics said the plan was a disgrace. "
        "Turnout fell to 31 percent, the lowest since 1998. The mayor will speak again next week.")


def _sentences(text: str) -> list[tuple[int, int]]:
    """The persuasion tokenizer's sentences (what the tagger's pass reads) as character ranges."""
    from presslens.annotate.persuasion.base import tokenize

    doc = tokenize(text)
    return [(doc.starts[i], doc.ends[j - 1]) for i, j in doc.sents if j > i]


class FakeTagger:
    """Records what it is asked to read; a wordpiece's state is its character offset in every dimension."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[tuple[int, int]], list[int] | None]] = []

    def states(self, text, spans, adjacent=None):  # noqa: ANN001, ANN201
        self.calls.append((list(spans), adjacent))
        starts = np.asarray([a for s, e in spans for a in range(s, e, 4)], dtype=np.int64)
        return TaggerStates(starts, np.repeat(starts[:, None].astype(np.float32), 384, axis=1), list(spans))


@pytest.fixture
def fake(monkeypatch):
    from presslens.annotate.persuasion import encoders

    t = FakeTagger()
    monkeypatch.setattr(encoders, "tagger", lambda *a, **k: t)
    return t


def test_pool_is_the_mean_of_the_wordpieces_starting_inside():
    s = TaggerStates(np.asarray([0, 5, 9, 20]), np.asarray([[1.0] * 384, [3.0] * 384, [5.0] * 384, [7.0] * 384], dtype=np.float32))
    got = st.pool(s, [(0, 10), (10, 19), (19, 25)])
    assert got[:, 0].tolist() == [3.0, 0.0, 7.0]  # a range without a wordpiece gets zeros


def test_shared_states_are_completed_with_the_sentences_the_pass_skipped(fake):
    spans = _sentences(TEXT)
    assert len(spans) == 4
    # the techniques pass read sentences 0 and 2 (as if the persuasion models found them most promising)
    read = [spans[0], spans[2]]
    starts = np.asarray([a for s, e in read for a in range(s, e, 3)], dtype=np.int64)
    shared = TaggerStates(starts, np.full((len(starts), 384), -1.0, dtype=np.float32), read)
    got = st.sentence_states(TEXT, spans, shared)
    assert (got[0] == -1).all() and (got[2] == -1).all()
    assert fake.calls == [([spans[1], spans[3]], [1, 3])]  # 1 and 3: never in one window
    assert (got[1] > 0).all() and (got[3] > 0).all()
    # complete states (the forked detection completes them in the child) are used as they are
    done = TaggerStates(starts, np.full((len(starts), 384), -2.0, dtype=np.float32), spans, True)
    assert (st.sentence_states(TEXT, spans[:1], done) == -2).all() and len(fake.calls) == 1


def test_without_shared_states_every_sentence_is_read_in_adjacent_windows(fake):
    spans = _sentences(TEXT)
    st.article_states(TEXT, spans, Context())
    assert fake.calls[0] == (spans, [0, 1, 2, 3])
    ctx = Context()
    ctx.data[STATES_KEY] = TaggerStates(np.zeros(0, dtype=np.int64), np.zeros((0, 384), dtype=np.float32), [])
    st.article_states(TEXT, spans, ctx)  # a pass that read nothing: everything is read here
    assert fake.calls[1] == (spans, [0, 1, 2, 3])


def test_alone_states_read_each_sentence_in_its_own_window(fake):
    got = st.alone_states(["One sentence.", "  ", "Another one here."])
    (spans, keys), = fake.calls
    assert keys == [0, 4] and len(spans) == 2  # the blank one is not read and keeps zeros
    assert (got[1] == 0).all() and (got[0] >= 0).all()


def test_model_with_state_weights_round_trips_and_adds_the_state_term(tmp_path):
    from presslens.annotate.claims.checkworthy import CheckworthyModel, features

    w = np.zeros(2**10, dtype=np.float32)
    sw = np.linspace(-1, 1, 384).astype(np.float32)
    m = CheckworthyModel(w, 0.0, 0.5, state_weights=sw)
    m.save(tmp_path / "m.npz")
    m2 = CheckworthyModel.load(tmp_path / "m.npz")
    assert np.allclose(m2.state_weights, sw)
    S = np.zeros((2, 384), dtype=np.float32)
    S[1] = sw  # logit sum(sw**2) > 0
    p = m2.score_features([features("A."), features("B.")], ["A.", "B."], S)
    assert p[0] == pytest.approx(0.5) and p[1] > 0.9


def test_the_tagger_reads_states_in_its_windows():
    """The real tagger: ``states`` gives one 384-d state per wordpiece, packed like the annotator's pass."""
    t = load_tagger()
    spans = _sentences(TEXT)
    s = t.states(TEXT, spans)
    assert s.hidden.shape == (len(s.starts), 384) and len(s.starts) > 20
    assert np.all(np.diff(s.starts) >= 0) and s.starts[0] >= 0 and s.starts[-1] < len(TEXT)
    # read together (adjacent) or each alone, the sentences get different but close states
    alone = t.states(TEXT, spans, adjacent=[0, 2, 4, 6])
    a, b = st.pool(s, spans), st.pool(alone, spans)
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert not np.allclose(a, b) and (cos > 0.8).all()


def test_techniques_leave_the_states_and_the_fork_gives_the_same_records(monkeypatch):
    """The default order runs techniques before checkworthy; the states reach the check-worthiness model
    from the forked detection of ``presslens analyze`` too, and the records are the same either way."""
    from presslens.annotate import BUILTINS, CheckworthyAnnotator, PersuasionAnnotator
    from presslens.annotate.persuasion import ahead as ahead_module
    from presslens.pipeline import Pipeline
    from presslens.sample import sample_path

    assert BUILTINS.index(PersuasionAnnotator) < BUILTINS.index(CheckworthyAnnotator)
    seen: list[object] = []
    real = st.sentence_states

    def spy(text, spans, shared=None):  # noqa: ANN001, ANN202
        seen.append(shared)
        return real(text, spans, shared)

    monkeypatch.setattr(st, "sentence_states", spy)
    monkeypatch.setattr(ahead_module, "spare_core", lambda: True)
    from presslens.annotate.persuasion import annotator, encoders

    page = sample_path("md")
    names = ["techniques", "checkworthy"]
    annotator._load_file.cache_clear()
    encoders.tagger.cache_clear()
    forked = list(Pipeline(names).run(page, None, ahead=True))
    # the child completed the states: this process loaded neither the persuasion models nor the tagger
    assert annotator._load_file.cache_info().currsize == 0 and encoders.tagger.cache_info().currsize == 0
    here = list(Pipeline(names).run(page, None))
    from presslens.annotate.claims.checkworthy import load_model

    if load_model().state_weights is not None:
        assert len(seen) == 2 and all(isinstance(x, TaggerStates) and x.covered for x in seen)
    assert [json.dumps(a.to_json(), sort_keys=True) for a in forked] == [json.dumps(a.to_json(), sort_keys=True) for a in here]
