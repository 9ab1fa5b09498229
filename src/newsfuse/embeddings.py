"""Sentence embeddings, for citations that share the information but not the words.

By default a static model distilled from all-MiniLM-L6-v2 and shipped with newsfuse
(``data/minilm-static.npz``, made by ``benchmarks/distil_static.py``): one vector for each
WordPiece token of MiniLM's vocabulary (the transformer's own output for that token, reduced
by PCA, weighted down for frequent tokens, stored in int8), and a sentence is the mean of its
tokens' vectors. It needs numpy only (the tokenizer is below), loads in well under a second,
and embeds a sentence in microseconds.

With ``attribute.model_dir`` set to a copy of all-MiniLM-L6-v2 (``model.safetensors`` and
``tokenizer.json``; the ``semantic`` extra: ``safetensors``, ``tokenizers``) the transformer
itself runs, in numpy: each layer is a handful of matrix products that numpy's BLAS does as
fast as torch would on a CPU. Its vectors match sentence-transformers' to 1e-6
(tests/test_embeddings.py).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.special import erf

from newsfuse.errors import ConfigError, MissingExtraError

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
        return self.encode_ids(ids, mask)

    def encode_ids(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Unit-length embeddings of token id rows (``[CLS] ... [SEP]``, right-padded;
        ``mask``: 1.0 for a token, 0.0 for padding)."""
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


# BERT's basic tokenizer (the normaliser and pre-tokenizer of all-MiniLM-L6-v2's
# tokenizer.json: clean text, CJK characters apart, lower case without accents, split at
# spaces and punctuation), then WordPiece: the longest vocabulary piece first, "##" inside a
# word, a word that cannot be split is unknown.
_MAX_WORD_CHARS = 100
_CONTINUATION = "##"


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def basic_words(text: str) -> list[str]:
    """``text`` as BERT (uncased) splits it before WordPiece."""
    chars: list[str] = []
    for char in text:
        code = ord(char)
        if char in "\t\n\r":
            chars.append(" ")
        elif code == 0xFFFD or unicodedata.category(char).startswith("C"):
            continue  # control, format, private-use, unassigned: dropped
        elif char.isspace():
            chars.append(" ")
        elif _is_cjk(code):
            chars.append(f" {char} ")
        else:
            chars.append(char)
    folded = unicodedata.normalize("NFD", "".join(chars))
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn").lower()
    words: list[str] = []
    for chunk in folded.split():
        start = 0
        for i, char in enumerate(chunk):
            if _is_punctuation(char):
                if i > start:
                    words.append(chunk[start:i])
                words.append(char)
                start = i + 1
        if start < len(chunk):
            words.append(chunk[start:])
    return words


class WordPiece:
    """Token ids of a text for a BERT (uncased) vocabulary, no special tokens; an unknown
    word gives ``unknown`` (``None``: nothing)."""

    def __init__(self, vocab: Sequence[str], unknown: int | None = None) -> None:
        self._ids = {token: i for i, token in enumerate(vocab)}
        self._unknown = unknown
        self._longest = max(len(t.removeprefix(_CONTINUATION)) for t in vocab)
        self._word = functools.lru_cache(maxsize=65536)(self._word_ids)

    def ids(self, text: str) -> list[int]:
        return [i for word in basic_words(text) for i in self._word(word)]

    def _word_ids(self, word: str) -> tuple[int, ...]:
        unknown = () if self._unknown is None else (self._unknown,)
        if len(word) > _MAX_WORD_CHARS:
            return unknown
        found: list[int] = []
        start = 0
        while start < len(word):
            prefix = _CONTINUATION if start else ""
            for end in range(min(len(word), start + self._longest), start, -1):
                piece = self._ids.get(prefix + word[start:end])
                if piece is not None:
                    found.append(piece)
                    start = end
                    break
            else:
                return unknown
        return tuple(found)


STATIC_MODEL = Path(__file__).with_name("data") / "minilm-static.npz"


class StaticEncoder:
    """The static model distilled from all-MiniLM-L6-v2 (``benchmarks/distil_static.py``):
    ``encode(texts)`` -> unit vectors, the mean of each text's token vectors."""

    def __init__(self, path: Path = STATIC_MODEL) -> None:
        with np.load(path, allow_pickle=False) as model:
            vocab = [str(t) for t in model["vocab"]]
            quantised = model["vectors"]
            scales = model["scales"]
        self._vectors = quantised.astype(np.float32) * scales[:, np.newaxis]
        self._tokenizer = WordPiece(vocab)
        self.dimensions = int(self._vectors.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (float32, ``len(texts)`` x ``dimensions``);
        a text without a known token gives a zero vector."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self._tokenizer.ids(text)
            if ids:
                out[row] = self._vectors[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, np.float32(1e-12))


SentenceEncoder = MiniLM | StaticEncoder  # what sentence_encoder() returns


@functools.cache
def sentence_encoder(model_dir: str = "") -> SentenceEncoder:
    """The process's sentence encoder: the shipped static model, or with ``model_dir`` the
    all-MiniLM-L6-v2 transformer kept there (loading takes ~0.3 s; MissingExtraError
    without the ``semantic`` extra, ConfigError when the directory lacks its files)."""
    if not model_dir:
        return StaticEncoder()
    folder = Path(model_dir).expanduser()
    missing = [f for f in ("model.safetensors", "tokenizer.json") if not (folder / f).is_file()]
    if missing:
        raise ConfigError(
            f"`attribute.model_dir` {model_dir!r} is not an all-MiniLM-L6-v2 directory: "
            f"no {' or '.join(missing)}"
        )
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("semantic", "the transformer of attribute.model_dir") from error
    return MiniLM(folder)
