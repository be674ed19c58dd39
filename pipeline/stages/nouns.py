"""Events told by a noun ("a gang assault on a police station", "Sunday's shelling"): who
did them and which verb carries their place and date."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.records import Entity, Participant
from pipeline.stages import roles

# Verbs whose object is the event itself, done by their subject: "launched strikes", "held a
# meeting", "reached an agreement".
LIGHT_VERBS = frozenset("launch carry conduct mount stage hold claim continue escalate "
                        "resume intensify step begin start reach sign clinch seal fight wage "
                        "set impose erect lead clamp slap issue deliver open".split())
# Verbs whose object is an attack that happened and was fought back ("repelled an attack",
# "fought off a gang assault"): their subject was attacked.
REPEL_VERBS = frozenset("repel repulse".split())
PHRASAL_REPEL_VERBS = frozenset("fight beat fend push".split())
PARTICLES = frozenset({"off", "back"})
# KB places below a state: as a modifier of an event noun they say where it was.
PLACE_IDS = ("geo:", "site:", "region:")
# Nouns whose possessor is the one the act was done to: "his arrest", "the leader's abduction".
PATIENT_NOUNS = frozenset("arrest detention abduction kidnapping capture assassination "
                          "murder execution extradition deportation expulsion".split())
# Meetings a visit or a reception is for: "received the minister for talks".
MEETINGS = roles.MEETINGS


# Verbs by whose agent an event noun was done: "a protest organised by the unions".
ORGANISING_VERBS = frozenset("organise organize lead stage call hold mount launch carry impose "
                             "conduct claim issue make".split())
# Nouns that count occurrences of an event: "a round of talks", "a wave of strikes".
ROUNDS = frozenset("round series wave spate cycle".split())
# Verbs that only say an event noun, their subject, happened: "fighting broke out between A
# and B in X on Tuesday" tells the fighting's sides, place and day.
OCCURRENCE_VERBS = frozenset("break erupt rage flare occur happen ensue".split())
# ... and those that say a meeting was held: "the meeting ended in Mekelle on Tuesday" (a
# ceasefire that ended was no agreement made then).
SESSION_VERBS = frozenset("end conclude open close convene begin start resume".split())
SESSIONS = MEETINGS | {"summit", "session"}


def _got_under_way(verb: Token) -> bool:
    """"talks got under way in Geneva"."""
    return verb.lemma_.lower() == "get" and any(
        c.dep_ == "prep" and c.lower_ == "under" and any(w.lower_ == "way" for w in c.children)
        for c in verb.children)


def occurred_in(tok: Token) -> Token | None:
    """The verb that tells that the event noun happened, if any."""
    noun = tok
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in ROUNDS:
        noun = tok.head.head  # "a second round of talks opened on Tuesday": the round's verb
    head = noun.head
    if tok.pos_ == "NOUN" and noun.dep_ == "nsubj" and head.pos_ == "VERB" and (
            head.lemma_.lower() in OCCURRENCE_VERBS
            or (tok.lemma_.lower() in SESSIONS and (head.lemma_.lower() in SESSION_VERBS
                                                    or _got_under_way(head)))
            or (head.lemma_.lower() == "take" and any(
                c.dep_ == "dobj" and c.lower_ == "place" for c in head.children))):
        return head
    return None


def governing_verb(tok: Token) -> Token | None:
    """The light or repelling verb an event noun is the object of, if any."""
    if tok.pos_ != "NOUN":
        return None
    head = tok.head
    if tok.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS | REPEL_VERBS and not any(
            c.dep_ == "prt" and c.lower_ in PARTICLES for c in head.children):
        return head  # "fought a battle" (not "fought off an attack": that one repels)
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB" and \
            tok.lemma_.lower() in MEETINGS | ROUNDS:
        # "X received Y ... for talks": X and Y talked; "returned to the table for a second
        # round of talks" (a round is reached only from its talks, below).
        return head.head
    if tok.dep_ == "dobj" and head.lemma_.lower() in REPEL_VERBS:
        return head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ROUNDS:
        return governing_verb(head.head)  # "held another round of talks"
    for child in tok.children:
        # "the agreement it reached with Damascus": a light verb in a clause on the noun.
        if child.dep_ == "relcl" and child.lemma_.lower() in LIGHT_VERBS and not any(
                c.dep_ == "dobj" for c in child.children):
            return child
    phrasal = head.head if tok.dep_ == "pobj" and head.lower_ in PARTICLES else head
    if phrasal.lemma_.lower() in PHRASAL_REPEL_VERBS and (
            head.lower_ in PARTICLES or any(c.dep_ == "prt" and c.lower_ in PARTICLES
                                            for c in phrasal.children)):
        return phrasal
    return None


def repelled(verb: Token | None) -> bool:
    if verb is None:
        return False
    lemma = verb.lemma_.lower()
    return lemma in REPEL_VERBS or (lemma in PHRASAL_REPEL_VERBS and any(
        c.dep_ in ("prt", "prep") and c.lower_ in PARTICLES for c in verb.children))


def noun_actor(tok: Token, ents: dict[int, Entity]) -> Participant | None:
    """Who did what the noun tells: "Hamas's attack", "an attack by X", "a gang assault",
    "a Ukrainian drone attack" (the side, when no one is named)."""
    side: Participant | None = None
    for child in tok.children:
        if child.dep_ == "poss" and tok.lemma_.lower() in PATIENT_NOUNS:
            continue  # "his arrest by soldiers": he was arrested
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            if _opposed(child):
                continue  # "anti-government protests": whom they oppose, not who protests
            if child.lemma_.lower() in roles.MEDIATING_VERBS:
                continue  # "UN-brokered talks": the broker, not a side
            found = roles.participant(child, ents)
            if found is not None and found.kb_id and found.kb_id.startswith(PLACE_IDS):
                continue  # "Idlib's market strike", "Tuesday's Kharkiv strike": where, not who
            if found is not None and (found.kb_id or child.tag_ in ("PRP$",)):
                return found
            if found is not None and side is None and (
                    child.lemma_.lower() in roles.GENERIC_AGENTS
                    or (child.i in ents and ents[child.i].kind == "norp" and found.country)):
                side = found
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("by",
                                                                              "between")):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return roles.participant(pobj, ents)
        if child.dep_ == "acl" and child.lemma_.lower() in ORGANISING_VERBS:
            # "marches organised by students", "the raid carried out by special forces"
            pobj = roles.agent_of(child)
            if pobj is not None:
                return roles.participant(pobj, ents)
    for between in _between(tok):
        if between.head is not tok:  # hung on a place of the noun's phrase
            pobj = next((c for c in between.children if c.dep_ == "pobj"), None)
            return roles.participant(pobj, ents)
    return side


def _opposed(modifier: Token) -> bool:
    """"anti-government", "anti-Houthi": the modifier names the side opposed."""
    return modifier.lower_.startswith("anti") or roles.hyphened_after(modifier, ("anti",))


def _between(tok: Token) -> list[Token]:
    """The noun's "between" phrases, also where the parser hangs them on a place of its own
    phrase ("a meeting in Gazakh between A and B") or on the verb that says it happened."""
    found = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"]
    verbs = [occurred_in(tok), *(c for c in tok.children if c.dep_ == "relcl"
                                 and c.lemma_.lower() in OCCURRENCE_VERBS)]
    for verb in verbs:  # "clashes broke out between A and B", "fighting that erupted between"
        if verb is not None:
            found += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "between"]
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "near"):
            found += [g for p in child.children if p.dep_ == "pobj" for g in p.children
                      if g.dep_ == "prep" and g.lower_ == "between"]
    return found


def patient(tok: Token, ents: dict[int, Entity]) -> Participant | None:
    """"his arrest", "the leader's abduction": whom the act was done to."""
    if tok.lemma_.lower() not in PATIENT_NOUNS:
        return None
    return next((roles.participant(c, ents) for c in tok.children if c.dep_ == "poss"), None)


def partner(tok: Token, ents: dict[int, Entity]) -> Participant | None:
    """"talks between A and B": B, the other side."""
    for child in _between(tok):
        for pobj in (c for c in child.children if c.dep_ == "pobj"):
            other = next((c for c in pobj.children if c.dep_ == "conj"), None)
            return roles.participant(other, ents)
    return None
