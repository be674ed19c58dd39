"""Names that stand for more than they say: a capital that acts is its state ("Nairobi and
Addis Ababa signed"), a title makes a person unknown to the KB a state's official."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Token

from pipeline.kb import load_kb
from pipeline.records import Entity, Participant

# Titles that make a person a state's official: "Foreign Minister X", "Undersecretary Y".
OFFICIAL_TITLES = frozenset("minister undersecretary secretary president premier chancellor "
                            "ambassador envoy diplomat governor mayor spokesman spokeswoman "
                            "spokesperson general commander official king emir prince "
                            "sheikh".split())


def country_in(tokens: Iterable[Token], ents: Mapping[int, Entity]) -> str | None:
    for t in tokens:
        ent = ents.get(t.i)
        if ent is not None and ent.country and ent.kind in ("norp", "place"):
            return ent.country
    return None


def _agent(tok: Token) -> bool:
    """The doer of a verb, alone or coordinated ("Nairobi and Addis Ababa signed"), or the
    side one deals with ("the agreement it reached with Damascus")."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.lower_ == "with")


def acting_capital(tok: Token, ents: Mapping[int, Entity]) -> Participant | None:
    """A national capital that acts stands for its state's government ("Nairobi and Addis Ababa
    signed an agreement")."""
    ent = ents.get(tok.i)
    if ent is None or ent.kind != "place" or not _agent(tok):
        return None
    kb = load_kb()
    if not ent.country or ent.kb_id is None or kb.capitals.get(ent.country) != ent.kb_id:
        return None
    state = kb.country(ent.country)
    return Participant(text=ent.text, name=state.name if state else ent.country,
                       kb_id=f"country:{ent.country}", sector="GOV", country=ent.country)


def person(ent: Entity, tok: Token, ents: Mapping[int, Entity]) -> Participant:
    """A person the KB does not know, with what the title before the name says: "Egypt's
    Foreign Minister Sameh Shoukry" is an Egyptian official."""
    doc = tok.doc
    head = doc[ent.end - 1]
    while head.dep_ in ("compound", "flat") and head.head.i >= ent.start and head.head.i < \
            ent.end and head.head is not head:
        head = head.head
    title = [t for t in head.subtree if t.i < ent.start] + \
        [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
    official = any(t.lemma_.lower() in OFFICIAL_TITLES for t in title)
    return Participant(text=ent.text, name=ent.name or ent.text, kb_id=None,
                       sector=ent.sector or ("GOV" if official else None),
                       country=ent.country or country_in(title, ents))
