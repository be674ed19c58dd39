"""Who took part, for dedup: sides of talks, unnamed sides and spellings of one name."""

from __future__ import annotations

from pipeline.extract import MemoryState
from pipeline.records import Location, Participant
from pipeline.settings import Settings
from pipeline.stages.sameness import same_participant
from tests.unit.test_dedup import candidate

SETTINGS = Settings()
NAIROBI = Location("Nairobi", "Nairobi", "KEN", None, -1.28, 36.82, 184745, 1)
KENYA_OFFICIAL = Participant("William Odhiambo", "William Odhiambo", None, "GOV", "KEN")
ETHIOPIA_OFFICIAL = Participant("Abebe Kebede", "Abebe Kebede", None, "GOV", "ETH")
ETHIOPIAN_SIDE = Participant("Ethiopian", None, None, None, "ETH")
KENYAN_SIDE = Participant("Kenyan envoys", "Kenyan envoys", None, None, "KEN")


def talks(cid: str, actor: Participant, target: Participant) -> object:
    return candidate(cid, event_type="CONSULT", cameo_code="040", actor=actor, target=target,
                     location=NAIROBI, block="KEN")


def test_a_met_b_and_b_met_a_are_one_meeting() -> None:
    state = MemoryState()
    first = state.add(talks("1", KENYA_OFFICIAL, ETHIOPIA_OFFICIAL), SETTINGS)  # type: ignore[arg-type]
    second = state.add(talks("2", ETHIOPIAN_SIDE, KENYAN_SIDE), SETTINGS)  # type: ignore[arg-type]
    assert first is not None and second is not None
    assert second.event_id == first.event_id


def test_sides_of_other_countries_are_other_talks() -> None:
    state = MemoryState()
    first = state.add(talks("1", KENYA_OFFICIAL, ETHIOPIA_OFFICIAL), SETTINGS)  # type: ignore[arg-type]
    somali = Participant("Somali", None, None, None, "SOM")
    second = state.add(talks("2", somali, KENYAN_SIDE), SETTINGS)  # type: ignore[arg-type]
    assert first is not None and second is not None
    assert second.event_id != first.event_id


def test_attacks_are_not_symmetric() -> None:
    state = MemoryState()
    army = Participant("army", "army", None, "MIL", "KEN")
    shabaab = Participant("al-Shabaab", "al-Shabaab", "actor:al_shabaab", "INS", "SOM")
    first = state.add(candidate("1", actor=shabaab, target=army, location=NAIROBI,
                                block="KEN"), SETTINGS)
    second = state.add(candidate("2", actor=army, target=shabaab, location=NAIROBI,
                                 block="KEN"), SETTINGS)
    assert first is not None and second is not None
    assert second.event_id != first.event_id


def test_a_battle_between_a_and_b_is_one_between_b_and_a_but_a_raid_is_not() -> None:
    army = Participant("army", "army", None, "MIL", "KEN")
    shabaab = Participant("al-Shabaab", "al-Shabaab", "actor:al_shabaab", "INS", "SOM")
    for sub_event, merged in (("Armed clash", True), ("Attack", False)):
        state = MemoryState()
        first = state.add(candidate("1", actor=army, target=shabaab, location=NAIROBI,
                                    block="KEN", acled_sub_event_type=sub_event), SETTINGS)
        second = state.add(candidate("2", actor=shabaab, target=army, location=NAIROBI,
                                     block="KEN", acled_sub_event_type=sub_event), SETTINGS)
        assert first is not None and second is not None
        assert (second.event_id == first.event_id) is merged


def test_a_name_with_its_article_or_qualifier_is_the_same_name() -> None:
    state = MemoryState()
    linked = Participant("FARC", "Revolutionary Armed Forces (Colombia)", "actor:farc", "REB",
                         "COL")
    plain = Participant("the Revolutionary Armed Forces", "the Revolutionary Armed Forces",
                        None, None, None)
    other = Participant("the Popular Liberation Army", "the Popular Liberation Army", None,
                        None, None)
    first = state.add(candidate("1", actor=linked), SETTINGS)
    assert state.add(candidate("2", actor=plain), SETTINGS).event_id == first.event_id  # type: ignore[union-attr]
    assert state.add(candidate("3", actor=other), SETTINGS).event_id != first.event_id  # type: ignore[union-attr]


def test_a_name_and_its_initials_are_one_party() -> None:
    full = Participant("the Zintan Revolutionary Brigade", "the Zintan Revolutionary Brigade",
                       None, None, None)
    assert same_participant(full, Participant("ZRB", "ZRB", None, None, None))
    assert not same_participant(full, Participant("ZRF", "ZRF", None, None, None))
    assert not same_participant(full, Participant("Zrb", "Zrb", None, None, None))


def test_a_person_named_again_by_the_last_name_is_one_party() -> None:
    full = Participant("Amadou Toure", "Amadou Toure", None, None, None)
    assert same_participant(full, Participant("Toure", "Toure", None, None, None))
    assert same_participant(Participant("Toure", "Toure", None, None, None), full)
    assert not same_participant(full, Participant("Diallo", "Diallo", None, None, None))
    assert not same_participant(full, Participant("Amadou", "Amadou", None, None, None))


def test_a_generic_noun_opening_a_sentence_is_still_generic() -> None:
    state = MemoryState()
    named = Participant("ELN", "National Liberation Army", "actor:eln", "REB", "COL")
    first = state.add(candidate("1", actor=named), SETTINGS)
    mediators = Participant("Mediators", "Mediators", None, None, None)
    assert state.add(candidate("2", actor=mediators), SETTINGS).event_id == first.event_id  # type: ignore[union-attr]


def test_a_site_without_coordinates_is_the_town_it_is_named_after() -> None:
    from pipeline.stages.sameness import same_place
    base = Location("Tal Afar base", "Tal Afar Air Base", "IRQ", "Nineveh", None, None, None, 1)
    other = Location("Sinjar", "Sinjar", "IRQ", "Nineveh", 36.32, 41.88, 2, 1)
    assert same_place(base, Location("Tal Afar", "Tal Afar", "IRQ", None, 36.37, 42.45, 1, 1))
    assert not same_place(base, other)


def test_within_one_article_the_text_places_the_unplaced_mention() -> None:
    from pipeline.stages.dedup import collapse
    students = Participant("students", "students", None, "EDU", None)
    placed = candidate("1", event_type="PROTEST", actor=students, location=NAIROBI)
    unplaced = candidate("2", event_type="PROTEST", actor=students, location=None,
                         article_id="a-1", sentence_index=1)
    assert len(collapse([placed, unplaced])) == 1


def test_a_state_force_and_a_rebel_group_are_two_sides() -> None:
    army = Participant("army", "army", None, "MIL", None)
    rebels = Participant("RSF", "Rapid Support Forces", "actor:rapid_support_forces", "REB", "SDN")
    militia = Participant("militia fighters", "militia fighters", None, "REB", None)
    assert not same_participant(army, rebels)
    assert same_participant(militia, rebels)  # a description of the named group may be it


def test_a_group_its_branch_and_the_group_it_split_from_are_one_party() -> None:
    def group(kb_id: str) -> Participant:
        return Participant(kb_id, kb_id, f"actor:{kb_id}", "INS", None)

    iswap, isis, boko_haram = group("iswap"), group("isis"), group("boko_haram")
    assert same_participant(iswap, isis) and same_participant(isis, iswap)
    assert same_participant(boko_haram, iswap) and same_participant(iswap, boko_haram)
    # "Dissidents of the former FARC" are named by the group they left.
    assert same_participant(group("farc"), group("emc_farc_dissidents"))
    # Two branches of one parent are two groups; so are a parent and an unrelated group.
    assert not same_participant(iswap, group("islamic_state_sahel"))
    assert not same_participant(isis, group("al_shabaab"))
    # A state's organ and its government: the Taliban's intelligence service.
    assert same_participant(group("afghanistan_gdi"), group("taliban"))
