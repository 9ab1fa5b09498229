"""The learned line classifier of the clean stage: is a line of scraped text page clutter?

Two logistic regressions over general features of each line (numpy only at run time; the
weights are src/newsfuse/data/cleaner.json, written by benchmarks/train_cleaner.py):

1. the line by itself: length, stop-word share, sentence-final punctuation, capitalisation,
   digits, URLs and handles, position in the article, cue words of each kind of clutter,
   a learned lexicon's score of its words, whether the line repeats in the article and
   (a story's reports cleaned together) in another report of the story, and which of the
   hand-written rules of ``newsfuse.clean`` fired on it (the rules are features, not
   verdicts);
2. a context pass (as jusText does): the same features plus the first pass's probabilities
   for the neighbouring lines and the article as a whole; captions, promos and link lists
   come in runs, and a lone short line between two paragraphs is usually the story's own.

The kind of clutter reported for a dropped line is the rule's reason when a rule fired,
else the kind whose cue words the line has, else the kind its form suggests.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from newsfuse.textnorm import STOPWORDS

# Cue words and phrases of each kind of clutter, looked up among a short line's words (a
# dictionary look-up per word, pair and triple of words: a regex alternation of them all
# costs ten times as much).
CUES: dict[str, tuple[str, ...]] = {
    # (not the agencies' bare names: "LONDON (Reuters) -", "(AP) _" open wire stories)
    "photo caption": (
        "photo photos photograph photographs image caption pictured getty credit courtesy "
        "shutterstock newscom istock",
        "ap photo|afp photo|file photo|via facebook|via twitter|via instagram",
    ),
    "teaser link": (
        "related recommended trending click",
        "read more|also on|see also|read next|you may also|you might also|more from|more on|"
        "full list|most read|most popular|most viewed|top stories|latest news",
    ),
    "share prompt": (
        "follow twitter facebook instagram newsletter subscribe inbox email e-mail share "
        "whatsapp linkedin comment comments app",
        "sign up|join the conversation",
    ),
    "promo": (
        "advertisement advertising sponsored promoted",
        "continue below|continues below|continue reading|continues reading|continue after|"
        "continues after|story continues|skip ad|skip advert|partner content",
    ),
    "media label": (
        "video watch playback play media gallery slideshow embed audio podcast replay listen",
        "flash player|now playing",
    ),
    "credit": (
        "copyright republished",
        "contributed to this report|contributed to this story|contributed reporting|"
        "reporting by|with reports from|with report from|editing by|writing by|"
        "additional reporting|originally published|originally appeared|rights reserved|"
        "staff writer",
    ),
    "system message": (
        "cookie cookies javascript browser login signin 404 error crawl crawls crawler "
        "crawled crawling wayback subscriber paywall unavailable premium register",
        "log in|sign in|not found|access denied|no longer available|free article|free articles",
    ),
    "author bio": (
        "",
        "is a reporter|is a writer|is a correspondent|is an editor|is a columnist|"
        "is a contributor|covers the|covers politics|covers business|can be reached|"
        "reach him at|reach her at|reach them at|author of",
    ),
}
# word n-gram -> the kinds of clutter it cues (their columns are found below, once FEATURES
# is known)
_CUE_GRAMS: dict[tuple[str, ...], list[str]] = {}
for _kind, (_words, _phrases) in CUES.items():
    for _gram in [(w,) for w in _words.split()] + [tuple(p.split()) for p in _phrases.split("|")]:
        _CUE_GRAMS.setdefault(_gram, []).append(_kind)
# cues that are not words: a slash credit ("REUTERS/Tom Hale", "/ AP"), a phone number or a
# handle in a bio, a copyright sign, "MORE:" and "Read:" before a link
_SLASH_CREDIT = re.compile(r"reuters/|/ ?(ap|afp|reuters)\b")
_PHONE_OR_HANDLE = re.compile(r"\d{3}[-. ]\d{3}[-. ]\d{4}|@\w")
_CUE_MAX_WORDS = 30
LONG_ARTICLE_WORDS = 150  # (words: spaces, in text whose white space is normalised)
_LEDE_CHARS = 8000  # (a long article read this far: most whole, the longest by their start)
_SHORT_CHARS = 300  # longer than a line of at most _CUE_MAX_WORDS words, all but always
_POSITION_MIN_LINES = 8
_CREDIT_CHARS = 60  # a credit at the end of a caption is shorter than this
_GALLERY = re.compile(r"^\W*\d{1,3}\s*(/|of)\s*\d{1,3}\b")
# ... and ends with its credit: "REUTERS/Adnan Abidi", "Jerome Delay / AP file", "(AP)",
# "Photograph: CBS", "Michael Tullberg/Getty Images"
_CREDIT_END = re.compile(
    r"(reuters/[\w .]+|/ ?(ap|afp|getty images|reuters)( file)?|\bvia ap|photograph: [\w .]+|"
    r"\((ap|afp|reuters|[\w ./]*photo[\w ./]*)\)|getty images|/\w+ \w+)\W*$"
)
# A label a player or a picture opens its caption with: "Image copyright PA Image caption ...",
# "Media playback is unsupported on your device", "CLOSE ...", "Enlarge"
_MEDIA_START = re.compile(
    r"^\W*(image (copyright|caption)|media (playback|caption)|photos?:|video:|watch:|listen:|"
    r"enlarge|close\b|play\b|caption\b|embed\b|gallery:|slideshow|now playing|autoplay)"
)
# A story's sentences report: "..., police said." Captions and furniture rarely do.
# (The clean stage keeps a short line with these words that ends like a sentence.)
REPORTING_WORDS = ("said", "says", "told", "according to", "added", "asked", "explained")
REPORTING = r"\b(" + "|".join(REPORTING_WORDS) + r")\b"
_REPORTING = re.compile(REPORTING)  # on lower-cased lines
# each match of _CREDIT_END holds one of these
_CREDIT_END_LITERALS = ("/", "(", "via ap", "photograph: ", "getty images")
_TOKEN = re.compile(r"[\w'’-]+")
# A word that starts with a capital, and a word in capitals, matched in " " + the line: a
# pattern opening with \s lets the engine skip to the next space ("(?:^|\s)" on the line
# costs half as much again).
_CAPITALISED = re.compile(r"\s[\"“‘'(]?[A-Z]")
_ALL_CAPS = re.compile(r"\s[A-Z][A-Z.&-]+(?=\s|$|[,:;!?])")
_DIGITS = "0123456789"
_QUOTE_START = frozenset("\"“‘'")
_URL = re.compile(r"https?://|www\.|\.(com|org|net|co\.uk|ly)\b|@\w")
_FINAL = frozenset(".!?\"”’'")
_BULLETS = frozenset("•-*·–—►▶■»›|")

# Groups of the hand-written rules' reasons, as features.
RULE_GROUPS: dict[str, tuple[str, ...]] = {
    "rule caption": ("photo caption", "photo credit", "caption"),
    "rule promo": ("promo", "media label"),
    "rule prompt": ("share prompt",),
    "rule credit": ("credit", "copyright", "byline"),
    "rule teaser": ("teaser link", "teaser list", "trailing block", "navigation"),
    "rule system": ("system message",),
    "rule other": ("timestamp", "contact", "link", "separator", "embedded post"),
}
_RULE_INDEX = {reason: i for i, reasons in enumerate(RULE_GROUPS.values()) for reason in reasons}

FEATURES: tuple[str, ...] = (
    "bias",
    "log words",
    "<= 3 words",
    "<= 8 words",
    "<= 15 words",
    "stop-word share",
    "sentence-final punctuation",
    "ends with colon",
    "ends with parenthesis",
    "title-case share",
    "all-caps share",
    "digit share",
    "URL or handle",
    "relative position",
    "first two lines",
    "last three lines",
    "mean word length",
    "starts with bullet",
    "gallery number",
    "repeated in article",
    "credit at end",
    "starts with quote",
    "short unpunctuated mid-article",
    "read more at end",
    "title-case headline",
    "media label start",
    "reporting verb",
    # story-level: the other articles of the story (0 in an article alone)
    "repeated in story",
    # the learned lexicon's log-odds for the line's words (benchmarks/train_cleaner.py)
    "lexical score",
    *(f"cue {kind}" for kind in CUES),
    *RULE_GROUPS,
)
_N_LINE_FEATURES = FEATURES.index(f"cue {next(iter(CUES))}")  # the columns before the cues
_N_LONG_FEATURES = FEATURES.index("gallery number")  # those a paragraph's row has
_CUE_COLUMNS = {kind: _N_LINE_FEATURES + k for k, kind in enumerate(CUES)}
_CUE_WORD_COLUMNS = {
    gram[0]: [_CUE_COLUMNS[kind] for kind in kinds]
    for gram, kinds in _CUE_GRAMS.items()
    if len(gram) == 1
}
_CUE_PHRASE_COLUMNS = {
    gram: [_CUE_COLUMNS[kind] for kind in kinds]
    for gram, kinds in _CUE_GRAMS.items()
    if len(gram) > 1
}
_PHRASE_STARTS = frozenset(gram[0] for gram in _CUE_PHRASE_COLUMNS)
# first word -> (" phrase ", its columns): a phrase runs in a line's words when it occurs,
# between spaces, in " " + its words joined by spaces + " " (no word holds a space)
_PHRASES_BY_START: dict[str, list[tuple[str, list[int]]]] = {}
for _gram, _columns in _CUE_PHRASE_COLUMNS.items():
    _PHRASES_BY_START.setdefault(_gram[0], []).append((f" {' '.join(_gram)} ", _columns))


def line_tokens(line: str) -> list[str] | None:
    """The words the features read in a line (lower-cased; None: a paragraph, whose words
    they do not read): what the lexicon is learned on."""
    if line.count(" ") >= _CUE_MAX_WORDS:
        return None
    return _TOKEN.findall(line.lower())


def contains_any(text: str, literals: tuple[str, ...]) -> bool:
    """Whether any of ``literals`` occurs in ``text``: a loop of substring tests costs a
    quarter of a regex alternation of them (a test before a costly regex: a literal that
    every match of the regex holds)."""
    for literal in literals:  # noqa: SIM110 - any() over a generator costs twice as much
        if literal in text:
            return True
    return False


_CUE_WORDS = frozenset(_CUE_WORD_COLUMNS)
_CUE_KEYS = _CUE_WORDS | _PHRASE_STARTS


def _cue_columns(tokens: list[str], low: str, ascii_digits: int, hits: frozenset[str]) -> set[int]:
    """The cue columns of a short line (lower-cased, its words, how many of its characters
    are the digits 0-9, and its words among the cue words and the cue phrases' first words)."""
    found: set[int] = set()
    if hits:
        for token in _CUE_WORDS.intersection(hits):
            found.update(_CUE_WORD_COLUMNS[token])
    starts = _PHRASE_STARTS.intersection(hits) if hits else hits
    if starts:
        spaced = f" {' '.join(tokens)} "
        for start in starts:
            for phrase, columns in _PHRASES_BY_START[start]:
                if phrase in spaced:
                    found.update(columns)
    if "/" in low and _SLASH_CREDIT.search(low):
        found.add(_CUE_COLUMNS["photo caption"])
    # a phone number has ten digits (\d: any decimal digit, 0-9 alone in ASCII text)
    if (
        ("@" in low or "-" in low or "." in low)
        and ("@" in low or ascii_digits >= 10 or not low.isascii())
        and _PHONE_OR_HANDLE.search(low)
    ):
        found.add(_CUE_COLUMNS["author bio"])
    if "©" in low:
        found.add(_CUE_COLUMNS["credit"])
    if low.startswith(("more:", "read:")):
        found.add(_CUE_COLUMNS["teaser link"])
    return found


_LONG_PADDING = (0.0,) * (_N_LINE_FEATURES - _N_LONG_FEATURES)
CONTEXT_FEATURES: tuple[str, ...] = (
    *FEATURES,
    "p line",
    "p previous",
    "p next",
    "p neighbours max",
    "p article mean",
)


@dataclass(frozen=True)
class StoryContext:
    """What the articles of one story hold, for the story-level features: how many of them
    hold each short line (stripped; as written: boilerplate repeats letter for letter).
    Boilerplate (a share prompt, a player's label, a notice) repeats from article to
    article; a story's own short lines rarely do, unless the outlets run the same agency
    copy, whose lines are sentences (a repeated sentence does not count)."""

    lines: dict[str, int]
    # the openings of the articles of at least LONG_ARTICLE_WORDS words, lower-cased:
    # what a short document of the story should share words with (empty when the story
    # has no shorter article)
    long_text: str = ""


def story_context(texts: list[str], lines: list[list[str]] | None = None) -> StoryContext | None:
    """The story context of the articles ``texts`` (white space normalised as the clean
    stage does; ``lines``: each text's lines, stripped, when already made; None with fewer
    than two: the story-level features are then 0, as in an article alone)."""
    if len(texts) < 2:
        return None
    held: Counter[str] = Counter()
    for i, text in enumerate(texts):
        stripped = lines[i] if lines else [line.strip() for line in text.splitlines()]
        # (short lines only, the ones the features look up: hashing the paragraphs would
        # cost more than all the rest)
        held.update({line for line in stripped if len(line) < _SHORT_CHARS})
    # (only a story with a short article needs the long ones' words)
    words = [text.count(" ") for text in texts]
    long_text = ""
    if min(words) < LONG_ARTICLE_WORDS:
        long_text = "\n".join(
            text[:_LEDE_CHARS].lower()
            for text, n in zip(texts, words, strict=True)
            if n >= LONG_ARTICLE_WORDS
        )
    return StoryContext(dict(held), long_text)


def line_features(
    lines: list[str],
    reasons: list[str | None],
    context: StoryContext | None = None,
    lexicon: dict[str, float] | None = None,
    keys: frozenset[str] | None = None,
) -> np.ndarray:
    """The first pass's features of each line (rows) of one article.

    ``lines`` are the article's non-blank lines, stripped; ``reasons`` the rule that fired on
    each (None: none did); ``context`` what the story's articles (this one among them) hold;
    ``lexicon`` the learned weight of each word (a short line's "lexical score" is the sum of
    its distinct words' weights; 0 without one); ``keys`` the lexicon's words as a frozenset
    (made here when not given)."""
    n = len(lines)
    rows = np.zeros((n, len(FEATURES)))
    if not n:
        return rows
    # a cue word in a paragraph is the paragraph's own word ("copyright" in a story on
    # piracy): cues and the other word patterns count on lines of at most _CUE_MAX_WORDS
    # words (the classifier only judges those; a paragraph's row only informs its neighbours),
    # so only those are lower-cased (a paragraph, with more spaces, never repeats one of them)
    lowered = [line.lower() if line.count(" ") < _CUE_MAX_WORDS else "" for line in lines]
    counts = Counter(lowered)
    if keys is None:
        keys = frozenset(lexicon or ())
    lexicon_weight = (lexicon or {}).__getitem__
    rule_col = FEATURES.index(next(iter(RULE_GROUPS)))
    stop = STOPWORDS.__contains__
    with_position = n >= _POSITION_MIN_LINES  # position says little in an article of a few lines
    own: list[float | bool] = []  # the columns before the cues, row after row
    cue_rows: list[int] = []
    cue_columns: list[int] = []
    for i, (line, low) in enumerate(zip(lines, lowered, strict=True)):
        n_words = line.count(" ") + 1
        chars = len(line)
        last = line[-1]
        closing = last in ")]" and chars > 1
        if closing:
            last = line[-2]
        final = last in _FINAL
        position = i / (n - 1) if with_position else 0.5
        if n_words <= _CUE_MAX_WORDS:
            tokens = _TOKEN.findall(low)
            ascii_digits = sum(map(line.count, _DIGITS))
            hits = _CUE_KEYS.intersection(tokens)  # (one look-up of the words for all cues)
            found = _cue_columns(tokens, low, ascii_digits, hits)
            if found:
                cue_rows.extend([i] * len(found))
                cue_columns.extend(found)
            spaced = " " + line
            title_share = len(_CAPITALISED.findall(spaced)) / n_words
            # (a sentence repeated is agency copy that outlets share: the story's own text)
            repeated = context is not None and not final and context.lines.get(line, 0) > 1
            # (the lexicon's words among the line's, each once: a set intersection in C)
            lexical = sum(map(lexicon_weight, keys.intersection(tokens))) if keys else 0.0
            own.extend(
                (
                    1.0,
                    math.log1p(n_words),
                    n_words <= 3,
                    n_words <= 8,
                    n_words <= 15,
                    sum(map(stop, tokens)) / n_words,
                    final,
                    last == ":",
                    closing,
                    title_share,
                    len(_ALL_CAPS.findall(spaced)) / n_words,
                    ascii_digits / chars,
                    _URL.search(low) is not None,
                    position,
                    i < 2 and with_position,
                    i >= n - 3 and with_position,
                    min(15.0, chars / n_words),
                    line[0] in _BULLETS,
                    _GALLERY.match(low) is not None,
                    counts[low] > 1,
                    contains_any(low[max(0, chars - _CREDIT_CHARS) :], _CREDIT_END_LITERALS)
                    and _CREDIT_END.search(low, max(0, chars - _CREDIT_CHARS)) is not None,
                    line[0] in _QUOTE_START,
                    n_words <= 15 and not final and 0.05 < position < 0.95,
                    low.endswith(("read more", "read more »", "more videos ...", "...")),
                    5 <= n_words <= 16 and not final and title_share >= 0.6,
                    _MEDIA_START.match(low) is not None,
                    contains_any(low, REPORTING_WORDS) and _REPORTING.search(low) is not None,
                    repeated,
                    lexical,
                )
            )
        else:  # a paragraph: its length, punctuation and place, not its words
            own.extend(
                (
                    1.0,
                    math.log1p(n_words),
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    final,
                    last == ":",
                    closing,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    position,
                    i < 2 and with_position,
                    i >= n - 3 and with_position,
                    min(15.0, chars / n_words),
                    line[0] in _BULLETS,
                    *_LONG_PADDING,
                )
            )
    rows[:, :_N_LINE_FEATURES] = np.array(own, dtype=float).reshape(n, _N_LINE_FEATURES)
    rows[cue_rows, cue_columns] = 1.0
    for i, reason in enumerate(reasons):
        if reason is not None and reason in _RULE_INDEX:
            rows[i, rule_col + _RULE_INDEX[reason]] = 1.0
    return rows


def context_features(rows: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The context pass's features: the first pass's plus its probabilities around each line."""
    n, k = rows.shape
    # (filled column by column: what np.column_stack of the five gives, at a third of the cost)
    out = np.empty((n, k + 5))
    out[:, :k] = rows
    out[:, k] = p
    previous, following = out[:, k + 1], out[:, k + 2]
    previous[0] = 0.5
    previous[1:] = p[:-1]
    following[:-1] = p[1:]
    following[-1] = 0.5
    np.maximum(previous, following, out=out[:, k + 3])
    out[:, k + 4] = p.mean()
    return out


@dataclass(frozen=True)
class Logistic:
    """A logistic regression over standardised features, the standardisation folded into
    the weights: ((x - mean) / scale) @ w == x @ (w / scale) - (mean / scale) @ w."""

    weights: np.ndarray
    offset: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.weights
        z += self.offset  # (in place: the same values as 1 / (1 + exp(-max(z, -30))))
        np.maximum(z, -30.0, out=z)
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += 1.0
        return np.divide(1.0, z, out=z)


@dataclass(frozen=True)
class LineModel:
    line: Logistic
    context: Logistic
    lexicon: dict[str, float]  # word -> its weight in the "lexical score" feature
    keys: frozenset[str] = frozenset()  # the lexicon's words

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """P(clutter) of each line of one article from its first-pass features: both passes,
        or the first alone in an article of a few lines (no context to read)."""
        first = self.line.predict(rows)
        if len(rows) < _POSITION_MIN_LINES:
            return first
        return self.context.predict(context_features(rows, first))


def _logistic(spec: dict[str, list[float]]) -> Logistic:
    mean = np.asarray(spec["mean"], dtype=float)
    scale = np.asarray(spec["scale"], dtype=float)
    weights = np.asarray(spec["weights"], dtype=float) / scale
    return Logistic(weights, -float(mean @ weights))


def model_from_dict(data: dict[str, Any]) -> LineModel:
    lexicon = dict(data.get("lexicon", {}))
    return LineModel(
        _logistic(data["line"]), _logistic(data["context"]), lexicon, frozenset(lexicon)
    )


@cache
def shipped_model() -> LineModel:
    """The model shipped in newsfuse/data/cleaner.json."""
    text = resources.files("newsfuse.data").joinpath("cleaner.json").read_text(encoding="utf-8")
    return model_from_dict(json.loads(text))


# The kind a dropped line is reported with when no rule fired: the first cue kind the line
# has (in this order of specificity), else one from its form.
_KIND_ORDER = (
    "system message",
    "credit",
    "promo",
    "photo caption",
    "media label",
    "share prompt",
    "author bio",
    "teaser link",
)


def kind_of(row: np.ndarray) -> str:
    """The kind of clutter of a line from its first-pass features (no rule fired on it)."""
    for kind in _KIND_ORDER:
        if row[_CUE_COLUMNS[kind]]:
            return kind
    if row[_GALLERY_COLUMN]:
        return "photo caption"
    if row[_URL_COLUMN]:
        return "link"
    if not row[_FINAL_COLUMN]:
        return "teaser link" if row[_SHORT_COLUMN] else "photo caption"
    return "boilerplate"


_GALLERY_COLUMN = FEATURES.index("gallery number")
_URL_COLUMN = FEATURES.index("URL or handle")
_FINAL_COLUMN = FEATURES.index("sentence-final punctuation")
_SHORT_COLUMN = FEATURES.index("<= 15 words")
