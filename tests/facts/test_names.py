"""Names by the capitalisation rules, and one name spelt two ways."""

from newsfuse.facts import compare
from newsfuse.facts.names import capitalised_words, lower_case_words, rule_names, same_name
from newsfuse.models import Article, FactLabel


def _names(text):
    article = Article(id="a", text=text)
    return [
        n.mention.text
        for n in rule_names(article, capitalised_words([article]), lower_case_words([article]))
    ]


def test_titles_groups_and_tags_are_not_names():
    text = (
        "BRUSSELS (AP) - Treasury Secretary Janet Yellen met Shiite Muslims and Americans in "
        "the U.N. Security Council, said Col. Roland Lavoie, who flew an MD-11 jet. "
        "Libyan leaders welcomed Libya's decision."
    )
    names = _names(text)
    assert "Janet Yellen" in names and "Roland Lavoie" in names
    assert "U.N. Security Council" in names and "BRUSSELS" in names
    for not_a_name in ("AP", "Shiite Muslims", "Americans", "MD", "Libyan", "Treasury Secretary"):
        assert not_a_name not in names


def test_particles_and_possessives():
    names = _names(
        "Reports said that Gaddafi's former spy chief Abdullah al-Senussi fled to Dar es "
        "Salaam with the Bank of England's help."
    )
    assert names == ["Gaddafi", "Abdullah al-Senussi", "Dar es Salaam", "Bank of England"]


def test_qualified_titles_and_second_names_are_cut():
    names = _names(
        "The move angered House Speaker Nancy Pelosi and Former President Donald Trump, and "
        "Georgia Secretary of State Brad Raffensperger, Police Commissioner Johan van der "
        "Merwe and Robert Costa of the Washington Post agreed with the Senate Foreign "
        "Relations Committee and the Transportation Safety Board of Canada."
    )
    assert names == [
        "Nancy Pelosi",
        "Donald Trump",
        "Brad Raffensperger",
        "Johan van der Merwe",
        "Robert Costa",
        "Washington Post",
        "Senate Foreign Relations Committee",
        "Transportation Safety Board of Canada",
    ]


def test_holidays_descriptors_and_routes_are_not_names():
    names = _names(
        "On Labor Day the Republican-controlled Congress heard a New York Republican and a "
        "Latino group about the New York-to-Geneva flight before Christmas."
    )
    assert names == ["Congress"]


def test_storms_eras_demonyms_and_for():
    names = _names(
        "After Hurricane Georges hit Puerto Rico, the worst since the Great Depression, Puerto "
        "Rican officials asked the U.S. Agency for International Development and lobbied "
        "Washington for President Obama to help."
    )
    assert names == [
        "Puerto Rico",
        "Agency for International Development",  # "U.S." goes as it does before a title
        "Washington",
        "Obama",
    ]


def test_spellings_and_short_forms_join_one_name():
    assert same_name("muammar gaddafi", "muammar qaddafi")
    assert not same_name("ana berg", "ann berg")  # short words: two people
    first = Article(id="a", text="Muammar Gaddafi fell. Later Gaddafi was killed in Sirte.")
    second = Article(id="b", text="Rebels overthrew Muammar Qaddafi in the summer.")
    facts = [f for f in compare([first, second]) if f.kind == "name"]
    gaddafi = next(f for f in facts if "addafi" in f.value)
    assert gaddafi.label is FactLabel.AGREED and len(gaddafi.mentions) == 3


def test_a_family_name_of_an_employer_titles_of_a_department_laws():
    names = _names(
        "Asteroids are tracked, said Donald Yeomans. Risk is low, said Yeomans of the Jet "
        "Propulsion Laboratory, near the Dome of the Rock. Secretary of Agriculture Dan "
        "Glickman and Sens. Tim Scott and Joe Manchin backed the Public Lands Act."
    )
    assert {"Yeomans", "Jet Propulsion Laboratory", "Dome of the Rock", "Dan Glickman"} <= set(
        names
    )
    assert "Tim Scott" in names
    for not_a_name in ("Public Lands Act", "Agriculture Dan Glickman", "Sens. Tim Scott"):
        assert not_a_name not in names


def _name_facts(*texts):
    articles = [Article(id=f"a{n}", text=t) for n, t in enumerate(texts)]
    return {f.value: f for f in compare(articles) if f.kind == "name"}


def test_a_family_name_two_reports_give_to_two_people_is_not_one_name():
    facts = _name_facts(
        "The harbor will reopen, said Jorge Davila of the tourism office. Davila said so.",
        "In the town, Tanya Davila sat in a kitchen chair. Ms. Davila said her house was ruined.",
    )
    assert facts["Jorge Davila"].label is FactLabel.SINGLE_SOURCE
    assert facts["Tanya Davila"].label is FactLabel.SINGLE_SOURCE
    assert "Davila" not in facts


def test_a_family_name_joins_the_one_person_its_report_names():
    facts = _name_facts(
        "Voters backed Luiz Inacio Lula da Silva in the north. Silva spoke in Recife.",
        "Luiz Inacio Lula da Silva lost. Gilberto Manuel da Silva, 40, voted. Silva said no.",
        "Luiz Inacio Lula da Silva conceded on Monday. Silva thanked voters in Sao Paulo.",
    )
    lula = facts["Luiz Inacio Lula da Silva"]
    assert [m.text for m in lula.mentions].count("Silva") == 2  # the reports naming him alone
    assert "Silva" not in facts  # the report naming two Silvas: left out


def test_a_place_is_not_a_short_form_of_a_name_of_it():
    facts = _name_facts(
        "The District Court for the Southern District of California ruled. California appealed.",
        "California will appeal, officials said on the coast.",
    )
    assert facts["California"].label is FactLabel.AGREED
    assert [m.article for m in facts["California"].mentions] == ["a0", "a1"]


def test_nationality_nouns_and_institutions_named_with_and():
    names = _names(
        "GOTEBORG, Sweden (AP) - Swedes mourned. The Food and Drug Administration and the "
        "Centers for Disease Control and Prevention met the Treasury Department and U.S. Postal "
        "Service. Sweden's king came."
    )
    assert {"Sweden", "Food and Drug Administration", "Treasury Department"} <= set(names)
    committee = "She spoke to the House Steering and Policy Committee on Tuesday."
    assert "House Steering and Policy Committee" in _names(committee)
    assert "Centers for Disease Control and Prevention" in names
    assert "U.S. Postal Service" in names  # a body: its "U.S." stays
    for not_a_name in ("Swedes", "Food", "Department and U.S. Postal Service"):
        assert not_a_name not in names


def test_middle_initials_and_a_family_name_of_a_place():
    names = _names(
        "President George W. Bush met Sadie L. Riggs. Her father, Eric Riggs, and Beverly Riggs "
        "of Hopewell came. It was Plan B. Then they left. The Bank of America stayed."
    )
    assert {"George W. Bush", "Sadie L. Riggs", "Eric Riggs", "Plan B"} <= set(names)
    assert {"Beverly Riggs", "Hopewell", "Bank of America"} <= set(names)
    names = _names("Her mother, Dodson Riggs, came, and Riggs of Hopewell spoke.")
    assert {"Riggs", "Hopewell"} <= set(names) and "Riggs of Hopewell" not in names


def test_datelines_portuguese_particles_and_an_opening_gerund():
    names = _names(
        "RIO DE JANEIRO, Brazil (AP) _ Voters in Rio Grande do Sul went out. Putting Brazil "
        "first, he was putting on a show. The Cabinet met."
    )
    assert {"RIO DE JANEIRO", "Brazil", "Rio Grande do Sul"} <= set(names)
    for not_a_name in ("RIO", "DE", "Voters", "Putting Brazil", "Rio Grande", "Sul", "Cabinet"):
        assert not_a_name not in names


def test_adjectives_groups_head_titles_and_diseases():
    names = _names(
        "The Yugoslav government met Ethnic Albanians. Prosecutor Louise Arbour spoke of "
        "COVID-19 with Reporter James Rose."
    )
    assert {"Louise Arbour", "James Rose"} <= set(names)
    for not_a_name in ("Yugoslav", "Ethnic Albanians", "COVID-19", "Prosecutor Louise Arbour"):
        assert not_a_name not in names


def test_qualified_titles_possessive_bodies_and_short_forms():
    names = _names(
        "Indonesian President Suharto met Envoy Jamsheed Marker and the People's Bank of "
        "China on Prince Edward Island."
    )
    assert {"Suharto", "Jamsheed Marker", "People's Bank of China", "Prince Edward Island"} <= (
        set(names)
    )
    facts = _name_facts(
        "The Free East Timor coalition met. East Timor was calm, a free vote was near.",
        "East Timor voted.",
    )
    assert facts["East Timor"].label is FactLabel.AGREED


def test_faiths_movements_adjectives_and_treaties_are_not_names():
    names = _names(
        "In Marija Bistrica, the Polish-born John Paul beatified Cardinal Alojzije Stepinac, "
        "whom Roman Catholics revere. Nazis and Communists persecuted Gypsies and Orthodox "
        "Serbs there, the Nazi-hunting Simon Wiesenthal Center said. The Dayton Accords ended "
        "the Balkan war in a Serb-dominated region. Representative Liz Cheney spoke."
    )
    for person in ("John Paul", "Alojzije Stepinac", "Liz Cheney"):
        assert person in names  # adjective and title cut
    assert {"Marija Bistrica", "Simon Wiesenthal Center"} <= set(names)
    for not_a_name in (
        "Roman Catholics", "Nazis", "Communists", "Gypsies", "Orthodox Serbs", "Nazi-hunting",
        "Dayton Accords", "Balkan", "Serb-dominated", "Polish-born John Paul",
    ):
        assert not_a_name not in names
