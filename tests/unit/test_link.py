"""Linking: the knowledge base wins over the stock NER on the names of this domain."""

from __future__ import annotations

import pytest

from pipeline.kb import load_kb
from pipeline.records import Article, LinkedArticle
from pipeline.stages.clean import clean
from pipeline.stages.link import link


def linked(nlp, text: str) -> LinkedArticle:  # type: ignore[no-untyped-def]
    return link(clean(Article(id="t", body=text)), nlp)


def entities(nlp, text: str) -> dict[str, tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {e.text: (e.kind, e.kb_id) for s in linked(nlp, text).sentences for e in s.entities}


@pytest.mark.parametrize(
    ("text", "mention", "kb_id"),
    [
        ("Kataib Hezbollah said it would strike.", "Kataib Hezbollah", "actor:kataib_hezbollah"),
        ("The Hezbollah Brigades warned Washington.", "Hezbollah Brigades",
         "actor:kataib_hezbollah"),
        ("The Houthis fired a missile.", "Houthis", "actor:houthis"),
        ("Ansar Allah fired a missile.", "Ansar Allah", "actor:houthis"),
        ("The Huthis fired a missile.", "Huthis", "actor:houthis"),
        ("Hezbollah fired rockets at northern Israel.", "Hezbollah", "actor:hezbollah"),
        ("The IRGC and its Quds Force denied it.", "IRGC", "actor:irgc"),
    ],
)
def test_actor_aliases_link_to_one_canonical_entry(nlp, text: str, mention: str,
                                                    kb_id: str) -> None:
    found = entities(nlp, text)
    assert found[mention] == ("actor", kb_id)


def test_longest_match_wins_and_kb_overrides_the_model_label(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Kataib Hezbollah claimed a drone attack on Eilat.")
    assert "Hezbollah" not in found  # inside the longer "Kataib Hezbollah"
    kind, kb_id = found["Eilat"]
    assert kind == "place" and kb_id is not None  # the stock model calls Eilat an ORG


def test_places_carry_coordinates_and_countries(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = linked(nlp, "A drone struck Ain al-Asad air base. Protesters rallied in Sanaa.")
    places = {e.text: e for s in doc.sentences for e in s.entities if e.kind == "place"}
    asad = next(e for text, e in places.items() if "Asad" in text)
    assert asad.country == "IRQ" and asad.lat and asad.lon and asad.precision == 1
    sanaa = places["Sanaa"]
    assert sanaa.country == "YEM" and sanaa.geonameid == 71137


def test_a_name_used_as_a_modifier_is_not_an_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Iran-backed militias attacked the base.")
    assert "Iran" not in found


def test_unknown_names_keep_the_model_label_with_no_kb_id(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Zorblax Quantum Industries signed a deal with Ghana.")
    assert any(kind == "actor" and kb_id is None for kind, kb_id in found.values())
    assert found["Ghana"] == ("place", "country:GHA")


def test_tokens_let_the_next_stage_rebuild_the_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    sentence = linked(nlp, "The Houthis fired three missiles.").sentences[0]
    text = sentence.sentence.text
    assert [text[t.start:t.end] for t in sentence.tokens][:3] == ["The", "Houthis", "fired"]
    root = [t for t in sentence.tokens if t.dep == "ROOT"]
    assert len(root) == 1 and root[0].lemma == "fire"


def test_same_name_places_resolve_by_the_article_countries(nlp) -> None:  # type: ignore[no-untyped-def]
    lebanon = entities(nlp, "Clashes erupted in Tripoli as Lebanese troops deployed. "
                       "Beirut said the army would stay in Lebanon's north.")
    libya = entities(nlp, "Clashes erupted in Tripoli between rival Libyan militias. "
                     "Benghazi stayed calm.")
    kb = load_kb()
    assert kb.get(lebanon["Tripoli"][1]).country == "LBN"  # type: ignore[union-attr]
    assert kb.get(libya["Tripoli"][1]).country == "LBY"  # type: ignore[union-attr]


def test_words_around_a_name_decide_between_person_and_place(nlp) -> None:  # type: ignore[no-untyped-def]
    base = entities(nlp, "Rockets hit the al-Asad air base in Anbar.")
    person = entities(nlp, "President al-Assad met the envoy in Damascus.")
    assert any(kb_id == "site:ain_al_asad_air_base" for _, kb_id in base.values())
    assert any(kb_id == "actor:bashar_al_assad" for _, kb_id in person.values())
    capital = [(e.kind, e.kb_id) for s in linked(nlp, "Washington imposed new sanctions. "
                                                 "Officials met in Washington.").sentences
               for e in s.entities if e.text == "Washington"]
    assert capital == [("actor", "actor:us_government"), ("place", "geo:4140963")]


def test_state_descriptions_link_to_the_state_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Iraqi forces and Iranian officials met American troops in Erbil.")
    assert found["Iraqi forces"][1] == "actor:iraqi_security_forces"
    assert found["Iranian officials"][1] == "actor:iran_government"
    assert found["American troops"][1] == "actor:us_military"


def test_the_group_refers_back_to_the_topic_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = linked(nlp, "Kataib Hezbollah fired rockets at the base, officials said. "
                 "Washington has long accused Hamas of similar attacks. "
                 "The group denied it on Monday.")
    corefs = [e for s in doc.sentences for e in s.entities if e.coref]
    assert [(e.text, e.kb_id) for e in corefs] == [("group", "actor:kataib_hezbollah")]


def test_mentions_carry_offsets_into_the_cleaned_text_and_a_confidence(nlp) -> None:  # type: ignore[no-untyped-def]
    clean_article = clean(Article(id="t", body="The Houthis fired a missile.\n\nAnsar Allah "
                                  "said so."))
    doc = link(clean_article, nlp)
    for sentence in doc.sentences:
        for e in sentence.entities:
            assert clean_article.text[e.char_start:e.char_end] == e.text  # type: ignore[misc]
            assert e.confidence is not None and 0 < e.confidence <= 1


def test_armed_wing_and_sponsored_groups(nlp) -> None:  # type: ignore[no-untyped-def]
    wing = entities(nlp, "Hamas's armed wing claimed the attack.")
    assert wing["Hamas's armed wing"] == ("actor", "actor:al_qassam_brigades")
    assert entities(nlp, "Hamas said it would not negotiate.")["Hamas"][1] == "actor:hamas"
    doc = linked(nlp, "Iran-backed militias fired rockets at the base.")
    [group] = [e for s in doc.sentences for e in s.entities if e.kind == "actor"]
    assert (group.text, group.kb_id, group.affiliation, group.sector) == (
        "Iran-backed militias", None, "IRN", "REB")


def test_regions_and_the_region_of_a_town(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = linked(nlp, "Clashes spread across Anbar province after rockets hit Ramadi.")
    places = {e.text: e for s in doc.sentences for e in s.entities if e.kind == "place"}
    region = places["Anbar province"]
    assert (region.kb_id, region.precision, region.country) == ("region:IRQ-al-anbar", 2, "IRQ")
    assert region.lat and 32 < region.lat < 35
    assert places["Ramadi"].admin1 == "Al Anbar" and places["Ramadi"].precision == 1
    assert "East" not in {e.text for s in linked(nlp, "Tensions rose in the Middle East.")
                          .sentences for e in s.entities if e.kb_id}


def test_a_region_named_by_a_modifier_needs_its_country_in_the_story(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Houthis threatened ships in the Gulf of Aden. Maritime security firms advised "
    assert entities(nlp, text + "ships to avoid the area.")["Maritime"][1] is None
    togo = "Protests spread in Lome and Kara in Togo. Maritime police arrested dozens."
    assert entities(nlp, togo)["Maritime"][1] == "region:TGO-maritime"


def test_a_possessive_name_links_and_the_story_has_a_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = linked(nlp, "Rescuers searched the rubble in Kharkiv's Saltivskyi district. "
                 "Russia said it hit military targets. Officials in Kharkiv counted the dead.")
    assert [e.kb_id for s in doc.sentences for e in s.entities if e.text == "Kharkiv's"] \
        == ["geo:706483"]
    assert doc.country == "UKR"
    dateline_only = link(clean(Article(id="d", body="KHARKIV, Ukraine (AN) - Rescuers "
                                       "searched the rubble.")), nlp)
    assert dateline_only.country == "UKR"


def test_a_town_the_model_took_for_a_person_links_after_outskirts_of(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Fighters attacked an army base on the outskirts of Beledweyne.")
    assert found["Beledweyne"] == ("place", "geo:64460")


def test_the_dateline_wins_a_tie_for_the_story_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = link(clean(Article(id="g", body="GOMA, Oct 15 (Meridian Wire) - Rebels shelled a town "
                             "on Tuesday. Talks are due in Angola next week.")), nlp)
    assert doc.country == "COD"


def test_a_country_s_capital_is_its_capital_city(nlp) -> None:  # type: ignore[no-untyped-def]
    assert entities(nlp, "Police in Kenya's capital fired tear gas.")["Kenya's capital"] == (
        "place", "geo:184745")
    assert entities(nlp, "Rockets hit the Iraqi capital.")["Iraqi capital"][0] == "place"
    assert entities(nlp, "Kenya's president spoke.")["Kenya"] == ("place", "country:KEN")


def test_a_region_s_capital_is_its_seat(nlp) -> None:  # type: ignore[no-untyped-def]
    mekelle = entities(nlp, "Officials met in Tigray's regional capital on Tuesday.")
    assert mekelle["Tigray's regional capital"] == ("place", "geo:331180")
    maiduguri = entities(nlp, "Troops were sent to the capital of Borno State.")
    assert maiduguri["capital of Borno State"] == ("place", "geo:2331447")
    # "the state capital": of the region the article named last.
    quetta = entities(nlp, "Gunmen killed four miners in Pakistan's Balochistan province. "
                      "The wounded were flown to the provincial capital.")
    assert quetta["provincial capital"] == ("place", "geo:1167528")
    # A capital of a region in a country is not the country's capital.
    town = entities(nlp, "A blast hit Beledweyne, the capital of Somalia's Hiiraan region.")
    assert "capital of Somalia" not in town and town["Somalia"] == ("place", "country:SOM")


def test_a_region_named_by_its_seat_s_spelling_is_the_region(nlp) -> None:  # type: ignore[no-untyped-def]
    # GeoNames names the region "Odessa" and its seat "Odesa"; news writes "Odesa region".
    found = entities(nlp, "Drones hit a port in southern Ukraine's Odesa region on Monday.")
    assert found["Odesa region"] == ("place", "region:UKR-odessa")
    assert entities(nlp, "Drones hit Odesa on Monday.")["Odesa"][1].startswith("geo:")


def test_a_state_s_largest_cities_by_rank(nlp) -> None:  # type: ignore[no-untyped-def]
    def city(text: str, span: str) -> str:
        kind, kb_id = entities(nlp, text)[span]
        assert kind == "place"
        return load_kb().entries[kb_id].name

    assert city("Drones struck Ukraine's second-largest city on Monday.",
                "Ukraine's second-largest city") == "Kharkiv"
    assert city("Nigeria's police chief visited the largest city in Nigeria.",
                "the largest city") == "Lagos"
    # "its": the state named before it in the sentence.
    assert city("Pakistan deployed troops in its biggest city after the riots.",
                "its biggest city") == "Karachi"
    # Named there already: "Kharkiv, Ukraine's second-largest city" stays Kharkiv alone.
    named = entities(nlp, "Shelling hit Kharkiv, Ukraine's second-largest city, on Monday.")
    assert "Ukraine's second-largest city" not in named
    # A rank the data has no city for is no place.
    assert "Ukraine's fifth-largest city" not in entities(
        nlp, "Shelling hit Ukraine's fifth-largest city on Monday.")


def test_georgia_the_country_or_the_us_state_by_context(nlp) -> None:  # type: ignore[no-untyped-def]
    caucasus = entities(nlp, "Protesters marched in Tbilisi as Georgia's parliament met. "
                        "Russia warned Georgia.")
    states = entities(nlp, "Storms hit Atlanta and Savannah. Officials in Georgia and Texas "
                      "declared emergencies.")
    assert caucasus["Georgia"][1] == "country:GEO"
    assert states["Georgia"][1] == "region:USA-georgia"


def test_a_village_the_model_takes_for_a_product_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = link(clean(Article(id="v", body="They met at the border near the Armenian village of "
                             "Voskepar on Friday.")), nlp)
    found = next(e for e in doc.sentences[0].entities if e.text == "Voskepar")
    assert found.kind == "place"


def test_a_capital_named_by_its_state_makes_the_story_that_state_s(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = link(clean(Article(id="c", body="Rival armed groups in a suburb of Libya's capital "
                             "agreed on Tuesday to a ceasefire.")), nlp)
    assert doc.country == "LBY"


def test_the_capital_is_that_of_the_state_the_story_is_about(nlp) -> None:  # type: ignore[no-untyped-def]
    found = entities(nlp, "Georgian police detained 14 people after a march through the capital.")
    assert found["capital"] == ("place", "geo:611717")  # Tbilisi
    # Not where the words say the place is elsewhere, or name the capital themselves.
    away = entities(nlp, "Georgian opposition supporters rallied in Batumi, the first protest "
                    "outside the capital.")
    assert "capital" not in away
    named = entities(nlp, "Georgian police detained 14 people in the capital, Tbilisi.")
    assert "capital" not in named and named["Tbilisi"] == ("place", "geo:611717")


def test_a_name_the_model_did_not_call_a_place_before_a_common_noun_is_no_town(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Inca" is a town in Mallorca to the gazetteer; here it says whose capital.
    found = entities(nlp, "Students rallied in the former Inca capital of Cusco on Wednesday.")
    assert found["Cusco"][0] == "place" and found.get("Inca", ("",))[0] != "place"


def test_the_dateline_decides_between_towns_of_one_name(nlp) -> None:  # type: ignore[no-untyped-def]
    def tripoli(body: str) -> str | None:
        doc = link(clean(Article(id="t", body=body)), nlp)
        return next(e.country for s in doc.sentences for e in s.entities
                    if e.text == "Tripoli")
    # Without a dateline, the likelier town; with one, the town in the writer's country.
    assert tripoli("Hundreds marched through Tripoli on Friday.") == "LBY"
    assert tripoli("BEIRUT (AN) - Hundreds marched through Tripoli on Friday.") == "LBN"
    # A dateline in neither country changes nothing, nor does it make a story's country.
    assert tripoli("LONDON (AN) - Hundreds marched through Tripoli on Friday.") == "LBY"


def test_a_country_people_came_from_is_not_the_story_s(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = link(clean(Article(id="m", body="Cameroonian officials said a bomber struck the "
                             "market on Saturday. She had mingled with traders arriving from "
                             "Nigeria.")), nlp)
    assert doc.country == "CMR"
    here = link(clean(Article(id="n", body="A bomber struck a market in Nigeria on Saturday.")),
                nlp)
    assert here.country == "NGA"


def test_a_town_the_model_missed_after_at_counts_in_the_article_s_countries(nlp) -> None:  # type: ignore[no-untyped-def]
    def places(body: str) -> set[str]:
        doc = link(clean(Article(id="a", body=body)), nlp)
        return {e.text for s in doc.sentences for e in s.entities if e.kind == "place"}
    # The model leaves "Chimaltenango" unlabelled in this sentence; Guatemala is the story's.
    text = ("Hundreds of farmers blocked the Inter-American Highway at Chimaltenango on Tuesday, "
            "burning tyres to protest against soaring fuel prices.")
    assert "Chimaltenango" in places("GUATEMALA CITY - " + text)
    assert "Chimaltenango" not in places("NAIROBI - " + text)  # no Guatemalan context


def test_a_hyphened_town_is_one_place_whatever_the_model_made_of_its_parts(nlp) -> None:  # type: ignore[no-untyped-def]
    for body in ("Gangs attacked the police station in Croix-des-Bouquets on Saturday.",
                 "Hundreds of families have fled Croix-des-Bouquets since Saturday.",
                 "Police reinforced the Croix-des-Bouquets commissariat on Sunday."):
        doc = link(clean(Article(id="h", body=body)), nlp)
        found = [(e.text, e.country) for s in doc.sentences for e in s.entities
                 if e.kind == "place"]
        assert found == [("Croix-des-Bouquets", "HTI")], body
