"""The fine-tuned MiniLM token tagger of the persuasion annotator (tagger and tagger-accurate modes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

from presslens.annotate.persuasion import TECHNIQUES, PersuasionAnnotator, load_model, tokenize  # noqa: E402

# the package's attribute ``tagger`` becomes the submodule once another test imports it: take the function from its module
from presslens.annotate.persuasion.encoders import tagger  # noqa: E402
from presslens.annotate.persuasion.tagger import (  # noqa: E402
    HEAD_FILE,
    TAGGER_CONFIG,
    TAGGER_FILE,
    TOKENIZER_FILE,
    Encoded,
    SentenceEncoder,
    TechniqueHead,
    combined_spans,
    decode,
    head_features,
    pack,
    pick_sentences,
    sigmoid,
    technique_dist,
    to_tokens,
)
from presslens.settings import PersuasionSettings

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["persuasion"]


def test_tagger_artifact_is_committed_and_small():
    assert TAGGER_FILE.is_file() and TOKENIZER_FILE.is_file() and TAGGER_CONFIG.is_file()
    assert TAGGER_FILE.stat().st_size <= 30 * 1024 * 1024
    cfg = json.loads(TAGGER_CONFIG.read_text(encoding="utf-8"))
    assert cfg["outputs"] == ["SI", *TECHNIQUES]
    assert cfg.get("window", 0) == 0 or 32 <= cfg["window"] <= 126  # packed sentences per chunk (wordpieces)
    assert cfg["modes"]["tagger-accurate"]["share"] == 1.0
    assert 0 < cfg["modes"]["tagger"]["share"] <= 1.0
    for mode in ("tagger", "tagger-accurate"):
        assert 0 < cfg["modes"][mode]["threshold"] < 1
        assert cfg["modes"][mode]["technique_base"] in ("linear", "accurate", "head", "head+accurate")
    if any(cfg["modes"][m]["technique_base"].startswith("head") for m in cfg["modes"]):
        assert (TAGGER_FILE.parent / HEAD_FILE).is_file() and cfg["technique_head"]["file"] == HEAD_FILE
        assert tagger().has_hidden and tagger().head is not None
        assert 0 <= cfg["modes"][mode]["technique_mix"] <= 1


def test_tagger_outputs_per_wordpiece():
    t = tagger()
    doc = tokenize("The corrupt elite lied again. Nobody believes them.")
    enc = t.encode(doc, [0, 1])
    assert enc.sentences == [0, 1]
    assert enc.p_si.shape == (len(doc.words),)
    assert enc.p_tech.shape == (len(doc.words), len(TECHNIQUES))
    ok = ~np.isnan(enc.p_si)
    assert ok.sum() >= len(doc.words) - 1  # every word (punctuation may share a wordpiece offset)
    assert ((enc.p_si[ok] >= 0) & (enc.p_si[ok] <= 1)).all()


def test_to_tokens_matches_a_plain_loop():
    """The vectorised wordpiece-to-token mapping gives what a loop over wordpieces gives."""
    import bisect

    doc = tokenize("Alpha beta, gamma delta. Epsilon zeta eta theta.")
    rng = np.random.default_rng(3)
    chunks, logits, hidden = [], [], []
    for k, (i, j) in enumerate(doc.sents):
        # two wordpieces per word (one at its start, one inside), and one that starts in a space
        offs = []
        for t in range(i, j):
            offs += [(doc.starts[t], doc.starts[t] + 1), (doc.starts[t] + 1, doc.ends[t])]
        offs.append((doc.ends[j - 1], doc.ends[j - 1] + 1))
        chunks.append((k, list(range(len(offs))), np.array(offs)))
        logits.append(rng.normal(size=(len(offs), 15)).astype(np.float32))
        hidden.append(rng.normal(size=(len(offs), 8)).astype(np.float32))
    enc = to_tokens(doc, chunks, logits, None, hidden)
    n = len(doc.words)
    p_si = np.full(n, np.nan)
    tech = np.zeros((n, 14))
    hid = np.zeros((n, 8))
    cnt = np.zeros(n)
    for (_, _, offs), lg, hd in zip(chunks, logits, hidden, strict=True):
        for (a, _b), row, h in zip(offs.tolist(), sigmoid(lg), hd, strict=True):
            t = bisect.bisect_right(doc.starts, a) - 1
            if t < 0 or doc.ends[t] <= a:
                continue
            p_si[t] = row[0] if np.isnan(p_si[t]) else max(p_si[t], row[0])
            tech[t] += row[1:]
            hid[t] += h
            cnt[t] += 1
    assert np.allclose(enc.p_si, p_si, equal_nan=True)
    assert np.allclose(enc.p_tech, tech / cnt[:, None], atol=1e-6)
    assert np.allclose(enc.hidden, hid / cnt[:, None], atol=1e-5)
    assert enc.sentences == [0, 1]


def test_technique_head_on_hand_made_states(tmp_path):
    doc = tokenize("One two three four. Five six seven.")
    n = len(doc.words)
    rng = np.random.default_rng(0)
    hidden = rng.normal(size=(n, 4)).astype(np.float32)
    hidden[5:] = np.nan  # the second sentence was not encoded
    p_tech = np.full((n, 14), 1 / 14, dtype=np.float32)
    enc = Encoded(np.full(n, 0.5, dtype=np.float32), p_tech, [0], 5, hidden)
    lin = np.full((2, 14), 1 / 14, dtype=np.float32)
    X, ok = head_features(doc, enc, [(1, 3), (5, 7)], lin)
    assert ok.tolist() == [True, False]
    assert X.shape == (2, 3 * 4 + 2 * 14 + 2)
    assert np.allclose(X[0, :4], hidden[1:3].mean(axis=0)) and np.allclose(X[0, 4:8], hidden[1:3].max(axis=0))
    assert np.allclose(X[0, 8:12], hidden[0:5].mean(axis=0))  # its sentence (words and the full stop)
    assert X[0, -2] == pytest.approx(np.log(2)) and X[0, -1] == pytest.approx(2 / 5)
    head = TechniqueHead(np.zeros(X.shape[1], np.float32), np.ones(X.shape[1], np.float32), rng.normal(size=(X.shape[1], 14)).astype(np.float32), np.zeros(14, np.float32))
    p = head.proba(X[:1])
    assert p.shape == (1, 14) and p.sum() == pytest.approx(1.0)
    head.save(tmp_path / "h.npz")
    again = TechniqueHead.load(tmp_path / "h.npz")
    assert np.allclose(again.proba(X[:1]), p, atol=1e-3)  # weights stored as float16


def test_technique_head_span_past_an_unread_sentence_has_no_nan():
    """A span that starts in a sentence the tagger did not read and runs into one it read (a run grown past
    its sentence) takes its own states for the sentence mean: finite features, not a NaN mean."""
    doc = tokenize("One two three four. Five six seven.")
    n = len(doc.words)
    hidden = np.random.default_rng(1).normal(size=(n, 4)).astype(np.float32)
    hidden[:5] = np.nan  # the first sentence was not encoded
    enc = Encoded(np.full(n, 0.5, dtype=np.float32), np.full((n, 14), 1 / 14, dtype=np.float32), [1], 3, hidden)
    X, ok = head_features(doc, enc, [(3, 7)], np.full((1, 14), 1 / 14, dtype=np.float32))
    assert ok.tolist() == [True] and np.isfinite(X).all()
    assert np.allclose(X[0, 8:12], hidden[5:7].mean(axis=0))


def test_decode_and_budget_on_hand_made_probabilities():
    doc = tokenize("They are traitors and liars. The sky is blue today.")
    n = len(doc.words)
    p = np.zeros(n, dtype=np.float32)
    p[doc.words.index("traitors") : doc.words.index("liars") + 1] = 0.9
    enc = Encoded(p, np.full((n, len(TECHNIQUES)), 1 / 14, dtype=np.float32), [0, 1])
    spans = decode(doc, enc, 0.5)
    assert [(doc.words[i], doc.words[j - 1]) for i, j, _ in spans] == [("traitors", "liars")]
    d = technique_dist(enc, *spans[0][:2])
    assert d is not None and abs(float(d.sum()) - 1) < 1e-5
    # the budget keeps the best sentence by the linear scores and skips what does not fit
    p_tok = np.zeros(n)
    p_sent = np.array([0.9, 0.1])
    assert pick_sentences(doc, p_tok, p_sent, None) == [0, 1]
    assert pick_sentences(doc, p_tok, p_sent, 1.0) == [0, 1]
    assert pick_sentences(doc, p_tok, p_sent, 0.6) == [0]
    assert pick_sentences(doc, p_tok, p_sent, 0.0) == []


def test_decode_is_the_linear_run_decoder():
    """One run decoder (token_runs) serves the linear tagger and the MiniLM tagger."""
    from presslens.annotate.persuasion import token_runs

    doc = tokenize("They are vile, corrupt and treacherous liars. Run. The ocean is blue today.")
    n = len(doc.words)
    p = np.zeros(n, dtype=np.float32)
    for w in ("vile", "corrupt", "treacherous", "liars", "run", "ocean", "today"):
        p[doc.words.index(w)] = 0.9
    enc = Encoded(p, np.full((n, len(TECHNIQUES)), 1 / 14, dtype=np.float32), [0, 1, 2])
    runs = decode(doc, enc, 0.5)
    assert runs == token_runs(doc, p, 0.5)
    words = [" ".join(doc.words[i:j]) for i, j, _ in runs]
    # a one-word gap ("and") is bridged, punctuation is not; runs stop at the sentence end; a lone
    # short word ("run") is dropped; a gap of two words ("is blue") is not bridged
    assert words == ["vile", "corrupt and treacherous liars", "ocean", "today"]


class _NoLinearSpans:
    """A stand-in for the linear models that finds no span of its own."""

    def decode(self, doc, p_tok, p_sent):
        return []


def test_long_technique_runs_grow_to_their_sentence():
    """``extend``: a run whose technique is a long one (doubt here) covers its whole sentence;
    a run of a short technique (loaded language) stays as it is; off when ``extend`` is 0."""
    doc = tokenize("Officials say the vote was clean, but who can believe them now. They are vile liars.")
    n = len(doc.words)
    p = np.zeros(n, dtype=np.float32)
    tech = np.full((n, len(TECHNIQUES)), 0.01, dtype=np.float32)
    for w in ("who", "can", "believe"):
        p[doc.words.index(w)] = 0.9
        tech[doc.words.index(w), TECHNIQUES.index("Doubt")] = 0.8
    for w in ("vile", "liars"):
        p[doc.words.index(w)] = 0.9
        tech[doc.words.index(w), TECHNIQUES.index("Loaded_Language")] = 0.8
    enc = Encoded(p, tech, [0, 1])
    cfg = {"blend": 1.0, "threshold": 0.5, "split": 0, "sentence_spans": False, "long_techniques": ["Doubt"]}
    zeros = np.zeros(n)

    def texts(extend):
        got = combined_spans(doc, _NoLinearSpans(), zeros, np.zeros(2), enc, {**cfg, "extend": extend})
        return [" ".join(doc.words[i:j]) for i, j, _, _ in got]

    assert texts(0.0) == ["who can believe", "vile liars"]
    assert texts(0.3) == ["officials say the vote was clean , but who can believe them now", "vile liars"]
    assert texts(0.9) == ["who can believe", "vile liars"]  # the technique is not likely enough


def test_pack_joins_adjacent_sentences_only():
    doc = tokenize("One two three. Four five six. Seven eight nine. Ten eleven twelve.")
    enc = SentenceEncoder()
    single = enc.chunks(doc, [0, 1, 3])
    assert [c[0] for c in single] == [0, 1, 3]
    packed = enc.chunks(doc, [0, 1, 3], window=126)
    # sentences 0 and 1 are adjacent and share a chunk; 3 is alone (2 was not picked)
    assert [c[0] for c in packed] == [0, 3]
    assert packed[0][1] == single[0][1] + single[1][1]
    assert np.array_equal(packed[0][2], np.concatenate([single[0][2], single[1][2]]))
    # a cap smaller than two sentences keeps them apart
    assert [c[0] for c in enc.chunks(doc, [0, 1, 3], window=len(single[0][1]) + 1)] == [0, 1, 3]
    # extra fields (training targets) are joined too; caps may vary per chunk
    units = [(k, [k] * 3, np.zeros((3, 2)), np.full((3, 1), k)) for k in range(4)]
    out = pack(units, 6, iter([6, 3, 6]))
    assert [c[0] for c in out] == [0, 2, 3]
    assert out[0][3].ravel().tolist() == [0, 0, 0, 1, 1, 1]


@pytest.mark.parametrize("mode", ["tagger", "tagger-accurate"])
def test_tagger_modes_on_the_seed(shared, mode):
    import presslens

    art = presslens.analyze(shared / "examples" / "globalresearch-aleppo-2016.md", components=["techniques"])
    out = PersuasionAnnotator(PersuasionSettings(mode=mode))(art)
    items = out.annotations["techniques"]
    assert items
    for t in items:
        assert 0 <= t.start < t.end <= len(art.text)
        assert art.text[t.start : t.end] == t.text
        assert t.text == t.text.strip(" \n\t.,:;")
        assert t.technique in TECHNIQUES
        assert 0.0 <= t.confidence <= 1.0
        assert t.level in ("token", "sentence", "cue")
        assert t.producer == (f"techniques@3:{mode}" if t.level != "cue" else "techniques@3:cues@1")


def test_tagger_mode_on_odd_texts():
    model = load_model()
    assert model.annotate("", "tagger") == []
    assert model.annotate("...  !!", "tagger") == []
    for s, e, *_ in model.annotate("Outrageous!!! The corrupt elite lie. Lie, lie, lie.", "tagger"):
        assert 0 <= s < e


def _eval_scores(mode: str) -> dict:
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import persuasion as ev  # eval/persuasion.py
    finally:
        sys.path.pop(0)
    return ev.scores(mode)


def test_tagger_validation_floors():
    s = _eval_scores("tagger")
    assert s["articles"] == 74
    assert s["si_f1"] >= FLOORS["si_f1_tagger"], s
    assert s["tc_micro_f1"] >= FLOORS["tc_micro_f1_tagger"], s


@pytest.mark.slow
def test_tagger_accurate_validation_floors():
    s = _eval_scores("tagger-accurate")
    assert s["si_f1"] >= FLOORS["si_f1_tagger_accurate"], s
    assert s["tc_micro_f1"] >= FLOORS["tc_micro_f1_tagger_accurate"], s


@pytest.mark.slow
def test_tagger_training_command_on_a_subset(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    r = subprocess.run(
        [sys.executable, "-m", "presslens.training.persuasion_tagger", "--limit", "6", "--epochs", "1", "--val-limit", "3", "--out-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=900, cwd=REPO,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    from presslens.annotate.persuasion.tagger import OnnxTagger

    cfg = json.loads((tmp_path / "tagger.json").read_text(encoding="utf-8"))
    assert cfg["train_articles"] == 6 and set(cfg["modes"]) == {"tagger", "tagger-accurate"}
    t = OnnxTagger(tmp_path / "tagger.onnx", tmp_path / "tagger.json")
    doc = tokenize("This is a disgraceful, shameful betrayal of the people.")
    enc = t.encode(doc, [0])
    assert enc.p_si.shape == (len(doc.words),)
    assert t.has_hidden and enc.hidden.shape == (len(doc.words), 384)  # the export adds the head's input
    assert (tmp_path / HEAD_FILE).is_file() and cfg["technique_head"]["C"] > 0
