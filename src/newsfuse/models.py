"""The data model every stage reads and writes: Article, Sentence, Story, Citation, Brief.

All classes are frozen, slotted dataclasses without I/O. A stage never edits what it was given;
it returns new objects (``dataclasses.replace``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class MatchKind(StrEnum):
    """How a cited sentence relates to the brief sentence it supports."""

    SELF = "self"  # the sentence the brief copied
    EXACT = "exact"  # the same content words (all but stop words) in another article
    NEAR = "near"  # the same information in other words, or a trimmed quote
    SIMILAR = "similar"  # the closest in meaning by sentence embeddings (attribute.matcher)


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line the cleaner removed from an article, with the rule that removed it."""

    line: int  # 1-based line number in the raw text
    text: str
    reason: str  # the kind of clutter
    # the line classifier's probability that the line is clutter (None: a rule decided)
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One outlet's report.

    ``text`` is the body the pipeline works on: raw as loaded, cleaned after the clean stage
    (``raw_text`` keeps what was loaded). Sentence offsets always point into ``text``.
    """

    id: str
    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date when known
    author: str | None = None
    language: str | None = None  # as the page declares it ("en", "fr")
    origin: str = ""  # "path", "path:line" or URL, for messages
    raw_text: str | None = None
    # "text": a page flattened to text, clutter and all; "html": main text already extracted
    # from a page (the clean stage then applies only its rules about single lines)
    source_format: str = "text"
    dropped: tuple[DroppedLine, ...] = ()
    cleaned: bool = False

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one article. Identity is (article_id, index), never the text: the same
    sentence carried by two outlets is two Sentences, which is what attribution counts."""

    article_id: str
    index: int  # position among the article's sentences, from 0
    start: int  # character offsets into Article.text
    end: int
    text: str
    paragraph: int = 0  # paragraph number within the article, from 0

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Story:
    """The unit of work: the articles several outlets published about one event."""

    id: str
    articles: tuple[Article, ...]
    # An update brief: ids of the articles the reader has already read (all in ``articles``);
    # the brief then tells only what the other articles add to them.
    since: tuple[str, ...] = ()
    # A query-focused brief: the reader's question; the brief tells what the reports say
    # about it.
    query: str | None = None

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


@dataclass(frozen=True, slots=True)
class Citation:
    """One article that carries the information of a brief sentence."""

    article_id: str
    outlet: str
    sentence_index: int
    match: MatchKind
    score: float  # 1.0 for self and exact matches; the overlap measure for near ones
    start: int = 0  # the cited sentence's offsets into that article's cleaned text
    end: int = 0


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """A sentence of the brief: copied verbatim from ``article_id`` and cited to every
    article that carries it (``citations`` includes the article it was copied from)."""

    text: str
    article_id: str
    sentence_index: int
    citations: tuple[Citation, ...]
    # In an update brief: the earlier reports' mentions of a figure this sentence changes
    # (the facts stage's "updated"/"differs" figures linking it to an article read before).
    earlier: tuple[Mention, ...] = ()

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(c.article_id for c in self.citations)


class FactLabel(StrEnum):
    """How outlets relate on one fact."""

    AGREED = "agreed"
    DIFFERS = "differs"
    UPDATED = "updated"
    NOT_COMPARABLE = "not comparable"
    SINGLE_SOURCE = "single-source"


@dataclass(frozen=True, slots=True)
class Mention:
    article: str
    text: str
    start: int  # offsets into the article's cleaned text
    end: int


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact across outlets, with every mention of it.

    ``kind``: "number", "date", "time", "quote", and "name" (or, with spaCy, "person",
    "organisation", "place"). ``value``: what aligns the mentions: the counted thing's head
    for a number ("sorti"), the ISO date or UTC time ("2011-10-31", "22:00Z") when it could be
    resolved, the longest wording of a quote, the fullest form of a name.
    """

    kind: str
    label: FactLabel
    value: str
    mentions: tuple[Mention, ...]
    speaker: str | None = None  # of a quote, when named


@dataclass(frozen=True, slots=True)
class Brief:
    """The result for one story. It holds no timings or timestamps, so output is reproducible."""

    story: Story
    sentences: tuple[BriefSentence, ...]
    budget_words: int
    provenance: dict[str, str] = field(default_factory=dict)
    # Articles that are copies of one report (the same wire story on several sites), as
    # groups of article ids in story order; each group is shown as one source.
    copies: tuple[tuple[str, ...], ...] = ()
    facts: tuple[Fact, ...] = ()  # figures compared across outlets (newsfuse.compare)
    # The reader's focus, from the Story: the articles read before (an update brief) and the
    # question (a query-focused brief). An update brief with no sentences means nothing new.
    since: tuple[str, ...] = ()
    query: str | None = None

    @property
    def notice(self) -> str | None:
        """What to show instead of sentences: an update brief with nothing new says so."""
        if self.since and not self.sentences:
            unread = len(self.story.articles) - len(self.since)
            if unread <= 0:
                return "Nothing new: every report has been read already."
            later = (
                "the later report repeats" if unread == 1 else f"the {unread} later reports repeat"
            )
            return f"Nothing new: {later} what the reports read before said."
        return None

    def copy_of(self, article_id: str) -> str | None:
        """The first article of ``article_id``'s copy group, when it is a later copy."""
        for group in self.copies:
            if article_id in group[1:]:
                return group[0]
        return None

    @property
    def story_id(self) -> str:
        return self.story.id

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)
