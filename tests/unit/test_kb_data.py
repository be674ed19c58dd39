"""The actors file holds together: ids, references and aliases (guards: the checks SOURCES.md
lists, which held before too); and the armed groups added outside the Middle East link in
sentences written for the test."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest

from tests.unit.test_classify import events, one
from tests.unit.test_link import entities

KEYS = ("id", "name", "aliases", "type", "sector", "country", "affiliations")


def _actors() -> list[dict]:  # type: ignore[type-arg]
    path = resources.files("pipeline.kb").joinpath("data", "actors.json")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_ids_are_unique_sorted_and_references_resolve() -> None:
    actors = _actors()
    ids = [a["id"] for a in actors]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for actor in actors:
        assert tuple(actor)[: len(KEYS)] == KEYS, actor["id"]
        for ref in (*actor["affiliations"], *actor.get("split_from", ())):
            assert ref in set(ids), (actor["id"], ref)


def test_no_alias_names_two_actors() -> None:
    counts = Counter(alias for a in _actors() for alias in set(a["aliases"]))
    assert [alias for alias, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("text", "mention", "kb_id"), [
    ("MILF rebels clashed with soldiers near Datu Piang on Monday.", "MILF",
     "actor:milf"),
    ("The New People's Army ambushed a patrol in Northern Samar.", "New People's Army",
     "actor:new_peoples_army"),
    ("Seleka fighters attacked the town of Bambari.", "Seleka", "actor:seleka"),
    ("Shining Path remnants killed two soldiers in the VRAEM valley.", "Shining Path",
     "actor:shining_path"),
])
def test_armed_groups_beyond_the_middle_east(nlp, text: str, mention: str,  # type: ignore[no-untyped-def]
                                             kb_id: str) -> None:
    found = {name: link for name, link in entities(nlp, text).items() if mention in name}
    assert ("actor", kb_id) in found.values(), found


def test_a_groups_attack_names_the_group(nlp) -> None:  # type: ignore[no-untyped-def]
    attack = one(nlp, "Abu Sayyaf militants attacked an army outpost in Patikul on Sunday.",
                 "ASSAULT", published="2019-03-11")
    assert attack.actor is not None and attack.actor.kb_id == "actor:abu_sayyaf"


def test_his_arrest_is_done_to_him(nlp) -> None:  # type: ignore[no-untyped-def]
    """A named person's possessive on an arrest is the one arrested, not who arrested."""
    held = one(nlp, "Lawyers for opposition leader Kizza Besigye said they had been denied "
                    "access to him since his arrest by soldiers in Gulu on Monday.",
               "COERCE", published="2018-08-15")
    assert held.actor is not None and held.actor.kb_id != "actor:kizza_besigye"
    assert held.target is not None and held.target.kb_id == "actor:kizza_besigye"


def test_what_protesters_demand_is_the_protests(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Police fired tear gas at protesters demanding the resignation of President "
            "Lazarus Chakwera in Lilongwe on Thursday.")
    assert not [e for e in events(nlp, text) if e.event_type == "REQUEST"]
    assert [e for e in events(nlp, text) if e.event_type == "PROTEST"]
