"""Events told by a noun, on sentences written for these tests."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from pipeline.records import Entity
from pipeline.stages.nouns import noun_actor, partner
from tests.unit.test_classify import events, none_of, one


def test_a_repelled_attack_happened_and_the_defenders_were_its_target(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Soldiers fought off a militant attack on a border post in Mandera on "
                "Monday.", "ASSAULT")
    assert event.actor is not None and event.actor.sector == "REB"  # the militants attacked
    assert event.location is not None and event.location.name == "Mandera"
    assert event.date == "2024-03-04"
    assert event.target is not None and "attack" not in event.target.text


def test_reaching_an_agreement_is_done_by_its_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Ethiopia and Somalia reached an agreement on Monday to reopen their "
                "border.", "AGREE")
    assert event.actor is not None and event.actor.kb_id == "country:ETH"
    assert event.target is not None and event.target.kb_id == "country:SOM"


def test_a_nationality_on_an_attack_noun_is_the_attacking_side(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "A depot in Belgorod burned for hours after a Ukrainian drone attack on "
                "Monday.", "ASSAULT")
    assert event.actor is not None and event.actor.country == "UKR"
    assert event.actor.kb_id is None and event.actor.name is None  # a side, not a name


def test_a_follow_up_on_a_dated_placed_attack_still_reports_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model reads death-toll follow-ups as "no event"; a weapon, a day and a place say
    # which attack they report.
    event = one(nlp, "The number of dead from Monday's mortar shelling of a market in Kismayo "
                "has risen to eleven, medics said.", "ASSAULT")
    assert event.location is not None and event.location.name == "Kismayo"
    assert event.date == "2024-03-04"
    assert event.mode is not None


def test_the_model_still_vetoes_attacks_without_weapon_day_or_place(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events(nlp, "Critics called the new law an attack on press "
                                       "freedom.") if e.event_type == "ASSAULT"]


def test_talks_between_two_sides_name_both(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Talks between Kenya's interior minister and his Ugandan counterpart in "
                "Kampala on Monday ended without a deal.", "CONSULT")
    assert event.actor is not None and event.actor.country == "KEN"
    assert event.target is not None and event.target.country == "UGA"
    assert event.location is not None and event.location.name == "Kampala"


def test_what_happened_to_an_event_does_not_undo_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # "ended" says the talks took place; "called for an end to talks" would not.
    event = one(nlp, "Talks between Sudan and Chad in Ndjamena ended on Monday without a "
                "deal.", "CONSULT")
    assert event.modality == "asserted"
    assert not [e for e in events(nlp, "The opposition urged the government to end the "
                                       "crackdown on Monday.") if e.event_type == "COERCE"]


def test_an_event_told_about_is_not_reported_again(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events(nlp, "The newspaper offered new details on the March "
                                       "meeting in Muscat between Omani and Iranian envoys.")
                if e.event_type == "CONSULT"]


def test_received_for_talks_is_a_meeting_of_host_and_guest(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Kenyan Foreign Minister Wanjiru Otieno received Ethiopia's foreign "
                "minister in Nairobi on Monday for talks on the situation in Somalia.",
                "CONSULT")
    assert event.actor is not None and event.actor.country == "KEN"
    assert event.target is not None and event.target.country == "ETH"
    # What the talks were about is not where they were held.
    assert event.location is None or event.location.country == "KEN"
    assert event.date == "2024-03-04"


def test_between_hung_on_the_place_of_a_meeting_still_names_its_sides() -> None:
    # The parse the small model gives "a meeting in Gazakh between A and B", built by hand.
    words = ["a", "meeting", "in", "Gazakh", "between", "Aliyev", "and", "Pashinyan"]
    heads = [1, 1, 1, 2, 3, 4, 5, 5]
    deps = ["det", "ROOT", "prep", "pobj", "prep", "pobj", "cc", "conj"]
    pos = ["DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "CCONJ", "PROPN"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    people = {i: Entity(text=w, start=i, end=i + 1, label="PERSON", kind="actor", kb_id=None,
                        name=w, sector=None, country=None, admin1=None, lat=None, lon=None,
                        geonameid=None, precision=None, char_start=0, char_end=len(w),
                        type=None, confidence=0.6, coref=False, affiliation=None)
              for i, w in enumerate(words) if w in ("Aliyev", "Pashinyan")}
    actor = noun_actor(doc[1], people)
    other = partner(doc[1], people)
    assert actor is not None and actor.text == "Aliyev"
    assert other is not None and other.text == "Pashinyan"


def test_fighting_that_broke_out_between_two_sides_names_both_and_its_place(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Heavy fighting broke out on Sunday between army troops and Fano "
                "militiamen in Gondar, residents said.", "ASSAULT")
    assert event.actor is not None and event.actor.sector == "MIL"
    assert event.target is not None and "Fano" in event.target.text
    assert event.location is not None and event.location.name == "Gonder"
    assert event.date == "2024-03-03"


def test_armed_groups_that_fought_clashed_but_a_fight_against_graft_is_no_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Rival militias fought for hours on Sunday in Gondar.", "ASSAULT")
    assert event.actor is not None and "militias" in event.actor.text
    assert event.location is not None and event.location.name == "Gonder"
    assert not [e for e in events(nlp, "The government fought corruption in Gondar on "
                                       "Sunday.") if e.event_type == "ASSAULT"]
    # "fought a battle": the noun tells the event, once.
    assert len([e for e in events(nlp, "Rebels fought a fierce battle with soldiers near "
                                       "Gondar on Sunday.") if e.event_type == "ASSAULT"]) == 1


def test_a_meeting_that_ended_somewhere_was_held_there_but_an_ended_truce_is_no_deal(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "A second meeting between Ethiopia's federal government and Tigray's "
                "interim leaders ended in Tigray's regional capital on Tuesday without "
                "agreement, participants said.", "CONSULT")
    assert event.location is not None and event.location.name == "Mek'ele"
    assert event.date == "2024-03-05"
    assert not [e for e in events(nlp, "The ceasefire between the army and the rebels ended in "
                                       "Goma on Tuesday.") if e.event_type == "AGREE"]


def test_an_ultimatum_issued_is_a_threat_and_one_rejected_is_the_rejection(nlp) -> None:  # type: ignore[no-untyped-def]
    threat = one(nlp, "The army issued an ultimatum to the rebels in Goma on Monday.",
                 "THREATEN")
    assert threat.actor is not None and threat.actor.sector == "MIL"
    rejected = events(nlp, "Niger's junta on Sunday rejected an ECOWAS ultimatum.")
    assert [e.event_type for e in rejected] == ["REJECT"]


def test_sides_that_sit_down_or_hold_a_session_meet(nlp) -> None:  # type: ignore[no-untyped-def]
    sat = one(nlp, "The two delegations sat down at the presidential palace in Nairobi on "
                   "Monday.", "CONSULT")
    assert sat.location is not None and sat.location.name == "Nairobi"
    sides = one(nlp, "The army and the rebels sat down at the presidential palace in Nairobi "
                     "on Monday.", "CONSULT")
    assert sides.target is not None and sides.target.text == "rebels"  # not the palace
    # Sides that met "with" someone are one party, that someone the other.
    with_them = one(nlp, "Officials from Chad and Niger, as well as Mali, held talks with "
                         "French envoys in Paris on Monday.", "CONSULT")
    assert with_them.target is not None and with_them.target.text == "French envoys"
    with_rebels = one(nlp, "Army commanders sat down with rebel leaders in Doha on Sunday.",
                      "CONSULT")
    assert with_rebels.target is not None and "rebel" in with_rebels.target.text
    session = one(nlp, "The government and the rebels held a second session in Doha on "
                       "Sunday.", "CONSULT")
    assert session.date == "2024-03-03"
    # One man sitting down, a parliament's session: no talks.
    assert none_of(nlp, "The mayor sat down on a bench in Nairobi on Monday. Parliament held a "
                        "session in Nairobi on Tuesday.", "CONSULT")


def test_rounding_up_is_an_arrest_and_sabotage_an_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    arrest = one(nlp, "Police rounded up 30 migrants in Sfax on Friday.", "COERCE")
    assert arrest.date == "2024-03-01"
    sabotage = one(nlp, "Oil exports were unaffected by Sunday's sabotage at the Rumaila oil "
                        "field near Basra, officials said on Monday.", "ASSAULT")
    assert sabotage.date == "2024-03-03"


def test_blocking_or_shutting_to_protest_or_demand_is_a_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    road = one(nlp, "Hundreds of motorists blocked the coastal road near Trujillo on Tuesday to "
                    "protest against fuel shortages.", "PROTEST")
    assert road.date == "2024-03-05" and road.location is not None
    shops = one(nlp, "Traders shut their shops in Peshawar on Monday to demand better security.",
                "PROTEST")
    assert shops.location is not None and shops.location.name == "Peshawar"
    # The state closing a road to stop a protest does not protest.
    assert none_of(nlp, "Police closed roads in Lima on Monday to stop protesters.", "PROTEST")
    assert none_of(nlp, "Soldiers blocked the highway near Trujillo on Tuesday to protest the "
                        "decision.", "PROTEST")


def test_putting_up_barricades_is_a_protest_unless_armed_men_do_it(nlp) -> None:  # type: ignore[no-untyped-def]
    barricades = one(nlp, "In Arequipa, demonstrators set up burning barricades on the main "
                          "roads on Monday.", "PROTEST")
    assert barricades.location is not None and barricades.location.name == "Arequipa"
    tyres = one(nlp, "Students piled stones and tyres across the road in Cusco on Monday.",
                "PROTEST")
    assert tyres.date == "2024-03-04"
    for text in ("Al-Shabaab fighters set up roadblocks near Baidoa on Monday.",
                 "Police removed the barricades in Cusco on Monday."):
        assert none_of(nlp, text, "PROTEST"), text
