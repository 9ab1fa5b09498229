"""Cleaning scraped plain text: Article -> Article with page clutter removed.

Steps, in order:

1. Re-flow hard-wrapped text (newswire files wrap paragraphs at ~70 columns) so that each
   paragraph is one line.
2. Classify each line by its own form: promos ("Advertisement", "Watch CBSN Live"), share and
   subscribe prompts, media labels ("Photo", "Play Video"), photo credits, bylines,
   timestamps, separators, contact lines, teaser links ("MORE: ...", "[...]"), embedded posts,
   crawler and system messages.
3. Use the lines' order: page navigation before the headline goes; the headline (first short
   line before the body) becomes the title when none is known; a run of short, unpunctuated
   lines inside the body is a list of related headlines; a trailing-block marker ("Topics in
   this article", "Related stories") once most of the body is behind ends the article.

White space is normalised (no-break spaces become spaces). Headline, standfirst, dateline
("BRUSSELS -") and body stay. Every dropped line is recorded
with its reason, which ``newsfuse summarize --explain`` prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np

from newsfuse.linemodel import (
    FEATURES,
    LONG_ARTICLE_WORDS,
    REPORTING,
    LineModel,
    StoryContext,
    contains_any,
    kind_of,
    line_features,
    shipped_model,
    story_context,
)
from newsfuse.models import Article, DroppedLine
from newsfuse.settings import CleanSettings
from newsfuse.textnorm import STOPWORDS

_I = re.IGNORECASE

# (reason, pattern, max words): a line matching the pattern with at most that many words goes.
_LINE_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("separator", re.compile(r"^[\W_]+$"), 99),
    (
        "promo",
        re.compile(
            r"^(advertisement|advertising|ad|sponsored( content)?|story continued below|"
            r"continue reading( the main story| below)?|advertisement\W*continue reading.*|"
            r"\W*(watch|listen)\b.*\blive\W*|live (now|updates?))$",
            _I,
        ),
        8,
    ),
    (
        "media label",
        re.compile(
            r"^[-–—•*›»|\s]*(photos?|videos?|images?|audio|gallery|slideshow|graphic|interactive|enlarge\b.*|"
            r"view (gallery|photos?|slideshow)|play( video| facebook| twitter)?|replay|close|"
            r"share( this( article| story)?)?|tweet|e-?mail|print|save|comments?|\d+ comments?|"
            r"twitter|facebook|instagram|linkedin|whatsapp|reddit|pinterest|youtube|"
            r"view \w+( \w+)? in|skip( to)? (ad|content|main content)|menu|search|home|"
            r"hide caption|toggle caption|caption|expand|collapse|next|previous|"
            r"related gallery|now playing|\d+ of \d+|\(\d+ of \d+\))\W*$",
            _I,
        ),
        5,
    ),
    (
        "share prompt",
        re.compile(
            r"\b(newsletter|follow us|share (this|on)|read or share this story|"
            r"breaking news (emails|alerts)|download (our|the) app|(click|tap) (here|for more)|"
            r"like us on facebook|join the conversation|daily (email|digest)|"
            r"can be (followed|reached) (at|on)|on twitter at|read more (on|at) our\b)",
            _I,
        ),
        40,
    ),
    # Words a story sentence may use too ("urged residents to sign up"): short lines only.
    (
        "share prompt",
        re.compile(
            r"\b(subscribe|sign up|get (breaking|the latest|our)|follow (@\w+|\w+( \w+)? on))", _I
        ),
        12,
    ),
    (
        "photo credit",
        re.compile(
            r"(getty images|ap photo|afp photo|reuters/|/reuters|/ap\b|\bap/|/afp\b|afp/|"
            r"^(photo|image|picture|credit)s?\s*(:|by\b|courtesy\b|copyright\b)|"
            r"photo (by|credit|courtesy)|"
            r"images? courtesy|image copyright|\(photo\b|\bfile photo\)|shutterstock|"
            r"/getty\b)",
            _I,
        ),
        16,
    ),
    (
        "credit",
        re.compile(
            r"\band agencies\W*$|^\W*(with )?(additional )?reporting by\b|^sources?\s*:|"
            r"(article|story|post) (was )?originally (published|appeared)|"
            r"originally (published|appeared) (at|on|by)\b|republished with permission|"
            r"^\((credit|photo|image|source)\b.*\)\W*$",
            _I,
        ),
        40,
    ),
    (
        "copyright",
        re.compile(
            r"all rights reserved|this material may not be|copyright \d{4}|©|\(c\) \d{4}", _I
        ),
        40,
    ),
    # A line that is only a short parenthesis: a caption's credit on a flattened page
    # ("(Metropolitan Nashville Police Department)"); on an extracted page, code or an aside.
    ("caption", re.compile(r"^\([^.!?,;]{3,80}\)\W*$"), 12),
    ("byline", re.compile(r"^(?i:by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}\s*(,.*|\|.*)?$"), 12),
    (
        "timestamp",
        re.compile(
            r"^((last )?(modified|updated)|published|posted|first published|created)\b[^.!?]*\d"
            r"|^\W*\d{1,2}[ /.-]\w{3,9}[ /.-]\d{2,4}([ ,T]+\d{1,2}:\d{2}\w*)?\W*$"
            r"|^\W*\w{3,9}\.? \d{1,2},? \d{4}(,? \d{1,2}:\d{2}.*)?\W*$",
            _I,
        ),
        12,
    ),
    ("contact", re.compile(r"\w@[\w-]+\.\w|^[^.!?]*\(?\d{3}\)?[ .-]\d{3}-\d{4}[^.!?]*$"), 14),
    ("link", re.compile(r"https?://|www\.\w|\b\w+\.(com|org|net|ly)/\S", _I), 16),
    (
        "teaser link",
        re.compile(
            r"^(more|read more|related|read|see also|also|watch|video|photos?|pictures|"
            r"interactive( map)?|in (pictures|graphics)|quiz|listen|opinion|live updates|"
            r"recommended|trending|bonus|full list|top stories|latest|read more about|story)\s*:"
            r"|^[\[(](also|quiz|photos?|video|read|related|more|see|watch|listen)\b.*[\])]\W*$"
            r"|^\[[^\]]+\]\W*$",
            _I,
        ),
        25,
    ),
    ("teaser link", re.compile(r"^[A-Z]{3,}( [A-Z]{2,})?:\s"), 25),  # "INTERACTIVE MAP: ..."
    # a video player's labels: "JUST WATCHED Chief: Officer maybe saw stolen cigars Replay
    # More Videos ...", "MUST WATCH"
    ("teaser link", re.compile(r"^(JUST WATCHED|MUST WATCH)\b|\bReplay More Videos\b"), 25),
    # a headline cut short, in title case: "For Date Night, Amanda Seyfried Took Her Husband To
    # The Bache..."
    (
        "teaser link",
        re.compile(r"^[\W\d]*[A-Z][\w'’]*(?:,?\s+(?:[A-Z\d][\w'’,:-]*)){3,}(?:\.\.\.|…)$"),
        15,
    ),
    (
        "embedded post",
        re.compile(
            r"pic\.twitter\.com|tweet with a location|location information to your tweets|"
            r"—\s*.{0,60}\(@\w+\)\s*\w+ \d{1,2}, \d{4}(\s+report)?\W*$|"
            r"embed(ded)? (this )?(tweet|post|video)|^\d+ (likes?|retweets?|views)\b|"
            r"^skip (twitter|instagram|facebook|youtube) post by",
            _I,
        ),
        80,
    ),
    (
        "system message",
        re.compile(
            r"(these crawls are part of an effort|wayback machine|internet archive|"
            r"this crawl was run at|warc files associated with|donating their crawl data|"
            r"you must (log|sign) in to continue|"
            r"javascript (is )?(disabled|required)|enable javascript|your browser does not|"
            r"(update|upgrade) your browser|enable cookies|"
            r"this page (is no longer|has been removed)|"
            r"page not found|404 not found|sorry, (this|the) (page|video|content)|"
            r"we've noticed that|ad ?blocker)",
            _I,
        ),
        200,  # crawler notices run to a long paragraph
    ),
)

# Markers of the furniture after a story; once most of the body is behind one, the rest goes.
_TRAILING_MARKER = re.compile(
    r"^(topics in this (article|story)|featured( on .{1,40})?|related( (stories|articles|"
    r"coverage|content|links|news|topics|videos))?|more (from|on|stories|news|in)\b.{0,40}|"
    r"most (popular|read|viewed|shared)|recommended( for you| stories)?|"
    r"you (may|might) also (like|be interested in)|trending( now| stories)?|"
    r"also on .{1,40}|popular on .{1,40}|sponsored (content|stories|links)|around the web|"
    r"from (the web|our partners)|latest (news|stories|headlines)|editor'?s picks|"
    r"top stories|read next|what to read next|further reading|keep reading|more headlines)\W*$",
    _I,
)

# No-break, thin and zero-width spaces from HTML (&nbsp; after every sentence on some sites)
# become plain spaces, and runs of spaces one space, so quoted text reads and matches normally.
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]")
# (the regex runs only on a text holding one of them: a test for each character costs a
# tenth of the regex's pass over a text without any)
_ODD_SPACES = ("\u00a0", *map(chr, range(0x2000, 0x200C)), "\u202f", "\u205f", "\u3000", "\ufeff")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_FINAL_PUNCT = re.compile(r"[.!?:;\"”’')\]]\s*$")
_BODY_MIN_WORDS = 12
_HEADLINE_MIN_WORDS = 3
_HEADLINE_MAX_WORDS = 25
_NAV_MAX_WORDS = 2
# Hard-wrapped text: most long lines end near the same column and the longest stays short.
_WRAP_MAX_LINE = 100
_WRAP_MIN_SHARE = 0.6


def _is_short_unpunctuated(line: str, n_words: int, max_words: int) -> bool:
    return n_words <= max_words and not _FINAL_PUNCT.search(line)


# re.IGNORECASE doubles the cost of these alternations; matching the lower-cased line with
# patterns compiled without it gives the same answers at half the cost (measured on the 4,645
# Multi-News source lines). Case-sensitive rules (bylines, ALL-CAPS labels) see the line as is.
# The costliest rules run only on lines (lower-cased) holding a literal that any match of
# theirs must contain (each ~0.1 ms a story otherwise, on Multi-News): (reason, a piece of the
# rule's pattern that tells it from the other rules of that reason, the literals).
_HINTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "photo credit",
        "",
        (
            "getty",
            "photo",
            "image",
            "picture",
            "credit",
            "reuters",
            "/ap",
            "ap/",
            "afp",
            "shutterstock",
            "courtesy",
        ),
    ),
    (
        "credit",
        "",
        (
            "agencies",
            "reporting by",
            "source",
            "originally",
            "republished",
            "(credit",
            "(photo",
            "(image",
        ),
    ),
    ("copyright", "", ("rights reserved", "material may", "copyright", "©", "(c)")),
    ("contact", "", ("@", "-")),
    (
        "share prompt",
        "newsletter",
        (
            "newsletter",
            "follow us",
            "share this",
            "share on",
            "breaking news emails",
            "breaking news alerts",
            "download our app",
            "download the app",
            "click here",
            "click for more",
            "tap here",
            "tap for more",
            "like us on facebook",
            "join the conversation",
            "daily email",
            "daily digest",
            "can be followed",
            "can be reached",
            "on twitter at",
            "read more on our",
            "read more at our",
        ),
    ),
    ("share prompt", "subscribe", ("subscribe", "sign up", "get ", "follow ")),
    ("link", "", ("http", "www.", ".com/", ".org/", ".net/", ".ly/")),
    ("teaser link", "JUST WATCHED", ("watch", "replay more videos")),
    (
        "embedded post",
        "",
        (
            "pic.twitter.com",
            "tweet with a location",
            "location information",
            "(@",
            "embed",
            " like",
            " retweet",
            " view",
            "skip ",
        ),
    ),
    (
        "system message",
        "",
        (
            "crawl",
            "wayback",
            "internet archive",
            "warc",
            "you must",
            "javascript",
            "browser",
            "cookies",
            "this page",
            "not found",
            "sorry",
            "noticed",
            "blocker",
        ),
    ),
)


def _hints(reason: str, pattern: str) -> tuple[str, ...] | None:
    return next((h for r, piece, h in _HINTS if r == reason and piece in pattern), None)


_FAST_RULES: tuple[tuple[str, re.Pattern[str], int, bool, tuple[str, ...] | None], ...] = tuple(
    (
        reason,
        re.compile(p.pattern) if p.flags & re.IGNORECASE else p,
        m,
        bool(p.flags & re.IGNORECASE),
        _hints(reason, p.pattern),
    )
    for reason, p, m in _LINE_RULES
)


# Story paragraphs are long and clutter is short, so a line of more than _LONG_LINE words
# (28 of 46 lines in the average Multi-News story) is checked only for the kinds of clutter
# that come long, by plain substring tests: the regex rules above cost ~40 us on such a line.
_LONG_LINE = 25
_LONG_SHARE_PROMPT = 60
# The rules that a line of n words (at most _LONG_LINE) can meet, in order.
_RULES_BY_WORDS: tuple[
    tuple[tuple[str, Callable[[str], re.Match[str] | None], bool, tuple[str, ...] | None], ...],
    ...,
] = tuple(
    tuple(
        (reason, pattern.search, on_lower, hints)
        for reason, pattern, max_words, on_lower, hints in _FAST_RULES
        if n_words <= max_words
    )
    for n_words in range(_LONG_LINE + 1)
)


_LONG_CREDIT_OPENINGS = (
    "originally published",
    "originally appeared",
    "this article originally",
    "this story originally",
    "this post originally",
)
_LONG_CREDIT_OPENING_CHARS = max(map(len, _LONG_CREDIT_OPENINGS))
_LONG_CLUTTER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("credit", ("republished with permission",)),
    (
        "copyright",
        (
            "all rights reserved",
            "this material may not be",
            "© 1",
            "© 2",
            "©1",
            "©2",
            "copyright 19",
            "copyright 20",
        ),
    ),
    (
        "share prompt",
        (
            "newsletter sign up",
            "sign up for our",
            "sign up for the",
            "subscribe to our",
            "read or share this story",
            "breaking news emails",
            "download our app",
            "click here",
            "tap here",
            "like us on facebook",
            "follow us on",
        ),
    ),
    (
        "embedded post",
        (
            "pic.twitter.com",
            "tweet with a location",
            "to your tweets",
            # the BBC's label opening an embedded post's text: "Skip Twitter post by @..."
            "skip twitter post by",
            "skip instagram post by",
            "skip facebook post by",
            "skip youtube post by",
        ),
    ),
    (
        "system message",
        (
            "these crawls are part of an effort",
            "wayback machine",
            "this crawl was run at",
            "warc files associated with",
            "donating their crawl data",
            "internet archive",
            "javascript is disabled",
            "enable javascript",
            "your browser does not",
            "enable cookies",
            "ad blocker",
            "adblocker",
            "we've detected that javascript",
        ),
    ),
)
# "— Morgan Godfery (@MorganGodfery) June 21, 2018", and "Report" after it on the BBC's pages
_TWEET_SIGNATURE = re.compile(r"—\s*.{0,60}\(@\w+\)\s*\w+ \d{1,2}, \d{4}(\s+Report)?\W*$")


# Words that several markers share: a marker is looked for only in a text holding its
# anchor (a text without "crawl" holds none of the three crawl notices); "©" alone is found
# twenty times quicker than "© 2".
_LONG_ANCHORS = (
    "©",
    "sign up",
    " post by",
    "crawl",
    "javascript",
    "copyright ",
    "blocker",
    "tweet",
)
_MARKER_ANCHOR = {
    marker: next((anchor for anchor in _LONG_ANCHORS if anchor in marker), "")
    for _, markers in _LONG_CLUTTER
    for marker in markers
}


def _long_clutter_in(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The long-clutter markers that occur anywhere in ``text`` (lower-cased): usually none,
    and then no long line needs a test at all."""
    found = []
    anchors: dict[str, bool] = {}  # ("" for a marker of its own: in every text)
    for reason, markers in _LONG_CLUTTER:
        present = []
        for marker in markers:
            anchor = _MARKER_ANCHOR[marker]
            if anchor not in anchors:
                anchors[anchor] = anchor in text
            if anchors[anchor] and marker in text:
                present.append(marker)
        if present:
            found.append((reason, tuple(present)))
    return tuple(found)


# On text extracted from a page, only what is clutter in any text goes: a URL, an e-mail
# address, a byline or a date line there is the page's own content (measured: dropping them
# cost 0.7 points of word recall against readability's expected outputs).
# Tweets and bracketed lines stay too: in a live blog or a web comic they are the content;
# so do "404 Not Found" lines: an extracted error page has no main text to begin with.
_HTML_REASONS = frozenset(
    {"promo", "share prompt", "credit", "copyright", "photo credit", "media label"}
)
# ... and of copyright lines only a wire agency's: "Copyright 2011 The Associated Press. All
# rights reserved. This material may not be published, broadcast..." is boilerplate on any
# page, while a page's own ("Copyright © 2015, Eklektix, Inc.", the licence of an RFC) is
# part of the page as its readers, and Readability's expected outputs, keep it.
_AGENCY_COPYRIGHT = re.compile(
    r"associated press|\bap\b|reuters|agence france|\bafp\b|bloomberg|\bupi\b|"
    r"united press|press association|\bdpa\b|\bpa media\b|\bcanadian press\b|"
    r"may not be (re)?(published|broadcast|rewritten|redistributed)"
)


# A news photo's caption gives the day it was taken in full: "Security guards chat at an
# entrance of the hospital ... in Beijing Monday, May 7, 2012." A story's own sentences give
# such a date after a preposition ("begins on Monday, Oct. 29, 2012"), a caption does not.
# Scraped gallery captions are cut short and tagged: "... the storm... (Associated Press)".
# (the look-ahead lets the engine skip to a weekday's first letter instead of trying the
# alternation everywhere)
_CAPTION_DATE = re.compile(
    r"(?=[MTWFS][a-z]{2,5}day)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
    r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+"
    r"(?:19|20)\d\d\b"
)
# Or it ends with the photo's credit: "... of Bedford. (Jamie Hower Brozman via Facebook)",
# "(Photo: AP)", "(U.S. Navy photo)", "(File/FOX5)", "... on Thursday. (AP)"; a story's own
# sentences end in their punctuation, not in a credit.
_PHOTO_CREDIT = re.compile(
    r"\((?:[^()]*?\b(?:[Pp]hotos?|Getty|[Cc]ourtesy|File|[Vv]ia (?:Facebook|Twitter|Instagram"
    r"|YouTube))\b[^()]*|Reuters|AFP|AP)\)$"
)
_WORD_BEFORE = re.compile(r"(\w+),?\s+$")
_CUT_CAPTION = re.compile(r"(?:\.\.\.|…)\s*\((?:Associated Pres|AP\b)[^()]*\)?\s*$")
_PREPOSITION_WORDS = "on for until till by since before after from through of to next last this at"
_DATE_PREPOSITIONS = frozenset(_PREPOSITION_WORDS.split())
_CAPTION_MAX_WORDS = 60


def _is_photo_caption(line: str, n_words: int) -> bool:
    if n_words > _CAPTION_MAX_WORDS:
        return False
    if line.startswith("Hide Caption") or (
        line.endswith((")", "Pres")) and _CUT_CAPTION.search(line)
    ):
        return True  # "Hide Caption 2 of 76 Photos: ...": a gallery flattened to text
    if line.endswith(")") and _PHOTO_CREDIT.search(line):
        return True
    found = _CAPTION_DATE.search(line) if "day" in line else None
    if found is None:
        return False
    before = _WORD_BEFORE.search(line, max(0, found.start() - 40), found.start())
    return before is not None and before.group(1).lower() not in _DATE_PREPOSITIONS


def _classify(
    line: str,
    n_words: int,
    long_clutter: tuple[tuple[str, tuple[str, ...]], ...] = _LONG_CLUTTER,
    reasons: frozenset[str] | None = None,
) -> str | None:
    if (reasons is None or "photo caption" in reasons) and _is_photo_caption(line, n_words):
        return "photo caption"
    if n_words > _LONG_LINE:
        # (a paragraph is lower-cased whole only when the text holds a marker: its opening
        # lower-cased is the whole's, for these ASCII openings, and a tenth of the cost)
        opening = line[:_LONG_CREDIT_OPENING_CHARS].lower()
        if opening.startswith(_LONG_CREDIT_OPENINGS) and (reasons is None or "credit" in reasons):
            return "credit"  # "Originally published at ...", at the start only
        lowered = line.lower() if long_clutter else ""
        for reason, markers in long_clutter:
            if reasons is not None and reason not in reasons:
                continue
            if reason == "share prompt" and n_words > _LONG_SHARE_PROMPT:
                continue  # "click here" inside a long paragraph is the paragraph's own words
            if any(marker in lowered for marker in markers) and _applies(reason, lowered, reasons):
                return reason
        if (reasons is None or "embedded post" in reasons) and "(@" in line:
            return "embedded post" if _TWEET_SIGNATURE.search(line) else None
        return None
    lowered = line.lower()
    for reason, search, on_lower, hints in _RULES_BY_WORDS[n_words]:
        if hints is not None:  # (contains_any written out: a call per rule costs a fifth more)
            for hint in hints:
                if hint in lowered:
                    break
            else:
                continue
        if reasons is not None and reason not in reasons:
            continue
        if search(lowered if on_lower else line) and _applies(reason, lowered, reasons):
            return reason
    return None


def _applies(reason: str, lowered: str, reasons: frozenset[str] | None) -> bool:
    """Whether a rule that matched drops the line: on a page, copyright lines only go when
    they are a wire agency's."""
    return reason != "copyright" or reasons is None or bool(_AGENCY_COPYRIGHT.search(lowered))


# Longer "paragraphs" are text whose line breaks were lost (the longest paragraph among the
# 9,179 lines of the Multi-News sources that are real paragraphs has ~250 words).
_PARAGRAPH_MAX_WORDS = 400
# Rules for short lines that sentences of running text also meet.
_RUNNING_TEXT_REASONS = frozenset({"copyright", "contact", "credit", "share prompt"})
_SENTENCE_GAP = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“(]?[A-Z])")


def _clean_run_on(
    line: str,
    line_no: int,
    long_clutter: tuple[tuple[str, tuple[str, ...]], ...],
    reasons: frozenset[str] | None,
) -> tuple[str, list[DroppedLine]]:
    """A run-on line without the sentences that the line rules drop, and those sentences.

    The cut is a rough one (at ". " before a capital): it only decides what goes; what
    stays is the line's own text, in order. A short sentence is judged as a line, except by
    the rules that a story's own sentences also meet (a copyright notation quoted, a phone
    number, "subscribe"): for those it is judged as a part of a paragraph."""
    kept: list[str] = []
    dropped: list[DroppedLine] = []
    for piece in _SENTENCE_GAP.split(line):
        n_words = len(piece.split())
        reason = _classify(piece, n_words, long_clutter, reasons)
        if reason in _RUNNING_TEXT_REASONS:  # judged as words inside a long paragraph
            reason = _classify(piece, _LONG_SHARE_PROMPT + 1, long_clutter, reasons)
        if reason is None:
            kept.append(piece)
        else:
            dropped.append(DroppedLine(line_no, piece, reason))
    return " ".join(kept), dropped


def reflow(text: str) -> str:
    """Join hard-wrapped lines into one line per paragraph; other text is returned as is.

    Paragraphs of wrapped text end at a blank line or at an indented line.
    """
    lines = text.splitlines()
    if not lines or max(map(len, lines)) > _WRAP_MAX_LINE + 20:
        return text  # a line too long for wrapped text: the common case, decided at once
    long_lines = [len(line.rstrip()) for line in lines if len(line.split()) >= 5]
    if len(long_lines) < 4 or max(long_lines) > _WRAP_MAX_LINE:
        return text
    wrapped = sum(1 for n in long_lines if 55 <= n <= _WRAP_MAX_LINE)
    if wrapped < _WRAP_MIN_SHARE * len(long_lines):
        return text
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if (not line.strip() or line[:1] in ("\t", " ")) and paragraphs[-1]:
            paragraphs.append([])
        if line.strip():
            paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _prepare(article: Article) -> tuple[str, bool]:
    """The article's text with wrapped lines joined and white space normalised, and whether
    it is a page flattened to text (structural) rather than a page's extracted main text."""
    # The page-structure rules (navigation before the headline, teaser lists, trailing
    # blocks) read a page flattened to text. A page's main text as trafilatura extracts it
    # has lost that structure and its boilerplate already; there they would only cut lists,
    # tables and code, so only the rules about single lines apply.
    structural = article.source_format == "text"
    text = reflow(article.text) if structural else article.text
    if contains_any(text, _ODD_SPACES):
        text = _ODD_SPACE.sub(" ", text)
    if "  " in text or "\t" in text:  # a quick test: the regex costs ten times as much
        text = _SPACE_RUN.sub(" ", text)
    return text, structural


def clean_story(
    articles: Iterable[Article], cfg: CleanSettings, model: LineModel | None = None
) -> list[Article]:
    """Clean the articles of one story: :func:`clean` on each, the line classifier also
    reading what the other articles hold (a line repeated from article to article is
    boilerplate; a line whose words no other outlet uses is rarely the story's)."""
    articles = list(articles)
    if not (cfg.enabled and cfg.model) or len(articles) < 2:
        return [clean(a, cfg, model) for a in articles]
    prepared = {
        i: _prepare(a)
        for i, a in enumerate(articles)
        if a.source_format == "text" and not a.cleaned
    }
    # each text's lines, stripped: the story context's and the classifier's (made once)
    lines = {i: [raw.strip() for raw in text.splitlines()] for i, (text, _) in prepared.items()}
    context = story_context([text for text, _ in prepared.values()], list(lines.values()))
    return [
        _clean(a, cfg, model, context, prepared.get(i), lines.get(i))
        for i, a in enumerate(articles)
    ]


def context_of(articles: list[Article], cfg: CleanSettings) -> StoryContext | None:
    """What the scraped-text articles of a story hold, as :func:`clean_story` gives it to the
    line classifier (None: fewer than two such articles, or the classifier is off)."""
    if not (cfg.enabled and cfg.model) or len(articles) < 2:
        return None
    return story_context(
        [_prepare(a)[0] for a in articles if a.source_format == "text" and not a.cleaned]
    )


def clean(
    article: Article,
    cfg: CleanSettings,
    model: LineModel | None = None,
    context: StoryContext | None = None,
) -> Article:
    """Remove page clutter from ``article.text``; record what went and why.

    Scraped text (``source_format`` "text") is judged line by line by the learned line
    classifier (``newsfuse.linemodel``), with the hand-written rules as its features; a
    page's extracted main text only by the rules about single lines. A document with almost
    nothing left, or a crawler, login, cookie, paywall or error notice with little else, is
    dropped whole ("junk document").

    ``model`` replaces the shipped classifier (benchmarks train one per fold); ``context``
    is what the story's articles hold (:func:`clean_story`; None: the article alone).

    Returns:
        A new Article with cleaned ``text``, ``dropped`` lines, ``title`` filled from the
        headline when it was unknown, and ``cleaned=True``.
    """
    return _clean(article, cfg, model, context)


def _clean(
    article: Article,
    cfg: CleanSettings,
    model: LineModel | None,
    context: StoryContext | None,
    prepared: tuple[str, bool] | None = None,
    lines: list[str] | None = None,
) -> Article:
    """:func:`clean`, given the article's text as :func:`_prepare` gives it and its lines
    stripped, when known."""
    if not cfg.enabled or article.cleaned:
        return replace(article, cleaned=True)
    text, structural = prepared or _prepare(article)
    if not structural or not cfg.model:
        return _rule_clean(article, text, structural, cfg)
    run_on: dict[int, tuple[str, list[DroppedLine]]] = {}
    _, title, dropped = _rule_pass(article.title, text, structural, cfg, run_on)
    return _model_clean(
        article, text, title, dropped, cfg, model or shipped_model(), run_on, context, lines
    )


def rule_reasons(text: str, cfg: CleanSettings | None = None) -> dict[int, str]:
    """The reason of each line (1-based) of scraped ``text`` that the hand-written rules drop
    (the rules as they run inside :func:`clean`, before the line classifier)."""
    article = Article(id="rules", text=text)
    prepared, structural = _prepare(article)
    ruled = _rule_clean(article, prepared, structural, cfg or CleanSettings())
    return {d.line: d.reason for d in ruled.dropped}


# White space a line can hold besides " " once _prepare has run (the rest breaks lines or
# is replaced by a space): tab, unit separator, Ogham space mark.
_OTHER_SPACES = ("\t", "\x1f", "\u1680")


def _word_counts(text: str, lines: list[str]) -> list[int]:
    """``len(line.split())`` of each of the ``lines`` of ``text``, without splitting them
    when single spaces are the only white space in the text (words are then the spaces
    inside the line plus one)."""
    if "  " in text or contains_any(text, _OTHER_SPACES):
        return [len(line.split()) for line in lines]
    return [
        line.count(" ") + 1 - (line[0] == " ") - (line[-1] == " ") if line else 0 for line in lines
    ]


def _cleaned(
    article: Article, kept: list[str], title: str | None, dropped: list[DroppedLine]
) -> Article:
    """``article`` with the ``kept`` lines as its text, its ``title`` and its ``dropped``
    lines in line order: what both the rules alone and the classifier return."""
    return replace(
        article,
        text="\n".join(kept),
        title=title,
        dropped=tuple(sorted(dropped, key=lambda d: d.line)),
        cleaned=True,
    )


def _rule_clean(article: Article, text: str, structural: bool, cfg: CleanSettings) -> Article:
    """The hand-written rules alone (the clean stage before the line classifier)."""
    kept, title, dropped = _rule_pass(article.title, text, structural, cfg)
    return _cleaned(article, kept, title, dropped)


def _rule_pass(
    title: str | None,
    text: str,
    structural: bool,
    cfg: CleanSettings,
    run_on: dict[int, tuple[str, list[DroppedLine]]] | None = None,
) -> tuple[list[str], str | None, list[DroppedLine]]:
    """The lines the rules keep, the title (``title`` or the headline they found) and the
    lines they drop (in the order they were judged).

    ``run_on`` receives what the rules made of each run-on line (by line number), for the
    line classifier's pass to reuse."""
    long_clutter = _long_clutter_in(text.lower())
    lines = text.splitlines()
    word_counts = _word_counts(text, lines)
    total_words = sum(word_counts) or 1
    kept: list[str] = []
    dropped: list[DroppedLine] = []
    body_started = False
    words_seen = 0
    teaser_run: list[tuple[int, str]] = []  # pending short unpunctuated lines inside the body

    def flush_teasers() -> None:
        if len(teaser_run) >= cfg.teaser_run:
            dropped.extend(DroppedLine(n, text, "teaser list") for n, text in teaser_run)
        else:
            kept.extend(text for _, text in teaser_run)
        teaser_run.clear()

    for line_no, (raw, n_words) in enumerate(zip(lines, word_counts, strict=True), start=1):
        if not n_words:
            if not teaser_run and kept and kept[-1]:
                kept.append("")
            continue
        line = raw.strip()
        if (
            structural
            and body_started
            and words_seen >= cfg.trailing_min_share * total_words
            and _TRAILING_MARKER.match(line)
        ):
            flush_teasers()
            rest = [(n, ln.strip()) for n, ln in enumerate(lines, start=1) if n >= line_no]
            dropped.extend(DroppedLine(n, text, "trailing block") for n, text in rest if text)
            break
        reasons = None if structural else _HTML_REASONS
        if n_words > _PARAGRAPH_MAX_WORDS:
            # No paragraph is this long: text that lost its line breaks (several articles
            # run together, a page flattened to one line). One clutter sentence must not
            # take all of it, so it is cleaned sentence by sentence.
            line, dropped_here = _clean_run_on(line, line_no, long_clutter, reasons)
            if run_on is not None and reasons is None:
                run_on[line_no] = (line, dropped_here)
            dropped.extend(dropped_here)
            n_words = len(line.split())
            if not n_words:
                continue  # every sentence of it was clutter, each recorded
            reason = None
        else:
            reason = _classify(line, n_words, long_clutter, reasons)
        if (
            reason is None
            and structural
            and not body_started
            and n_words <= _NAV_MAX_WORDS
            and title is None
        ):
            reason = "navigation"
        if reason is not None:
            dropped.append(DroppedLine(line_no, line, reason))
            continue
        if not body_started:
            if n_words >= _BODY_MIN_WORDS:
                body_started = True
            elif title is None and _HEADLINE_MIN_WORDS <= n_words <= _HEADLINE_MAX_WORDS:
                title = line.rstrip(" .")
        elif structural and _is_short_unpunctuated(line, n_words, cfg.short_line_words):
            teaser_run.append((line_no, line))
            words_seen += n_words
            continue
        if teaser_run:
            flush_teasers()
        kept.append(line)
        words_seen += n_words
    flush_teasers()
    while kept and not kept[-1]:
        kept.pop()
    return kept, title, dropped


# A document is junk, and goes whole, when a crawler, login, cookie, paywall or error notice
# was dropped from it and fewer than _JUNK_NOTICE_WORDS words are left, or when the
# classifier dropped at least _JUNK_DROPPED_SHARE of its words and fewer than
# _JUNK_MIN_WORDS are left (a page of furniture with a line or two of text).
_JUNK_NOTICE_WORDS = 100
_JUNK_MIN_WORDS = 25
_JUNK_DROPPED_SHARE = 0.7
_NOTICE_KINDS = frozenset({"system message"})
# A wall page (login, cookies, paywall, error): fewer words than this, at least this many
# lines with a notice's or a sign-up prompt's cue words.
_WALL_MAX_WORDS = 150
_WALL_MIN_LINES = 2
# ... or, with fewer words than this, one line of a notice's words ("This site uses cookies
# ...", "This story is no longer available")
_WALL_ONE_LINE_WORDS = 60
_SYSTEM_COLUMN = FEATURES.index("cue system message")
# A document of another story: fewer than LONG_ARTICLE_WORDS words, and of its longest words
# (4 letters or more, not stop words; at most _OFF_TOPIC_SAMPLE) fewer than this share found
# in the openings of the story's articles of at least that many words (a teaser page of
# another story, a widget, an error page, a video's title); it needs this many such words.
_OFF_TOPIC_MAX_SUPPORT = 0.2
_OFF_TOPIC_MIN_WORDS = 3
_OFF_TOPIC_SAMPLE = 8
_ALPHA_WORD = re.compile(r"[^\W\d_]{4,}")
_NOTICE_COLUMNS = [FEATURES.index("cue system message"), FEATURES.index("cue share prompt")]
# Rules precise enough to drop a line whatever the classifier says (on the hand-labelled
# Multi-News train passages); the page-structure rules (navigation, teaser lists, trailing
# blocks) and the bare parenthesis rule only inform it: they also cut lists and subheads.
_RULE_VERDICTS = frozenset(
    {
        "separator",
        "promo",
        "media label",
        "share prompt",
        "photo credit",
        "credit",
        "copyright",
        "byline",
        "timestamp",
        "contact",
        "teaser link",
        "embedded post",
        "system message",
        "photo caption",
        "trailing block",
    }
)
# The classifier's verdict counts on lines of at most this many words; a longer line is a
# paragraph unless a rule says otherwise (on the hand-labelled Multi-News train passages, 7 of
# 102 clutter lines and 400 of 750 content lines have more words; the content lines among
# them hold most of the words).
_MODEL_MAX_WORDS = 30
_REPORTING = re.compile(REPORTING, _I)
_SENTENCE_END = frozenset('.!?"”')


def _is_wall(lines: list[str], rows: np.ndarray, total_words: int) -> bool:
    """A login, cookie, paywall, error or browser notice page: short, with at least two
    lines of such notices' words (or of sign-up prompts), and no sentence of reported
    speech (a short story that ends in prompts reports what someone said)."""
    if total_words >= _WALL_MAX_WORDS or not len(rows):
        return False
    notices = rows[:, _NOTICE_COLUMNS].any(axis=1).sum()
    if notices < _WALL_MIN_LINES and not (
        total_words < _WALL_ONE_LINE_WORDS and rows[:, _SYSTEM_COLUMN].any()
    ):
        return False
    return not any(map(_is_reported_speech, lines))


def _is_off_topic(lines: list[str], total_words: int, context: StoryContext | None) -> bool:
    """A short document that shares almost none of its words with the story's long
    articles: another story's page, a widget, an error page (never an article alone)."""
    if context is None or not context.long_text or total_words >= LONG_ARTICLE_WORDS:
        return False
    words = set(_ALPHA_WORD.findall("\n".join(lines).lower())).difference(STOPWORDS)
    if len(words) < _OFF_TOPIC_MIN_WORDS:
        return False
    # its longest words (the rarest, and a bounded number of look-ups)
    sample = sorted(words, key=lambda w: (-len(w), w))[:_OFF_TOPIC_SAMPLE]
    found = sum(w in context.long_text for w in sample)
    return found < _OFF_TOPIC_MAX_SUPPORT * len(sample)


def _is_reported_speech(line: str) -> bool:
    """A sentence that reports what someone said: story text (621 of the 628 such lines of
    at most 30 words in the training data are content)."""
    return line[-1] in _SENTENCE_END and _REPORTING.search(line) is not None


def _model_clean(
    article: Article,
    text: str,
    ruled_title: str | None,
    ruled_dropped: list[DroppedLine],
    cfg: CleanSettings,
    model: LineModel,
    cleaned_run_on: dict[int, tuple[str, list[DroppedLine]]] | None = None,
    context: StoryContext | None = None,
    stripped: list[str] | None = None,
) -> Article:
    """Scraped text judged by the line classifier, with the rules' verdicts as features
    (``ruled_title``, ``ruled_dropped``: what :func:`_rule_pass` found; ``cleaned_run_on``:
    the run-on lines the rules already cleaned, by line number)."""
    rules = {d.line: d.reason for d in ruled_dropped}
    lines = stripped if stripped is not None else [raw.strip() for raw in text.splitlines()]
    numbers: list[int] = []
    judged: list[str] = []
    counts: list[int] = []
    run_on: dict[int, tuple[str, list[DroppedLine]]] = {}
    long_clutter: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    for line_no, line in enumerate(lines, start=1):
        if not line:
            continue
        n_words = line.count(" ") + 1  # white space is normalised
        if n_words > _PARAGRAPH_MAX_WORDS:
            # text that lost its line breaks: the rules clean it sentence by sentence
            if cleaned_run_on and line_no in cleaned_run_on:
                run_on[line_no] = cleaned_run_on[line_no]
                continue
            if long_clutter is None:
                long_clutter = _long_clutter_in(text.lower())
            run_on[line_no] = _clean_run_on(line, line_no, long_clutter, None)
            continue
        numbers.append(line_no)
        judged.append(line)
        counts.append(n_words)
    reasons = [rules.get(n) for n in numbers]
    # the headline the rules found (the first short line before the body) stays the title
    headline = (
        next(
            (
                n
                for n, line in zip(numbers, judged, strict=True)
                if line.rstrip(" .") == ruled_title
            ),
            None,
        )
        if article.title is None and ruled_title is not None
        else None
    )
    rows = line_features(judged, reasons, context, model.lexicon, model.keys or None)
    p: list[float] = model.probabilities(rows).tolist()  # Python floats: quicker to compare
    threshold = cfg.threshold
    verdict: dict[int, tuple[str, float] | None] = {}
    dropped: list[DroppedLine] = []
    kept_words = dropped_words = 0
    notice = False
    for k, (line_no, line, n_words, reason, p_k) in enumerate(
        zip(numbers, judged, counts, reasons, p, strict=True)
    ):
        if (
            p_k >= threshold
            and n_words <= _MODEL_MAX_WORDS
            and line_no != headline
            and not _is_reported_speech(line)
        ) or reason in _RULE_VERDICTS:
            kind = reason or kind_of(rows[k])
            notice = notice or reason in _NOTICE_KINDS  # a rule's, not a cue's guess
            verdict[line_no] = (kind, p_k)
            dropped_words += n_words
        else:
            verdict[line_no] = None
            kept_words += n_words
    for kept_text, pieces in run_on.values():
        dropped.extend(pieces)
        notice = notice or any(d.reason in _NOTICE_KINDS for d in pieces)
        kept_words += len(kept_text.split())
        dropped_words += sum(len(d.text.split()) for d in pieces)
    total = kept_words + dropped_words
    junk = kept_words > 0 and (
        (notice and kept_words < _JUNK_NOTICE_WORDS)
        or (kept_words < _JUNK_MIN_WORDS and dropped_words >= _JUNK_DROPPED_SHARE * total)
        or _is_wall(judged, rows, total)
        or _is_off_topic(judged, total, context)
    )
    kept: list[str] = []
    title = article.title
    body_started = False
    for line_no, line in enumerate(lines, start=1):
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        if line_no in run_on:
            line = run_on[line_no][0]
            if not line:
                continue
        else:
            decided = verdict[line_no]
            if decided is not None:
                dropped.append(DroppedLine(line_no, line, decided[0], round(decided[1], 3)))
                continue
        if junk:
            dropped.append(DroppedLine(line_no, line, "junk document"))
            continue
        if not body_started and title is None:
            n_words = line.count(" ") + 1
            if n_words >= _BODY_MIN_WORDS:
                body_started = True
            elif _HEADLINE_MIN_WORDS <= n_words <= _HEADLINE_MAX_WORDS:
                title = line.rstrip(" .")
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return _cleaned(article, kept, title, dropped)
