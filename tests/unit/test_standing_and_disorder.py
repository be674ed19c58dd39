"""An actor's standing on the story's day, seizures by a state, crowds' acts and declared
curfews: sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.extract import MemoryState
from pipeline.settings import Settings
from pipeline.stages.dedup import collapse
from pipeline.taxonomy import load_taxonomy
from tests.unit.test_classify import events, one

SETTINGS = Settings()


@pytest.mark.parametrize(("published", "sector"), [("2018-05-16", "INS"),
                                                   ("2024-03-06", "GOV")])
def test_the_taliban_are_insurgents_before_they_took_kabul_and_the_state_after(  # type: ignore[no-untyped-def]
        nlp, published: str, sector: str) -> None:
    attack = one(nlp, "Taliban fighters stormed an army outpost near Farah on Monday.",
                 "ASSAULT", published=published)
    assert attack.actor is not None and attack.actor.kb_id == "actor:taliban"
    assert attack.actor.sector == sector


def test_a_2018_report_of_insurgents_and_one_of_the_taliban_are_one_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    named = one(nlp, "Taliban fighters stormed an army outpost near Farah on Monday, killing "
                "nine soldiers.", "ASSAULT", published="2018-05-16")
    described = one(nlp, "Insurgents overran an army outpost near Farah on Monday, "
                    "officials said.", "ASSAULT", published="2018-05-16")
    state = MemoryState()
    first, second = state.add(named, SETTINGS), state.add(described, SETTINGS)
    assert first is not None and second is not None and first.event_id == second.event_id


@pytest.mark.parametrize("text", [
    "The Revolutionary Guards seized a British-flagged tanker in the Strait of Hormuz on "
    "Friday.",
    "The crew of a fishing trawler seized by the Indonesian navy near Natuna on Friday were "
    "unharmed, the owner said.",
    "The Indonesian navy has seized a foreign fishing trawler near Natuna, officials said on "
    "Friday.",
])
def test_a_ship_seized_by_a_state_is_confiscated_not_attacked(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = {e.event_type for e in events(nlp, text)}
    assert "COERCE" in found and "ASSAULT" not in found


def test_a_ship_seized_by_pirates_is_still_an_attack(nlp) -> None:  # type: ignore[no-untyped-def]
    found = {e.event_type for e in events(nlp, "Pirates seized a cargo ship off the coast "
                                               "of Eyl on Friday.")}
    assert "ASSAULT" in found and "COERCE" not in found


@pytest.mark.parametrize(("text", "verb"), [
    ("Demonstrators burned the ruling party's offices in Kassala on Tuesday.", "burned"),
    ("Shops in Kassala stayed shut on Tuesday as protesters occupied the main roads.",
     "occupied"),
    ("Students occupied the rectorate of the university in Kassala on Tuesday.", "occupied"),
])
def test_what_a_crowd_burns_or_occupies_is_a_protest(nlp, text: str, verb: str) -> None:  # type: ignore[no-untyped-def]
    protest = one(nlp, text, "PROTEST")
    assert protest.trigger.text == verb and protest.date == "2024-03-05"


def test_troops_occupying_a_town_hold_no_sit_in(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events(nlp, "Troops occupied the town of Kassala on Tuesday.")
                if e.event_type == "PROTEST"]


@pytest.mark.parametrize(("text", "actor"), [
    ("Local authorities declared a curfew in Kassala on Tuesday.", "Local authorities"),
    # an armed group's blockade coerces the town: it is no protest
    ("Rebels declared a blockade of Kassala on Tuesday, barring trucks from the town.",
     "Rebels"),
])
def test_a_declared_curfew_or_blockade_is_coercion_by_who_declared_it(  # type: ignore[no-untyped-def]
        nlp, text: str, actor: str) -> None:
    found = collapse(events(nlp, text))
    assert [e.event_type for e in found] == ["COERCE"]
    assert found[0].actor is not None and found[0].actor.text == actor
    assert found[0].date == "2024-03-05"


# English verbs whose past forms no suffix makes (a standard list, not the taxonomy's).
IRREGULAR_PASTS = {
    "arise": "arose arisen", "beat": "beaten", "begin": "began begun", "bite": "bit bitten",
    "blow": "blew blown", "break": "broke broken", "bring": "brought", "build": "built",
    "burn": "burnt", "buy": "bought", "catch": "caught", "choose": "chose chosen",
    "drive": "drove driven", "fall": "fell fallen", "fight": "fought", "flee": "fled",
    "fly": "flew flown", "forbid": "forbade forbidden", "freeze": "froze frozen",
    "give": "gave given", "hold": "held", "keep": "kept", "lead": "led", "leave": "left",
    "lose": "lost", "meet": "met", "overrun": "overran", "ride": "rode ridden", "rise": "rose",
    "run": "ran", "seek": "sought", "sell": "sold", "send": "sent", "shake": "shook",
    "shoot": "shot", "sit": "sat", "speak": "spoke spoken", "steal": "stole stolen",
    "strike": "struck", "swear": "swore sworn", "take": "took taken", "retake": "retook retaken",
    "tear": "tore torn", "tell": "told", "think": "thought", "throw": "threw thrown",
    "withdraw": "withdrew withdrawn", "write": "wrote written",
    # a final consonant doubled
    "ban": "banned", "stab": "stabbed", "gun": "gunned", "ship": "shipped", "slam": "slammed",
    "kidnap": "kidnapped", "grab": "grabbed", "drop": "dropped", "lob": "lobbed",
}


def test_the_prefilter_knows_the_irregular_forms_of_every_trigger_verb() -> None:
    """A sentence the pre-filter passes over is never parsed: "insurgents overran a post"
    must reach the parser."""
    taxonomy = load_taxonomy()
    verbs = {*taxonomy.verb_triggers, *taxonomy.object_types}
    missing = [form for lemma, forms in IRREGULAR_PASTS.items() if lemma in verbs
               for form in forms.split() if not taxonomy.may_hold_event(f"They {form} it.")]
    assert not missing


@pytest.mark.parametrize(("text", "event_type"), [
    ("Protesters set fire to the governor's office in Kassala on Tuesday.", "PROTEST"),
    ("Supporters of the jailed opposition leader set the court building on fire in Kassala "
     "on Tuesday.", "PROTEST"),
    ("Unidentified men set fire to a church near Kassala on Tuesday.", "ASSAULT"),
])
def test_setting_fire_is_arson_and_a_crowds_arson_a_riot(nlp, text: str, event_type: str  # type: ignore[no-untyped-def]
                                                         ) -> None:
    found = collapse(events(nlp, text))
    assert [e.event_type for e in found] == [event_type]
    assert found[0].trigger.text == "set" and found[0].date == "2024-03-05"


def test_setting_a_date_is_no_arson(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not events(nlp, "The electoral commission set a date for the vote in Kassala on "
                           "Tuesday.")
