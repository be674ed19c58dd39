"""Events told inside another clause, and acts that are protests by their form. Sentences
written for these tests."""

from __future__ import annotations

import pytest

from pipeline.records import Article
from pipeline.stages.classify import _model_hits
from pipeline.stages.clean import clean
from pipeline.stages.link import link
from pipeline.stages.roles import participant
from pipeline.stages.triggers import sentence_doc
from pipeline.taxonomy import load_taxonomy
from tests.unit.test_classify import events, one


def test_an_event_told_as_the_time_of_a_request_or_a_vow_happened(nlp) -> None:  # type: ignore[no-untyped-def]
    # What the clause above asks ("urged restraint") or vows is not said of the "after" clause.
    event = one(nlp, "The governor urged calm after bandits attacked a market in Gusau on "
                "Thursday.", "ASSAULT", published="2024-06-08")
    assert event.actor is not None and event.actor.text == "bandits"
    assert event.date == "2024-06-06" and event.modality == "asserted"
    found = events(nlp, "The army vowed to hunt them down after militants ambushed a patrol "
                   "near Mopti on Friday.", published="2024-06-08")
    assert [e.date for e in found if e.event_type == "ASSAULT"] == ["2024-06-07"]
    # The request itself is still no attack.
    assert not [e for e in events(nlp, "The governor urged the army to attack the bandits' "
                                  "camps near Gusau.", published="2024-06-08")
                if e.event_type == "ASSAULT"]


def test_the_model_reads_the_act_not_the_report_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # No trigger word: the classifier's event is the reported clause's verb, not "said".
    doc = nlp("A tanker was hit by two projectiles west of Mokha on Monday, the agency said.")
    hits = _model_hits(doc, {"ASSAULT": 0.99}, load_taxonomy())
    assert [h.token.text for h in hits] == ["hit"]


def test_a_thing_is_not_of_the_place_it_is_west_of(nlp) -> None:  # type: ignore[no-untyped-def]
    linked = link(clean(Article(id="t", body="A tanker was hit by two projectiles west of "
                                "Aden on Monday.", published_at="2024-06-10")), nlp)
    sentence = linked.sentences[0]
    doc = sentence_doc(sentence)
    ents = {i: e for e in sentence.entities for i in range(e.start, e.end)}
    assert any(e.text == "Aden" and e.kind == "place" for e in sentence.entities)
    projectiles = next(t for t in doc if t.text == "projectiles")
    assert participant(projectiles, ents) is None


def test_a_country_naming_a_border_is_not_where_the_event_was(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Gunmen attacked a village near the Cameroon border on Sunday, officials "
                "said.", "ASSAULT", published="2024-06-10")
    assert event.location is None or event.location.country != "CMR"


def test_trying_to_march_is_a_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Hundreds of students tried to march on the presidency in Dakar on "
                "Monday.", "PROTEST", published="2024-06-11")
    assert event.location is not None and event.location.name == "Dakar"
    # Being urged to try is still not done.
    assert not events(nlp, "The union urged members to try to march on the presidency.",
                      published="2024-06-11")


def test_a_road_blockade_by_residents_is_a_protest_a_state_blockade_is_not(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Villagers set up a blockade on the highway outside Tumbes on Monday.",
                "PROTEST", published="2024-06-11")
    assert event.cameo_code == "144" and event.actor is not None
    event = one(nlp, "The navy imposed a blockade on the port of Hodeidah on Monday.",
                "COERCE", published="2024-06-11")
    assert event.actor is not None and event.actor.sector == "MIL"
    # A blockade as a state of things is no event.
    assert not events(nlp, "Aid agencies say the blockade of the enclave has caused hunger.",
                      published="2024-06-11")


def test_a_round_of_talks_is_held_by_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Negotiators from Sudan and Chad held another round of talks in Doha on "
                "Tuesday.", "CONSULT", published="2024-06-12")
    assert event.actor is not None and event.location is not None
    assert event.date == "2024-06-11"


def test_harm_in_the_attack_told_before_is_not_dated_by_the_article(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Four guards were killed in the attack, the company said.",
                   published="2024-06-11")
    assert found and all(e.date is None for e in found)
    # Told with no such reference, it is news of the day.
    found = events(nlp, "Four guards were killed at a mine near Kidal, the company said.",
                   published="2024-06-11")
    told = [e for e in found if e.target is not None]
    assert told and all((e.date, e.date_precision) == ("2024-06-11", "article") for e in told)


def test_an_attack_told_as_the_cause_of_harm_is_where_the_harm_was(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "An oil depot caught fire in the city of Tver after a drone attack "
                "early on Monday, the governor said.", "ASSAULT", published="2024-06-11")
    assert event.location is not None and event.location.name == "Tver"


def test_a_protest_organised_by_someone_is_theirs(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Sunday's rallies, organised by university students, were peaceful, "
                   "police said.", published="2024-06-11")
    protests = [e for e in found if e.event_type == "PROTEST"]
    assert protests and protests[0].actor is not None and protests[0].actor.sector == "EDU"


def test_a_blockade_of_a_bridge_is_a_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Organisers of Friday's blockade of the Kennedy Bridge in Bamako said "
                   "on Sunday that 5,000 people took part.", published="2024-06-16")
    assert [e.event_type for e in found if e.event_type in ("PROTEST", "COERCE")] == \
        ["PROTEST"]


def test_people_held_by_police_were_detained(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Lawyers demanded the release of nine activists held by police in "
                   "Kampala since Friday.", published="2024-06-16")
    detained = [e for e in found if e.event_type == "COERCE"]
    assert detained and detained[0].actor is not None and detained[0].actor.sector == "COP"
    # Held by others, it is a meeting or an event like any.
    assert not [e for e in events(nlp, "The summit was held by the regional bloc in Abuja on "
                                  "Monday.", published="2024-06-16") if e.event_type == "COERCE"]


def test_a_town_the_model_takes_for_a_title_is_a_town_where_words_say_so(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags "Novi Sad" here as a work of art; "the cities of" says place.
    found = events(nlp, "Thousands of people marched in the Serbian cities of Novi Sad and "
                   "Niš on Saturday.", published="2024-06-16")
    assert sorted(e.location.name for e in found if e.location) == ["Niš", "Novi Sad"]


def test_an_attack_named_by_its_day_happened_whatever_is_asked_of_it(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Amnesty on Friday called for an inquiry into Tuesday's air strike on a "
                "school in Idlib.", "ASSAULT", published="2024-06-14")
    assert event.date == "2024-06-11" and event.location is not None
    # Denied by those who would have done it, it is not told as theirs.
    found = events(nlp, "The rebels denied carrying out Tuesday's attack on the base in "
                   "Kidal.", published="2024-06-14")
    assert not [e for e in found if e.event_type == "ASSAULT"]


def test_a_deal_reached_in_a_clause_on_the_noun_is_its_parties(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "The council said the agreement the Houthis reached with the government "
                "on Monday would hold.", "AGREE", published="2024-06-14")
    assert event.actor is not None and event.actor.kb_id == "actor:houthis"
    assert event.date == "2024-06-10"


def test_threats_issued_by_a_front_are_theirs(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Residents denounced threats issued on Monday by the Carlos Patino "
                   "front against the town's mayor.", published="2024-06-14")
    threats = [e for e in found if e.event_type == "THREATEN"]
    assert threats and threats[0].actor is not None and threats[0].date == "2024-06-10"
    event = one(nlp, "The Jaime Martinez front warned on Monday that it would attack the "
                "police station in Suarez.", "THREATEN", published="2024-06-14")
    assert event.actor is not None and event.actor.sector == "REB"


def test_crowds_pouring_in_for_a_rally_are_its_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Thousands of people poured into the centre of Kraljevo on Saturday for "
                "one of the largest rallies yet.", "PROTEST", published="2024-06-16")
    assert event.date == "2024-06-15" and event.actor is not None


def test_custody_and_pickups_by_police_are_detentions(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Activist Mahrang Baloch was taken into custody in Karachi on Saturday.",
                "COERCE", published="2024-06-16")
    assert event.location is not None and event.date == "2024-06-15"
    event = one(nlp, "The lawyer said her client was picked up by police in Karachi on "
                "Saturday.", "COERCE", published="2024-06-16")
    assert event.actor is not None and event.actor.sector == "COP"


def test_a_shutter_down_strike_is_a_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "A shutter-down strike paralysed Quetta on Monday.",
                   published="2024-06-18")
    assert [e.event_type for e in found] == ["PROTEST"]


def test_who_in_a_relative_clause_is_the_noun_it_describes(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Amnesty International condemned the detention of the journalist Amina "
                   "Diallo, who was picked up by police in Bamako on Saturday.",
                   published="2024-06-17")
    detained = [e for e in found if e.event_type == "COERCE" and e.actor is not None]
    assert detained and detained[0].target is not None
    assert "Diallo" in detained[0].target.text


def test_an_overnight_attack_is_of_the_night_before(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Officials said on Monday that 12 bodies had been found after an "
                   "overnight raid on a camp near Bunia.", published="2024-06-17")
    attacks = [e for e in found if e.event_type == "ASSAULT"]
    assert attacks and attacks[0].date == "2024-06-16"


def test_an_anti_government_protest_is_not_the_government_s(nlp) -> None:  # type: ignore[no-untyped-def]
    found = events(nlp, "Anti-government protests drew large crowds in Lusaka on Saturday.",
                   published="2024-06-17")
    assert all(e.actor is None or e.actor.sector != "GOV" for e in found)


def test_students_leading_a_march_and_blocking_a_boulevard_protest(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "University students led a march through Kraljevo on Saturday.",
                "PROTEST", published="2024-06-17")
    assert event.actor is not None and event.actor.sector == "EDU"
    found = events(nlp, "Farmers blocked the main boulevard in Novi Pazar for hours on "
                   "Saturday.", published="2024-06-17")
    assert [e.event_type for e in found] == ["PROTEST"]


@pytest.mark.parametrize(("text", "event_type", "sector"), [
    ("Plain-clothes officers detained a student leader in Harare on Friday.", "COERCE", "COP"),
    ("Extremist forces attacked a police station in Gondar on Monday.", "ASSAULT", "REB"),
    ("The regional governor imposed a night curfew on Bamenda on Thursday.", "COERCE", "GOV"),
])
def test_who_a_common_noun_names(nlp, text: str, event_type: str, sector: str) -> None:  # type: ignore[no-untyped-def]
    # Officers are police, "extremist forces" no army, a governor the government.
    event = one(nlp, text, event_type, published="2024-06-16")
    assert event.actor is not None and event.actor.sector == sector
