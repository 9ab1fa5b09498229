"""Attribution: each chosen sentence -> Citations to every article that carries its information.

For every other article, the sentence that best carries the chosen sentence's information
(``newsfuse.overlap``: an exact copy, a trimmed quote, or a paraphrase sharing the specific
terms of the sentence or of one of its clauses) is cited. Only what an outlet reports can be
cited: its headline or a line that ends like a sentence, not a photo caption or credit.

With ``attribute.matcher = "semantic"``, an article that no sentence
carries in shared terms is cited for its sentence closest in meaning (``newsfuse.embeddings``)
when that is close enough and states no other figures: outlets tell one fact in different
words ("Fully vaccinated people can venture outdoors without masks" / "People who have had all
their COVID-19 shots can go outside without wearing a mask"), which shared terms miss.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from newsfuse import textnorm
from newsfuse.analyse import Analysis
from newsfuse.models import BriefSentence, Citation, MatchKind, Sentence
from newsfuse.settings import AttributeSettings

# texts -> unit vectors, one row a text
Encoder = Callable[[Sequence[str]], np.ndarray]
# A sentence is compared in meaning only with sentences sharing this many content terms.
_MIN_SHARED_TERMS = 2
_COMPARED_PER_ARTICLE = 3


def _is_reported(sentence: Sentence) -> bool:
    return sentence.index == 0 or textnorm.ends_like_sentence(sentence.text)


def _figures(terms: set[str]) -> set[str]:
    return {t for t in terms if t.isdigit()}


def _similar(
    rows: Sequence[int],
    cited: Sequence[set[str]],
    analysis: Analysis,
    cfg: AttributeSettings,
    encode: Encoder,
) -> list[dict[str, tuple[float, int]]]:
    """Per row in ``rows``: article -> (cosine, sentence row) of the reported sentence of
    each other article closest in meaning, where that passes ``cfg``; articles in the row's
    ``cited`` set (carriers in shared terms) are not searched.

    Only the few sentences of each article closest in terms are compared (names, places and
    figures recur when outlets tell one fact): the model costs ~10 ms a sentence, and a
    Multi-News story has hundreds.
    """
    sentences = analysis.sentences
    reported = [i for i, s in enumerate(sentences) if _is_reported(s)]
    terms = {i: set(textnorm.terms(sentences[i].text)) for i in [*rows, *reported]}
    compared = [
        _closest_in_terms(
            row, [i for i in reported if sentences[i].article_id not in skip], terms, analysis
        )
        for row, skip in zip(rows, cited, strict=True)
    ]
    texts = list(dict.fromkeys(sentences[i].text for i in [*rows, *itertools.chain(*compared)]))
    vector_of = dict(zip(texts, encode(texts), strict=True))
    found: list[dict[str, tuple[float, int]]] = []
    for row, others in zip(rows, compared, strict=True):
        figures = _figures(terms[row])
        closest: dict[str, tuple[float, int]] = {}  # article -> its closest sentence
        for other in others:
            cosine = float(vector_of[sentences[row].text] @ vector_of[sentences[other].text])
            article = sentences[other].article_id
            if article not in closest or cosine > closest[article][0]:
                closest[article] = (cosine, other)
        best: dict[str, tuple[float, int]] = {}
        for article, (cosine, other) in closest.items():
            other_figures = _figures(terms[other])
            # two reports giving different figures are two facts, however alike in meaning
            if figures and other_figures and not figures & other_figures:
                continue
            if cosine >= cfg.threshold:
                best[article] = (cosine, other)
        found.append(best)
    return found


def _closest_in_terms(
    row: int, reported: Sequence[int], terms: dict[int, set[str]], analysis: Analysis
) -> list[int]:
    """The reported sentences of the other articles that share the most content terms with
    ``row`` (at least ``_MIN_SHARED_TERMS``): ``_COMPARED_PER_ARTICLE`` per article."""
    by_article: dict[str, list[tuple[int, int]]] = {}
    own = analysis.sentences[row].article_id
    for i in reported:
        shared = len(terms[row] & terms[i])
        article = analysis.sentences[i].article_id
        if shared >= _MIN_SHARED_TERMS and article != own:
            by_article.setdefault(article, []).append((-shared, i))
    return [i for found in by_article.values() for _, i in sorted(found)[:_COMPARED_PER_ARTICLE]]


def attribute(
    chosen: Sequence[Sentence],
    analysis: Analysis,
    cfg: AttributeSettings,
    encode: Encoder | None = None,
) -> tuple[BriefSentence, ...]:
    """Cite, for each chosen sentence, its own article and every other article carrying it.

    Citations are in the story's article order.

    Args:
        encode: the sentence encoder of the semantic matcher; default: the static model
            distilled from all-MiniLM-L6-v2, or the transformer in ``cfg.model_dir``
            (``newsfuse.embeddings``). Unused with the lexical matcher.
    """
    row_of = {(s.article_id, s.index): i for i, s in enumerate(analysis.sentences)}
    rows = [row_of[(s.article_id, s.index)] for s in chosen]
    carriers = [_lexical_carriers(row, analysis) for row in rows]
    similar: list[dict[str, tuple[float, int]]] = [{} for _ in rows]
    if cfg.matcher == "semantic" and rows:
        if encode is None:
            from newsfuse.embeddings import sentence_encoder

            encode = sentence_encoder(cfg.model_dir).encode
        similar = _similar(rows, [set(c) for c in carriers], analysis, cfg, encode)
    outlets = {a.id: (a.outlet or a.id) for a in analysis.story.articles}
    brief: list[BriefSentence] = []
    for sentence, row, best, alike in zip(chosen, rows, carriers, similar, strict=True):
        own = Citation(
            sentence.article_id,
            outlets[sentence.article_id],
            sentence.index,
            MatchKind.SELF,
            1.0,
            sentence.start,
            sentence.end,
        )
        citations = [own]
        for article_id, (score, other) in [*best.items(), *alike.items()]:
            cited = analysis.sentences[other]
            if article_id in alike:
                match, score = MatchKind.SIMILAR, round(score, 4)
            elif analysis.content_keys[other] == analysis.content_keys[row]:
                match, score = MatchKind.EXACT, 1.0
            else:
                match, score = MatchKind.NEAR, round(score, 4)
            citations.append(
                Citation(
                    article_id,
                    outlets[article_id],
                    cited.index,
                    match,
                    score,
                    cited.start,
                    cited.end,
                )
            )
        citations.sort(key=lambda c: analysis.article_order[c.article_id])
        brief.append(
            BriefSentence(sentence.text, sentence.article_id, sentence.index, tuple(citations))
        )
    return tuple(brief)


def _lexical_carriers(row: int, analysis: Analysis) -> dict[str, tuple[float, int]]:
    """Article -> (score, sentence row) of the reported sentence of each other article that
    best carries sentence ``row`` in shared terms (``Analysis.carry``)."""
    position = int(np.searchsorted(analysis.candidates, row))
    assert analysis.candidates[position] == row, "a brief sentence is always a candidate"
    scores = analysis.carry[position]
    own = analysis.sentences[row].article_id
    best: dict[str, tuple[float, int]] = {}
    for other in np.flatnonzero(scores > 0).tolist():
        cited = analysis.sentences[other]
        if cited.article_id == own or not _is_reported(cited):
            continue
        held = best.get(cited.article_id)
        if held is None or (scores[other], -other) > (held[0], -held[1]):
            best[cited.article_id] = (float(scores[other]), other)
    return best
