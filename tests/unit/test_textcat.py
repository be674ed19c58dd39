"""The shipped sentence classifier and how it weighs the rules' candidates."""

from __future__ import annotations

from pipeline import textcat
from pipeline.records import Article
from pipeline.stages.classify import classify
from pipeline.stages.clean import clean
from pipeline.stages.link import link


def linked(nlp, text: str):  # type: ignore[no-untyped-def]
    return link(clean(Article(id="t", body=text, published_at="2024-05-06")), nlp)


def test_the_model_ships_in_the_package_and_scores_every_label() -> None:
    assert textcat.load_textcat() is not None
    [cats] = textcat.scores(["ACTOR fired two missiles at PLACE on DATE ."])
    assert set(cats) == set(textcat.LABELS)
    assert max(cats, key=cats.__getitem__) == "ASSAULT"


def test_names_are_masked_by_their_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    sentence = linked(nlp, "Hamas fighters attacked Sderot on Monday.").sentences[0]
    masked = textcat.masked_text(sentence)
    assert "ACTOR" in masked and "PLACE" in masked and "hamas" not in masked.lower()


def test_the_model_vetoes_figurative_triggers_and_explains_itself(nlp) -> None:  # type: ignore[no-untyped-def]
    figurative = linked(nlp, "Shares rallied in Nairobi after the central bank cut rates.")
    assert classify(figurative) == []
    textcat.ENABLED = False
    try:
        assert [c.event_type for c in classify(figurative)] == ["PROTEST"]  # rules alone
    finally:
        textcat.ENABLED = True
    [attack] = classify(linked(nlp, "Gunmen torched a bus carrying traders near Mopti."))
    assert attack.event_type == "ASSAULT" and "model ASSAULT" in attack.explanation


def test_an_arrest_told_with_who_whom_when_and_where_is_not_vetoed() -> None:
    from dataclasses import replace

    from pipeline.records import Location, Participant
    from tests.unit.test_dedup import candidate

    sure_none = {textcat.NONE: 0.99, "COERCE": 0.01}
    guard = Participant("National Guard", "National Guard", None, "MIL", None)
    people = Participant("52 people", "52 people", None, None, None)
    town = Location("Maracaibo", "Maracaibo", "VEN", None, 10.6, -71.6, 1, 1)
    arrest = candidate("1", event_type="COERCE", actor=guard, target=people, location=town,
                       date_precision="day")
    assert textcat.judge(arrest, sure_none) is not None
    # Without a place the model's doubt stands, as for any other told act.
    assert textcat.judge(replace(arrest, location=None), sure_none) is None


def test_an_event_named_by_its_day_is_not_vetoed(nlp) -> None:  # type: ignore[no-untyped-def]
    from pipeline.records import Participant
    from pipeline.stages import circumstances
    from pipeline.stages.triggers import sentence_doc
    from tests.unit.test_dedup import candidate

    sure_none = {textcat.NONE: 0.99, "ASSAULT": 0.01}
    site = Participant("the Kalemie market", "the Kalemie market", None, None, None)
    massacre = candidate("1", target=site, location=None, date_precision="day")
    assert textcat.judge(massacre, sure_none) is None  # the model's doubt stands ...
    assert textcat.judge(massacre, sure_none, named_by_its_day=True) is not None  # ... not here
    # What classify tells the judge: "Wednesday's massacre" is named by its day, "the
    # massacre" is not.
    for text, named in (("Wednesday's massacre", True), ("the massacre", False),
                        ("the weekend massacre", True), ("a Sunday massacre", True),
                        ("the 2019 massacre", False)):
        sentence = linked(nlp, f"Mourners buried the victims of {text} at the market.")
        ls = sentence.sentences[0]
        doc = sentence_doc(ls)
        ents = {i: e for e in ls.entities for i in range(e.start, e.end)}
        noun = next(t for t in doc if t.text == "massacre")
        assert circumstances.named_by_its_day(noun, ents) is named, text


def test_armed_men_falling_on_someone_on_a_day_is_not_vetoed() -> None:
    from dataclasses import replace

    from pipeline.records import Participant
    from tests.unit.test_dedup import candidate

    sure_none = {textcat.NONE: 0.99, "ASSAULT": 0.01}
    bandits = Participant("bandits", "bandits", None, "CRM", None)
    village = Participant("the community", "the community", None, None, None)
    raid = candidate("1", actor=bandits, target=village, location=None, date_precision="day")
    assert textcat.judge(raid, sure_none) is not None
    # Protesters "storming" a stage, an undated raid, or one with nobody hit: the doubt stands.
    crowd = Participant("protesters", "protesters", None, "CVL", None)
    assert textcat.judge(replace(raid, actor=crowd), sure_none) is None
    assert textcat.judge(replace(raid, date_precision=None), sure_none) is None
    assert textcat.judge(replace(raid, target=None), sure_none) is None
