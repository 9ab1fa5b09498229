"""The learned sentence scorer: features -> expected share of a sentence found in a reference.

A ridge regression over ``features.FEATURES``, trained by ``benchmarks/train_selector.py``
on the 81 ``train`` rows of the Polito Multi-News sample only (label: the mean of the
sentence's clipped unigram and bigram precision against the reference). Its weights ship in
``newsfuse/data/selector.json``; nothing is learned or downloaded at run time.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

from newsfuse.analyse import Analysis
from newsfuse.errors import ConfigError
from newsfuse.select.features import FEATURES, features

WEIGHTS_FILE = "data/selector.json"


@lru_cache(maxsize=1)
def _model() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = json.loads(resources.files("newsfuse").joinpath(WEIGHTS_FILE).read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ConfigError(
            f"{WEIGHTS_FILE} was trained on other features; run benchmarks/train_selector.py"
        )
    return (
        np.array(data["mean"], dtype=float),
        np.array(data["scale"], dtype=float),
        np.array(data["weights"], dtype=float),
    )


def learned_scores(analysis: Analysis, eligible: np.ndarray) -> np.ndarray:
    """Predicted reference share of every candidate (meaningful where ``eligible``)."""
    mean, scale, weights = _model()
    return ((features(analysis, eligible) - mean) / scale) @ weights
