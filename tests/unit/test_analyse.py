"""Running spaCy for the link stage: one Doc per article, sentences cut apart again, the parse
only where an event may be."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.nlp import KB_RULER
from pipeline.records import Article
from pipeline.stages.analyse import analyse, wants_parse
from pipeline.stages.clean import clean
from pipeline.stages.link import link, link_many

SENTENCES = [
    "The Houthis fired three missiles at Eilat on Tuesday.",
    "The weather in the region was mild and clear.",
    "Officials in Baghdad said the talks would resume.",
]


def test_sentences_come_back_one_doc_each_with_their_own_names_and_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = analyse(nlp, [SENTENCES, ["Iraqi forces shelled a village near Mosul."]])
    assert [[d.text for d in article] for article in docs] == [
        SENTENCES, ["Iraqi forces shelled a village near Mosul."]]
    first = docs[0][0]
    assert sum(t.dep_ == "ROOT" for t in first) == 1  # parsed alone: one sentence, one root
    assert {e.text for e in first.ents} >= {"Houthis", "Eilat"}
    assert all(e.end <= len(d) for article in docs for d in article for e in d.ents)


def test_only_sentences_that_may_hold_an_event_are_parsed(nlp) -> None:  # type: ignore[no-untyped-def]
    assert wants_parse(SENTENCES[0]) and not wants_parse(SENTENCES[1])
    docs = analyse(nlp, [SENTENCES])[0]
    assert docs[0].has_annotation("DEP") and not docs[1].has_annotation("DEP")
    # A sentence outside the pre-filter still has its names (the KB ruler and the NER).
    assert {e.text for e in docs[2].ents} >= {"Baghdad"}


def test_linking_a_batch_equals_linking_each_article(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [" ".join(SENTENCES), "Protesters blocked a road in Lagos. Police fired tear gas."]
    cleans = [clean(Article(id=f"a{n}", body=t)) for n, t in enumerate(texts)]
    assert link_many(cleans, nlp) == [link(c, nlp) for c in cleans]


def test_a_capitalised_common_noun_is_not_a_name(nlp) -> None:  # type: ignore[no-untyped-def]
    words = ["Supporters", "of", "the", "Houthis", "marched", "."]
    doc = Doc(nlp.vocab, words=words, tags=["NNS", "IN", "DT", "NNPS", "VBD", "."])
    doc.ents = [Span(doc, 0, 1, label="PERSON")]  # as the model sometimes has it
    ruled = nlp.get_pipe(KB_RULER)(doc)
    assert [(e.text, e.kb_id_) for e in ruled.ents] == [("Houthis", "actor:houthis")]


def test_proper_nouns_after_an_officials_title_are_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    words = ["state", "governor", "Abba", "Kabir", "Yusuf", "imposed", "a", "curfew", "."]
    tags = ["NN", "NN", "NNP", "NNP", "NNP", "VBD", "DT", "NN", "."]
    doc = nlp.get_pipe(KB_RULER)(Doc(nlp.vocab, words=words, tags=tags))  # the model saw none
    assert [(e.text, e.label_) for e in doc.ents] == [("Abba Kabir Yusuf", "PERSON")]
    # One capitalised word after a title is no name to add ("the minister Said").
    doc = nlp.get_pipe(KB_RULER)(Doc(nlp.vocab, words=["minister", "Said", "."],
                                     tags=["NN", "NNP", "."]))
    assert not doc.ents


def test_a_hyphened_town_inside_a_longer_name_of_the_model_s_leaves_that_name(nlp) -> None:  # type: ignore[no-untyped-def]
    words = ["in", "the", "Croix", "-", "des", "-", "Bouquets", "on", "Monday", "."]
    spaces = [True, True, False, False, False, False, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, 1, 7, label="ORG")]  # "the Croix-des-Bouquets"
    ruled = nlp.get_pipe(KB_RULER)(doc)  # no overlapping spans: spaCy would refuse them
    assert [(e.text, e.label_) for e in ruled.ents] == [("the Croix-des-Bouquets", "ORG")]
    alone = Doc(nlp.vocab, words=words[:7], spaces=spaces[:7])
    alone.ents = [Span(alone, 2, 3, label="PERSON")]  # the model's "Croix"
    assert [e.text for e in nlp.get_pipe(KB_RULER)(alone).ents] == ["Croix-des-Bouquets"]
