"""Roles of attacks and talks, on sentences written for these tests."""

from __future__ import annotations

from pipeline.stages.dedup import collapse
from tests.unit.test_classify import events, one


def test_what_was_fired_at_is_the_target_not_the_weapon(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Insurgents fired rockets at a police station in Kandahar on Monday.",
                "ASSAULT")
    assert event.target is not None and event.target.text == "police station"
    event = one(nlp, "Police fired tear gas at protesters in Lagos on Monday.", "PROTEST")
    # A protest met with force: the protesters' act, the police acting on them (ACLED).
    assert event.actor is not None and event.actor.text == "protesters"
    assert event.target is not None and event.target.text == "Police"


def test_a_barrage_of_weapons_makes_firing_an_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Rebels fired a barrage of mortar rounds at a garrison near Kidal on "
                "Sunday.", "ASSAULT")
    assert event.explanation.startswith("rule:")
    assert event.location is not None and event.location.name == "Kidal"
    assert event.target is not None and event.target.text == "garrison"


def test_who_fired_the_weapon_is_the_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "A rocket fired by Hamas hit a house in Sderot on Monday.", "ASSAULT")
    assert event.actor is not None and event.actor.kb_id == "actor:hamas"


def test_city_names_without_the_soft_sign_are_linked(nlp) -> None:  # type: ignore[no-untyped-def]
    # GeoNames writes "Ryazan’", "Homyel'"; news writes them plain.
    event = one(nlp, "Drones struck a fuel depot in the city of Ryazan on Monday.", "ASSAULT")
    assert event.location is not None and event.location.country == "RUS"
    assert event.location.precision == 1


def test_a_person_unknown_to_the_kb_keeps_title_and_country(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Kenyan Foreign Minister Wanjiru Otieno met Ethiopian envoys in Nairobi "
                "on Monday.", "CONSULT")
    assert event.actor is not None and event.actor.text == "Wanjiru Otieno"
    assert (event.actor.sector, event.actor.country) == ("GOV", "KEN")
    # A counterpart, of the nationality his description gives, is that state's official.
    met = one(nlp, "Armenia's deputy prime minister and his Azerbaijani counterpart Shahin "
              "Mustafayev met on Friday near Ijevan.", "CONSULT")
    assert met.target is not None and met.target.name == "Shahin Mustafayev"
    assert (met.target.sector, met.target.country) == ("GOV", "AZE")


def test_what_is_signed_is_no_party_to_the_agreement(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Envoys of Sudan and South Sudan signed an agreement in Juba on Monday.",
                "AGREE")
    assert event.target is None or "agreement" not in event.target.text


def test_a_weapon_carried_into_a_target_is_an_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    found = collapse(events(nlp, "Militants drove a car bomb into a checkpoint in Mogadishu "
                                 "on Monday."))
    assert len(found) == 1  # the bomb the verb carried is the same attack
    event = found[0]
    assert event.explanation.startswith("rule: verb trigger 'drove'")
    assert event.target is not None and event.target.text == "checkpoint"
    # Flying a drone is no attack unless it is flown into something.
    assert not [e for e in events(nlp, "Soldiers flew a surveillance drone over the camp "
                                       "near Goma on Monday.") if e.event_type == "ASSAULT"]


def test_a_reference_point_is_not_the_place(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Militants drove a truck bomb into the Hmeimim base "
                                    "south of Latakia on Monday.") if e.location]
    assert found and {e.location.name for e in found if e.location} == {"Hmeimim Air Base"}


def test_capitals_that_act_are_their_states_not_the_place(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Nairobi and Addis Ababa signed a border agreement in Djibouti on "
                "Monday.", "AGREE")
    assert event.actor is not None and event.actor.kb_id == "country:KEN"
    assert event.target is not None and event.target.kb_id == "country:ETH"
    assert event.location is None or event.location.country == "DJI"
    # So is the capital one deals with: the deal was not made there.
    deal = one(nlp, "The rebels said the agreement they reached with Kinshasa on Tuesday over "
                    "two towns was holding.", "AGREE", published="2024-03-07")
    assert deal.target is not None and deal.target.kb_id == "country:COD"
    assert deal.location is None
    # A capital where something happens stays a place.
    event = one(nlp, "Protesters marched in Nairobi on Monday.", "PROTEST")
    assert event.location is not None and event.location.name == "Nairobi"


def test_congo_alone_is_the_drc_unless_the_republic_is_named(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Rebels attacked a village in eastern Congo on Monday.", "ASSAULT")
    assert event.location is not None and event.location.country == "COD"
    event = one(nlp, "Congo Republic and Gabon agreed on Monday to reopen their border.",
                "AGREE")
    assert event.actor is not None and event.actor.kb_id == "country:COG"


def test_a_parliament_of_a_state_is_in_its_capital(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Hundreds of students protested outside Kenya's parliament on Monday.",
                "PROTEST")
    assert event.location is not None and event.location.name == "Nairobi"
    event = one(nlp, "Thousands of farmers rallied outside the Polish parliament on Monday.",
                "PROTEST")
    assert event.location is not None and event.location.country == "POL"
    assert event.location.precision == 1


def test_crowds_of_protesters_returning_to_the_streets_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Hundreds of protesters returned to central Kampala on Monday.", "PROTEST")
    assert event.location is not None and event.location.name == "Kampala"
    assert not [e for e in events(nlp, "Students returned to their classrooms in Kampala on "
                                       "Monday.") if e.event_type == "PROTEST"]
    event = one(nlp, "Police fired teargas at protesters in Kampala on Monday.", "PROTEST")
    assert event.actor is not None and event.actor.text == "protesters"


def test_gathering_to_protest_is_the_protest_in_each_place(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Demonstrators took to the streets of Accra and Kumasi on "
                               "Wednesday to protest against unpaid salaries.")
             if e.event_type == "PROTEST"]
    assert {e.location.name for e in found if e.location} == {"Accra", "Kumasi"}
    assert all(e.modality == "asserted" and e.actor is not None
               and e.actor.text == "Demonstrators" for e in found)
    # A purpose that is no protest stays an intention.
    assert not [e for e in events(nlp, "Troops were deployed to Gao on Monday to attack "
                                  "rebel positions.") if e.event_type == "ASSAULT"]


def test_a_person_named_after_a_place_is_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Ghanaian Finance Minister Accra Mensah met his Togolese counterpart in "
                "Lome on Tuesday.", "CONSULT")
    assert event.actor is not None and event.actor.text == "Accra Mensah"
    assert event.location is not None and event.location.name == "Lomé"


def test_a_deal_described_as_signed_is_an_agreement_with_its_partner(nlp) -> None:  # type: ignore[no-untyped-def]
    # The clause describes the accord, the thing agreed; the party it names is the partner.
    event = one(nlp, "Union leaders on Tuesday praised a pact signed with the government two "
                "days earlier in Lusaka.", "AGREE", published="2024-05-14")
    assert event.target is not None and event.target.sector == "GOV"
    assert event.date == "2024-05-12"


def test_they_of_a_quote_are_not_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "'They burned the market and shot at everyone,' Governor Amina Sule "
                   "told reporters on Monday.", published="2024-05-14")
    assert all(e.actor is None or "Sule" not in e.actor.text for e in found)
    # Outside a quote a speaker's "it" is still the speaker's own.
    event = one(nlp, "The Arakan Army said on Monday it had attacked a navy base in Sittwe.",
                "ASSAULT", published="2024-05-14")
    assert event.actor is not None and event.actor.kb_id == "actor:arakan_army"


def test_armed_men_are_attackers_and_the_town_they_storm_is_the_place(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Armed men stormed Kukawa on Sunday, residents said.", "ASSAULT",
                published="2024-05-14")
    assert event.actor is not None and event.actor.sector == "UAF"
    assert event.location is not None and event.location.country == "NGA"
    assert event.target is None


def test_a_ship_west_of_a_port_is_the_ship_of_no_country_the_port_gives(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Houthi forces fired missiles at a vessel west of Hodeidah on Sunday.",
                "ASSAULT")
    assert event.target is not None and event.target.text == "vessel"
    assert event.target.country is None
    assert event.location is not None and event.location.country == "YEM"
