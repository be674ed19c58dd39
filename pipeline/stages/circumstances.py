"""How a trigger's words tell the circumstances of its event: the harm it caused ("killed in an
ambush", "caught fire after a drone attack"), the day that names it ("Sunday's air strike"), an
attack told before ("killed in the attack"), a blockade by the people. Predicates on the parse,
used by `classify`."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from pipeline.records import Entity, Participant
from pipeline.stages.dates import WEEKDAYS, resolve_date
from pipeline.stages.details import NUMBER_WORDS, event_date
from pipeline.stages.roles import depth_below, sequence_preposition
from pipeline.stages.sameness import NON_STATE_ARMED, STATE_SECTORS
from pipeline.taxonomy import Taxonomy

# Verbs of harm an attack is the cause of: "soldiers killed in an ambush".
EFFECT_VERBS = frozenset("kill wound injure hit destroy damage leave cause sink".split())


def names_a_person(part: Participant, ents: dict[int, Entity]) -> bool:
    return any(e.label == "PERSON" and e.kind == "actor" and part.text.endswith(e.text)
               for e in ents.values())


# "both attacks" counts two, as "two attacks" does.
COUNT_WORDS = {**NUMBER_WORDS, "both": 2}
# Places an act is counted by: "attacked two army bases", "the streets of two cities".
COUNTED_PLACES = frozenset("base city town village camp post position district province "
                           "region site locality".split())


def several(tok: Token) -> bool:
    """Does the mention count several acts: "two deadly attacks", "claimed both attacks",
    "attacked two army bases", "took to the streets of two southern cities"?"""
    if tok.pos_ == "NOUN" and _counts_several(tok):
        return True
    phrase = [c for c in tok.children if c.dep_ in ("dobj", "prep")]
    for t in (t for c in phrase for t in c.subtree):
        # ("bases": the lemmatizer says "basis")
        if t.pos_ == "NOUN" and (t.lemma_.lower() in COUNTED_PLACES
                                 or t.lower_.removesuffix("s") in COUNTED_PLACES) and \
                _counts_several(t) and depth_below(t, tok) <= 4:
            return True
    return False


def _counts_several(noun: Token) -> bool:
    return any(c.dep_ in ("nummod", "det", "amod") and (
        COUNT_WORDS.get(c.lower_, 0) >= 2 or (c.text.isdigit() and int(c.text) >= 2))
        for c in noun.children)


def effect_clause(tok: Token) -> Token | None:
    """"Sunday's bombing near Daquq that killed four policemen": the clause on the event noun
    that tells its harm carries whom it hit."""
    if tok.pos_ != "NOUN":
        return None
    return next((c for c in tok.children if c.dep_ == "relcl"
                 and c.lemma_.lower() in EFFECT_VERBS and any(
                     s.dep_ == "nsubj" and s.lower_ in ("that", "which") for s in c.children)),
                None)


# Day words that name an event as a modifier: "the weekend attack", "a Sunday raid".
DAY_NAMES = frozenset({*WEEKDAYS, "weekend"})


def named_by_its_day(tok: Token, ents: dict[int, Entity]) -> bool:
    """"Sunday's air strike", "last week's attack", "the weekend attack": an event noun named
    by the day it was (a year, "a 2019 attack", is history, not a day)."""
    return tok.pos_ == "NOUN" and any(
        c.i in ents and ents[c.i].kind == "date" and (
            c.dep_ == "poss" or (c.dep_ == "compound" and c.lower_ in DAY_NAMES))
        for c in tok.children)


def told_as_past(tok: Token, ents: dict[int, Entity], published: date | None) -> bool:
    when = event_date(tok, ents, published)
    return when is not None and (published is None or when[0] <= published)


ROADS = frozenset("road highway motorway street bridge route".split())
BLOCKADES = frozenset({"blockade", "roadblock"})


def blocked_by_the_people(tok: Token, actor: Participant | None) -> bool:
    if tok.lemma_.lower() not in BLOCKADES:
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("of", "on") and any(
            p.dep_ == "pobj" and p.lemma_.lower() in ROADS for p in c.children)
           for c in tok.children):
        return True  # "the blockade of the Liberty Bridge", "a blockade on the highway"
    if actor is not None:
        # An armed group's blockade of a town coerces it, as a state's does.
        return actor.sector is not None and actor.sector not in STATE_SECTORS | NON_STATE_ARMED
    return any(c.dep_ == "compound" and c.lemma_.lower() in ROADS for c in tok.children)


AFTERMATH_VERBS = EFFECT_VERBS | frozenset("catch burn explode collapse die".split())


def aftermath_of(tok: Token) -> Token | None:
    """The harm an attack noun is told as the cause of: "caught fire after a drone attack"."""
    prep = tok.head
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or prep.lower_ not in ("after", "following"):
        return None
    verb = prep.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in AFTERMATH_VERBS else None


def in_the_event_told(tok: Token, taxonomy: Taxonomy) -> bool:
    """"Six people were killed in the attack": the attack told before, whose day is its own,
    not necessarily the article's."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "during") and any(
        p.dep_ == "pobj" and p.lemma_.lower() in taxonomy.noun_triggers and any(
            d.dep_ == "det" and d.lower_ in ("the", "that", "this") for d in p.children)
        for p in c.children) for c in tok.children)


def suffered_in(tok: Token) -> Token | None:
    """The harm an attack noun is the cause of: "killed in an ambush", "wounded during the
    shelling"."""
    prep = tok.head
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or prep.lower_ not in ("in", "during"):
        return None
    verb = prep.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in EFFECT_VERBS else None


def dated_beside_its_report(tok: Token, ents: dict[int, Entity], published: date | None
                            ) -> tuple[date, str] | None:
    """"MONUSCO on Wednesday condemned the killing of 51 civilians in an attack ... at the
    weekend": the parser hangs both days on the verb that answers the event noun; the
    earlier one is the event's, the other the answer's."""
    if tok.pos_ != "NOUN":
        return None
    branch, verb = tok, tok.head
    for _ in range(4):  # through "the killing of ... in an attack on ..."
        if verb.pos_ == "VERB" or verb is branch:
            break
        branch, verb = verb, verb.head
    if verb.pos_ != "VERB":
        return None
    days: dict[date, tuple[date, str]] = {}
    for child in verb.children:
        if child.i == branch.i or child.dep_ not in ("prep", "npadvmod"):
            continue
        for t in child.subtree:
            ent = ents.get(t.i)
            if ent is not None and ent.kind == "date" and ent.start == t.i and \
                    not _bounds_a_span(t) and \
                    (found := resolve_date(ent.text, published)) is not None:
                days.setdefault(found[0], found)
    return days[min(days)] if len(days) >= 2 else None


# What an "assault on" or "attack on" can only be figurative about.
IDEALS = frozenset("freedom democracy right liberty dignity sovereignty justice truth "
                   "expression speech value independence".split())


def figurative(tok: Token) -> bool:
    """"an assault on freedom of expression", "attacks on democracy": no violence done."""
    return tok.pos_ == "NOUN" and any(
        c.dep_ == "prep" and c.lower_ in ("on", "against") and any(
            p.dep_ == "pobj" and p.lemma_.lower() in IDEALS for p in c.children)
        for c in tok.children)


def _bounds_a_span(day: Token) -> bool:
    """"since June", "until Friday": the edge of a stretch of time, not an event's day."""
    return day.i > 0 and day.doc[day.i - 1].lower_ in ("since", "until", "till", "from")


def after_the_event_told(verb: Token, taxonomy: Taxonomy) -> bool:
    """"The strike came five days after a drone attack killed 23 people": a clause (or an
    event noun) dated from the event the article told ("the strike"), not from its own
    sentence."""
    head = verb.head
    prep = sequence_preposition(verb)
    if prep is not None:
        head = prep.head  # "came three days after a drone attack on ..."
    elif verb.dep_ != "advcl":
        return False
    return head.lemma_.lower() == "come" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in taxonomy.noun_triggers and any(
            d.dep_ == "det" and d.lower_ == "the" for d in c.children) for c in head.children)
