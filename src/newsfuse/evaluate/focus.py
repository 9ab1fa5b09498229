"""Update and query-focused evaluation: DUC 2007's update task, DUC 2006 and DUC 2007 main.

Tasks (``newsfuse eval PATH --task update|query``):

- ``update`` on ``duc2007`` (``update_docs``): per topic, a brief of A, a brief of B given A
  (``since`` = A's articles), of C given A and B; 100 words; the NIST references of each part.
- ``query`` on ``duc2006`` (``docs``, ``duc2006_topics.sgml``, ``models``) and ``duc2007``
  (``main_docs``, ``duc2007_topics.sgml``; the human summaries of 23 topics are read from
  ``main_pyramids/*.pyr``, where DUCView keeps them before the SCU annotation); 250 words;
  the topic's title and narrative are the question.

Scores are as DUC reported them, ROUGE-2 and ROUGE-SU4 *recall* (counts pooled over the
references, stemmed, stop words kept; ROUGE-1.5.5's ``-m -n 2 -2 4 -u``), plus F1. ROUGE-2 is
newsfuse's own scorer (``evaluate.rouge``); SU4 is rouge-metric's, a maintained
re-implementation of ROUGE-1.5.5 (skip bigrams of gap up to 4 plus unigrams), over the same
tokens. NIST also jackknifed over the references, which this does not: figures may differ
from the published ones by a few thousandths.

Systems in the same run (every summary cut at the same budget):

- ``newsfuse``: the focused brief (``since`` for update, ``query`` for query); for update
  also ``newsfuse+query``, with the topic statement as well;
- ``newsfuse-generic``: newsfuse's brief of the new set alone, no question;
- ``lexrank``: sumy's LexRank of the new set alone;
- ``mmr`` (update): maximal marginal relevance (Carbonell & Goldstein 1998) over the new set,
  each sentence penalised by its closest sentence already taken *or in the earlier set*;
- ``biased-lexrank`` (query): LexRank whose random walk jumps to sentences by their relevance
  to the question (Otterbacher, Erkan & Radev 2005).

Novelty without references (update): the share of a brief's distinct content terms that the
earlier set already holds, for every system on B and C.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse import textnorm
from newsfuse.errors import InputError, MissingExtraError, MissingPathError
from newsfuse.evaluate import rouge
from newsfuse.evaluate.datasets import load_duc, read_sgml_article
from newsfuse.evaluate.peers import article_sentences, make_system, newsfuse_system
from newsfuse.load.text import read_text_file
from newsfuse.models import Article, Story
from newsfuse.settings import Settings

TASKS = ("update", "query")
UPDATE_PEERS = ("newsfuse+query", "newsfuse-generic", "lexrank", "mmr")
QUERY_PEERS = ("newsfuse-generic", "lexrank", "biased-lexrank")

# The budgets of DUC's tasks.
UPDATE_WORDS = 100
QUERY_WORDS = 250


@dataclass(frozen=True, slots=True)
class FocusCluster:
    """A cluster of a focused task: the story (with ``since``/``query``), its references and
    the update part it belongs to ("A", "B", "C"; "" for query topics)."""

    story: Story
    references: tuple[str, ...]
    part: str = ""

    @property
    def id(self) -> str:
        return self.story.id


@dataclass(frozen=True, slots=True)
class FocusResult:
    system: str
    part: str  # "A", "B", "C", "B+C", "all"
    clusters: int
    rouge2: rouge.Score
    su4: rouge.Score
    earlier_share: float | None  # share of content terms already in the earlier reports
    ms_per_cluster: float
    per_cluster: dict[str, dict[str, float]] = field(default_factory=dict)


def _topics(path: Path) -> dict[str, str]:
    """Topic id ("D0601A") -> its title and narrative, as one question."""
    text = read_text_file(path)
    topics = {}
    for block in re.findall(r"<topic>(.*?)</topic>", text, re.DOTALL | re.IGNORECASE):
        num = re.search(r"<num>\s*(\S+)\s*</num>", block)
        title = re.search(r"<title>(.*?)</title>", block, re.DOTALL)
        narr = re.search(r"<narr>(.*?)</narr>", block, re.DOTALL)
        if num:
            parts = [" ".join(m.group(1).split()) for m in (title, narr) if m]
            topics[num.group(1).upper()] = html.unescape(". ".join(p for p in parts if p))
    return topics


_PYRAMID_HEADER = re.compile(r"^\s*(D\d{4})\.M\.\d+\.\w\.(\w)\s*$")


def pyramid_summaries(path: Path) -> tuple[str, ...]:
    """The human summaries a DUCView ``.pyr`` file holds in its ``<text>``: each follows a
    ``D0701.M.250.A.A`` header between dashed lines; the SCU annotation after is not read."""
    raw = read_text_file(path)
    body = re.search(r"<text>(.*?)</text>", raw, re.DOTALL)
    if body is None:
        raise InputError("no <text> element", str(path))
    summaries: list[list[str]] = []
    for line in re.findall(r"<line>(.*?)</line>", body.group(1), re.DOTALL):
        text = html.unescape(line).strip()
        if _PYRAMID_HEADER.match(text):
            summaries.append([])
        elif summaries and text and not set(text) <= {"-"}:
            summaries[-1].append(text)
    return tuple(" ".join(lines) for lines in summaries if lines)


def _articles(directory: Path) -> tuple[Article, ...]:
    return tuple(read_sgml_article(p) for p in sorted(directory.iterdir()) if p.is_file())


def load_update_task(path: Path) -> list[FocusCluster]:
    """DUC 2007's update task: A; B given A; C given A and B (see the module docstring)."""
    docs, models = path / "update_docs", path / "update_models"
    if not docs.is_dir() or not models.is_dir():
        raise InputError("not DUC 2007 (no update_docs/ and update_models/)", str(path))
    topics = _topics(path / "duc2007_UPDATEtopics.sgml")
    references: dict[str, list[str]] = {}
    for model in sorted(models.iterdir()):
        key = model.name.split(".")[0].upper()  # D0703-A
        references.setdefault(key, []).append(" ".join(read_text_file(model).split()))
    clusters = []
    for topic_dir in sorted(d for d in docs.iterdir() if d.is_dir()):
        earlier: tuple[Article, ...] = ()
        for part_dir in sorted(d for d in topic_dir.iterdir() if d.is_dir()):
            part = part_dir.name[-1].upper()
            refs = references.get(f"{topic_dir.name[:5].upper()}-{part}")
            articles = _articles(part_dir)
            if refs:
                story = Story(
                    part_dir.name,
                    (*earlier, *articles),
                    since=tuple(a.id for a in earlier),
                    query=topics.get(topic_dir.name.upper()),
                )
                clusters.append(FocusCluster(story, tuple(refs), part))
            earlier = (*earlier, *articles)
    return clusters


def load_query_task(path: Path) -> list[FocusCluster]:
    """DUC 2006 (``docs``/``models``) or DUC 2007 main (``main_docs``/``main_pyramids``)
    with each topic's statement as its question."""
    if (path / "main_docs").is_dir():
        topics = _topics(path / "duc2007_topics.sgml")
        refs = {
            p.name[:5].upper(): pyramid_summaries(p) for p in (path / "main_pyramids").glob("*.pyr")
        }
        clusters = []
        for directory in sorted(d for d in (path / "main_docs").iterdir() if d.is_dir()):
            found = refs.get(directory.name[:5].upper())
            if found:
                story = Story(
                    directory.name, _articles(directory), query=topics.get(directory.name.upper())
                )
                clusters.append(FocusCluster(story, found))
        return clusters
    if (path / "docs").is_dir():
        topics_file = next(iter(sorted(path.glob("*topics*.sgml"))), None)
        if topics_file is None:
            raise InputError("no topic statements (*topics*.sgml)", str(path))
        topics = _topics(topics_file)
        return [
            FocusCluster(replace(c.story, query=topics.get(c.id.upper())), c.references)
            for c in load_duc(path).clusters
        ]
    raise InputError("not a DUC query-focused set (docs/ or main_docs/)", str(path))


def load_task(path: str | Path, task: str) -> list[FocusCluster]:
    path = Path(path)
    if not path.exists():
        raise MissingPathError("no such dataset", str(path))
    return load_update_task(path) if task == "update" else load_query_task(path)


# --- peers -----------------------------------------------------------------------------

FocusSystem = Callable[[Story, int], str]


def _new_only(story: Story) -> Story:
    read = set(story.since)
    return Story(story.id, tuple(a for a in story.articles if a.id not in read))


def _sentences(story: Story) -> list[str]:
    return [s for article in article_sentences(story) for s in article]


def _tfidf(sentences: Sequence[str], extra: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Unit TF-IDF rows of ``sentences`` and of ``extra`` (IDF over both)."""
    texts = [*sentences, *extra]
    bags = [textnorm.terms(t) for t in texts]
    vocabulary = {t: n for n, t in enumerate(dict.fromkeys(t for bag in bags for t in bag))}
    matrix = np.zeros((len(texts), max(1, len(vocabulary))))
    for row, bag in enumerate(bags):
        for t in bag:
            matrix[row, vocabulary[t]] += 1.0
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return matrix[: len(sentences)], matrix[len(sentences) :]


def _greedy(sentences: Sequence[str], scores: np.ndarray, vectors: np.ndarray, words: int) -> str:
    """Best-scored sentences (of 6 words or more, not repeating one taken: cosine < 0.5)
    until ``words`` is reached, in document order."""
    taken: list[int] = []
    total = 0
    for i in np.argsort(-scores, kind="stable").tolist():
        if total >= words:
            break
        if len(sentences[i].split()) < 6:
            continue
        if taken and float(np.max(vectors[taken] @ vectors[i])) >= 0.5:
            continue
        taken.append(i)
        total += len(sentences[i].split())
    return " ".join(sentences[i] for i in sorted(taken))


MMR_LAMBDA = 0.7  # relevance to the new set against similarity to what is known (C&G 1998)


def mmr(story: Story, words: int) -> str:
    """MMR over the new set: relevance to its centroid, penalised by the closest sentence
    already taken or in the earlier set."""
    new = _sentences(_new_only(story))
    read = set(story.since)
    earlier = _sentences(Story(story.id, tuple(a for a in story.articles if a.id in read)))
    vectors, known = _tfidf(new, earlier)
    if not new:
        return ""
    centroid = vectors.sum(axis=0)
    relevance = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
    penalty = (vectors @ known.T).max(axis=1) if len(earlier) else np.zeros(len(new))
    taken: list[int] = []
    total = 0
    open_ = np.array([len(s.split()) >= 6 for s in new])
    while total < words and open_.any():
        value = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * penalty
        value[~open_] = -np.inf
        best = int(np.argmax(value))
        taken.append(best)
        total += len(new[best].split())
        open_[best] = False
        penalty = np.maximum(penalty, vectors @ vectors[best])
    return " ".join(new[i] for i in sorted(taken))


BIASED_LEXRANK_BIAS = 0.95  # Otterbacher et al. 2005: the walk jumps by relevance mostly
LEXRANK_THRESHOLD = 0.2


def biased_lexrank(story: Story, words: int) -> str:
    """Biased LexRank over the new set, jumping by TF-IDF relevance to the question."""
    sentences = _sentences(_new_only(story))
    if not sentences:
        return ""
    vectors, question = _tfidf(sentences, [story.query or ""])
    relevance = (vectors @ question[0]) + 1e-6
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    adjacency = (similarity >= LEXRANK_THRESHOLD).astype(float)
    sums = adjacency.sum(axis=1, keepdims=True)
    walk = np.divide(
        adjacency, sums, out=np.full_like(adjacency, 1.0 / len(sentences)), where=sums > 0
    )
    jump = relevance / relevance.sum()
    scores = np.full(len(sentences), 1.0 / len(sentences))
    for _ in range(50):
        scores = BIASED_LEXRANK_BIAS * jump + (1 - BIASED_LEXRANK_BIAS) * (walk.T @ scores)
    return _greedy(sentences, scores, vectors, words)


def make_focus_system(name: str, task: str, settings: Settings | None = None) -> FocusSystem:
    """A system of the focused ``task`` by name (see the module docstring)."""
    brief = newsfuse_system(settings)
    if name == "newsfuse":  # update: what is new, without the question; query: the question
        if task == "update":
            return lambda story, words: brief(replace(story, query=None), words, ())
        return lambda story, words: brief(story, words, ())
    if name == "newsfuse+query":
        return lambda story, words: brief(story, words, ())
    if name == "newsfuse-generic":
        return lambda story, words: brief(_new_only(story), words, ())
    if name == "lexrank":
        lexrank = make_system("lexrank")
        return lambda story, words: lexrank(_new_only(story), words, ())
    if name == "mmr":
        return mmr
    if name == "biased-lexrank":
        return biased_lexrank
    raise ValueError(name)


# --- scoring ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _su4_scorer() -> Any:
    try:
        from rouge_metric import PyRouge
    except ImportError:
        raise MissingExtraError("eval", "ROUGE-SU4 scoring") from None
    return PyRouge(rouge_n=(), rouge_l=False, rouge_su=True, skip_gap=4, multi_ref_mode="average")


def su4(summary: str, references: Sequence[str]) -> rouge.Score:
    """ROUGE-SU4 (rouge-metric), over the stemmed tokens ``evaluate.rouge`` scores, counts
    pooled over the references as ROUGE-1.5.5 does (``-f A``)."""
    hypothesis = [rouge.tokenize(summary)]
    refs = [[rouge.tokenize(r)] for r in references]
    found = _su4_scorer().evaluate_tokenized([hypothesis], [refs])["rouge-su4"]
    return rouge.Score(found["p"], found["r"], found["f"])


def earlier_share(summary: str, story: Story) -> float | None:
    """The share of the summary's distinct content terms that the earlier reports hold."""
    if not story.since:
        return None
    read = set(story.since)
    known = {t for a in story.articles if a.id in read for t in textnorm.terms(a.text)}
    terms = set(textnorm.terms(summary))
    return len(terms & known) / len(terms) if terms else 0.0


def run_task(
    clusters: Sequence[FocusCluster],
    systems: Sequence[str],
    words: int,
    task: str,
    settings: Settings | None = None,
    on_progress: Callable[[str, int], None] | None = None,
) -> list[FocusResult]:
    """Every system on every cluster; results per system and update part."""
    results: list[FocusResult] = []
    for name in systems:
        system = make_focus_system(name, task, settings)
        if clusters:  # untimed warm-up
            _run(system, clusters[0].story, words)
        rows: list[tuple[FocusCluster, rouge.Score, rouge.Score, float | None, float]] = []
        for n, cluster in enumerate(clusters, start=1):
            start = time.perf_counter()
            summary = rouge.truncate(_run(system, cluster.story, words), words)
            elapsed = time.perf_counter() - start
            r2 = rouge.score(summary, cluster.references)["rouge2"]
            rows.append(
                (
                    cluster,
                    r2,
                    su4(summary, cluster.references),
                    earlier_share(summary, cluster.story),
                    elapsed,
                )
            )
            if on_progress is not None:
                on_progress(name, n)
        parts = sorted({c.part for c in clusters})
        groups = {p or "all": [r for r in rows if r[0].part == p] for p in parts}
        if len(parts) > 1:
            groups["B+C"] = [r for r in rows if r[0].part in ("B", "C")]
            groups["all"] = rows
        for part, found in groups.items():
            results.append(_summarise(name, part, found))
    return results


def _run(system: FocusSystem, story: Story, words: int) -> str:
    try:
        return system(story, words)
    except InputError:
        return ""


def _mean(scores: Sequence[rouge.Score]) -> rouge.Score:
    n = max(1, len(scores))
    return rouge.Score(
        sum(s.precision for s in scores) / n,
        sum(s.recall for s in scores) / n,
        sum(s.f1 for s in scores) / n,
    )


def _summarise(
    name: str,
    part: str,
    rows: Sequence[tuple[FocusCluster, rouge.Score, rouge.Score, float | None, float]],
) -> FocusResult:
    shares = [r[3] for r in rows if r[3] is not None]
    return FocusResult(
        system=name,
        part=part,
        clusters=len(rows),
        rouge2=_mean([r[1] for r in rows]),
        su4=_mean([r[2] for r in rows]),
        earlier_share=sum(shares) / len(shares) if shares else None,
        ms_per_cluster=1000 * sum(r[4] for r in rows) / max(1, len(rows)),
        per_cluster={
            r[0].id: {"rouge2_recall": r[1].recall, "su4_recall": r[2].recall} for r in rows
        },
    )


def focus_table(title: str, results: Sequence[FocusResult]) -> str:
    """One Markdown table: ROUGE-2 and SU4 recall (as DUC reported), F1, novelty, time."""
    lines = [
        title,
        "",
        "| system | part | clusters | R2 recall | SU4 recall | R2 F1 | SU4 F1 "
        "| terms already read | ms/cluster |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: _PART_ORDER.get(r.part, 9)):
        share = "" if r.earlier_share is None else f"{r.earlier_share:.3f}"
        lines.append(
            f"| {r.system} | {r.part} | {r.clusters} | {r.rouge2.recall:.4f} "
            f"| {r.su4.recall:.4f} | {r.rouge2.f1:.4f} | {r.su4.f1:.4f} | {share} "
            f"| {r.ms_per_cluster:.0f} |"
        )
    return "\n".join(lines)


_PART_ORDER = {"all": 0, "A": 1, "B": 2, "C": 3, "B+C": 4}
