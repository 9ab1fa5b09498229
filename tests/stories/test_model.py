"""The join model: its features, the dense setting, and indexes saved before it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from piles import EXPECTED, partition

from newsfuse.stories import StoryIndex, cluster
from newsfuse.stories.model import DENSE_FEATURES, FEATURES, JoinModel


def test_join_model_shipped_models_read_their_features() -> None:
    sparse, dense = JoinModel.load(), JoinModel.load(dense=True)
    assert sparse.features[: len(FEATURES)] == FEATURES and not sparse.dense
    assert dense.dense and set(DENSE_FEATURES) <= set(dense.features)
    assert len(dense.weights) == len(dense.features)


def test_join_model_rejects_a_file_made_for_other_features() -> None:
    data = json.loads(
        resources.files("newsfuse").joinpath("data/story_model.json").read_text("utf-8")
    )
    data["features"] = [*data["features"][:-1], "colour"]
    with pytest.raises(ValueError, match="other features"):
        JoinModel.from_dict(data)
    data["features"] = [*FEATURES, "dense"]
    data["weights"] = [0.0] * len(FEATURES)
    with pytest.raises(ValueError, match="a weight for each"):
        JoinModel.from_dict(data)


def test_cluster_dense_setting_one_story_per_event(pile) -> None:
    stories = cluster([a for _, a in pile], model=JoinModel.load(dense=True))
    assert partition([tuple(a.id for a in s.articles) for s in stories]) == EXPECTED


def test_index_dense_save_load_continues_like_the_original(pile, tmp_path: Path) -> None:
    model = JoinModel.load(dense=True)
    first, rest = [a for _, a in pile[:4]], [a for _, a in pile[4:]]
    straight = StoryIndex(model)
    straight.extend(first)
    straight.save(tmp_path / "index.json.gz")
    loaded = StoryIndex.load(tmp_path / "index.json.gz", model)
    assert straight.extend(rest) == loaded.extend(rest)
    assert loaded.stories() == straight.stories()


def test_index_saved_without_embeddings_loads_under_the_dense_model(pile, tmp_path: Path) -> None:
    sparse = StoryIndex()
    sparse.extend(a for _, a in pile[:4])
    sparse.save(tmp_path / "index.json.gz")
    loaded = StoryIndex.load(tmp_path / "index.json.gz", JoinModel.load(dense=True))
    loaded.extend(a for _, a in pile[4:])
    groups = partition([g.article_ids for g in loaded.stories()])
    assert sorted(a for g in groups for a in g) == sorted(a.id for _, a in pile)
