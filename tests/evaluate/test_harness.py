import pytest

from newsfuse.evaluate.datasets import Cluster, Dataset
from newsfuse.evaluate.harness import evaluate, markdown_table
from newsfuse.evaluate.peers import lead, oracle
from newsfuse.models import Article, Story

pytest.importorskip("syntok")
pytest.importorskip("rouge_score")


@pytest.fixture(scope="module")
def tiny(nato_story):
    reference = (
        "NATO ended its seven-month Libya mission after the UN Security Council vote. "
        "Rasmussen said the alliance fully complied with the historic UN mandate."
    )
    return Dataset("tiny", (Cluster(nato_story, (reference,)),), words=40)


def test_lead_takes_first_sentences_round_robin(nato_story):
    summary = lead(nato_story, 30)
    assert summary.startswith("[QODLink]")  # peers see the raw page, clutter and all
    assert "Watch CBSN Live" in summary


def test_oracle_beats_lead_and_newsfuse_beats_lead(tiny):
    results = {r.name: r for r in evaluate(tiny, ["newsfuse", "lead", "oracle"])}
    assert results["oracle"].scores["rouge2"].f1 >= results["newsfuse"].scores["rouge2"].f1
    assert results["newsfuse"].scores["rouge1"].f1 > results["lead"].scores["rouge1"].f1
    table = markdown_table(tiny, list(results.values()), 40)
    assert table.splitlines()[2].startswith("| system | R1 F")
    # the greedy oracle stops once no sentence raises its score
    assert 0 < len(oracle(tiny.clusters[0].story, 40, tiny.clusters[0].references).split()) <= 80


def test_a_cluster_a_system_cannot_summarise_scores_empty_and_the_run_goes_on(tiny):
    only_clutter = Story("clutter", (Article(id="a1", text="Subscribe to our newsletter"),))
    data = Dataset("mixed", (tiny.clusters[0], Cluster(only_clutter, ("A summary.",))), words=40)
    results = {r.name: r for r in evaluate(data, ["newsfuse", "lead"])}
    assert results["newsfuse"].failed == ("clutter",)
    assert results["newsfuse"].per_cluster["clutter"]["rouge1"] == 0.0
    assert results["newsfuse"].per_cluster["nato-libya-2011"]["rouge1"] > 0.3
    assert results["lead"].failed == ()  # the peers see the raw text
    table = markdown_table(data, list(results.values()), 40)
    assert table.endswith("newsfuse gave no summary of 1 cluster(s), scored as empty: clutter")
