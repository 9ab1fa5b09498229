"""Small piles for the story tests: two reports each of four events, two of them the same kind
of event (an earthquake in central Italy) seven years apart. (A module of its own, not the
conftest: test modules import it by name.)"""

from __future__ import annotations

from newsfuse.load.text import make_article
from newsfuse.models import Article

QUAKE_2009 = (
    "ROME — A powerful earthquake struck central Italy before dawn on Monday, April 6, 2009, "
    "killing at least 150 people in the mountain city of L'Aquila and nearby villages, "
    "officials said. The magnitude 6.3 quake toppled medieval churches, collapsed a student "
    "dormitory and left tens of thousands of people homeless. Prime Minister Silvio Berlusconi "
    "declared a state of emergency and cancelled a trip to Moscow. Rescue teams with sniffer "
    "dogs dug through the rubble of the university residence, where students were feared "
    "trapped. Guido Bertolaso, head of the civil protection agency, said tent camps were being "
    "set up for the homeless in the Abruzzo region, and aftershocks kept residents outdoors.",
    "L'AQUILA, Italy (Reuters) — Rescuers pulled survivors from flattened buildings in L'Aquila "
    "on Monday after an earthquake of magnitude 6.3 shook the Abruzzo region while most people "
    "slept, killing more than 150, April 6, 2009. The student hall of residence and the "
    "prefecture building collapsed, and the dome of a Baroque church fell in. Berlusconi, who "
    "flew to the city, said the government would rebuild every home destroyed. Civil "
    "protection chief Guido Bertolaso said 50,000 people had lost their homes and that tent "
    "cities would shelter them while aftershocks continued to rattle the medieval city and the "
    "villages of the Aterno valley.",
)
QUAKE_2016 = (
    "ROME — A strong earthquake devastated mountain towns in central Italy early on Wednesday, "
    "August 24, 2016, killing at least 120 people and reducing the medieval centre of Amatrice "
    "to rubble, officials said. The magnitude 6.2 quake struck at 3:36 a.m. as people slept, "
    "also hitting Accumoli and Pescara del Tronto. Prime Minister Matteo Renzi visited the "
    "area and promised that no one would be left alone. Firefighters and volunteers dug with "
    "bare hands for survivors, and the civil protection agency set up tent camps for "
    "thousands of homeless residents as aftershocks kept shaking the Apennine valleys.",
    "AMATRICE, Italy (AP) — Rescue crews searched through collapsed houses in Amatrice and "
    "Accumoli on Wednesday after an earthquake of magnitude 6.2 flattened the hilltop towns, "
    "killing more than 120 people, August 24, 2016. The mayor of Amatrice, Sergio Pirozzi, "
    "said half of his town no longer existed. Renzi said the government would rebuild the "
    "towns and declared a state of emergency for the Lazio and Marche regions. Volunteers "
    "pulled a girl alive from the rubble in Pescara del Tronto, and the civil protection "
    "agency said 2,500 people had been left homeless by the quake and the aftershocks.",
)
RECALL_2010 = (
    "TOKYO — Toyota Motor Corp. said on Thursday, January 21, 2010, it would recall 2.3 "
    "million vehicles in the United States to fix accelerator pedals that can stick, its "
    "latest recall after floor mats were found to trap the pedal. The Japanese carmaker said "
    "the pedals, made by the supplier CTS Corp., could wear and become slow to return. The "
    "recall covers the Camry, Corolla, RAV4 and Avalon. Toyota said it had received reports "
    "of the problem but no crashes caused by it, and that dealers would repair the cars free "
    "of charge once a fix was approved by federal safety regulators.",
    "DETROIT (Reuters) — Toyota is recalling about 2.3 million cars and trucks because their "
    "gas pedals can stick in a partly depressed position, the company announced January 21, "
    "2010. Models affected include the Corolla, Camry, RAV4, Tundra and Avalon. The National "
    "Highway Traffic Safety Administration said it had pressed Toyota over the pedals made by "
    "CTS, an Indiana supplier. Toyota's U.S. sales chief Bob Carter said customers with "
    "sticking pedals should brake firmly and contact a dealer. The recall adds to 4.2 million "
    "vehicles recalled last year over floor mats that could jam the accelerator.",
)
ELECTION_2013 = (
    "OSLO — Norway's Conservative leader Erna Solberg won Monday's parliamentary election, "
    "September 9, 2013, ending eight years of Labour rule under Prime Minister Jens "
    "Stoltenberg, official results showed. Solberg's Conservatives and three other centre-"
    "right parties won 96 of the 169 seats in the Storting. Stoltenberg conceded defeat and "
    "said he would resign once a new government was ready. Solberg, who is likely to form a "
    "coalition with the anti-immigration Progress Party led by Siv Jensen, promised lower "
    "taxes and better roads, and said oil wealth would be spent with care.",
    "OSLO (AP) — Erna Solberg, the head of Norway's Conservative Party, will become prime "
    "minister after a centre-right bloc defeated the Labour-led government of Jens Stoltenberg "
    "in the election held September 9, 2013. The four opposition parties took 96 seats in "
    "parliament, a clear majority. Solberg told cheering supporters that voters had chosen "
    "change after eight years. She is expected to open coalition talks with Siv Jensen's "
    "Progress Party, which has never been in government. Stoltenberg, whose Labour remained "
    "the largest single party, said he would hand in his resignation in October.",
)
EVENTS = {
    "quake-2009": QUAKE_2009,
    "quake-2016": QUAKE_2016,
    "recall-2010": RECALL_2010,
    "election-2013": ELECTION_2013,
}


def pile_articles(dated: bool = True) -> list[tuple[str, Article]]:
    """(event, article) pairs; with ``dated``, each article's ``published`` is set too."""
    dates = {
        "quake-2009": "2009-04-06",
        "quake-2016": "2016-08-24",
        "recall-2010": "2010-01-21",
        "election-2013": "2013-09-09",
    }
    out = []
    for event, texts in EVENTS.items():
        for n, text in enumerate(texts, start=1):
            out.append(
                (
                    event,
                    make_article(
                        text,
                        article_id=f"{event}-{n}",
                        published=dates[event] if dated else None,
                    ),
                )
            )
    return out


def partition(groups: list[tuple[str, ...]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


EXPECTED = {
    frozenset({f"{event}-1", f"{event}-2"}) for event in EVENTS
}  # each event: one story of its two reports
