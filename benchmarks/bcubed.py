"""B-cubed precision, recall and F1 of a clustering against gold, overall and per data set."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping


def bcubed(
    predicted: Mapping[str, str], gold: Mapping[str, str], items: set[str] | None = None
) -> tuple[float, float, float]:
    """Mean B-cubed (precision, recall, F1) over ``items`` (default: every gold item).

    An item's precision is the share of its predicted cluster that shares its gold story, its
    recall the share of its gold story in its predicted cluster; clusters are counted over
    every item of ``gold`` (an item merged with another data set's item loses precision).
    """
    pred_sizes = Counter(predicted[i] for i in gold)
    gold_sizes = Counter(gold.values())
    both = Counter((predicted[i], gold[i]) for i in gold)
    chosen = items if items is not None else set(gold)
    if not chosen:
        return 0.0, 0.0, 0.0
    p = r = 0.0
    for item in chosen:
        key = (predicted[item], gold[item])
        p += both[key] / pred_sizes[predicted[item]]
        r += both[key] / gold_sizes[gold[item]]
    p, r = p / len(chosen), r / len(chosen)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def by_set(
    predicted: Mapping[str, str], gold: Mapping[str, tuple[str, str]]
) -> dict[str, tuple[float, float, float]]:
    """B-cubed per data set and "overall", over the items of ``predicted``."""
    stories = {i: gold[i][0] for i in predicted}
    sets: dict[str, set[str]] = defaultdict(set)
    for item in predicted:
        sets[gold[item][1]].add(item)
    out = {name: bcubed(predicted, stories, members) for name, members in sorted(sets.items())}
    out["overall"] = bcubed(predicted, stories)
    return out
