"""One event per coordinated place, on sentences written for these tests."""

from __future__ import annotations

from tests.unit.test_classify import events


def places(nlp, text: str, event_type: str) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(e.location.name or "" for e in events(nlp, text)
                  if e.event_type == event_type and e.location is not None)


def test_coordinated_towns_give_one_event_each(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Security forces arrested dozens of opposition activists "
                                    "in Karachi and Peshawar on Monday.")
             if e.event_type == "COERCE"]
    assert sorted(e.location.name for e in found if e.location) == ["Karachi", "Peshawar"]
    assert len({e.candidate_id for e in found}) == 2
    assert {e.date for e in found} == {"2024-03-04"}


def test_a_qualified_place_is_one_place(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Mosul, in Nineveh province": the region says where the town is, it is no second event.
    assert places(nlp, "Gunmen attacked a checkpoint in Mosul in Nineveh province on Monday.",
                  "ASSAULT") == ["Mosul"]


def test_a_route_between_two_towns_is_not_two_events(nlp) -> None:  # type: ignore[no-untyped-def]
    found = places(nlp, "Gunmen ambushed a bus on the road between Kaduna and Zaria on "
                        "Monday.", "ASSAULT")
    assert len(found) <= 1


def test_separate_clauses_keep_their_own_places(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "In Mombasa, police fired tear gas at protesters, while in Kisumu "
                        "demonstrators burned tyres on Monday.")
    assert all(e.location is None or e.location.name in ("Mombasa", "Kisumu") for e in found)
    assert not any(e.location and e.location.name == "Kisumu" and "police" in
                   (e.actor.text if e.actor else "") for e in found)


def test_two_ships_in_two_seas_are_two_attacks(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Pirates attacked two fishing boats on Monday, one in the Gulf of "
                        "Aden and another in the Arabian Sea.")
    assert len([e for e in found if e.event_type == "ASSAULT"]) == 2


def test_agreements_between_states_are_not_split(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Kenya and Somalia signed a security agreement in "
                                    "Nairobi and Mombasa on Monday.") if e.event_type == "AGREE"]
    assert len(found) <= 1


def test_places_that_say_who_the_actor_is_are_not_split(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Militants based in Idlib and Aleppo attacked a checkpoint "
                                    "in Hama on Monday.") if e.event_type == "ASSAULT"]
    assert len(found) == 1


def test_where_people_come_from_is_not_where_they_were_arrested(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, "Police arrested two men from Karachi and Quetta in Lahore "
                                    "on Monday.") if e.event_type == "COERCE"]
    assert [e.location.name for e in found if e.location] == ["Lahore"]
