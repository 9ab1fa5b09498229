"""StoryIndex: articles in, one at a time; each joins a story or founds a new one.

For each article, in order:

1. Junk (too little story text after cleaning, a paywall stub) becomes a story of its own
   and is never indexed: nothing can join it, so it cannot glue two stories together.
2. A copy (the same text, or one whose 4-term shingles are, by MinHash estimate, at least
   ``copy_containment`` contained in an earlier article's or contain them: a wire story
   on another site, a trimmed version; candidates found through an LSH index) joins its
   original's story as a copy.
3. Otherwise the candidate stories are those sharing one of the article's most weighty terms
   or names in an inverted index over the stories of the active time window (never every
   story), less those whose nearest dated article is more than the model's ``max_gap_days``
   away (a new event after a gap is a new story; a copy that late is not joined either);
   the learned model (:mod:`newsfuse.stories.model`) scores each and the article joins the
   best one if its probability reaches the model's threshold, else founds a story.

Stories whose newest article is more than ``window_days`` older than the newest article seen,
and that none of the last ``recent`` arrivals joined, leave the window: their vectors and
index entries are dropped, which bounds memory by the window, not the pile; only their ids
and article ids stay. (The second condition keeps a pile that arrives out of date order, an
archive dump, from retiring stories that its next articles belong to.) Articles without a
date take the newest date seen for that purpose.

Story ids are a hash of the founding article's id: adding to a pile and re-running keeps them.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from newsfuse.errors import InputError
from newsfuse.models import Article
from newsfuse.stories.model import JoinModel, cosine, feature_row
from newsfuse.stories.signals import (
    MINHASH_SCHEME,
    MINHASH_SEED,
    NUM_PERM,
    RawSignals,
    Signals,
    read_article,
    weigh,
)

FORMAT = "newsfuse-story-index/1"
_CENTROID_TERMS = 200  # terms kept in a story's body centroid
_INDEXED_TERMS = 30  # of them, the ones the inverted index lists the story under
_INDEXED_NAMES = 15
_QUERY_TERMS = 20  # an article's most weighty terms and names that look up candidates
_QUERY_NAMES = 10
_CANDIDATES = 12
_MAX_POSTING = 20_000  # a term listing more active stories than this finds no candidates
_LSH_JACCARD = 0.5  # LSH candidates for copies: estimated Jaccard from about this
_EXPIRE_EVERY = 256  # arrivals between two looks for stories that left the window


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One story of the index: its articles (in arrival order) and copy groups."""

    id: str
    article_ids: tuple[str, ...]
    copies: tuple[tuple[str, ...], ...] = ()  # original first, then its copies
    first: str | None = None  # ISO dates of its earliest and latest dated article
    last: str | None = None
    junk: bool = False


@dataclass
class _Centroid:
    weights: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    count: int = 0  # unit vectors summed into it

    def add(self, vector: dict[str, float], limit: int) -> None:
        weights = self.weights
        self.count += 1
        for t, w in vector.items():
            weights[t] = weights.get(t, 0.0) + w
        if len(weights) > 2 * limit:
            # keys with a C-level key function: what sorting the items by weight would keep
            kept = heapq.nlargest(limit, weights, key=weights.__getitem__)
            self.weights = weights = {t: weights[t] for t in kept}
        self.norm = math.sqrt(sum(w * w for w in weights.values()))

    def top(self, n: int) -> set[str]:
        if len(self.weights) <= n:
            return set(self.weights)
        return set(heapq.nlargest(n, self.weights, key=self.weights.__getitem__))


@dataclass
class _Story:
    id: str
    articles: list[str]
    copies: dict[str, list[str]] = field(default_factory=dict)  # original -> its copies
    first: int | None = None
    last: int | None = None
    active_until: int = 0  # the day after which it leaves the window
    seen: int = 0  # the arrival number of its latest article
    junk: bool = False
    # vectors: only while active
    body: _Centroid | None = None
    title: _Centroid | None = None
    names: _Centroid | None = None
    indexed: set[str] = field(default_factory=set)
    members: list[tuple[str, str]] = field(default_factory=list)  # (article, digest) originals
    dense: np.ndarray | None = None  # sum of its articles' lead embeddings (dense models)
    dense_count: int = 0

    def group(self) -> StoryGroup:
        return StoryGroup(
            id=self.id,
            article_ids=tuple(self.articles),
            copies=tuple((o, *c) for o, c in self.copies.items() if c),
            first=date.fromordinal(self.first).isoformat() if self.first else None,
            last=date.fromordinal(self.last).isoformat() if self.last else None,
            junk=self.junk,
        )


class StoryIndex:
    """An incremental story index (see the module docstring)."""

    def __init__(
        self,
        model: JoinModel | None = None,
        *,
        window_days: int = 180,
        copy_containment: float = 0.8,
        recent: int = 5000,
    ) -> None:
        if window_days < 1:
            raise ValueError("window_days must be >= 1")
        self.model = model or JoinModel.load()
        self.window_days = window_days
        self.copy_containment = copy_containment
        self.recent = recent
        self._arrivals = 0
        self._stories: dict[str, _Story] = {}
        self._order: list[str] = []  # story ids in founding order
        self._story_of: dict[str, str] = {}  # article id -> story id
        self._df: Counter[str] = Counter()
        self._name_df: Counter[str] = Counter()
        self._docs = 0
        self._postings: dict[str, set[str]] = {}
        self._digests: dict[str, str] = {}  # text hash -> original article id (active)
        # original article -> (its story, its MinHash, its number of shingles)
        self._originals: dict[str, tuple[str, np.ndarray, int]] = {}
        self._lsh = MinHashLSH(threshold=_LSH_JACCARD, num_perm=NUM_PERM)
        self._now: int | None = None  # the newest day seen
        self._expiry: list[tuple[int, str]] = []  # (active_until, story id), a lazy heap

    # ------------------------------------------------------------------ public
    def __len__(self) -> int:
        return len(self._story_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._story_of

    def story_of(self, article_id: str) -> str:
        return self._story_of[article_id]

    def add(self, article: Article) -> str:
        """Place ``article`` in a story and return the story's id.

        Raises:
            InputError: an article with this id was added before.
        """
        if article.id in self._story_of:
            raise InputError(f"duplicate article id {article.id!r}")
        return self.add_signals(read_article(article))

    def add_signals(self, raw: RawSignals) -> str:
        """:meth:`add` for an article already read (:func:`signals.read_article`)."""
        if raw.id in self._story_of:
            raise InputError(f"duplicate article id {raw.id!r}")
        day = raw.day
        self._arrivals += 1
        if day is not None and (self._now is None or day > self._now):
            self._now = day
        if self._arrivals % _EXPIRE_EVERY == 0:
            self._expire()
        if raw.junk is not None:
            return self._found(raw.id, day, junk=True)
        copy_of = self._digests.get(raw.digest)
        if copy_of is not None and self._in_time(copy_of, day):
            return self._join_copy(raw.id, copy_of, day)
        self._learn_idf(raw)
        signals = weigh(
            raw,
            self._idf_table(raw.body),
            self._name_idf_table(raw.names),
            dense=self.model.dense,
        )
        original = self._near_copy(signals)
        if original is not None and self._in_time(original, day):
            return self._join_copy(raw.id, original, day)
        story = self._decide(signals)
        if story is None:
            story_id = self._found(raw.id, day)
            story = self._stories[story_id]
        else:
            story.articles.append(raw.id)
            self._story_of[raw.id] = story.id
            self._touch(story, day)
        self._absorb(story, signals)
        return story.id

    def extend(self, articles: Iterable[Article]) -> list[str]:
        return [self.add(a) for a in articles]

    def stories(self) -> list[StoryGroup]:
        """Every story, in founding order."""
        return [self._stories[s].group() for s in self._order]

    @property
    def active_stories(self) -> int:
        return sum(1 for s in self._stories.values() if s.body is not None)

    # ------------------------------------------------------------ internals
    def _story_id(self, article_id: str) -> str:
        base = "s" + hashlib.sha1(article_id.encode()).hexdigest()[:10]
        story_id, n = base, 1
        while story_id in self._stories:
            n += 1
            story_id = f"{base}-{n}"
        return story_id

    def _found(self, article_id: str, day: int | None, junk: bool = False) -> str:
        story = _Story(id=self._story_id(article_id), articles=[article_id], junk=junk)
        self._stories[story.id] = story
        self._order.append(story.id)
        self._story_of[article_id] = story.id
        if not junk:
            story.body, story.title, story.names = _Centroid(), _Centroid(), _Centroid()
            self._touch(story, day)
        return story.id

    def _touch(self, story: _Story, day: int | None) -> None:
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        story.seen = self._arrivals
        anchor = max(d for d in (day, self._now, story.last, 0) if d is not None)
        if anchor + self.window_days > story.active_until:
            story.active_until = anchor + self.window_days
            heapq.heappush(self._expiry, (story.active_until, story.id))

    def _expire(self) -> None:
        now = self._now
        if now is None:
            return
        kept = []
        while self._expiry and self._expiry[0][0] < now:
            until, story_id = heapq.heappop(self._expiry)
            story = self._stories[story_id]
            if story.active_until != until or story.body is None:
                continue  # a stale entry
            if story.seen > self._arrivals - self.recent:
                kept.append((until, story_id))
            else:
                self._retire(story)
        for entry in kept:
            heapq.heappush(self._expiry, entry)

    def _retire(self, story: _Story) -> None:
        for term in story.indexed:
            posting = self._postings.get(term)
            if posting is not None:
                posting.discard(story.id)
                if not posting:
                    del self._postings[term]
        for key, digest in story.members:
            if self._originals.pop(key, None) is not None:
                self._lsh.remove(key)
            if self._digests.get(digest) == key:
                del self._digests[digest]
        story.body = story.title = story.names = None
        story.dense = None
        story.indexed = set()
        story.members = []

    def _learn_idf(self, raw: RawSignals) -> None:
        self._docs += 1
        self._df.update(raw.body.keys())
        self._df.update(k for k in raw.title if k not in raw.body)
        self._name_df.update(raw.names.keys())

    def _idf_table(self, terms: Iterable[str]) -> dict[str, float]:
        n = self._docs
        return {t: math.log((n + 1) / (self._df.get(t, 0) + 1)) + 1.0 for t in terms}

    def _name_idf_table(self, names: Iterable[str]) -> dict[str, float]:
        n = self._docs
        return {t: math.log((n + 1) / (self._name_df.get(t, 0) + 1)) + 1.0 for t in names}

    def _near_copy(self, signals: Signals) -> str | None:
        if signals.minhash is None:
            return None
        sketch = LeanMinHash(seed=MINHASH_SEED, hashvalues=signals.minhash, scheme=MINHASH_SCHEME)
        best, best_share = None, self.copy_containment
        size = signals.shingle_count
        for key in sorted(self._lsh.query(sketch)):
            entry = self._originals.get(key)
            if entry is None:
                continue
            jaccard = float(np.mean(entry[1] == signals.minhash))
            shared = jaccard * (size + entry[2]) / (1.0 + jaccard)
            share = shared / max(min(size, entry[2]), 1)
            if share > best_share or (share == best_share and (best is None or key < best)):
                best, best_share = key, share
        return best

    def _in_time(self, article_id: str, day: int | None) -> bool:
        """Whether a copy dated ``day`` may join ``article_id``'s story: a copy published
        long after is a new event's story (a repeat, an anniversary piece)."""
        gap = self._gap(day, self._stories[self._story_of[article_id]])
        return gap is None or gap <= self.model.max_gap_days

    def _join_copy(self, article_id: str, original: str, day: int | None) -> str:
        story = self._stories[self._story_of[original]]
        story.articles.append(article_id)
        story.copies.setdefault(original, []).append(article_id)
        self._story_of[article_id] = story.id
        self._touch(story, day)
        return story.id

    def _candidates(self, signals: Signals) -> list[_Story]:
        scores: dict[str, float] = {}
        body, names = signals.body, signals.names
        top_terms = [(t, body[t]) for t in heapq.nlargest(_QUERY_TERMS, body, key=body.__getitem__)]
        top_names = [
            (n, names[n]) for n in heapq.nlargest(_QUERY_NAMES, names, key=names.__getitem__)
        ]
        for key, weight in [*top_terms, *(("@" + n, w) for n, w in top_names)]:
            posting = self._postings.get(key)
            if posting is None or len(posting) > _MAX_POSTING:
                continue
            for story_id in posting:
                scores[story_id] = scores.get(story_id, 0.0) + weight
        # ties broken by id: set order varies from one process to the next (string hashing)
        best = heapq.nlargest(_CANDIDATES, scores.items(), key=lambda kv: (kv[1], kv[0]))
        return [self._stories[s] for s, _ in best]

    def _scored(self, signals: Signals) -> list[tuple[_Story, list[float]]]:
        """The best candidates by body cosine (at most 10, none below the model's floor),
        each with its feature row (the model's features, in its order)."""
        candidates = []
        for story in self._candidates(signals):
            gap = self._gap(signals.day, story)
            if gap is None or gap <= self.model.max_gap_days:  # else: a new event
                candidates.append(story)
        bodies = []
        for story in candidates:
            assert story.body is not None
            bodies.append(cosine(signals.body, story.body.weights, story.body.norm))
        ranked = sorted(range(len(candidates)), key=lambda i: -bodies[i])[:10]
        order = [i for i in ranked if bodies[i] >= self.model.min_body]
        features = self.model.features
        denses: dict[int, tuple[float, float]] = {}
        if self.model.dense:
            for i in order:
                denses[i] = self._dense(signals, candidates[i])
        rows = []
        for i in order:
            body = bodies[i]
            story = candidates[i]
            assert story.body is not None and story.title is not None and story.names is not None
            others = [bodies[j] for j in ranked[:2] if j != i]
            title = (
                cosine(signals.title, story.title.weights, story.title.norm)
                if signals.title and story.title.weights
                else None
            )
            names = (
                cosine(signals.names, story.names.weights, story.names.norm)
                if signals.names and story.names.weights
                else None
            )
            row = feature_row(
                body,
                body - (others[0] if others else 0.0),
                body * story.body.norm / max(story.body.count, 1),
                None if title is None else title * story.title.norm / max(story.title.count, 1),
                title,
                names,
                len(story.articles),
                story.body.norm / max(story.body.count, 1),
            )
            if denses:  # the dense setting
                dense, dense_avg = denses[i]
                other = max((denses[j][0] for j in order if j != i), default=0.0)
                extra = {"dense": dense, "dense_avg": dense_avg, "dense_margin": dense - other}
                row += [extra[f] for f in features[len(row) :]]
            rows.append((story, row))
        return rows

    @staticmethod
    def _dense(signals: Signals, story: _Story) -> tuple[float, float]:
        """Cosine of the article's lead embedding with the story's mean embedding, and its
        mean cosine with the story's articles (0, 0 when either has none)."""
        if signals.dense is None or story.dense is None or not story.dense_count:
            return 0.0, 0.0
        dot = float(signals.dense @ story.dense)
        norm = float(np.linalg.norm(story.dense))
        return (dot / norm if norm > 0 else 0.0), dot / story.dense_count

    def _decide(self, signals: Signals) -> _Story | None:
        best_story, best_p = None, self.model.threshold
        for story, row in self._scored(signals):
            p = self.model.probability(row)
            if p >= best_p:
                best_story, best_p = story, p
        return best_story

    @staticmethod
    def _gap(day: int | None, story: _Story) -> float | None:
        if day is None or story.first is None or story.last is None:
            return None
        if day < story.first:
            return float(story.first - day)
        if day > story.last:
            return float(day - story.last)
        return 0.0

    def _absorb(self, story: _Story, signals: Signals) -> None:
        assert story.body is not None and story.title is not None and story.names is not None
        story.body.add(signals.body, _CENTROID_TERMS)
        if signals.title:
            story.title.add(signals.title, _CENTROID_TERMS)
        if signals.names:
            story.names.add(signals.names, _CENTROID_TERMS)
        if signals.dense is not None:
            story.dense = (
                signals.dense.copy() if story.dense is None else story.dense + signals.dense
            )
            story.dense_count += 1
        indexed = story.body.top(_INDEXED_TERMS) | {
            "@" + n for n in story.names.top(_INDEXED_NAMES)
        }
        for term in story.indexed - indexed:
            posting = self._postings.get(term)
            if posting is not None:
                posting.discard(story.id)
        for term in indexed - story.indexed:
            self._postings.setdefault(term, set()).add(story.id)
        story.indexed = indexed
        self._digests[signals.digest] = signals.id
        story.members.append((signals.id, signals.digest))
        if signals.minhash is not None:
            self._remember_original(signals.id, story.id, signals.minhash, signals.shingle_count)

    def _remember_original(
        self, article_id: str, story_id: str, values: np.ndarray, size: int
    ) -> None:
        self._originals[article_id] = (story_id, values, size)
        self._lsh.insert(
            article_id, LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME)
        )

    # ----------------------------------------------------------- persistence
    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (gzip JSON), atomically."""
        path = Path(path)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(self.to_bytes())
        temporary.replace(path)

    def to_bytes(self, compresslevel: int = 6) -> bytes:
        """The index as gzip JSON (what :meth:`save` writes; a database can keep it)."""
        stories = []
        for story_id in self._order:
            s = self._stories[story_id]
            record: dict[str, object] = {
                "id": s.id,
                "articles": s.articles,
                "copies": s.copies,
                "first": s.first,
                "last": s.last,
                "active_until": s.active_until,
                "seen": s.seen,
                "junk": s.junk,
            }
            if s.body is not None and s.title is not None and s.names is not None:
                record["vectors"] = [
                    {t: round(w, 6) for t, w in c.weights.items()}
                    for c in (s.body, s.title, s.names)
                ]
                record["counts"] = [c.count for c in (s.body, s.title, s.names)]
                record["indexed"] = sorted(s.indexed)
                record["members"] = s.members
                if s.dense is not None:
                    record["dense"] = [round(float(v), 5) for v in s.dense]
                    record["dense_count"] = s.dense_count
            stories.append(record)
        state = {
            "format": FORMAT,
            "window_days": self.window_days,
            "copy_containment": self.copy_containment,
            "recent": self.recent,
            "arrivals": self._arrivals,
            "docs": self._docs,
            "now": self._now,
            "df": self._df,
            "name_df": self._name_df,
            "stories": stories,
            "originals": {
                a: [story, [int(v) for v in values], size]
                for a, (story, values, size) in self._originals.items()
            },
        }
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
        return gzip.compress(text.encode("utf-8"), compresslevel=compresslevel)

    @classmethod
    def load(cls, path: str | Path, model: JoinModel | None = None) -> StoryIndex:
        """An index saved by :meth:`save`.

        Raises:
            InputError: ``path`` is not a saved story index.
        """
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError("no such story index", str(path)) from None
        except OSError as exc:
            raise InputError(f"not a story index: {exc}", str(path)) from None
        return cls.from_bytes(data, model, where=str(path))

    @classmethod
    def from_bytes(
        cls, data: bytes, model: JoinModel | None = None, *, where: str | None = None
    ) -> StoryIndex:
        """An index from :meth:`to_bytes`.

        Raises:
            InputError: ``data`` is not a saved story index.
        """
        try:
            state = json.loads(gzip.decompress(data).decode("utf-8"))
        except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not a story index: {exc}", where) from None
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise InputError(f"not a story index (expected {FORMAT})", where)
        index = cls(
            model,
            window_days=state["window_days"],
            copy_containment=state["copy_containment"],
            recent=state["recent"],
        )
        index._arrivals = state["arrivals"]
        index._docs = state["docs"]
        index._now = state["now"]
        index._df = Counter(state["df"])
        index._name_df = Counter(state["name_df"])
        for record in state["stories"]:
            story = _Story(
                id=record["id"],
                articles=list(record["articles"]),
                copies={k: list(v) for k, v in record["copies"].items()},
                first=record["first"],
                last=record["last"],
                active_until=record["active_until"],
                seen=record["seen"],
                junk=record["junk"],
            )
            index._stories[story.id] = story
            index._order.append(story.id)
            for article_id in story.articles:
                index._story_of[article_id] = story.id
            if "vectors" in record:
                story.body, story.title, story.names = (
                    _Centroid(v, math.sqrt(sum(w * w for w in v.values())), n)
                    for v, n in zip(record["vectors"], record["counts"], strict=True)
                )
                story.indexed = set(record["indexed"])
                for term in story.indexed:
                    index._postings.setdefault(term, set()).add(story.id)
                story.members = [(a, d) for a, d in record["members"]]
                if "dense" in record:  # indexes saved before the dense setting have none
                    story.dense = np.array(record["dense"], dtype=np.float32)
                    story.dense_count = int(record["dense_count"])
                for article_id, digest in story.members:
                    index._digests[digest] = article_id
                heapq.heappush(index._expiry, (story.active_until, story.id))
        for article_id, (story_id, values, size) in state["originals"].items():
            index._remember_original(article_id, story_id, np.array(values, dtype=np.uint64), size)
        return index
