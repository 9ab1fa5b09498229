"""Brief -> JSON object (the schema documented in the README; keys are never renamed)."""

from __future__ import annotations

import json
from typing import Any

from newsfuse.models import Brief


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain data.

    ``id``, ``articles`` (``id``, ``source``, ``title``, ``words``, ``dropped_lines``),
    ``summary`` and ``sentences`` (``text``, ``article``, ``sources``) are the stable core;
    the other keys add detail.
    """
    return {
        "id": brief.story_id,
        "articles": [
            {
                "id": a.id,
                "source": a.outlet or a.id,
                "title": a.title,
                "url": a.url,
                "published": a.published,
                "author": a.author,
                "language": a.language,
                "copy_of": brief.copy_of(a.id),
                "words": a.word_count,
                "dropped_lines": [
                    {"line": d.line, "text": d.text, "reason": d.reason} for d in a.dropped
                ],
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


def render_json(brief: Brief, *, indent: int | None = 2) -> str:
    """Deterministic JSON text: sorted keys, no timestamps."""
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, sort_keys=True, indent=indent)
