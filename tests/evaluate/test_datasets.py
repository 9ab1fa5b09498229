import csv
import json

import pytest

from newsfuse.errors import InputError, MissingPathError
from newsfuse.evaluate.datasets import load_dataset

SGML = """<DOC>
<DOCNO> APW19981017.0151 </DOCNO>
<DATE_TIME> 10/17/1998 05:50:00 </DATE_TIME>
<HEADLINE> Lawmaker backs Spanish request </HEADLINE>
<TEXT>
\t   LONDON (AP) _ An influential lawmaker from the governing Labor
Party on Saturday backed Spanish requests to question former
dictator Gen. Augusto Pinochet.
\t   ``There have been many cases,'' she said in an interview
with British radio.
</TEXT>
</DOC>
"""


def test_load_multinews_tsv_and_jsonl(tmp_path):
    rows = [
        {
            "row_id": "7",
            "split": "train",
            "document": "Doc one text. ||||| Doc two text.",
            "summary": "– The summary.",
        },
        {
            "row_id": "8",
            "split": "val",
            "document": "Only doc.NEWLINE_CHARMore.",
            "summary": "– Second.",
        },
    ]
    tsv = tmp_path / "mn.tsv"
    with tsv.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    data = load_dataset(tsv)
    assert [c.id for c in data.clusters] == ["mn-7", "mn-8"] and data.words == 260
    assert data.clusters[0].references == ("The summary.",)
    assert [a.text for a in data.clusters[0].story.articles] == ["Doc one text. ", " Doc two text."]
    assert [c.id for c in load_dataset(tsv, ("val",)).clusters] == ["mn-8"]
    jsonl = tmp_path / "mn.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert [c.references for c in load_dataset(jsonl).clusters] == [
        c.references for c in data.clusters
    ]


def test_load_leval_news_rows_once_each(tmp_path):
    row = {
        "instructions": ["Please summarize these news articles."],
        "input": "Microsoft buys Nokia's phone unit. The deal closes next year.",
        "outputs": ["– Microsoft is buying Nokia's phone business."],
    }
    path = tmp_path / "news_summ.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (row, row, {**row, "input": "Other."})))
    data = load_dataset(path)
    assert [c.id for c in data.clusters] == ["mn-1", "mn-3"]  # the repeated row read once
    assert data.clusters[0].references == ("Microsoft is buying Nokia's phone business.",)
    assert [a.text for a in data.clusters[0].story.articles] == [row["input"]]
    path.write_text(json.dumps({"input": "No references."}) + "\n")
    with pytest.raises(InputError, match="L-Eval"):
        load_dataset(path)


def test_load_duc_layout(tmp_path):
    (tmp_path / "docs" / "d30003t").mkdir(parents=True)
    (tmp_path / "docs" / "d30003t" / "APW19981017.0151").write_text(SGML)
    (tmp_path / "docs" / "d30099t").mkdir()  # no references: left out
    (tmp_path / "docs" / "d30099t" / "APW1").write_text(SGML)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "D30003.M.100.T.B.html").write_text(
        "Pinochet was arrested .\nSpain asked ."
    )
    (tmp_path / "models" / "D30003.M.100.T.C.html").write_text("Another summary .")
    data = load_dataset(tmp_path)
    assert data.words == 100 and [c.id for c in data.clusters] == ["d30003t"]
    cluster = data.clusters[0]
    assert cluster.references == ("Pinochet was arrested . Spain asked .", "Another summary .")
    article = cluster.story.articles[0]
    assert (article.id, article.outlet, article.title, article.published) == (
        "APW19981017.0151",
        "Associated Press",
        "Lawmaker backs Spanish request",
        "1998-10-17",
    )
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith(
        "LONDON (AP) _ An influential lawmaker from the governing Labor Party"
    )
    assert (
        paragraphs[1]
        == "“There have been many cases,” she said in an interview with British radio."
    )


def test_load_dataset_errors(tmp_path):
    with pytest.raises(MissingPathError):
        load_dataset(tmp_path / "nope")
    with pytest.raises(InputError, match="not a known dataset layout"):
        load_dataset(tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("folder", "clusters", "words", "references"),
    [
        ("duc2003-task2", 30, 100, 4),
        ("duc2006", 50, 250, 4),
        ("duc2007", 30, 100, 4),
        ("multiling2011-pilot-english", 10, 250, 3),
    ],
)
def test_load_shared_sets(shared_data, folder, clusters, words, references):
    data = load_dataset(shared_data / folder)
    assert (len(data.clusters), data.words) == (clusters, words)
    assert all(len(c.references) == references and c.story.articles for c in data.clusters)


@pytest.mark.slow
def test_load_shared_multinews_splits(shared_data):
    data = load_dataset(shared_data / "multi-news" / "polito_sample_100_seed42.tsv")
    assert len(data.clusters) == 100
    assert {c.split for c in data.clusters} == {"train", "val", "test"}
    assert sum(c.split == "train" for c in data.clusters) == 81
