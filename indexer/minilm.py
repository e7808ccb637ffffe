"""A light query encoder: the bundled all-MiniLM-L6-v2 run with plain torch.

Importing sentence-transformers costs ~8 s on this machine (transformers, sklearn, ...),
which dominated `isearch query` from a cold start. This module loads the same weights
(safetensors) and tokenizer (tokenizers) and computes the same BERT forward pass, mean
pooling and normalisation, so query vectors match the passages' (a test checks parity
with sentence-transformers). Passages are still embedded by sentence-transformers.
"""
from __future__ import annotations

import contextlib
import json
import threading
from functools import lru_cache
from importlib import resources

import numpy as np

from indexer.config import MODEL_MAX_WORDPIECES, MODEL_PACKAGE


@contextlib.contextmanager
def _one_thread(torch):
    """Run one short query on one thread: waking a second OpenMP thread for a ~20 ms forward
    pass between other work costs more than it gains (hybrid p50 37-43 ms -> 24-27 ms)."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class MiniLM:
    """BERT encoder + mean pooling + L2 normalisation, inference only."""

    def __init__(self) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        folder = resources.files(MODEL_PACKAGE) / "model"
        config = json.loads((folder / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.weights = {k: v.float() for k, v in load_file(str(folder / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MODEL_MAX_WORDPIECES)
        self.tokenizer.no_padding()
        self.torch = torch
        self.lock = threading.Lock()

    def _layer_norm(self, x, prefix: str):
        w = self.weights
        return self.torch.nn.functional.layer_norm(x, x.shape[-1:], w[prefix + ".weight"], w[prefix + ".bias"], self.eps)

    def _linear(self, x, prefix: str):
        return self.torch.nn.functional.linear(x, self.weights[prefix + ".weight"], self.weights[prefix + ".bias"])

    def encode_one(self, text: str) -> np.ndarray:
        """The normalised 384-d embedding of one text (as sentence-transformers computes it)."""
        torch, w = self.torch, self.weights
        ids = self.tokenizer.encode(text).ids
        with self.lock, torch.inference_mode(), _one_thread(torch):
            tokens = torch.tensor([ids])
            positions = torch.arange(len(ids)).unsqueeze(0)
            x = (w["embeddings.word_embeddings.weight"][tokens] + w["embeddings.position_embeddings.weight"][positions]
                 + w["embeddings.token_type_embeddings.weight"][torch.zeros_like(tokens)])
            x = self._layer_norm(x, "embeddings.LayerNorm")
            batch, length, width = x.shape
            head = width // self.heads
            for i in range(self.layers):
                p = f"encoder.layer.{i}."
                q, k, v = (self._linear(x, p + f"attention.self.{name}").view(batch, length, self.heads, head).transpose(1, 2)
                           for name in ("query", "key", "value"))
                attended = torch.nn.functional.scaled_dot_product_attention(q, k, v)
                attended = attended.transpose(1, 2).reshape(batch, length, width)
                x = self._layer_norm(x + self._linear(attended, p + "attention.output.dense"), p + "attention.output.LayerNorm")
                hidden = torch.nn.functional.gelu(self._linear(x, p + "intermediate.dense"))
                x = self._layer_norm(x + self._linear(hidden, p + "output.dense"), p + "output.LayerNorm")
            pooled = x.mean(dim=1)
            pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return pooled[0].numpy().astype(np.float32)


@lru_cache(maxsize=1)
def query_encoder() -> MiniLM:
    """The shared encoder (weights loaded once per process)."""
    return MiniLM()
