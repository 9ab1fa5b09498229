"""The HTML pages, rendered on the server: form, story page, escaping, errors."""

from __future__ import annotations

import re

from newsfuse.render import render_markdown
from newsfuse.web.view import story_view


def _form_create(client, texts, **fields):
    response = client.post(
        "/stories", data={"text": texts, "source": [""] * len(texts), **fields},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_form_creates_a_story_and_its_page_shows_the_cited_brief(client, example_texts):
    location = _form_create(client, example_texts, title="NATO and Libya")
    page = client.get(location)
    assert page.status_code == 200
    html = page.text
    assert "<h1>NATO and Libya</h1>" in html
    # both outlets' colours are used by citation markers, each with its supporting sentence
    assert re.search(r'class="cite src-0"', html) and re.search(r'class="cite src-1"', html)
    assert 'role="tooltip"' in html and "fully complied with the historic mandate" in html
    # the reports, cleaned, with the sentences the brief uses marked and linked from markers
    anchors = re.findall(r'href="#(s-a\d-\d+)"', html)
    assert anchors and all(f'id="{a}"' in html for a in anchors)
    assert "Across the outlets" in html and "Counted differently" in html
    assert "dropped as clutter" in html
    assert "Watch Al Jazeera" not in html.split("The reports, cleaned")[0]
    listing = client.get("/").text
    assert "NATO and Libya" in listing


def test_story_view_matches_the_markdown_brief(store, example_texts):
    from newsfuse.load import make_article

    story_id = store.create_story([make_article(t) for t in example_texts])
    brief = store.brief(story_id, 120)
    view = story_view(brief)
    markdown = render_markdown(brief)
    for line in view.lines:
        numbers = "".join(f"[{m.number}]" for m in line.markers)
        assert f"{line.text} {numbers}" in markdown
        for marker in line.markers:
            assert marker.quote in brief.story.article(f"a{marker.number}").text
    used = [s for a in view.articles for s in a.spans if s.anchor]
    assert sum(s.copied for s in used) == len(view.lines)
    for article in view.articles:  # the spans give back the cleaned text exactly
        assert "".join(s.text for s in article.spans) == article.article.text


def test_article_text_is_escaped(client, example_texts):
    evil = (
        "Officials said the harbour bridge would reopen on Friday after repairs. "
        "<script>document.title='pwned'</script> <img src=x onerror=alert(1)> "
        "The work cost more than $2 million, the city said."
    )
    location = _form_create(client, [evil, example_texts[0]], title="<b>bold</b> title")
    html = client.get(location).text
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; title" in client.get("/").text


def test_form_errors_show_the_form_again_with_the_input(client):
    response = client.post("/stories", data={"text": ["  "], "title": "kept title"})
    assert response.status_code == 422
    assert "no article given" in response.text and 'value="kept title"' in response.text
    refused = client.post("/stories", data={"urls": "not a url", "text": ["my pasted report"]})
    assert refused.status_code == 422 and "not an http(s) URL" in refused.text
    assert "my pasted report" in refused.text  # nothing the user typed is lost


def test_add_reports_and_delete_through_forms(client, example_texts):
    location = _form_create(client, example_texts[:1])
    story_id = location.rsplit("/", 1)[1]
    added = client.post(
        f"{location}/articles", data={"text": [example_texts[1]]}, follow_redirects=False
    )
    assert added.status_code == 303
    assert 'class="cite src-1"' in client.get(location).text
    deleted = client.post(f"{location}/delete", follow_redirects=False)
    assert deleted.status_code == 303 and deleted.headers["location"] == "/"
    missing = client.get(location, headers={"accept": "text/html"})
    assert missing.status_code == 404 and f"no story &#39;{story_id}&#39;" in missing.text


def test_word_budget_on_the_page(client, example_texts):
    location = _form_create(client, example_texts)
    short = client.get(location, params={"words": 40}).text
    long = client.get(location, params={"words": 300}).text
    assert short.count('class="sentence"') < long.count('class="sentence"')
    assert '<option value="300" selected>' in long


def test_static_files_and_no_external_resources(client, example_texts):
    location = _form_create(client, example_texts)
    for path in ("/", "/stories/new", location):
        html = client.get(path).text
        for url in re.findall(r'(?:src|href)="([^"#]+)"', html):
            assert url.startswith("/"), url  # everything is served by the app itself
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_story_view_words_every_kind_of_citation(store, example_texts):
    from dataclasses import replace

    from newsfuse.load import make_article
    from newsfuse.models import MatchKind

    story_id = store.create_story([make_article(t) for t in example_texts])
    brief = store.brief(story_id, 120)
    # every kind a citation can have, the semantic matcher's included, is worded on the page
    first = brief.sentences[0]
    own = next(c for c in first.citations if c.match is MatchKind.SELF)
    other = next(
        c for s in brief.sentences for c in s.citations if c.article_id != first.article_id
    )
    cited = [replace(other, match=kind) for kind in MatchKind if kind is not MatchKind.SELF]
    sentences = [replace(first, citations=(own, citation)) for citation in cited]
    view = story_view(replace(brief, sentences=tuple(sentences)))
    wording = [line.markers[-1].match for line in view.lines]
    assert wording == ["same words in", "same information in", "similar meaning in"]
