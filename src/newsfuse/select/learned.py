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
from pathlib import Path

import numpy as np

from newsfuse.analyse import Analysis
from newsfuse.errors import ConfigError
from newsfuse.select.features import FEATURES, features

WEIGHTS_FILE = "data/selector.json"


@lru_cache(maxsize=8)
def _model(path: str = "") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scorer's weights: the packaged file, or the file at ``path``."""
    try:
        text = (
            Path(path).read_text("utf-8")
            if path
            else resources.files("newsfuse").joinpath(WEIGHTS_FILE).read_text("utf-8")
        )
        data = json.loads(text)
    except (OSError, ValueError) as error:
        raise ConfigError(f"`select.weights`: cannot read {path}: {error}") from None
    if tuple(data["features"]) != FEATURES:
        raise ConfigError(
            f"{path or WEIGHTS_FILE} was trained on other features; run "
            "benchmarks/train_selector.py"
        )
    return (
        np.array(data["mean"], dtype=float),
        np.array(data["scale"], dtype=float),
        np.array(data["weights"], dtype=float),
    )


def learned_scores(analysis: Analysis, eligible: np.ndarray, weights: str = "") -> np.ndarray:
    """Predicted reference share of every candidate (meaningful where ``eligible``).

    Args:
        weights: path of a weights file; "" for the packaged one.
    """
    mean, scale, coefficients = _model(weights)
    return ((features(analysis, eligible) - mean) / scale) @ coefficients
