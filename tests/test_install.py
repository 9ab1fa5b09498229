"""What installing newsfuse brings: no extra pulls torch, CUDA or sentence-transformers."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
# torch and what comes with it: the NVIDIA CUDA wheels, triton, sentence-transformers
BANNED = re.compile(r"^(torch|triton|sentence-transformers|nvidia-.*)$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements_closure(requirements: list[Requirement]) -> set[str]:
    """The distribution names ``requirements`` reach through the installed distributions'
    metadata (a requirement not installed counts, but is not followed)."""
    seen: set[tuple[str, frozenset[str]]] = set()
    names: set[str] = set()
    todo = [(canonical(r.name), frozenset(r.extras)) for r in requirements]
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        names.add(name)
        try:
            declared = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in declared:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": e}) for e in {"", *extras}):
                todo.append((canonical(requirement.name), frozenset(requirement.extras)))
    return names


def project_requirements() -> list[Requirement]:
    """The core dependencies and every extra of pyproject.toml (the project's own extras,
    ``newsfuse[...]``, left out: each is listed itself)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return [r for r in map(Requirement, lines) if canonical(r.name) != "newsfuse"]


def test_install_no_extra_requires_torch_cuda_or_sentence_transformers():
    requirements = project_requirements()
    assert {canonical(r.name) for r in requirements} >= {"numpy", "fastapi", "pytest"}
    reached = requirements_closure(requirements)
    assert "numpy" in reached and "starlette" in reached  # followed through fastapi
    assert sorted(n for n in reached if BANNED.match(n)) == []


def installed_from_this_checkout() -> bool:
    """Whether this environment's newsfuse is an install of this source tree (``make
    test`` on a fresh clone: ``pip install -e .[dev]``), not another checkout's."""
    try:
        direct_url = metadata.distribution("newsfuse").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return False
    if not direct_url:
        return False
    url = json.loads(direct_url).get("url", "")
    return url.removeprefix("file://").rstrip("/") == str(REPO)


def test_install_environment_holds_no_torch_cuda_or_sentence_transformers():
    if not installed_from_this_checkout():
        pytest.skip("this environment was not installed from this checkout (make test does that)")
    installed = {canonical(d.metadata["Name"]) for d in metadata.distributions()}
    assert {"newsfuse", "numpy", "pytest"} <= installed
    assert sorted(n for n in installed if BANNED.match(n)) == []
