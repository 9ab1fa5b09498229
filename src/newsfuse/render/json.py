"""Brief -> JSON object (the schema documented in the README; keys are never renamed)."""

from __future__ import annotations

import json
from typing import Any

from newsfuse.models import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Fact,
    FactLabel,
    MatchKind,
    Mention,
    Story,
)


def article_metadata(article: Article) -> dict[str, Any]:
    """An article's id, outlet (``source``) and page metadata, as every output shows them."""
    return {
        "id": article.id,
        "source": article.outlet or article.id,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "author": article.author,
        "language": article.language,
    }


def dropped_lines(article: Article) -> list[dict[str, Any]]:
    """The lines the clean stage removed, with why: ``{"line", "text", "reason"}``."""
    return [
        {"line": d.line, "text": d.text, "reason": d.reason, "confidence": d.confidence}
        for d in article.dropped
    ]


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain data.

    ``id``, ``articles`` (``id``, ``source``, ``title``, ``words``, ``dropped_lines``),
    ``summary`` and ``sentences`` (``text``, ``article``, ``sources``) are the stable core;
    the other keys add detail.
    """
    data: dict[str, Any] = {
        "id": brief.story_id,
        "articles": [
            {
                **article_metadata(a),
                "copy_of": brief.copy_of(a.id),
                "words": a.word_count,
                "dropped_lines": dropped_lines(a),
            }
            for a in brief.story.articles
        ],
        "summary": brief.text,
        "sentences": [
            {
                "text": s.text,
                "article": s.article_id,
                "sources": list(s.source_ids),
                "citations": [
                    {
                        "article": c.article_id,
                        "source": c.outlet,
                        "sentence": c.sentence_index,
                        "match": c.match.value,
                        "score": c.score,
                        "start": c.start,
                        "end": c.end,
                    }
                    for c in s.citations
                ],
            }
            for s in brief.sentences
        ],
        "facts": [
            {
                "kind": f.kind,
                "label": f.label.value,
                "value": f.value,
                "speaker": f.speaker,
                "mentions": [
                    {"article": m.article, "text": m.text, "start": m.start, "end": m.end}
                    for m in f.mentions
                ],
            }
            for f in brief.facts
        ],
        "words": brief.word_count,
        "budget_words": brief.budget_words,
        "provenance": dict(brief.provenance),
    }
    if brief.since:  # keys of update and query-focused briefs only: generic output unchanged
        data["since"] = list(brief.since)
        data["notice"] = brief.notice
        for item, sentence in zip(data["sentences"], brief.sentences, strict=True):
            item["earlier"] = [_earlier(m, brief) for m in sentence.earlier]
    if brief.query:
        data["query"] = brief.query
    return data


def _earlier(mention: Mention, brief: Brief) -> dict[str, Any]:
    """An earlier report's value of a changed figure: its wording, article, outlet and date."""
    article = brief.story.article(mention.article)
    return {
        "article": mention.article,
        "source": article.outlet or article.id,
        "published": article.published,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
    }


def render_json(brief: Brief, *, indent: int | None = 2) -> str:
    """Deterministic JSON text: sorted keys, no timestamps."""
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, sort_keys=True, indent=indent)


def brief_from_dict(data: dict[str, Any], story: Story) -> Brief:
    """The inverse of ``brief_to_dict``, given the story with its *cleaned* articles (which
    the JSON does not hold): ``brief_from_dict(brief_to_dict(b), b.story) == b``.

    Stored briefs (the web app's) are read back with it instead of being recomputed.
    """
    sentences = []
    for item in data["sentences"]:
        citations = tuple(
            Citation(
                c["article"],
                c["source"],
                c["sentence"],
                MatchKind(c["match"]),
                c["score"],
                c.get("start", 0),
                c.get("end", 0),
            )
            for c in item["citations"]
        )
        own = next(c for c in citations if c.article_id == item["article"])
        earlier = tuple(
            Mention(m["article"], m["text"], m["start"], m["end"]) for m in item.get("earlier", ())
        )
        sentences.append(
            BriefSentence(item["text"], item["article"], own.sentence_index, citations, earlier)
        )
    order = {a["id"]: n for n, a in enumerate(data["articles"])}
    groups: dict[str, list[str]] = {}
    for article in data["articles"]:
        if article.get("copy_of"):
            groups.setdefault(article["copy_of"], [article["copy_of"]]).append(article["id"])
    facts = tuple(
        Fact(
            f["kind"],
            FactLabel(f["label"]),
            f["value"],
            tuple(Mention(m["article"], m["text"], m["start"], m["end"]) for m in f["mentions"]),
            f.get("speaker"),
        )
        for f in data["facts"]
    )
    return Brief(
        story=story,
        sentences=tuple(sentences),
        budget_words=data["budget_words"],
        provenance=dict(data["provenance"]),
        copies=tuple(tuple(g) for g in sorted(groups.values(), key=lambda g: order[g[0]])),
        facts=facts,
        since=tuple(data.get("since", ())),
        query=data.get("query"),
    )
