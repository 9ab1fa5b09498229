"""What the story index reads off one article: terms, title terms, names, a date, a MinHash.

Only the opening of an article is read (``OPENING_CHARS``): news puts the event first, and a
5 MB article then costs what a short one does. The text is cleaned first (newsfuse's cleaner:
page furniture, crawl notices and error pages go); what is left decides whether the article
is junk (too little story text, or a paywall stub), and junk never joins or founds a story
that others join.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import MinHash

from newsfuse import textnorm
from newsfuse.clean import clean
from newsfuse.errors import InputError
from newsfuse.facts.names import _CAPS, _SKIP, name_key
from newsfuse.models import Article
from newsfuse.settings import CleanSettings

OPENING_CHARS = 6000  # about 1000 words
BODY_WORDS = 400  # words of the cleaned opening that make the body vector
VECTOR_TERMS = 120  # terms kept of an article's body vector
LEAD_WORDS = 60  # words of the cleaned opening that, after the title, make the dense lead
MIN_TERMS = 25  # fewer content terms than this: junk, a story of its own
NUM_PERM = 64
SHINGLE = 4  # content terms per shingle of the MinHash
MINHASH_SEED = 15
MINHASH_SCHEME = "affine32"

_CLEAN = CleanSettings()
_PAYWALL = re.compile(
    r"subscribe (now )?to (continue|keep) reading|already a subscriber|"
    r"this (article|content) is (only )?(available|for) (to )?(subscribers|members)|"
    r"to continue reading,? (please )?(log|sign) ?in|create a free account to (continue|read)",
    re.IGNORECASE,
)
_PAYWALL_MAX_WORDS = 150
_MONTHS = {
    m: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH_RE = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_TEXT_DATES = (
    (re.compile(r"\b((?:19|20)\d\d)[-/](0[1-9]|1[0-2])[-/]([0-3]\d)\b"), "ymd"),
    (re.compile(rf"\b{_MONTH_RE}\s+([0-3]?\d),?\s+((?:19|20)\d\d)\b"), "mdy"),
    (re.compile(rf"\b([0-3]?\d)\s+{_MONTH_RE},?\s+((?:19|20)\d\d)\b"), "dmy"),
)
_DATE_SEARCH_CHARS = 400  # datelines and WikiNews date lines open the article


@dataclass(frozen=True, slots=True)
class Signals:
    """An article as the story index compares it. Term vectors are L2-normalised dicts."""

    id: str
    body: dict[str, float]
    title: dict[str, float]
    names: dict[str, float]
    day: int | None  # proleptic ordinal of its date, when known
    digest: str  # hash of its normalised text: exact copies
    minhash: np.ndarray | None  # uint64[NUM_PERM]; None for junk
    shingle_count: int  # distinct shingles behind the MinHash
    junk: str | None  # why it is junk, or None
    dense: np.ndarray | None = None  # unit embedding of title and lead (dense models only)


def _published_day(text: str | None) -> int | None:
    if not text:
        return None
    found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if found:
        try:
            return date(*map(int, found.groups())).toordinal()
        except ValueError:
            return None
    return None


def text_day(text: str) -> int | None:
    """The first full date in the opening of ``text`` ("Wednesday, July 28, 2004",
    "28 July 2004", "2004/07/28"), as an ordinal, or None."""
    head = text[:_DATE_SEARCH_CHARS]
    best: tuple[int, int] | None = None
    for pattern, order in _TEXT_DATES:
        found = pattern.search(head)
        if not found or (best is not None and found.start() >= best[0]):
            continue
        a, b, c = found.groups()
        try:
            if order == "ymd":
                day = date(int(a), int(b), int(c))
            elif order == "mdy":
                day = date(int(c), _MONTHS[a.lower()[:4].rstrip(".")[:3]], int(b))
            else:
                day = date(int(c), _MONTHS[b.lower()[:4].rstrip(".")[:3]], int(a))
        except (ValueError, KeyError):
            continue
        best = (found.start(), day.toordinal())
    return best[1] if best else None


def article_day(article: Article) -> int | None:
    """The article's day: ``published`` when given, else the first full date of its opening."""
    return _published_day(article.published) or text_day(article.text)


# The same names recur from article to article: their keys are remembered.
_name_key = functools.lru_cache(maxsize=65536)(name_key)


def _names(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for match in _CAPS.finditer(text):
        words = match.group(0).split()
        while words and words[0].lower().strip(".,") in _SKIP:
            words = words[1:]
        while words and words[-1].lower().strip(".,") in _SKIP:
            words = words[:-1]
        if not words:
            continue
        key = _name_key(" ".join(words))
        if len(key) < 2:
            continue
        found[key] += 1
        if len(words) > 1:  # "Barack Obama" also meets a later "Obama"
            found[_name_key(words[-1])] += 1
    return found


def _shingles(terms: list[str]) -> list[bytes]:
    if len(terms) < SHINGLE:
        return [" ".join(terms).encode()]
    return [" ".join(terms[i : i + SHINGLE]).encode() for i in range(len(terms) - SHINGLE + 1)]


# One template's permutations serve every signature (generating them costs more than hashing
# an article); shingles are hashed with CRC-32 (C speed, the same in every process).
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


def minhash(shingles: list[bytes]) -> np.ndarray:
    """The MinHash signature (uint64[NUM_PERM], datasketch's, seeded) of a set of shingles."""
    sketch = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        hashfunc=zlib.crc32,
        permutations=_TEMPLATE.permutations,
        scheme=MINHASH_SCHEME,
    )
    sketch.update_batch(shingles)
    values: np.ndarray = sketch.hashvalues
    return values


def _unit(
    counts: Counter[str] | dict[str, float], idf: dict[str, float] | None
) -> dict[str, float]:
    weights = {
        t: (1.0 + math.log(c)) * (idf.get(t, 1.0) if idf is not None else 1.0)
        for t, c in counts.items()
        if c > 0
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


@dataclass(frozen=True, slots=True)
class RawSignals:
    """Term counts before IDF weighting (the index weights them with its own IDF)."""

    id: str
    body: Counter[str]
    title: Counter[str]
    names: Counter[str]
    day: int | None
    digest: str
    shingles: list[bytes]
    junk: str | None
    lead: str = ""  # title and the first LEAD_WORDS words: what a dense model embeds


def read_article(article: Article) -> RawSignals:
    """Everything the index needs from ``article``, IDF aside.

    Raises:
        InputError: nothing of the article is left after cleaning.
    """
    opening = Article(
        id=article.id,
        text=article.text[:OPENING_CHARS],
        title=article.title,
        source_format=article.source_format,
    )
    cleaned = clean(opening, _CLEAN)
    text = cleaned.text
    words = text.split()
    if not words:
        tally = Counter(d.reason for d in cleaned.dropped)
        what = ", ".join(f"{n} {reason}" for reason, n in tally.most_common())
        raise InputError(
            "no text left after cleaning" + (f" (every line was clutter: {what})" if what else ""),
            article.origin or article.id,
        )
    body_terms = textnorm.terms(" ".join(words[:BODY_WORDS]))
    junk = None
    if len(body_terms) < MIN_TERMS:
        reasons = sorted({d.reason for d in cleaned.dropped})
        junk = "too little story text" + (f" (dropped: {', '.join(reasons)})" if reasons else "")
    elif len(words) < _PAYWALL_MAX_WORDS and _PAYWALL.search(text):
        junk = "paywall stub"
    title = cleaned.title if article.title is None else article.title
    digest = hashlib.sha1(" ".join(article.text.split()).lower().encode()).hexdigest()
    return RawSignals(
        id=article.id,
        body=Counter(body_terms),
        title=Counter(textnorm.terms(title)) if title else Counter(),
        names=_names(" ".join(words[:BODY_WORDS])),
        day=article_day(article),
        digest=digest,
        shingles=_shingles(body_terms) if junk is None else [],
        junk=junk,
        lead=((title + "\n") if title else "") + " ".join(words[:LEAD_WORDS]),
    )


def embed_lead(lead: str) -> np.ndarray:
    """The unit embedding (the shipped static MiniLM model, numpy only) of an article's lead."""
    from newsfuse.embeddings import sentence_encoder

    vector: np.ndarray = sentence_encoder().encode([lead])[0]
    return vector


def weigh(
    raw: RawSignals, idf: dict[str, float], name_idf: dict[str, float], *, dense: bool = False
) -> Signals:
    return Signals(
        id=raw.id,
        body=_unit(raw.body, idf),
        title=_unit(raw.title, idf),
        names=_unit(raw.names, name_idf),
        day=raw.day,
        digest=raw.digest,
        minhash=minhash(raw.shingles) if raw.shingles else None,
        shingle_count=len(set(raw.shingles)),
        junk=raw.junk,
        dense=embed_lead(raw.lead) if dense and raw.lead else None,
    )
