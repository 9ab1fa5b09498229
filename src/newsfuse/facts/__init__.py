"""The compare stage: what the outlets agree on, where they differ, what only one tells.

    cleaned Articles -> mentions (numbers, dates, times, quotes, names) -> aligned -> Facts

Each kind has its extractor module; this module aligns mentions across articles and labels
them. Precision first: only figures can be labelled **differs** or **updated** (numbers.py
says when); a date, time, quote or name is **agreed** when several outlets give it and
**single-source** otherwise, never a contradiction, since telling that two outlets date or
word *the same event* differently would need event matching this stage does not attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from newsfuse import textnorm
from newsfuse.errors import MissingExtraError
from newsfuse.facts.names import (
    Name,
    capitalised_words,
    lower_case_words,
    rule_names,
    same_name,
    spacy_available,
    spacy_names,
)
from newsfuse.facts.numbers import (
    quantities,
    quantity_facts,
    sentence_bounds,
    sorted_mentions,
)
from newsfuse.facts.quotations import Quote, quotes, same_quote
from newsfuse.facts.temporal import TimeExpression, dates, times
from newsfuse.models import Article, Fact, FactLabel
from newsfuse.settings import CompareSettings

_LABEL_RANK = {
    FactLabel.DIFFERS: 0,
    FactLabel.UPDATED: 1,
    FactLabel.AGREED: 2,
    FactLabel.NOT_COMPARABLE: 3,
    FactLabel.SINGLE_SOURCE: 4,
}
_KIND_RANK = {"number": 0, "quote": 1, "time": 2, "date": 3}  # names after these
# A date given by two outlets is one fact when the sentences around it share this many
# content terms; "Monday" in two reports may date two different events.
_DATE_CONTEXT_TERMS = 2


def _label(articles: set[str]) -> FactLabel:
    return FactLabel.AGREED if len(articles) > 1 else FactLabel.SINGLE_SOURCE


def _sentence_terms(text: str, start: int, end: int) -> set[str]:
    """Content terms of the sentence around ``start:end``, the mention itself left out."""
    left, right = sentence_bounds(text, start, end)
    return set(textnorm.terms(text[left:start] + " " + text[end:right]))


def _time_facts(articles: Sequence[Article], order: dict[str, int]) -> list[Fact]:
    texts = {a.id: a.text for a in articles}
    groups: dict[tuple[str, str], list[TimeExpression]] = {}
    for article in articles:
        for expression in (*dates(article), *times(article)):
            groups.setdefault((expression.kind, expression.value), []).append(expression)
    facts = []
    for (kind, value), group in groups.items():
        if len({e.article for e in group}) == 1:  # one outlet: nothing to align
            mentions = sorted_mentions([e.mention for e in group], order)
            facts.append(Fact(kind, FactLabel.SINGLE_SOURCE, value, mentions))
            continue
        context = {
            id(e): _sentence_terms(texts[e.article], e.mention.start, e.mention.end) for e in group
        }
        # Outlets whose mention shares its sentence's subject with another outlet's mention
        shared: set[int] = set()
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.article != b.article and (
                    kind == "time" or len(context[id(a)] & context[id(b)]) >= _DATE_CONTEXT_TERMS
                ):
                    shared.update((id(a), id(b)))
        agreed = [e for e in group if id(e) in shared]
        if agreed:
            mentions = sorted_mentions([e.mention for e in agreed], order)
            facts.append(Fact(kind, FactLabel.AGREED, value, mentions))
        # The other mentions are of a date several outlets give, each about something else:
        # none of them has it alone, nor do they agree on one thing, so nothing is claimed.
    return facts


def _quote_facts(articles: Sequence[Article], order: dict[str, int]) -> list[Fact]:
    found: list[Quote] = [q for article in articles for q in quotes(article)]
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Candidates share a run of four words (or all of a shorter quote): an index of those
    # keeps this linear in practice instead of comparing every pair.
    by_gram: dict[tuple[str, ...], list[int]] = {}
    for i, quote in enumerate(found):
        for gram in {quote.words[k : k + 4] for k in range(max(1, len(quote.words) - 3))}:
            by_gram.setdefault(gram, []).append(i)
    candidates = {
        (i, j) for ids in by_gram.values() for n, i in enumerate(ids) for j in ids[n + 1 :]
    }
    for i, j in sorted(candidates):
        if root(i) != root(j) and same_quote(found[i], found[j]):
            parent[root(j)] = root(i)
    groups: dict[int, list[Quote]] = {}
    for i, quote in enumerate(found):
        groups.setdefault(root(i), []).append(quote)
    facts = []
    for group in groups.values():
        longest = max(group, key=lambda q: len(q.words))
        # a speaker named next to the quote in some report beats one carried over from an
        # earlier quote ("he said") in another
        speaker = next((q.speaker for q in group if q.named_here), None) or next(
            (q.speaker for q in group if q.speaker), None
        )
        facts.append(
            Fact(
                "quote",
                _label({q.article for q in group}),
                longest.mention.text,
                sorted_mentions([q.mention for q in group], order),
                speaker=speaker,
            )
        )
    return facts


def _merge_spellings(groups: dict[str, list[Name]]) -> None:
    """One name spelt two ways ("Muammar Gaddafi", "Muammar Qaddafi") becomes one group.

    Candidates share every word but the last and, for that one, a spelling with one letter
    dropped (two words one edit apart always do): a few comparisons instead of all pairs.
    """
    buckets: dict[tuple[str, str], list[str]] = {}
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        # the family name is what transliterations spell differently
        first, _, last = key.rpartition(" ")
        if len(last) >= 6:
            for variant in {last} | {last[:i] + last[i + 1 :] for i in range(len(last))}:
                buckets.setdefault((first, variant), []).append(key)
    for keys in buckets.values():
        for i, key in enumerate(keys):
            for other in keys[i + 1 :]:
                if key in groups and other in groups and same_name(key, other):
                    groups[key].extend(groups.pop(other))


def _merge_short_forms(groups: dict[str, list[Name]], lower_words: frozenset[str]) -> None:
    """A shorter form joins the one longer name of the story that it ends ("Rasmussen",
    "Security Council"), or that it begins before a particle ("Saif" of "Saif al-Islam").

    Of longer names that are forms of one another ("bin Laden", "Osama bin Laden") the
    longest counts. When the story holds several ("Jorge Davila", "Tanya Davila"), a bare
    "Davila" joins the one its own report holds; in a report holding several it is left out
    (either would be a guess), and in a report holding none it stays a name of its own.
    """
    longer_forms: dict[str, list[str]] = {}
    for key in groups:
        words = key.split()
        for k in range(1, len(words)):
            if words[k - 1] in ("of", "for", "the"):
                continue  # "California" is not "District of California"
            if k < len(words) - 1 and any(w in lower_words for w in words[:k]):
                continue  # "East Timor" is not "Free East Timor": "free" is a common word
            longer_forms.setdefault(" ".join(words[k:]), []).append(key)
        if len(words) > 1 and words[1].startswith(("al", "el", "bin")):
            longer_forms.setdefault(words[0], []).append(key)
    for key in sorted(groups, key=len):
        found = [k for k in longer_forms.get(key, ()) if k in groups]
        longer = [k for k in found if not any(o.endswith(" " + k) for o in found)]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(key))
        elif longer:
            holders = {k: {name.article for name in groups[k]} for k in longer}
            kept = []
            for name in groups[key]:
                own = [k for k in longer if name.article in holders[k]]
                if len(own) == 1:
                    groups[own[0]].append(name)
                elif not own:
                    kept.append(name)
                # else the report names several of them: left out, either would be a guess
            if kept:
                groups[key] = kept
            else:
                del groups[key]


def _name_facts(
    articles: Sequence[Article],
    order: dict[str, int],
    extract: Callable[[Article], list[Name]],
    lower_words: frozenset[str],
) -> list[Fact]:
    groups: dict[str, list[Name]] = {}
    for article in articles:
        for name in extract(article):
            groups.setdefault(name.key, []).append(name)
    _merge_spellings(groups)
    _merge_short_forms(groups, lower_words)
    facts = []
    for group in groups.values():
        # the fullest form, in ordinary case ("Geneva", not a dateline's "GENEVA")
        longest = max(
            group,
            key=lambda n: (len(n.mention.text), not n.mention.text.isupper(), -order[n.article]),
        )
        kinds = [n.kind for n in group]
        kind = max(set(kinds), key=kinds.count)
        facts.append(
            Fact(
                kind,
                _label({n.article for n in group}),
                longest.mention.text,
                sorted_mentions([n.mention for n in group], order),
            )
        )
    return facts


def compare(
    articles: Sequence[Article], settings: CompareSettings | None = None
) -> tuple[Fact, ...]:
    """Facts across ``articles`` (cleaned, in canonical order): figures, dates, times, quotes
    and names, each labelled; contradictions first, then agreements, then single-source."""
    settings = settings or CompareSettings()
    if not settings.enabled:
        return ()
    articles = [
        replace(a, text=a.text[: settings.max_chars]) if len(a.text) > settings.max_chars else a
        for a in articles
    ]
    order = {a.id: n for n, a in enumerate(articles)}
    facts = quantity_facts(articles)
    facts += _time_facts(articles, order)
    facts += _quote_facts(articles, order)
    if settings.entities == "spacy" and not spacy_available():
        raise MissingExtraError("entities", 'compare.entities = "spacy"')
    use_spacy = settings.entities == "spacy" or (settings.entities == "auto" and spacy_available())
    lower = lower_case_words(articles)
    if use_spacy:
        facts += _name_facts(articles, order, lambda a: spacy_names(a, lower), lower)
    else:
        elsewhere = capitalised_words(articles)
        facts += _name_facts(articles, order, lambda a: rule_names(a, elsewhere, lower), lower)
    return tuple(
        sorted(
            facts,
            key=lambda f: (
                _LABEL_RANK[f.label],
                _KIND_RANK.get(f.kind, 4),
                order[f.mentions[0].article],
                f.mentions[0].start,
            ),
        )
    )


__all__ = ["compare", "dates", "quantities", "quotes", "times"]
