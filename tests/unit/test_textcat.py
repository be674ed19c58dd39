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
