import pytest

from newsfuse.clean import clean, reflow
from newsfuse.load import load_story, story_from_multinews
from newsfuse.models import Article
from newsfuse.settings import CleanSettings

CFG = CleanSettings()
# The hand-written rules alone: they still clean extracted pages and are the classifier's
# features (and the precise ones its verdicts) on scraped text.
RULES = CleanSettings(model=False)


def _clean(text: str, cfg: CleanSettings = CFG) -> Article:
    return clean(Article(id="a", text=text), cfg)


def test_a_dated_story_sentence_is_not_a_caption():
    text = (
        "The council voted on Tuesday to approve the new budget after a long debate.\n"
        "The storm hit New York on Monday, Oct. 29, 2012, and flooded the subway tunnels."
    )
    assert _clean(text).dropped == ()


def test_text_without_line_breaks_loses_its_clutter_sentences_only():
    notice = (
        "The seed for this crawl was a list of every host in the Wayback Machine This crawl "
        "was run at a level 1 The WARC files are not currently available to the general public."
    )
    story = " ".join(
        f"Microsoft said on day {n} that its purchase of Nokia's phone unit would help it "
        "compete with Apple and Google in smartphones, according to a presentation."
        for n in range(25)
    )
    caption = "Hide Caption 2 of 76 Photos: Emotions run high in Ferguson."
    widget = "JUST WATCHED Chief: Officer maybe saw stolen cigars Replay More Videos ..."
    own = "Voters can sign up for the plan, she said."  # a "share prompt" as a line
    cleaned = _clean(f"{notice} {story} {caption} {own} {widget} {story}")
    assert [(d.text, d.reason) for d in cleaned.dropped] == [
        (notice, "system message"),
        (caption, "photo caption"),
        (widget, "teaser link"),
    ]
    assert cleaned.text == f"{story} {own} {story}"
    # a paragraph of ordinary length is judged as a whole, as before
    assert _clean(f"{notice} {story[:300]}").text == ""


def test_extracted_page_loses_agency_copyright_keeps_its_own():
    body = "The council voted on Tuesday to approve the new budget after a long debate."
    agency = "Copyright 2011 The Associated Press. All rights reserved."
    own = "Copyright © 2015, Eklektix, Inc."
    text = f"{body}\n{agency}\n{own}"
    page = clean(Article(id="p", text=text, source_format="html"), CFG)
    assert [(d.text, d.reason) for d in page.dropped] == [(agency, "copyright")]
    assert own in page.text.splitlines()
    # scraped plain text has no structure to tell a page's footer from its body: both go
    assert {d.text for d in _clean(text).dropped} == {agency, own}


def test_clean_rules_drop_example_clutter_keep_headline_dateline(example_dir):
    story = load_story([example_dir])
    cleaned = {a.id: clean(a, RULES) for a in story.articles}
    aj, cbs = cleaned["aljazeera"], cleaned["cbsnews"]
    for clutter in ("[QODLink]", "Click here for more", "Topics in this article", "Featured on"):
        assert clutter not in aj.text
    for clutter in ("Watch CBSN Live", "View CBS News In", "ICC confirms indirect talks"):
        assert clutter not in cbs.text
    assert "NATO announces end of Libya mission" not in cbs.text  # related headline inside CBS
    assert aj.title == "NATO announces end of Libya mission"
    assert cbs.title == "NATO ending 7-month mission in Libya"
    assert cbs.text.splitlines()[0] == "NATO ending 7-month mission in Libya"
    assert "BRUSSELS - NATO will end Monday" in cbs.text
    assert "Col. Roland Lavoie" in cbs.text
    assert aj.text.rstrip().endswith("focus on the bigger war in Afghanistan.")
    reasons = {d.reason for d in cbs.dropped}
    assert reasons == {"promo", "teaser list", "media label"}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Advertisement Continue reading the main story", "promo"),
        ("Story Continued Below", "promo"),
        ("Play Video", "media label"),
        ("Sign up now for the Us Weekly newsletter to get breaking news", "share prompt"),
        ("Read or Share this story: https://usat.ly/2uhBJtw", "share prompt"),
        ("Alexandra Wyman/Getty Images", "photo credit"),
        ("By Lauren Lipuma", "byline"),
        ("Published on May 20, 2016", "timestamp"),
        ("___", "separator"),
        ("lhuriash@tribpub.com or 954-572-2008", "contact"),
        ("MORE: Joe Montana sues the developers", "teaser link"),
        ("[Putin denies that Russia hacked the DNC]", "teaser link"),
        (
            "JUST WATCHED Chief: Officer maybe saw stolen cigars Replay More Videos ...",
            "teaser link",
        ),
        ("For Date Night, Amanda Seyfried Took Her Husband To The Bache...", "teaser link"),
        ("Click for more from Army Times.", "share prompt"),
        ("Tweet with a location", "embedded post"),
        (
            "Skip Twitter post by @MorganGodfery Jacinda Ardern arrived in her own car.",
            "embedded post",
        ),
        (
            "New Zealand, remain your understated self. — Morgan Godfery (@MorganGodfery) June "
            "21, 2018 Report",
            "embedded post",
        ),
        ("To do so, read more on our free speech Topic page.", "share prompt"),
        (
            "The WARC files associated with this crawl are not currently available to the "
            "general public.",
            "system message",
        ),
        ("You must log in to continue.", "system message"),
        ("Copyright 2018 The Associated Press. All rights reserved.", "copyright"),
        (
            "Security guards chat at an entrance of the hospital in Beijing Monday, May 7, 2012.",
            "photo caption",
        ),
        (
            "Sea water floods the site, Monday, Oct. 29, 2012, in New York. Sandy... (Associated "
            "Press)",
            "photo caption",
        ),
        (
            "People have taken to social media to address the death of the girl. (Jamie Hower "
            "Brozman via Facebook)",
            "photo caption",
        ),
        ("A poster ad for the visit is seen in Warsaw on July 2. (Photo: AP)", "photo caption"),
        ("The exterior of the hotel is seen on March 18, 2014. (File/FOX5)", "photo caption"),
        ("The speaker urged passage of the bill at a news conference. (AP)", "photo caption"),
    ],
)
def test_clean_line_rules(line, reason):
    body = (
        "The council voted on Tuesday to approve the new budget after a long debate in the chamber."
    )
    text = f"{body}\n{line}\n{body} It passed."
    assert [(d.text, d.reason) for d in _clean(text, RULES).dropped] == [(line, reason)]
    # with the classifier: the line goes for the same reason; next to a crawler or login
    # notice, two sentences are not an article: the document goes whole
    dropped = [(d.text, d.reason) for d in _clean(text).dropped]
    assert (line, reason) in dropped
    others = {r for t, r in dropped if t != line}
    assert others == ({"junk document"} if reason == "system message" else set())


def test_clean_keeps_sentences_that_only_mention_clutter_words():
    text = (
        "The senator said she would subscribe to the plan if the committee agreed to amend it first, "
        "and she urged colleagues to read more about the proposal before the vote on Thursday.\n"
        "Anyone with information can call the police department at (213) 486-6890.\n"
        "The photos were posted on Facebook (the family's page) and shared widely, police said."
    )
    assert _clean(text).dropped == ()


def test_clean_rules_keep_single_subhead_drop_teaser_run():
    body = "Officials said the storm damaged more than 200 homes along the coast over the weekend."
    text = f"Title Of The Story\n{body}\nRecovery efforts\n{body}\nOther headline one\nOther headline two\n{body}"
    article = _clean(text, RULES)
    assert "Recovery efforts" in article.text
    assert [d.reason for d in article.dropped] == ["teaser list", "teaser list"]


def test_clean_trailing_block_needs_body_before_it():
    body = "Officials said the storm damaged more than 200 homes along the coast over the weekend."
    article = _clean(
        f"{body}\n{body}\nRelated stories\nSomething else entirely happened here today."
    )
    assert "Something else" not in article.text
    early = _clean(f"Related stories\n{body}")
    assert body in early.text


def test_reflow_joins_hard_wrapped_newswire():
    wrapped = (
        "\t   LONDON (AP) _ An influential lawmaker from the governing Labor\n"
        "Party on Saturday backed Spanish requests to question former\n"
        "Chilean dictator Gen. Augusto Pinochet, in London for back surgery,\n"
        "on allegations of genocide and terrorism.\n"
        "\t   Pinochet, 82, who underwent surgery for a herniated disc a week\n"
        "ago, was reported to have left London Bridge Hospital earlier.\n"
    )
    lines = reflow(wrapped).split("\n\n")
    assert len(lines) == 2
    assert lines[0].startswith("LONDON (AP) _ An influential") and lines[0].endswith("terrorism.")
    plain = "One paragraph per line.\nAnother paragraph here."
    assert reflow(plain) == plain


@pytest.mark.slow
def test_clean_generalises_on_multinews_sources(multinews_rows):
    known_clutter = (
        "Advertisement Continue reading the main story",
        "Tweet with a location",
        "Story Continued Below",
        "These crawls are part of an effort",
        "Read or Share this story",
    )
    kept_words = total_words = 0
    for row in multinews_rows:
        story = story_from_multinews(row["document"], row["row_id"])
        for article in story.articles:
            cleaned = clean(article, CFG)
            for clutter in known_clutter:
                assert clutter not in cleaned.text, (row["row_id"], clutter)
            total_words += article.word_count
            kept_words += cleaned.word_count
            # a paragraph of 40+ words only goes as a credit, a copyright line, a photo caption, a share prompt, an embed, a
            # crawler notice or part of a trailing block, never by a short-furniture rule
            for dropped in cleaned.dropped:
                if len(dropped.text.split()) >= 40:
                    assert dropped.reason.startswith(
                        (
                            "trailing",
                            "embedded",
                            "system",
                            "credit",
                            "copyright",
                            "share",
                            "photo caption",
                        )
                    ), dropped
    assert 0.9 < kept_words / total_words < 1.0


def test_a_long_embedded_post_goes_whole():
    # The BBC's markup: the label, then the post's text in the same paragraph
    post = (
        "Skip Twitter post by @MorganGodfery Jacinda Ardern arrived at hospital in her own car, "
        "with Clarke driving. No Crown limo or special ambulance. Her baby was delivered in a "
        "public hospital alongside everyone else's. No private hospital. No extra attention."
    )
    body = (
        "The prime minister gave birth to a daughter on Thursday, her office said in a statement."
    )
    cleaned = _clean(f"{body}\n{post}\n{body} She is well.")
    assert [(d.text, d.reason) for d in cleaned.dropped] == [(post, "embedded post")]
