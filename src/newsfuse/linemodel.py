"""The learned line classifier of the clean stage: is a line of scraped text page clutter?

Two logistic regressions over general features of each line (numpy only at run time; the
weights are src/newsfuse/data/cleaner.json, written by benchmarks/train_cleaner.py):

1. the line by itself: length, stop-word share, sentence-final punctuation, capitalisation,
   digits, URLs and handles, position in the article, cue words of each kind of clutter,
   whether the line repeats in the article, and which of the hand-written rules of
   ``newsfuse.clean`` fired on it (the rules are features, not verdicts);
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
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from newsfuse.textnorm import STOPWORDS

# Cue words of each kind of clutter, searched once over the whole lower-cased article (one
# regex pass per kind; matches are mapped back to their lines).
CUES: dict[str, str] = {
    "photo caption": (
        # (not the agencies' bare names: "LONDON (Reuters) -", "(AP) _" open wire stories)
        r"\b(photo(graph)?s?|image|caption|pictured|getty|reuters/|ap photo|afp photo|"
        r"credit|courtesy|shutterstock|file photo|via (facebook|twitter|instagram)|newscom|"
        r"istock)\b|/ ?(ap|afp|reuters)\b"
    ),
    "teaser link": (
        r"\b(read more|related|also on|see also|recommended|read next|you (may|might) also|"
        r"more from|more on|more:|full list|most (read|popular|viewed)|trending|"
        r"top stories|latest news|read:|click)\b"
    ),
    "share prompt": (
        r"\b(follow|twitter|facebook|instagram|newsletter|subscribe|sign up|inbox|e-?mail|"
        r"share|whatsapp|linkedin|comments?|join the conversation|app)\b"
    ),
    "promo": (
        r"\b(advertisement|advertising|sponsored|continues? (below|reading|after)|"
        r"story continues|skip (ad|advert)|partner content|promoted)\b"
    ),
    "media label": (
        r"\b(video|watch|playback|play|media|gallery|slideshow|embed|audio|podcast|"
        r"flash player|now playing|replay|listen)\b"
    ),
    "credit": (
        r"\b(contributed to this (report|story)|contributed reporting|reporting by|"
        r"with reports? from|editing by|writing by|additional reporting|originally "
        r"(published|appeared)|copyright|rights reserved|republished|staff writer)\b|©"
    ),
    "system message": (
        r"\b(cookies?|javascript|browser|log ?in|sign ?in|404|not found|error|crawl\w*|"
        r"wayback|subscriber|paywall|access denied|unavailable|no longer available|"
        r"premium|free articles?|register)\b"
    ),
    "author bio": (
        r"\b(is a (reporter|writer|correspondent|editor|columnist|contributor)|covers? "
        r"(the|politics|business)|can be reached|reach (him|her|them) at|author of)\b|"
        r"\d{3}[-. ]\d{3}[-. ]\d{4}|@\w"
    ),
}
_CUE_PATTERNS = {kind: re.compile(p) for kind, p in CUES.items()}
_CUE_MAX_WORDS = 30
_POSITION_MIN_LINES = 8
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
_REPORTING = re.compile(r"\b(said|says|told|according to|added|asked|explained)\b")
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
    *(f"cue {kind}" for kind in CUES),
    *RULE_GROUPS,
)
CONTEXT_FEATURES: tuple[str, ...] = (
    *FEATURES,
    "p line",
    "p previous",
    "p next",
    "p neighbours max",
    "p article mean",
)


def line_features(
    lines: list[str], reasons: list[str | None], lowered_text: str | None = None
) -> np.ndarray:
    """The first pass's features of each line (rows) of one article.

    ``lines`` are the article's non-blank lines, stripped; ``reasons`` the rule that fired on
    each (None: none did)."""
    n = len(lines)
    rows = np.zeros((n, len(FEATURES)))
    if not n:
        return rows
    lowered = [line.lower() for line in lines]
    joined = lowered_text if lowered_text is not None else "\n".join(lowered)
    starts = []
    offset = 0
    for line in lowered:
        starts.append(offset)
        offset += len(line) + 1
    cue_col = FEATURES.index(f"cue {next(iter(CUES))}")
    for k, pattern in enumerate(_CUE_PATTERNS.values()):
        for match in pattern.finditer(joined):
            rows[bisect_right(starts, match.start()) - 1, cue_col + k] = 1.0
    # a cue word in a paragraph is the paragraph's own word ("copyright" in a story on
    # piracy): cues count on lines of at most _CUE_MAX_WORDS words
    long_lines = [i for i, line in enumerate(lowered) if line.count(" ") >= _CUE_MAX_WORDS]
    rows[long_lines, cue_col : cue_col + len(CUES)] = 0.0
    counts: dict[str, int] = {}
    for line in lowered:
        counts[line] = counts.get(line, 0) + 1
    rule_col = FEATURES.index(next(iter(RULE_GROUPS)))
    stop = STOPWORDS
    for i, (line, low) in enumerate(zip(lines, lowered, strict=True)):
        words = line.split()
        n_words = len(words) or 1
        row = rows[i]
        row[0] = 1.0
        row[1] = math.log1p(n_words)
        row[2] = n_words <= 3
        row[3] = n_words <= 8
        row[4] = n_words <= 15
        low_words = low.split()
        row[5] = sum(w.strip(".,;:!?\"'()“”‘’") in stop for w in low_words) / n_words
        last = line[-1]
        if last in ")]" and len(line) > 1:
            row[8] = 1.0
            last = line[-2]
        row[6] = last in _FINAL
        row[7] = last == ":"
        row[9] = sum(w[:1].isupper() for w in words) / n_words
        row[10] = sum(len(w) > 1 and w.isupper() for w in words) / n_words
        chars = len(line) or 1
        row[11] = sum(c.isdigit() for c in line) / chars
        row[12] = _URL.search(low) is not None
        # position says little in an article of a few lines
        row[13] = i / (n - 1) if n >= _POSITION_MIN_LINES else 0.5
        row[14] = i < 2 and n >= _POSITION_MIN_LINES
        row[15] = i >= n - 3 and n >= _POSITION_MIN_LINES
        row[16] = min(15.0, len(line) / n_words)
        row[17] = line[0] in _BULLETS
        row[18] = _GALLERY.match(low) is not None
        row[19] = counts[low] > 1
        row[20] = _CREDIT_END.search(low) is not None
        row[21] = line[0] in _QUOTE_START
        row[22] = n_words <= 15 and not row[6] and 0.05 < row[13] < 0.95
        row[23] = low.endswith(("read more", "read more »", "more videos ...", "..."))
        row[24] = 5 <= n_words <= 16 and not row[6] and row[9] >= 0.6
        row[25] = _MEDIA_START.match(low) is not None
        row[26] = _REPORTING.search(low) is not None
        reason = reasons[i]
        if reason is not None and reason in _RULE_INDEX:
            row[rule_col + _RULE_INDEX[reason]] = 1.0
    return rows


def context_features(rows: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The context pass's features: the first pass's plus its probabilities around each line."""
    n = len(p)
    previous = np.concatenate(([0.5], p[:-1]))
    following = np.concatenate((p[1:], [0.5]))
    mean = np.full(n, p.mean())
    return np.column_stack((rows, p, previous, following, np.maximum(previous, following), mean))


@dataclass(frozen=True)
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class LineModel:
    line: Logistic
    context: Logistic

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """P(clutter) of each line of one article from its first-pass features: both passes,
        or the first alone in an article of a few lines (no context to read)."""
        first = self.line.predict(rows)
        if len(rows) < _POSITION_MIN_LINES:
            return first
        return self.context.predict(context_features(rows, first))

    def clutter_probability(self, lines: list[str], reasons: list[str | None]) -> np.ndarray:
        """P(clutter) of each line of one article."""
        return self.probabilities(line_features(lines, reasons))


def _logistic(spec: dict[str, list[float]]) -> Logistic:
    return Logistic(
        np.asarray(spec["mean"], dtype=float),
        np.asarray(spec["scale"], dtype=float),
        np.asarray(spec["weights"], dtype=float),
    )


def model_from_dict(data: dict[str, dict[str, list[float]]]) -> LineModel:
    return LineModel(_logistic(data["line"]), _logistic(data["context"]))


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
    cue_col = FEATURES.index(f"cue {next(iter(CUES))}")
    kinds = list(CUES)
    for kind in _KIND_ORDER:
        if row[cue_col + kinds.index(kind)]:
            return kind
    if row[FEATURES.index("gallery number")]:
        return "photo caption"
    if row[FEATURES.index("URL or handle")]:
        return "link"
    if not row[FEATURES.index("sentence-final punctuation")]:
        return "teaser link" if row[FEATURES.index("<= 15 words")] else "photo caption"
    return "boilerplate"
