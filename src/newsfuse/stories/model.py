"""The join-or-new decision: a logistic model over similarity features of (article, story).

The weights are learned by ``benchmarks/train_story_model.py`` on the tuning part of the dev
pile (scikit-learn there; plain arithmetic here) and shipped as ``newsfuse/data/story_model.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# No "is it known" indicators and no time features: in the dev pile they tell data sets apart
# (dated = DUC; the dated tuning sets have no same-subject stories to learn from, the
# AllSides training triples no dates), which a model would learn instead of the event
# (measured twice: a time gap of days raised the odds of a join, even when trained on the
# gold cut into events; AllSides' same-week stories merged). Time acts through
# ``max_gap_days`` instead.
FEATURES = (
    "body",  # cosine of the article's body vector with the story's body centroid
    "body_margin",  # body cosine minus the next-best candidate's
    "body_avg",  # mean cosine with the story's articles (average link: a chain scores low)
    "title_avg",  # the same for titles (0 when either has no title)
    "title",  # title cosine (0 when either has no title)
    "names",  # name cosine (0 when either names nobody)
    "size",  # log(1 + articles in the story)
    "cohesion",  # norm of the story's body centroid / its articles (1: all alike)
)
# What a model may also read, the dense setting: static MiniLM embeddings of title and lead
# (``newsfuse.embeddings``; numpy only).
DENSE_FEATURES = (
    "dense",  # cosine of the article's title+lead embedding with the story's mean embedding
    "dense_avg",  # mean embedding cosine with the story's articles
    "dense_margin",  # dense cosine minus the best other candidate's
)
KNOWN_FEATURES = (*FEATURES, *DENSE_FEATURES)


def cosine(a: dict[str, float], b: dict[str, float], b_norm: float) -> float:
    """Cosine of a unit vector ``a`` with ``b`` (of norm ``b_norm``)."""
    if not a or not b or b_norm <= 0:
        return 0.0
    if len(a) > len(b):
        return sum(w * a.get(t, 0.0) for t, w in b.items()) / b_norm
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / b_norm


def feature_row(
    body: float,
    margin: float,
    body_avg: float,
    title_avg: float | None,
    title: float | None,
    names: float | None,
    size: int,
    cohesion: float,
) -> list[float]:
    """The values of :data:`FEATURES`, in order."""
    names_value = names or 0.0
    return [
        body,
        margin,
        body_avg,
        title_avg or 0.0,
        title or 0.0,
        names_value,
        math.log1p(size),
        cohesion,
    ]


@dataclass(frozen=True, slots=True)
class JoinModel:
    """P(article belongs to story) = sigmoid(w . features + b); join when >= threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    # an article never joins a story whose body cosine is below this (a floor on the search)
    min_body: float = 0.05
    # nor a story whose nearest dated article is more days away than this: a new event after
    # a gap is a new story (a story that keeps being reported runs on)
    max_gap_days: float = 30.0
    # the features the weights are for, a selection of KNOWN_FEATURES (FEATURES first)
    features: tuple[str, ...] = FEATURES

    @property
    def dense(self) -> bool:
        """Whether the model reads the dense (embedding) features."""
        return any(f in DENSE_FEATURES for f in self.features)

    def probability(self, row: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> JoinModel:
        listed = data.get("features")
        features: tuple[str, ...] = (
            tuple(str(f) for f in listed) if isinstance(listed, list) else ()
        )
        if features[: len(FEATURES)] != FEATURES or not set(features) <= set(KNOWN_FEATURES):
            raise ValueError("story model was made for other features")
        if len(data["weights"]) != len(features):  # type: ignore[arg-type]
            raise ValueError("story model has a weight for each of its features")
        return cls(
            weights=tuple(float(w) for w in data["weights"]),  # type: ignore[attr-defined]
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            min_body=float(data.get("min_body", 0.05)),  # type: ignore[arg-type]
            max_gap_days=float(data.get("max_gap_days", 30.0)),  # type: ignore[arg-type]
            features=features,
        )

    @classmethod
    def load(cls, path: str | Path | None = None, *, dense: bool = False) -> JoinModel:
        """The shipped model (``dense``: the one that also reads embeddings), or the one in
        ``path``."""
        if path is None:
            name = "data/story_model_dense.json" if dense else "data/story_model.json"
            text = resources.files("newsfuse").joinpath(name).read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))
