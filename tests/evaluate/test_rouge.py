import pytest

from newsfuse.evaluate import rouge

rouge_score = pytest.importorskip("rouge_score.rouge_scorer")


def test_rouge_known_values_single_reference():
    scores = rouge.score("the cat sat on the mat", ["the cat lay on the mat"])
    # unigrams: 5 of 6 shared (the x2, cat, on, mat); bigrams: the-cat, on-the, the-mat = 3 of 5
    assert scores["rouge1"].recall == pytest.approx(5 / 6)
    assert scores["rouge1"].precision == pytest.approx(5 / 6)
    assert scores["rouge2"].f1 == pytest.approx(3 / 5)
    assert scores["rougeL"].f1 == pytest.approx(5 / 6)  # LCS: the cat on the mat


def test_rouge_stems_and_lowercases():
    scores = rouge.score("Officials Announced", ["officials announcing"])
    assert scores["rouge1"].f1 == pytest.approx(1.0)


def test_rouge_pools_counts_over_references():
    # reference A shares 2 of 2 unigrams, reference B 0 of 4: pooled recall 2/6, not mean 1/2
    scores = rouge.score("alpha beta", ["alpha beta", "gamma delta epsilon zeta"])
    assert scores["rouge1"].recall == pytest.approx(2 / 6)
    assert scores["rouge1"].precision == pytest.approx(2 / 4)  # 2 hits / (2 refs x 2 tokens)


def test_rouge_matches_rouge_score_for_one_reference():
    scorer = rouge_score.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    summary = "NATO will end its mission in Libya on Monday, officials said after the vote."
    reference = "The alliance ends the Libya mission Monday after a UN vote, NATO officials said."
    expected = scorer.score(reference, summary)
    ours = rouge.score(summary, [reference])
    for metric in ("rouge1", "rouge2", "rougeL"):
        assert ours[metric].f1 == pytest.approx(expected[metric].fmeasure)
        assert ours[metric].recall == pytest.approx(expected[metric].recall)


@pytest.mark.parametrize(
    ("a", "b", "length"),
    [("abcbdab", "bdcaba", 4), ("", "abc", 0), ("aaaa", "aa", 2), ("abc", "def", 0)],
)
def test_lcs_length_bit_parallel(a, b, length):
    assert rouge.lcs_length(list(a), list(b)) == length


def test_truncate_cuts_at_word_budget():
    assert rouge.truncate("one two  three\nfour", 3) == "one two three"
