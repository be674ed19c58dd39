"""A past deed told inside a vow, and the spellings of one town: sentences written for these
tests."""

from __future__ import annotations

import pytest

from pipeline.settings import Settings
from tests.unit.test_classify import events, one
from tests.unit.test_link import entities

SETTINGS = Settings()


def test_a_killing_told_by_who_is_hunted_is_no_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    """The vow is to hunt the gunmen; the killing that says who they are happened."""
    text = ("The governor of Taraba state visited Wukari on Monday and vowed to hunt down the "
            "gunmen who killed 11 farmers near Wukari on Saturday night.")
    attack = one(nlp, text, "ASSAULT", published="2019-03-12")
    assert attack.date == "2019-03-09" and attack.modality == "asserted"
    assert attack.location is not None and attack.location.name == "Wukari"
    assert not [e for e in events(nlp, text) if e.event_type == "THREATEN"]


def test_a_vow_to_kill_is_still_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    """Only a past deed is told apart: what the vow is of stays the threat."""
    text = "The militia threatened to attack the farmers who sold food to the army in Wukari."
    assert [e for e in events(nlp, text) if e.event_type == "THREATEN"]
    assert not [e for e in events(nlp, text) if e.event_type == "ASSAULT"]


@pytest.mark.parametrize("text", [
    "Government and rebel delegations opened a fresh round of talks in Arusha on Tuesday.",
    "Envoys of the government and the rebels opened a new cycle of negotiations in Arusha on "
    "Tuesday, mediators said.",
])
def test_talks_opened_by_delegations_are_theirs(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    talks = one(nlp, text, "CONSULT", published="2018-02-14")
    assert talks.actor is not None
    assert talks.location is not None and talks.location.name == "Arusha"
    assert talks.date == "2018-02-13"


TOBOSO_IN_COLOMBIA = ("Colombia's army said three soldiers were killed on Monday when FARC "
                      "dissidents ambushed a patrol near the village of Toboso.")


def test_a_small_town_of_another_country_is_a_namesake(nlp) -> None:  # type: ignore[no-untyped-def]
    """The gazetteer's only Toboso is a town of 13,000 in the Philippines; in a story about
    Colombia it is a village the gazetteer lacks, not a place abroad."""
    attacks = [e for e in events(nlp, TOBOSO_IN_COLOMBIA) if e.event_type == "ASSAULT"]
    assert attacks and all(e.location is None or e.location.country in (None, "COL")
                           for e in attacks)
    assert all(e.block == "COL" for e in attacks)
    assert entities(nlp, TOBOSO_IN_COLOMBIA)["Toboso"][1] is None


def test_a_small_town_named_alone_is_still_the_town(nlp) -> None:  # type: ignore[no-untyped-def]
    """With no other name to say where the story is, the gazetteer's town stands."""
    attack = one(nlp, "Gunmen attacked a police station in Toboso on Monday, killing two "
                 "officers.", "ASSAULT", published="2018-05-15")
    assert attack.location is not None and attack.location.name == "Toboso"


@pytest.mark.parametrize("text", [
    "Five soldiers were killed on Friday when their truck hit a landmine on the outskirts of "
    "Wukari town.",
    "Gunmen killed five people near Wukari town on Friday, police said.",
])
def test_a_town_named_with_the_word_town_is_the_town(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    attack = next(e for e in events(nlp, text) if e.event_type == "ASSAULT")
    assert attack.location is not None and attack.location.name == "Wukari"


def test_a_provinces_capital_is_not_its_regions_seat(nlp) -> None:  # type: ignore[no-untyped-def]
    """Basilan lies in a first-level region whose seat is Cotabato, on another island; the KB
    knows the seats of first-level regions only."""
    bombing = one(nlp, "A bomb exploded in a market in the provincial capital of Basilan on "
                  "Monday, killing three people.", "ASSAULT", published="2019-01-29")
    assert bombing.location is None or bombing.location.name != "Cotabato"
