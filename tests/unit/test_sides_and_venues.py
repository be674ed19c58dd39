"""Who the sides of talks, deals and clashes are, and where they were: sentences written for
these tests."""

from __future__ import annotations

import pytest

from pipeline.extract import MemoryState
from pipeline.records import Location, Participant
from pipeline.settings import Settings
from pipeline.stages.dedup import collapse
from tests.unit.test_classify import events, none_of, one
from tests.unit.test_dedup import candidate
from tests.unit.test_link import entities

SETTINGS = Settings()


def test_a_capital_is_not_a_small_namesake_in_a_country_the_story_names_once(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "PARIS - France and the United States on Saturday welcomed the "
                          "truce agreed in Moscow.")
    assert found["Moscow"][1] == "geo:524901"  # Russia's capital, not Moscow, Idaho


def test_a_story_full_of_one_country_still_picks_its_small_namesake(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "MANILA - Gunmen killed two soldiers in Santiago, in the northern "
                          "Philippine province of Isabela, the army said. Philippine troops "
                          "hunted the attackers near Cauayan and Manila sent reinforcements.")
    assert found["Santiago"][1] == "geo:1687801"  # Santiago, Isabela


def test_a_continent_is_no_town_and_eswatini_is_a_state(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Police in eSwatini fired tear gas as unrest spread across Africa's "
                          "last absolute monarchy.")
    assert found["eSwatini"] == ("place", "country:SWZ")
    assert found.get("Africa", ("", None))[1] is None  # not Tunisia's Mahdia, once "Africa"


def test_the_states_between_whom_a_truce_is_are_its_sides_not_its_place(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "A truce between Armenia and Azerbaijan took effect on Saturday.", "AGREE")
    assert {event.actor and event.actor.kb_id, event.target and event.target.kb_id} == {
        "country:ARM", "country:AZE"}
    assert event.location is None


def test_a_deal_told_twice_in_a_sentence_is_one_with_its_sides_and_venue(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "A truce between Armenia and Azerbaijan is due to take effect on Sunday, "
                "after their foreign ministers agreed to it in Moscow.", "AGREE")
    assert (event.actor and event.actor.kb_id, event.target and event.target.kb_id,
            event.location and event.location.country) == ("country:ARM", "country:AZE", "RUS")


def test_talks_that_began_or_got_under_way_somewhere_were_held_there(nlp) -> None:  # type: ignore[no-untyped-def]
    began = one(nlp, "Talks between the two sides began in Doha on Tuesday.", "CONSULT")
    assert began.location is not None and began.location.name == "Doha"
    assert began.date == "2024-03-05"
    under_way = one(nlp, "A third round of talks between army commanders from the two "
                    "countries got under way in Nairobi on Tuesday.", "CONSULT")
    assert under_way.location is not None and under_way.location.name == "Nairobi"
    assert under_way.actor is not None and "commanders" in under_way.actor.text


def test_returning_for_a_round_of_brokered_talks_is_meeting_there_not_the_broker(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Sudan's rival military delegations returned to the negotiating table in "
                "Jeddah on Tuesday for a second round of US-brokered talks.", "CONSULT")
    assert event.actor is not None and "delegations" in event.actor.text
    assert event.location is not None and event.location.name == "Jeddah"
    assert event.date == "2024-03-05"


def test_a_repelled_attack_keeps_the_attackers_as_its_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    found = collapse(events(nlp, "Nigerian troops repelled an attack by insurgents on a base "
                                 "near Damboa on Tuesday, killing 12 of the attackers."))
    clash = [c for c in found if c.event_type == "ASSAULT"]
    assert len(clash) == 1
    assert clash[0].actor is not None and clash[0].actor.sector in ("INS", "REB", "UAF")
    assert clash[0].target is not None and clash[0].target.sector == "MIL"


def test_a_person_seized_by_security_forces_was_arrested(nlp) -> None:  # type: ignore[no-untyped-def]
    arrest = one(nlp, "Students marched on Tuesday, a day after an opposition figure was "
                 "seized by security forces in Minsk.", "COERCE")
    assert arrest.target is not None and "figure" in arrest.target.text
    assert arrest.date == "2024-03-04"
    assert none_of(nlp, "The town of Kidal was seized by the army on Monday.", "COERCE")
    assert none_of(nlp, "An activist was seized by masked men in Minsk on Monday.", "COERCE")


def test_an_undated_event_is_found_by_a_dated_report_that_shares_its_place() -> None:
    moscow = Location("Moscow", "Moscow", "RUS", None, 55.75, 37.62, 524901, 1)
    arm = Participant("Armenia", "Armenia", "country:ARM", None, "ARM")
    state = MemoryState()
    undated = state.add(candidate("1", event_type="AGREE", block="RUS", location=moscow,
                                  actor=arm, date=None, date_precision=None), SETTINGS)
    dated = state.add(candidate("2", event_type="AGREE", block="RUS", location=moscow,
                                actor=arm, date="2024-01-10"), SETTINGS)
    assert undated is not None and dated is not None
    assert dated.event_id == undated.event_id and dated.date == "2024-01-10"


@pytest.mark.parametrize(("text", "event_type", "day"), [
    # Published Wednesday 2024-03-06: "on Tuesday" is the condemnation, "last Saturday" the
    # killing; the parser hangs both on "condemned".
    ("The UN rights chief on Tuesday condemned the killing of 20 bus passengers in Ethiopia's "
     "Amhara region last Saturday.", "ASSAULT", "2024-03-02"),
    # The start of a stretch of time is no day of the event.
    ("Moldova's envoy travelled to Tiraspol on Tuesday for talks with the region's leaders, "
     "the second round of contacts since June.", "CONSULT", "2024-03-05"),
])
def test_the_day_of_an_event_among_other_days_in_its_sentence(nlp, text: str, event_type: str,  # type: ignore[no-untyped-def]
                                                              day: str) -> None:
    assert one(nlp, text, event_type).date == day


def test_people_detained_in_a_town_on_a_day_were_arrested_though_no_one_is_named(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Amnesty on Wednesday urged the authorities to free student leaders "
                        "who were detained yesterday in Chiang Mai, saying the arrests were "
                        "an assault on freedom of expression.")
    arrests = [e for e in found if e.event_type == "COERCE"]
    assert len(arrests) == 1 and arrests[0].date == "2024-03-05"
    assert arrests[0].location is not None and arrests[0].location.name == "Chiang Mai"
    assert not [e for e in found if e.event_type == "ASSAULT"]  # an assault on a freedom


def test_protests_opening_a_sentence_and_marking_an_old_unrest_are_of_their_own_day(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags a sentence-opening "Protests" as a nationality; the year belongs to the
    # unrest the protests mark.
    found = events(nlp, "Protests marking the anniversary of Peru's 2020 unrest turned violent "
                        "on Sunday night.")
    protest = next(e for e in found if e.trigger.text == "Protests")
    assert protest.date == "2024-03-03"


def test_marchers_who_clash_with_police_protest_and_crowds_that_pack_a_square_too(nlp) -> None:  # type: ignore[no-untyped-def]
    clash = one(nlp, "Marchers clashed with riot police in Arequipa on Sunday.", "PROTEST")
    assert clash.actor is not None and "marchers" in clash.actor.text.lower()
    rally = one(nlp, "Thousands of demonstrators packed the main square of Arequipa on "
                "Sunday.", "PROTEST")
    assert rally.location is not None and rally.location.name == "Arequipa"
    assert none_of(nlp, "Workers packed the boxes in Arequipa on Sunday.", "PROTEST")


def test_a_deal_reached_at_talks_is_placed_where_the_talks_were(nlp) -> None:  # type: ignore[no-untyped-def]
    deal = one(nlp, "Sudan and South Sudan agreed to a ceasefire in Abyei on Tuesday after two "
               "days of talks in Addis Ababa.", "AGREE")
    assert deal.location is not None and deal.location.name == "Addis Ababa"
    # With no talks named, the place on the deal stays.
    truce = one(nlp, "Rival militias agreed to a truce in Abyei on Tuesday.", "AGREE")
    assert truce.location is not None and truce.location.country == "SDN"


def test_the_state_holding_a_person_is_a_detention_but_holding_talks_or_a_town_is_not(nlp) -> None:  # type: ignore[no-untyped-def]
    held = one(nlp, "Police held 14 protesters overnight in Lagos on Monday.", "COERCE")
    assert held.target is not None and "protesters" in held.target.text
    assert none_of(nlp, "The army held the town of Gao on Monday.", "COERCE")
    assert none_of(nlp, "Gunmen held 20 passengers in Gao on Monday.", "COERCE")


def test_the_towns_a_road_joins_are_its_ends_not_where_it_was_blocked(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Farmers blocked the highway linking Delhi and Amritsar "
                                    "at Ambala on Monday.") if e.event_type == "PROTEST"]
    assert len(found) == 1  # one blockade, not one per town the road joins
    assert found[0].location is not None and found[0].location.text == "Ambala"
    growers = one(nlp, "Coca growers blocked the highway at La Oroya on Monday.", "PROTEST")
    assert growers.location is not None and growers.location.text == "La Oroya"
    # With no other place, the first end places it, near rather than in it.
    ambush = one(nlp, "Gunmen ambushed a convoy on the road between Gao and Ansongo on "
                 "Monday.", "ASSAULT")
    assert ambush.location is not None and ambush.location.name == "Gao"
    assert ambush.location.precision == 2


def test_an_event_told_in_a_clause_on_a_place_happened_there(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "In Kasese, where an attack on a school had killed 11 pupils on Sunday, "
                "mourners gathered for funerals on Tuesday.", "ASSAULT")
    assert event.location is not None and event.location.text == "Kasese"
