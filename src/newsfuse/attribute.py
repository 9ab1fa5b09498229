"""Attribution: each chosen sentence -> Citations to every article that carries its information.

For every other article, the sentence that best carries the chosen sentence's information
(``newsfuse.overlap``: an exact copy, a trimmed quote, or a paraphrase sharing the specific
terms of the sentence or of one of its clauses) is cited. Only what an outlet reports can be
cited: its headline or a line that ends like a sentence, not a photo caption or credit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse import textnorm
from newsfuse.analyse import Analysis
from newsfuse.models import BriefSentence, Citation, MatchKind, Sentence


def _is_reported(sentence: Sentence) -> bool:
    return sentence.index == 0 or textnorm.ends_like_sentence(sentence.text)


def attribute(chosen: Sequence[Sentence], analysis: Analysis) -> tuple[BriefSentence, ...]:
    """Cite, for each chosen sentence, its own article and every other article carrying it.

    Citations are in the story's article order.
    """
    position_of = {int(i): k for k, i in enumerate(analysis.candidates)}
    row_of = {(s.article_id, s.index): i for i, s in enumerate(analysis.sentences)}
    outlets = {a.id: (a.outlet or a.id) for a in analysis.story.articles}
    brief: list[BriefSentence] = []
    for sentence in chosen:
        row = row_of[(sentence.article_id, sentence.index)]
        scores = analysis.carry[position_of[row]]
        best: dict[str, tuple[float, int]] = {}  # article -> (score, sentence row)
        for other in np.flatnonzero(scores > 0).tolist():
            cited = analysis.sentences[other]
            if cited.article_id == sentence.article_id or not _is_reported(cited):
                continue
            held = best.get(cited.article_id)
            if held is None or (scores[other], -other) > (held[0], -held[1]):
                best[cited.article_id] = (float(scores[other]), other)
        citations = [
            Citation(
                sentence.article_id,
                outlets[sentence.article_id],
                sentence.index,
                MatchKind.SELF,
                1.0,
                sentence.start,
                sentence.end,
            )
        ]
        for article_id, (score, other) in best.items():
            exact = analysis.content_keys[other] == analysis.content_keys[row]
            cited = analysis.sentences[other]
            citations.append(
                Citation(
                    article_id,
                    outlets[article_id],
                    cited.index,
                    MatchKind.EXACT if exact else MatchKind.NEAR,
                    1.0 if exact else round(score, 4),
                    cited.start,
                    cited.end,
                )
            )
        citations.sort(key=lambda c: analysis.article_order[c.article_id])
        brief.append(
            BriefSentence(sentence.text, sentence.article_id, sentence.index, tuple(citations))
        )
    return tuple(brief)
