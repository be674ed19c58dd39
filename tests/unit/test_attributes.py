"""The lookup attribute ruler gives the stock ruler's output, token by token."""

from __future__ import annotations

import orjson
import spacy

from pipeline.attributes import LookupAttributeRuler, use_lookup_attribute_ruler
from pipeline.evaluate import REPO
from pipeline.nlp import load_nlp
from pipeline.settings import Settings
from pipeline.tagfix import month_homographs, nominal_gerunds, nominal_verbs


def test_lookup_ruler_matches_the_stock_ruler_token_by_token(settings: Settings) -> None:
    lookup = load_nlp(settings)
    assert isinstance(lookup.get_pipe("attribute_ruler"), LookupAttributeRuler)
    stock = spacy.load(lookup.meta["lang"] + "_" + lookup.meta["name"])
    lines = (REPO / "fixtures" / "training" / "events.jsonl").read_bytes().splitlines()
    texts = [orjson.loads(line)["text"] for line in lines[:800]]
    tokens = 0
    for ours, theirs in zip(lookup.pipe(texts), stock.pipe(texts), strict=True):
        # Tokens the tag repair changes on purpose differ from the stock pipeline's.
        repaired = {*nominal_verbs(theirs), *nominal_gerunds(theirs), *month_homographs(theirs)}
        for a, b in zip(ours, theirs, strict=True):
            if a.i in repaired:
                continue
            tokens += 1
            assert (a.pos_, str(a.morph), a.lemma_, a.tag_) == (b.pos_, str(b.morph), b.lemma_,
                                                                b.tag_), (a.text, a.i)
    assert tokens > 5000


def test_swapping_twice_changes_nothing(settings: Settings) -> None:
    nlp = load_nlp(settings)
    before = nlp.get_pipe("attribute_ruler")
    use_lookup_attribute_ruler(nlp)
    assert nlp.get_pipe("attribute_ruler") is before
    assert nlp.pipe_names.count("attribute_ruler") == 1
