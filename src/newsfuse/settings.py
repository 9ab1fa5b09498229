"""Every default and threshold of the pipeline, one frozen section per stage.

Precedence is resolved once, at the edge: defaults, then a TOML file, then ``NEWSFUSE_*``
environment variables, then keyword arguments or CLI flags. Unknown keys are errors.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsfuse.errors import ConfigError

MIN_WORDS, MAX_WORDS = 10, 5000
# Names of the selection strategies in newsfuse.select.STRATEGIES (a test keeps them in step).
SELECT_STRATEGIES = ("learned", "support", "lead")
CITATION_MATCHERS = ("lexical", "semantic")


def _check_range(section: str, name: str, value: float, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"`{section}.{name}` must be a number in [{low}, {high}]; got {value!r}")


@dataclass(frozen=True, slots=True)
class CleanSettings:
    enabled: bool = True
    # A run of this many short unpunctuated lines after the body started is a teaser list.
    teaser_run: int = 2
    # A line of at most this many words without final punctuation counts as "short".
    short_line_words: int = 14
    # Trailing-block markers ("Topics in this article", "Related stories") only cut the rest
    # of the article once at least this share of its words came before them.
    trailing_min_share: float = 0.3
    # Scraped text is judged by the learned line classifier (newsfuse.linemodel), the rules
    # above being its features; false: the rules alone decide.
    model: bool = True
    # A line goes when the classifier's probability that it is clutter is at least this:
    # higher keeps more content and more clutter, lower drops more of both. Chosen in 5
    # outlet-disjoint folds, on the hand-labelled Multi-News train rows' passages (the highest
    # clutter recall, 0.86, that keeps at least 98.5% of the content words); see BENCHMARKS.md.
    threshold: float = 0.25

    def __post_init__(self) -> None:
        _check_range("clean", "threshold", self.threshold, 0.01, 0.99)
        _check_range("clean", "teaser_run", self.teaser_run, 2, 50)
        _check_range("clean", "short_line_words", self.short_line_words, 3, 40)
        _check_range("clean", "trailing_min_share", self.trailing_min_share, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class SegmentSettings:
    # Articles longer than this are cut (in characters) before splitting: a 5 MB "article" is
    # a scraping accident, and a brief never needs its ten-thousandth sentence.
    max_chars: int = 200_000

    def __post_init__(self) -> None:
        _check_range("segment", "max_chars", self.max_chars, 1_000, 50_000_000)


@dataclass(frozen=True, slots=True)
class AnalyseSettings:
    # News is written lead first: only the sentences that start in the first `lead_chars`
    # characters of their article may enter the brief and make up the story's statistics
    # (IDF, centrality, the concepts outlets share); later paragraphs bring background that
    # blurs what the story is about. Every sentence still counts as support for citations.
    # Chosen on the 81 Multi-News train rows (3,000 of 1,500 to 8,000); DUC 2003 agrees.
    lead_chars: int = 3000
    # When one sentence carries the information of another (newsfuse.overlap): they share at
    # least `min_shared_terms` content terms, and the shared IDF weight covers `min_overlap` of
    # the shorter one (a trimmed quote is still the quote) and `min_overlap_longer` of the
    # longer one (a five-word aside sharing three words with a long sentence is not). Citations
    # and redundancy both use this one definition. Thresholds from reading 200 sampled pairs of
    # Multi-News sentences: below 0.5 most "matches" were different facts.
    min_overlap: float = 0.5
    min_overlap_longer: float = 0.25
    min_shared_terms: int = 4

    def __post_init__(self) -> None:
        _check_range("analyse", "lead_chars", self.lead_chars, 100, 50_000_000)
        _check_range("analyse", "min_overlap", self.min_overlap, 0.0, 1.0)
        _check_range("analyse", "min_overlap_longer", self.min_overlap_longer, 0.0, 1.0)
        _check_range("analyse", "min_shared_terms", self.min_shared_terms, 1, 50)


@dataclass(frozen=True, slots=True)
class SelectSettings:
    strategy: str = "learned"
    min_words: int = 6  # shorter sentences are captions, credits or fragments
    max_words: int = 70  # longer "sentences" are run-ons from broken scrapes
    redundancy: float = 0.5  # max cosine similarity to a sentence already chosen
    # "learned": value = new concept weight / words ** length_power + score_weight * score
    length_power: float = 0.5
    score_weight: float = 1.0
    # The learned scorer's weights: "" for those shipped in the package, or the path of a
    # file written by benchmarks/train_selector.py.
    weights: str = ""
    # "support": weights of the three signals
    position_weight: float = 1.0
    centrality_weight: float = 1.0
    support_weight: float = 1.0

    def __post_init__(self) -> None:
        if self.strategy not in SELECT_STRATEGIES:
            raise ConfigError(
                f"`select.strategy` must be one of {list(SELECT_STRATEGIES)}; got {self.strategy!r}"
            )
        _check_range("select", "min_words", self.min_words, 1, 100)
        _check_range("select", "max_words", self.max_words, self.min_words, 1000)
        _check_range("select", "redundancy", self.redundancy, 0.0, 1.0)
        _check_range("select", "length_power", self.length_power, 0.0, 2.0)
        for name in ("position_weight", "centrality_weight", "support_weight", "score_weight"):
            _check_range("select", name, getattr(self, name), 0.0, 100.0)


# The cosine a semantic citation needs by default, per sentence encoder: the shipped static
# model's makes as many citations as the transformer's on 417 AllSides stories no judged
# sample holds (benchmarks/encoder_agreement.py); the transformer's from 58 judged AllSides
# pairs (benchmarks/citations_eval.py, seed 1).
STATIC_MIN_SIMILARITY = 0.70
TRANSFORMER_MIN_SIMILARITY = 0.72


@dataclass(frozen=True, slots=True)
class AttributeSettings:
    # How a brief sentence finds the other outlets that carry it: "lexical" (the shared
    # specific terms of newsfuse.overlap) or "semantic" (also sentence embeddings: an outlet
    # with no lexical carrier is cited for its sentence closest in meaning, if that is at
    # least `min_similarity` and states no other figures). The embeddings are a static model
    # distilled from all-MiniLM-L6-v2 and shipped with newsfuse (numpy only), or, with
    # `model_dir` naming a copy of all-MiniLM-L6-v2 (model.safetensors, tokenizer.json; the
    # `semantic` extra), the transformer itself. `min_similarity` unset: the encoder's own
    # threshold (STATIC_MIN_SIMILARITY, TRANSFORMER_MIN_SIMILARITY).
    matcher: str = "lexical"
    min_similarity: float | None = None
    model_dir: str = ""

    def __post_init__(self) -> None:
        if self.matcher not in CITATION_MATCHERS:
            raise ConfigError(
                f"`attribute.matcher` must be one of {', '.join(CITATION_MATCHERS)}; "
                f"got {self.matcher!r}"
            )
        if self.min_similarity is not None:
            _check_range("attribute", "min_similarity", self.min_similarity, 0.0, 1.0)
        if not isinstance(self.model_dir, str):
            raise ConfigError(
                f"`attribute.model_dir` must be a directory path; got {self.model_dir!r}"
            )

    @property
    def threshold(self) -> float:
        """The cosine a semantic citation needs: `min_similarity`, else the encoder's own."""
        if self.min_similarity is not None:
            return self.min_similarity
        return TRANSFORMER_MIN_SIMILARITY if self.model_dir else STATIC_MIN_SIMILARITY


@dataclass(frozen=True, slots=True)
class FetchSettings:
    connect_timeout: float = 5.0  # seconds
    read_timeout: float = 20.0  # the longest wait for the next bytes
    # The whole fetch of one URL, redirects included: a server that drips a byte a second
    # never trips the read time-out.
    total_timeout: float = 60.0
    max_bytes: int = 5_000_000  # a news page is rarely over 2 MB
    max_redirects: int = 5
    concurrency: int = 8  # pages fetched at once
    # Private, loopback and link-local addresses are refused unless allowed: a URL given to a
    # server must not reach into the network it runs in.
    allow_private: bool = False
    cache_dir: str | None = None  # None: no cache
    user_agent: str = "newsfuse/0.1 (multi-outlet news summariser)"

    def __post_init__(self) -> None:
        _check_range("fetch", "connect_timeout", self.connect_timeout, 0.01, 300)
        _check_range("fetch", "read_timeout", self.read_timeout, 0.01, 600)
        _check_range("fetch", "total_timeout", self.total_timeout, 0.01, 3600)
        _check_range("fetch", "max_bytes", self.max_bytes, 1_000, 1_000_000_000)
        _check_range("fetch", "max_redirects", self.max_redirects, 0, 30)
        _check_range("fetch", "concurrency", self.concurrency, 1, 64)


ENTITY_ENGINES = ("rules", "spacy", "auto")


@dataclass(frozen=True, slots=True)
class CompareSettings:
    enabled: bool = True
    # Names: "rules" (capitalisation, no dependency), "spacy" (the `entities` extra: people,
    # organisations and places told apart), or "auto" (spaCy when installed).
    entities: str = "rules"
    # Only this many characters of each article are searched (as in segmenting).
    max_chars: int = 200_000

    def __post_init__(self) -> None:
        _check_range("compare", "max_chars", self.max_chars, 1_000, 50_000_000)
        if self.entities not in ENTITY_ENGINES:
            raise ConfigError(
                f"`compare.entities` must be one of {', '.join(ENTITY_ENGINES)}; "
                f"got {self.entities!r}"
            )


@dataclass(frozen=True, slots=True)
class Settings:
    """All pipeline settings. Build variants with :meth:`replace`, never by assignment."""

    words: int = 120
    clean: CleanSettings = field(default_factory=CleanSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    analyse: AnalyseSettings = field(default_factory=AnalyseSettings)
    select: SelectSettings = field(default_factory=SelectSettings)
    attribute: AttributeSettings = field(default_factory=AttributeSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)

    def __post_init__(self) -> None:
        if isinstance(self.words, bool) or not isinstance(self.words, int):
            raise ConfigError(
                f"`words` must be an int in [{MIN_WORDS}, {MAX_WORDS}]; got {self.words!r}"
            )
        if not MIN_WORDS <= self.words <= MAX_WORDS:
            raise ConfigError(
                f"`words` must be an int in [{MIN_WORDS}, {MAX_WORDS}]; got {self.words}"
            )

    def replace(self, **changes: Any) -> Settings:
        """A copy with top-level values or whole sections changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def digest(self) -> str:
        """A short stable hash of every setting, recorded in each brief's provenance."""
        return _digest(self)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: Settings | None = None) -> Settings:
        """Overlay ``data`` (as read from TOML: sections are sub-tables) on ``base``."""
        base = base or cls()
        top: dict[str, Any] = {}
        section_names = {f.name for f in fields(cls)} - {"words"}
        for key, value in data.items():
            if key == "words":
                top["words"] = value
            elif key in section_names:
                if not isinstance(value, Mapping):
                    raise ConfigError(f"`{key}` must be a table of settings; got {value!r}")
                section = getattr(base, key)
                known = {f.name for f in fields(section)}
                unknown = sorted(set(value) - known)
                if unknown:
                    raise ConfigError(
                        f"unknown setting `{key}.{unknown[0]}`; known: {sorted(known)}"
                    )
                top[key] = replace(section, **value)
            else:
                raise ConfigError(
                    f"unknown setting `{key}`; known: {sorted(section_names | {'words'})}"
                )
        return replace(base, **top)

    @classmethod
    def from_toml(cls, path: str | Path, base: Settings | None = None) -> Settings:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: settings file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        return cls.from_mapping(data, base)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, base: Settings | None = None
    ) -> Settings:
        """Read ``NEWSFUSE_WORDS`` and ``NEWSFUSE_<SECTION>__<NAME>`` variables."""
        environ = os.environ if environ is None else environ
        data: dict[str, Any] = {}
        for key, raw in environ.items():
            if not key.startswith("NEWSFUSE_") or key == "NEWSFUSE_CONFIG":
                continue
            name = key[len("NEWSFUSE_") :].lower()
            value = _parse_env_value(raw)
            if "__" in name:
                section, sub = name.split("__", 1)
                data.setdefault(section, {})[sub] = value
            else:
                data[name] = value
        return cls.from_mapping(data, base)


@lru_cache(maxsize=64)
def _digest(settings: Settings) -> str:
    blob = json.dumps(settings.to_dict(), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


def _parse_env_value(raw: str) -> Any:
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for convert in (int, float):
        try:
            return convert(raw)
        except ValueError:
            pass
    return raw
