"""Linking: the knowledge base wins over the stock NER on the names of this domain."""

from __future__ import annotations

import pytest

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
