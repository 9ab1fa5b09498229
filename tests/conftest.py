"""Shared fixtures. ../shared/data is read only through `shared_data`, which skips when absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newsfuse

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "nato-libya-2011"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def nato_story() -> newsfuse.Story:
    return newsfuse.load_story([EXAMPLE])


# Every table the store's migrations create (CASCADE takes their indexes and triggers).
STORE_TABLES = "feed_entries, feeds, story_index, briefs, articles, stories, alembic_version"


@pytest.fixture
def empty_postgres() -> str:
    """TEST_POSTGRES_URL with the store's tables dropped, so each test starts from an empty
    schema; skipped when it is not set (.ci/run starts a database and sets it)."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip("TEST_POSTGRES_URL not set (a PostgreSQL database to test on)")
    sqlalchemy = pytest.importorskip("sqlalchemy", reason="the web extra is not installed")
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f"DROP TABLE IF EXISTS {STORE_TABLES} CASCADE"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED_DATA} (read-only ../shared/data)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def multinews_rows(shared_data: Path) -> list[dict[str, str]]:
    import csv
    import sys

    path = shared_data / "multi-news" / "polito_sample_100_seed42.tsv"
    if not path.exists():
        pytest.skip(f"{path} not found")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


try:  # hypothesis is in the dev extra (tests/test_properties.py, tests/web/test_api_schema.py)
    from hypothesis import HealthCheck, settings

    # "ci" (default): few examples, the same ones every run (derandomize), so the suite stays
    # quick and a failure reproduces; "thorough" (NEWSFUSE_HYPOTHESIS=thorough): many more,
    # random, to hunt for new bugs by hand.
    settings.register_profile(
        "ci",
        max_examples=20,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile(
        "thorough",
        max_examples=500,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.load_profile(os.environ.get("NEWSFUSE_HYPOTHESIS", "ci"))
except ImportError:
    pass
