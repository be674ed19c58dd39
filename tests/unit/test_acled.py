"""ACLED event and sub-event types, on sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.records import Article
from pipeline.stages.classify import classify
from pipeline.stages.clean import clean
from pipeline.stages.link import link


def acled_of(nlp, text: str) -> set[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    linked = link(clean(Article(id="t", body=text, published_at="2024-05-06")), nlp)
    return {(e.event_type, e.acled_event_type, e.acled_sub_event_type) for e in classify(linked)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soldiers and rebels clashed near Goma on Monday.",
         ("ASSAULT", "Battles", "Armed clash")),
        ("The army recaptured the town of Bakhmut on Sunday.",
         ("ASSAULT", "Battles", "Government regains territory")),
        ("Al-Shabaab fighters seized the town of Beledweyne on Friday.",
         ("ASSAULT", "Battles", "Non-state actor overtakes territory")),
        ("Gunmen abducted 20 students in Kaduna on Tuesday.",
         ("ASSAULT", "Violence against civilians", "Abduction/forced disappearance")),
        ("Militants attacked villagers in Ituri, killing six civilians.",
         ("ASSAULT", "Violence against civilians", "Attack")),
        ("A roadside bomb killed two soldiers in Kandahar on Sunday.",
         ("ASSAULT", "Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("Russian drones struck Kharkiv overnight.",
         ("ASSAULT", "Explosions/Remote violence", "Air/drone strike")),
        ("Artillery shelled the outskirts of Donetsk on Monday.",
         ("ASSAULT", "Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("A mob lynched a man accused of theft in Lagos.",
         ("PROTEST", "Riots", "Mob violence")),  # ACLED riots are PLOVER PROTEST here
        ("Thousands of teachers rallied peacefully in Nairobi on Monday.",
         ("PROTEST", "Protests", "Peaceful protest")),
        ("Protesters rallied in Dhaka and police fired tear gas to disperse them.",
         ("PROTEST", "Protests", "Protest with intervention")),
        ("Protesters torched cars and threw stones at police in Dakar.",
         ("PROTEST", "Riots", "Violent demonstration")),
        ("Police arrested 14 opposition activists in Kampala on Saturday.",
         ("COERCE", "Strategic developments", "Arrests")),
        ("The warring parties signed a ceasefire agreement in Doha.",
         ("AGREE", "Strategic developments", "Agreement")),
    ],
)
def test_acled_sub_event_types(nlp, text: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in acled_of(nlp, text)


def test_non_acled_events_carry_no_acled_codes(nlp) -> None:  # type: ignore[no-untyped-def]
    found = acled_of(nlp, "The foreign ministers of Egypt and Qatar met in Cairo on Monday.")
    assert found and all(a is None and s is None for t, a, s in found if t == "CONSULT")


def test_figurative_and_non_event_objects_are_not_events(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not acled_of(nlp, "The ministry released a statement on Monday.")
    assert not acled_of(nlp, "The president delivered a speech in Accra.")


def test_an_attack_on_an_armed_side_is_a_clash_whoever_else_is_named(nlp) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.test_classify import one

    battle = one(nlp, "M23 rebels attacked Congolese army positions near Rutshuru on Monday, "
                 "forcing thousands of civilians to flee.", "ASSAULT", published="2024-03-13")
    assert battle.acled_sub_event_type == "Armed clash"
    raid = one(nlp, "Gunmen attacked a village near Rutshuru on Monday, killing 12 civilians.",
               "ASSAULT", published="2024-03-13")
    assert raid.acled_sub_event_type == "Attack"
