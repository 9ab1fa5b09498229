"""Fixtures of the story tests."""

from __future__ import annotations

import pytest
from piles import pile_articles

from newsfuse.models import Article


@pytest.fixture
def pile() -> list[tuple[str, Article]]:
    return pile_articles()
