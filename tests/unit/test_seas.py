"""Seas in dedup and classify: a sea and a port on its shores, one sentence naming both."""

from __future__ import annotations

from pipeline.records import Article, Location
from pipeline.stages.clean import clean
from pipeline.stages.dedup import collapse
from pipeline.stages.link import link
from pipeline.stages.sameness import same_place
from tests.unit.test_classify import events, one

BLACK_SEA = Location("Black Sea", "Black Sea", None, None, 43.5, 34.0, None, 2)
SEA_OF_AZOV = Location("Sea of Azov", "Sea of Azov", None, None, 46.0, 36.5, None, 2)
# "off Odesa", "20 miles east of Varna": near the town, at sea.
ODESA = Location("Odesa", "Odesa", "UKR", "Odesa Oblast", 46.48, 30.73, 698740, 2)
VARNA = Location("Varna", "Varna", "BGR", "Varna", 43.21, 27.91, 726050, 2)
KYIV = Location("Kyiv", "Kyiv", "UKR", "Kyiv City", 50.45, 30.52, 703448, 1)
BAGHDAD = Location("Baghdad", "Baghdad", "IRQ", "Baghdad", 33.34, 44.4, 98182, 1)


def test_a_sea_and_a_port_on_its_shores_are_one_place_for_dedup() -> None:
    assert same_place(BLACK_SEA, ODESA) and same_place(VARNA, BLACK_SEA)
    assert not same_place(BLACK_SEA, KYIV)  # a town itself is on land
    assert not same_place(BLACK_SEA, BAGHDAD)  # no shore of it
    assert not same_place(BLACK_SEA, SEA_OF_AZOV)  # two seas
    # Named apart in one text, they are two places.
    assert not same_place(BLACK_SEA, ODESA, coasts=False)


def test_a_sentence_naming_two_seas_reports_two_attacks(nlp) -> None:  # type: ignore[no-untyped-def]
    found = collapse(events(nlp, "Russian drones struck two grain ships on Monday, one in the "
                                 "Sea of Azov and one in the Black Sea off Odesa."))
    assert sorted(e.location.name for e in found if e.location) == ["Odesa", "Sea of Azov"]


def test_an_offset_from_a_town_is_near_it_not_in_it(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "Missiles hit a cargo ship about 30 miles south of Odesa on Monday.",
                "ASSAULT")
    assert event.location is not None and event.location.name == "Odesa"
    assert event.location.precision == 2


def test_an_event_at_sea_is_blocked_by_its_actor_not_the_dateline(nlp) -> None:  # type: ignore[no-untyped-def]
    event = one(nlp, "ISTANBUL - Russian forces fired missiles at a cargo ship in the Black "
                "Sea on Monday.", "ASSAULT")
    assert event.location is not None and event.location.name == "Black Sea"
    assert event.block == "RUS"


def test_the_red_sea_is_the_sea_not_egypts_governorate(nlp) -> None:  # type: ignore[no-untyped-def]
    linked = link(clean(Article(id="t", body="A drone hit a tanker in the Red Sea on Monday. "
                                "Egypt said traffic through the Suez Canal was normal.")), nlp)
    found = [e for ls in linked.sentences for e in ls.entities if e.text == "Red Sea"]
    assert found and found[0].kb_id == "site:red_sea" and found[0].country is None


def test_a_country_named_in_a_sea_s_name_is_the_sea(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = link(clean(Article(id="g", body="Pirates boarded a tanker in the Gulf of Guinea on "
                                          "Saturday. Fishermen crossed Lake Chad.")), nlp)
    places = {e.text: (e.country, e.type) for s in doc.sentences for e in s.entities
              if e.kind == "place"}
    assert places.get("Gulf of Guinea") == (None, "sea")
    assert places.get("Lake Chad") == (None, "lake")
    assert "Guinea" not in places and "Chad" not in places
