"""Whom or what an event was done to: the object, what was fired at, the other side."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.records import Entity, Participant
from pipeline.stages import roles
from pipeline.taxonomy import Taxonomy

# Prepositions that say what an attack was aimed at.
AIMED_AT = ("on", "against", "at", "upon", "into", "among")
PROJECTILES = frozenset("shot round bullet projectile teargas rocket missile drone fire "
                        "gunfire cannon".split())
# Verbs of fire traded between two sides: "exchanged fire with troops".
EXCHANGE_VERBS = frozenset({"exchange", "trade"})
# Nouns that count what was fired: "a barrage of rockets", "a wave of drones".
VOLLEYS = frozenset("barrage salvo volley wave swarm hail round series".split())
# Verbs whose object is where a crowd was: "marchers filled the square".
CROWDED_VERBS = frozenset("fill throng flood pack".split())
# Nouns that say where, not whom: "a battle on the outskirts of X", "an ambush on the edge of Y".
WHEREABOUTS = frozenset("outskirts outskirt edge edges fringe fringes vicinity periphery "
                        "frontline front".split()) | roles.LAND_NOUNS


def target(tok: Token, ents: dict[int, Entity], taxonomy: Taxonomy, things: bool = True,
            skip: Token | None = None) -> Participant | None:
    """Who or what was acted upon; with ``things`` False only a party ("signed an agreement":
    the agreement is no side of it)."""
    def found(t: Token | None) -> Participant | None:
        if t is not None and t.lemma_.lower() in WHEREABOUTS:
            return None
        return roles.participant(t, ents) or (roles.acted_upon(t, ents) if things else None)

    if tok.pos_ == "VERB":
        for child in tok.children:
            if child.dep_ == "dobj" and projectile(child, taxonomy):
                # "fired missiles at a ship": the ship was attacked, never the missiles; the
                # parser hangs "at ..." on the verb or on what was fired.
                towards = (*AIMED_AT, "with") if tok.lemma_.lower() in EXCHANGE_VERBS \
                    else AIMED_AT
                aimed = next((p for t in (*child.subtree, tok) for c in t.children
                              if c.dep_ == "prep" and c.lower_ in towards
                              for p in c.children if p.dep_ == "pobj" and not (
                                  p.i in ents and ents[p.i].kind == "date")), None)
                if aimed is None:
                    continue
                return found(aimed)
            if child.dep_ in ("dobj", "nsubjpass") and (skip is None or child.i != skip.i) \
                    and tok.lemma_.lower() not in CROWDED_VERBS and \
                    child.lower_ not in roles.REFLEXIVE_PRONOUNS:
                return found(roles.controlled(child))
    # "direct strikes at the enemy": the verb carrying the noun holds the preposition.
    heads = [tok, tok.head] if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else [tok]
    for child in (c for head in heads for c in head.children):
        if child.dep_ == "prep" and child.lower_ in (*AIMED_AT, "with"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if (party := found(pobj)) is not None:
                return party
    return None


def described(tok: Token, ents: dict[int, Entity]) -> Participant | None:
    """"journalists detained by security agents": what a past participle describes is what
    was done to."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return roles.participant(tok.head, ents) or roles.acted_upon(tok.head, ents)


def projectile(tok: Token, taxonomy: Taxonomy) -> bool:
    """What is fired or thrown: "missiles", "tear gas", "a barrage of rockets"."""
    counted = roles.counted_noun(tok, VOLLEYS)
    # "tear gas and water cannon": the parser may hang the first on the second.
    listed = [c for c in tok.children if c.dep_ in ("nmod", "conj")]
    return any(t.lemma_.lower() in taxonomy.weapons or t.lemma_.lower() in PROJECTILES
               for t in (tok, counted, *listed))


def conjunct(tok: Token, ents: dict[int, Entity]) -> Participant | None:
    for t in tok.subtree:
        if t.dep_ == "conj" and t.i != tok.i:
            found = roles.participant(t, ents)
            if found is not None:
                return found
    return None
