"""Events told in passing (in a "since" phrase, a participle, a town's "streets of") and the
words for who did them: sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.extract import MemoryState
from pipeline.settings import Settings
from pipeline.stages.dedup import collapse
from tests.unit.test_classify import events, one

SETTINGS = Settings()


@pytest.mark.parametrize("text", [
    "Gunmen massacred 23 villagers in Dungu on Thursday night, local officials said.",
    "The army said it had sent reinforcements to the area after gunmen massacred 23 "
    "villagers in Dungu on Thursday night.",
    "Armed men murdered a village chief and his two sons near Dungu on Thursday night.",
])
def test_a_massacre_told_by_its_verb_is_an_attack(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    attack = one(nlp, text, "ASSAULT", published="2019-05-11")
    assert attack.actor is not None and attack.actor.sector == "UAF"
    assert attack.location is not None and attack.location.name == "Dungu"
    assert attack.date == "2019-05-09"


def test_an_arrest_told_as_the_time_of_something_denied_still_happened(nlp) -> None:  # type: ignore[no-untyped-def]
    arrest = one(nlp, "Lawyers for the opposition senator said on Wednesday they had been "
                 "denied access to him since his arrest by soldiers in Gulu on Monday night.",
                 "COERCE", published="2019-07-17")
    assert arrest.actor is not None and arrest.actor.sector == "MIL"
    assert arrest.location is not None and arrest.location.name == "Gulu"
    assert arrest.date == "2019-07-15" and arrest.modality == "asserted"


def test_an_attack_denied_is_still_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    """The time phrase frees only what it dates, not what a denial governs."""
    assert not [e for e in events(nlp, "The rebels denied carrying out the attack on the "
                                       "convoy near Gulu on Monday.")
                if e.event_type == "ASSAULT"]


def test_a_curfew_ordered_by_the_police_is_the_polices(nlp) -> None:  # type: ignore[no-untyped-def]
    curfew = one(nlp, "Shops stayed closed in Batticaloa as an indefinite curfew, ordered by "
                 "police on Tuesday afternoon, remained in force.", "COERCE",
                 published="2019-04-24")
    assert curfew.actor is not None and curfew.actor.sector == "COP"
    assert curfew.date == "2019-04-23"


def test_a_truce_brokered_by_a_mediator_is_not_the_mediators(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "A truce brokered by Qatar between the two militias took "
                               "effect in Zintan on Sunday.") if e.event_type == "AGREE"]
    assert all(e.actor is None or e.actor.kb_id != "country:QAT" for e in found)


@pytest.mark.parametrize(("text", "sector"), [
    ("Separatist fighters in the Anglophone region have given teachers in Bali Nyonga two "
     "days to leave, threatening to attack anyone who stays.", "REB"),
    ("Fighters stormed a police post in Malindi on Monday, officials said.", None),
])
def test_fighters_are_someone_and_rebels_only_when_the_words_say_so(  # type: ignore[no-untyped-def]
        nlp, text: str, sector: str | None) -> None:
    found = [e for e in events(nlp, text) if e.event_type in ("THREATEN", "ASSAULT")]
    assert len(found) == 1 and found[0].actor is not None
    assert "ighters" in found[0].actor.text and found[0].actor.sector == sector


def test_its_fighters_are_still_the_group(nlp) -> None:  # type: ignore[no-untyped-def]
    attack = one(nlp, "Al-Shabaab said its fighters attacked an army base near Bulo Burde on "
                 "Friday.", "ASSAULT")
    assert attack.actor is not None and attack.actor.kb_id == "actor:al_shabaab"


def test_an_attack_on_a_gendarmerie_post_is_a_clash_with_the_forces(nlp) -> None:  # type: ignore[no-untyped-def]
    attack = one(nlp, "Separatist fighters attacked a gendarmerie post in Buea on Saturday.",
                 "ASSAULT")
    assert attack.acled_sub_event_type == "Armed clash"


def test_the_streets_of_a_town_place_the_march(nlp) -> None:  # type: ignore[no-untyped-def]
    march = one(nlp, "Thousands of students marched through the streets of Matagalpa on Saturday "
                "afternoon.", "PROTEST")
    assert march.location is not None and march.location.name == "Matagalpa"
    assert march.location.country == "NIC"


def test_them_in_a_second_verb_are_its_victims_not_its_doers(nlp) -> None:  # type: ignore[no-untyped-def]
    """"militants abducted three officers and shot them": one attack on the officers, not a
    second one of the militants on themselves."""
    found = collapse(events(nlp, "Suspected militants abducted three police officers from "
                                 "their homes in Dori before dawn on Friday and shot them "
                                 "dead, police said."))
    attacks = [e for e in found if e.event_type == "ASSAULT"]
    assert len(attacks) == 1
    target = attacks[0].target
    assert target is not None and "officers" in target.text and target.sector == "COP"


def test_a_march_in_one_town_does_not_take_in_a_march_in_another(nlp) -> None:  # type: ignore[no-untyped-def]
    first = one(nlp, "Thousands of students marched through the streets of Matagalpa on Saturday "
                "afternoon.", "PROTEST", published="2018-06-10")
    other = one(nlp, "In Jinotepe, residents marched to the central park on Saturday.",
                "PROTEST", published="2018-06-10")
    state = MemoryState()
    a, b = state.add(first, SETTINGS), state.add(other, SETTINGS)
    assert a is not None and b is not None and a.event_id != b.event_id


def test_an_ultimatum_of_armed_men_is_a_threat_the_model_cannot_veto(nlp) -> None:  # type: ignore[no-untyped-def]
    threat = one(nlp, "Separatist militias in the English-speaking North West have issued a "
                 "72-hour ultimatum to civil servants in Ndop and surrounding towns to leave or "
                 "risk being killed, residents said, deepening fears of violence ahead of next "
                 "month's vote.", "THREATEN")
    assert threat.actor is not None and threat.actor.sector == "REB"
