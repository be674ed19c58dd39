"""Names spelled out before their acronym, a group's regional branch, the writer's own town,
a digest's sections, and places that say whose side or what topic rather than where:
sentences written for these tests."""

from __future__ import annotations

from pipeline.kb import load_kb
from pipeline.records import Article, Participant
from pipeline.stages.clean import clean
from pipeline.stages.link import link
from pipeline.stages.sameness import same_participant
from tests.unit.test_classify import events, one
from tests.unit.test_link import entities


def test_a_large_city_written_without_accents_comes_first() -> None:
    """"Ilam" is Iran's provincial capital (Īlām, 140,000), not the New Zealand suburb that
    is spelled so; the suburb stays an option."""
    found = [entry.country for entry in load_kb().alternatives("Ilam")]
    assert found[0] == "IRN" and "NZL" in found


def test_the_dateline_city_written_without_accents(nlp) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="t", published_at="2019-05-02T10:00:00Z",
                      body="ILAM (Wire) - Police said on Thursday that two border guards were "
                           "killed in a clash with smugglers.")
    assert link(clean(article), nlp).country == "IRN"


def test_a_name_spelled_out_before_its_acronym(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Colombia's National Liberation Army (ELN) attacked a police post in Puerto Asís "
            "on Monday.")
    assert entities(nlp, text)["National Liberation Army"] == ("actor", "actor:eln")
    attack = one(nlp, text, "ASSAULT", published="2017-03-08")
    assert attack.actor is not None and attack.actor.kb_id == "actor:eln"


def test_a_groups_regional_branch_is_the_branch(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Islamic State's Somali affiliate attacked an army base near Afgooye on Friday."
    attack = one(nlp, text, "ASSAULT", published="2019-05-04")
    assert attack.actor is not None and attack.actor.kb_id == "actor:islamic_state_somalia"


def test_a_bomber_who_blew_himself_up_did_not_target_himself(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Witnesses said a suicide bomber who blew himself up among worshippers leaving a "
            "mosque in Afgooye on Friday had arrived on foot.")
    attack = next(e for e in events(nlp, text, published="2019-05-04")
                  if e.event_type == "ASSAULT" and e.trigger.text == "blew")
    assert attack.target is not None and attack.target.text == "worshippers"


def test_a_town_named_as_the_writers_own(nlp) -> None:  # type: ignore[no-untyped-def]
    """The model took the town for a person; the dateline says it is the town."""
    article = Article(id="t", published_at="2016-01-06T09:00:00Z",
                      body="SILOPI, Turkey (Wire) - The curfew imposed on Silopi on Monday "
                           "entered its third day on Wednesday, residents said.")
    places = [e for s in link(clean(article), nlp).sentences for e in s.entities
              if e.text == "Silopi"]
    assert places and places[0].kind == "place" and places[0].country == "TUR"


def test_people_held_by_an_intelligence_service_were_detained(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A rights group on Sunday called for the release of 30 opposition activists held by "
            "the National Intelligence Agency since Thursday's march in Sikasso.")
    held = one(nlp, text, "COERCE", published="2018-05-06")
    assert held.date == "2018-05-03"
    assert held.target is not None and "activists" in held.target.text


def test_fighting_that_erupted_between_two_sides(nlp) -> None:  # type: ignore[no-untyped-def]
    """A gerund standing as the subject is the noun "fighting", with the sides it names."""
    text = ("Fighting that erupted on Tuesday between army troops and rebels in Idil has "
            "killed 12 people, officials said on Wednesday.")
    fight = one(nlp, text, "ASSAULT", published="2016-02-10")
    assert fight.actor is not None and fight.date == "2016-02-09"


def test_a_digests_section_names_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    body = ("WORLD DIGEST (Wire) - KENYA: Bandits killed four herders on Tuesday, police said. "
            "PERU: Police detained 12 miners on Tuesday during a march, officials said.")
    found = events(nlp, body, published="2019-07-03")
    assert {(e.event_type, e.block) for e in found} >= {("ASSAULT", "KEN"), ("COERCE", "PER")}


def test_a_gazetteer_name_without_its_arabic_article() -> None:
    kb = load_kb()
    found = kb.city("Diwaniyah")  # GeoNames: "Al Diwaniyah"
    assert found is not None and found.country == "IRQ"


def test_a_side_named_by_a_city_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Clashes broke out on Monday between Kurdish fighters and pro-Damascus militiamen "
            "in Hasakah, a monitor said.")
    clash = one(nlp, text, "ASSAULT", published="2016-08-23")
    assert clash.location is not None and clash.location.country == "SYR"
    assert clash.location.name != "Damascus"


def test_a_militia_may_be_of_either_side() -> None:
    """"the Kurdish militia" may be the Kurdish administration's police; "the army" is still
    no rebel group."""
    militia = Participant(text="Kurdish militia", name="Kurdish militia", kb_id=None,
                          sector="REB", country="SYR")
    police = Participant(text="Asayish", name="Asayish", kb_id="actor:syria_asayish",
                         sector="COP", country="SYR")
    rebels = Participant(text="rebels", name="rebels", kb_id=None, sector="REB", country=None)
    army = Participant(text="the army", name="the army", kb_id=None, sector="MIL", country=None)
    assert same_participant(militia, police)
    assert not same_participant(rebels, army)


def test_the_town_is_not_one_told_in_a_relative_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    body = ("Hundreds of families left Kilis on Monday after a curfew was declared in the town, "
            "which faces the Syrian town of Azaz across the border. Police detained 14 people "
            "at checkpoints on the edge of the town, a party official said.")
    held = one(nlp, body, "COERCE", published="2016-03-14")
    assert held.location is not None and held.location.name == "Kilis"


def test_whose_country_is_not_where_they_met(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in ("Sudan's warring parties sat down face to face in Saudi Arabia on Saturday.",
                 "Sudan peace talks resumed in Saudi Arabia on Saturday after a two-week break."):
        talks = one(nlp, text, "CONSULT", published="2023-05-07")
        assert talks.location is not None and talks.location.country == "SAU", text


def test_people_counted_are_of_no_side() -> None:
    """"Five people" killed at an intelligence office and the office attacked: one target."""
    dead = Participant(text="Five people", name="Five people", kb_id=None, sector="CVL",
                       country=None)
    office = Participant(text="office", name="General Intelligence Directorate (Jordan)",
                         kb_id="actor:jordan_general_intelligence_directorate", sector="SPY",
                         country="JOR")
    civilians = Participant(text="three civilians", name="three civilians", kb_id=None,
                            sector="CVL", country=None)
    assert same_participant(dead, office)
    assert not same_participant(civilians, office)


def test_a_small_town_abroad_in_a_story_datelined_elsewhere(nlp) -> None:  # type: ignore[no-untyped-def]
    """The dateline is the only country the story names: the Philippines' Toboso (13,000)
    is a namesake of a village there."""
    article = Article(id="t", published_at="2019-03-12T10:00:00Z",
                      body="CARTAGENA, Colombia (Wire) - Gunmen attacked a police station in "
                           "Toboso on Monday, killing two officers, police said.")
    places = [e for s in link(clean(article), nlp).sentences for e in s.entities
              if e.text == "Toboso"]
    assert places and places[0].country is None


def test_a_town_and_its_state_are_one_place(nlp) -> None:  # type: ignore[no-untyped-def]
    """"Fresnillo, Zacatecas": the state (named as its capital is), not a second town."""
    text = ("Police clashed with striking miners in Fresnillo, Zacatecas, on Sunday, leaving "
            "three dead.")
    clash = one(nlp, text, "ASSAULT", published="2016-06-20")
    assert clash.location is not None and clash.location.name == "Fresnillo"
