"""Who did it, to whom, where: reading roles off a dependency parse.

Works on a spaCy Doc rebuilt from the linked sentence (see ``triggers.sentence_doc``), with
``ents`` mapping token index -> the linked Entity covering it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from spacy.tokens import Doc, Token

from pipeline.records import Entity, Location, Participant
from pipeline.stages import naming
from pipeline.stages.neighbours import DIRECTIONS, placed_by_neighbour

# Nouns for people who are not the group itself: "Houthi supporters" are civilians.
FOLLOWER_NOUNS = {
    "supporter": "CVL", "protester": "CVL", "protestor": "CVL", "demonstrator": "CVL",
    "resident": "CVL", "civilian": "CVL", "student": "EDU", "worker": "LAB", "miner": "LAB",
    "activist": "CVL", "marcher": "CVL",
    "villager": "CVL", "settler": "CVL", "refugee": "REF", "journalist": "MED",
}
# Common nouns that name an actor on their own, with the PLOVER/CAMEO sector they imply.
GENERIC_AGENTS = {
    **FOLLOWER_NOUNS,
    "militia": "REB", "militant": "REB", "rebel": "REB", "insurgent": "INS", "jihadist": "INS",
    "guerrilla": "REB",
    "gunman": "UAF", "police": "COP", "policeman": "COP", "officer": "COP", "army": "MIL",
    "military": "MIL",
    "troop": "MIL", "soldier": "MIL", "force": "MIL", "navy": "MIL", "government": "GOV",
    "official": "GOV", "minister": "GOV", "authority": "GOV", "administration": "GOV",
    "counterpart": "GOV",
    "governor": "GOV", "mayor": "GOV", "prefect": "GOV", "commissioner": "GOV",
    "front": "REB",
    "cleric": "REL", "faction": "REB", "mob": "CVL", "crowd": "CVL",
    "gang": "CRM", "cartel": "CRM", "smuggler": "CRM", "trafficker": "CRM",
    "assailant": "UAF", "attacker": "UAF", "bandit": "CRM", "kidnapper": "CRM",
    "pirate": "CRM", "terrorist": "INS", "extremist": "INS", "separatist": "REB",
    "people": "CVL", "worshipper": "CVL", "farmer": "CVL", "trader": "CVL",
}
WEAPON_NOUNS = frozenset("missile rocket drone weapon arsenal force fighter jet projectile "
                         "warplane artillery gun bomb".split())
CIVILIAN_TARGETS = frozenset("woman women man men child children boy girl nun priest "
                             "worshipper passenger pupil student villager resident market "
                             "wedding school mosque church hospital bus".split())
QUANTITIES = frozenset("thousand hundred dozen million score".split())
MEETINGS = frozenset("talk talks meeting discussion negotiation consultation".split())
# Nouns for the sides of talks and deals, whoever they are: "the warring parties".
GENERIC_PARTIES = frozenset("party side delegation negotiator mediator leader commander envoy "
                             "delegate representative diplomat".split())
# "UN-brokered talks", "a Qatar-mediated truce": who brought the sides together, neither a
# side nor where they met.
MEDIATING_VERBS = frozenset("broker mediate host sponsor facilitate back".split())
# People whose violence is a riot, not an attack: "protesters torched cars".
RIOTERS = frozenset("protester protestor demonstrator rioter marcher".split())
# Crowds whose violence ACLED counts as riots: "a mob lynched", "residents torched".
CROWDS = RIOTERS | frozenset("mob crowd youth resident villager vigilante supporter".split())
PRONOUNS = frozenset("it its they their them he his him she her which who that".split())
PLURAL_PRONOUNS = frozenset("they their them".split())
OBJECT_PRONOUNS = frozenset("them him her it".split())
# "a bomber who blew himself up": the doer, never the one acted upon.
REFLEXIVE_PRONOUNS = frozenset("himself herself itself themselves themself".split())
# "armed men", "an armed group": attackers not yet named.
ARMED_MODIFIERS = frozenset({"armed", "masked"})
ARMED_NOUNS = frozenset({"man", "group", "individual"})
REBEL_MODIFIERS = frozenset("extremist rebel insurgent militant jihadist terrorist separatist "
                            "opposition".split())
DISTANCES = frozenset("km kilometre kilometer mile metre meter nautical".split())
# Nouns whose "on" says what was talked about: "talks on the situation in the Strip".
TALK_NOUNS = frozenset("talk talks meeting discussion negotiation consultation agreement deal "
                       "statement report briefing summit".split())
LOCATIVE_IN = frozenset("in at near inside outside".split())
# Clauses told as before or after another event: "..., two days after militants killed ...".
SEQUENCE_MARKS = frozenset({"after", "before", "since"})
UNKNOWN_PLACE_RANK = 2.5
LOCATIVE_PREPS = frozenset("in at near on outside inside across around toward towards "
                           "into off over from within against".split())


def phrase(tok: Token) -> str:
    """The head noun with its left modifiers: "Iraqi militias", "the Houthi supporters"."""
    doc = tok.doc
    start = tok.left_edge.i
    while start < tok.i and doc[start].dep_ in ("det", "punct", "cc", "advmod", "preconj"):
        start += 1
    return doc[start : tok.i + 1].text


def controlled(obj: Token) -> Token:
    """"took control of the base": the base was taken, not the control."""
    if obj.lower_ != "control":
        return obj
    return next((p for of in obj.children if of.dep_ == "prep" and of.lower_ == "of"
                 for p in of.children if p.dep_ == "pobj"), obj)


def from_entity(ent: Entity, text: str | None = None) -> Participant:
    return Participant(
        text=text or ent.text,
        name=ent.name or (ent.text if ent.kind == "actor" else None),
        kb_id=ent.kb_id,
        sector=ent.sector,
        country=ent.country,
    )


def counted_noun(tok: Token, counters: frozenset[str] = QUANTITIES) -> Token:
    """"thousands of students", "23 of its activists" -> "students", "activists"; any other
    token is itself."""
    if tok.lemma_.lower() in counters or (counters is QUANTITIES and tok.like_num):
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if counted is not None:
            return counted
    return tok


def participant(tok: Token | None, ents: Mapping[int, Entity]) -> Participant | None:
    if tok is None:
        return None
    ent = ents.get(tok.i)
    if ent is None and tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and \
            tok.head.head is not tok.head:
        return participant(tok.head.head, ents)  # "Rind, who was picked up": Rind
    if ent is None and ((tok.lower_ in PRONOUNS and tok.pos_ == "PRON")
                        or tok.tag_ in ("PRP", "PRP$", "WDT", "WP")):
        return resolve_pronoun(tok, ents)
    if ent is not None and ent.kind == "actor" and ent.kb_id is None and ent.label == "PERSON":
        return naming.person(ent, tok, ents)
    if ent is not None and ent.kind == "place" and (state := naming.acting_capital(tok, ents)):
        return state
    if ent is not None and ent.kind in ("actor", "place"):
        return from_entity(ent)
    if ent is None and _thing_at_direction(tok) is not None:
        return acted_upon(tok, ents)  # "a vessel west of Hodeidah": the vessel
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PROPN" and lemma not in GENERIC_AGENTS and lemma[:-1] in GENERIC_AGENTS \
            and lemma.endswith("s"):
        lemma = lemma[:-1]  # "Guerrillas used drones": a plural the model took for a name
    counted = counted_noun(tok)
    if counted is not tok:
        return participant(counted, ents)
    sector = GENERIC_AGENTS.get(lemma)
    if sector == "MIL" and lemma == "force" and any(
            c.dep_ == "amod" and c.lower_ in REBEL_MODIFIERS for c in tok.children):
        sector = "REB"  # "extremist forces" are no army
    if sector is None and lemma in ARMED_NOUNS and any(
            c.dep_ == "amod" and c.lower_ in ARMED_MODIFIERS for c in tok.children):
        sector = "UAF"
    if sector is not None:
        # "Protesters, mainly Houthi supporters": the apposition says who they are.
        for child in tok.children:
            if child.dep_ == "appos" and (child.i in ents or
                                          child.lemma_.lower() in GENERIC_AGENTS):
                found = participant(child, ents)
                if found is not None and (found.kb_id or found.country):
                    return found
    modifier = _modifier_entity(tok, ents)
    if modifier is not None and sector is not None and modifier.label == "PERSON" and \
            modifier.kb_id is None and modifier.end == tok.i and modifier.end - modifier.start == 1:
        modifier = None  # "Riot police": one capitalised word the model took for a name
    if modifier is not None and modifier.kind == "actor":
        if lemma not in FOLLOWER_NOUNS:
            found = from_entity(modifier, phrase(tok))  # "Houthi fighters" are the Houthis
            if found.kb_id is None and found.country is None and sector is not None:
                # "his Azerbaijani counterpart Shahin Mustafayev": an Azerbaijani official.
                found = replace(found, sector=found.sector or sector,
                                country=naming.country_in(_own_phrase(tok), ents))
            return found
        group = modifier.name or modifier.text
        name = phrase(tok) if modifier.start < tok.i else f"{tok.text.capitalize()} of {group}"
        return Participant(text=phrase(tok), name=name, kb_id=None, sector=sector,
                           country=modifier.country)
    if sector is not None or lemma in GENERIC_PARTIES:
        country = modifier.country if modifier is not None else \
            naming.country_in(_own_phrase(tok), ents)
        return Participant(text=phrase(tok), name=phrase(tok), kb_id=None, sector=sector,
                           country=country)
    if ent is not None and ent.kind == "norp":
        return Participant(text=ent.text, name=None, kb_id=None, sector=None, country=ent.country)
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is not None and lemma in WEAPON_NOUNS:
        return participant(owner, ents)  # "Our missiles ... are ready": whose missiles
    if lemma in WEAPON_NOUNS:
        # "A missile fired by the rebels", "drones operated by X": who used the weapon.
        user = next((p for acl in tok.children if acl.dep_ == "acl"
                     and (p := agent_of(acl)) is not None), None)
        if user is not None:
            return participant(user, ents)
    if lemma == "fighter" and tok.pos_ == "NOUN":
        # "separatist fighters", "paramilitary fighters": armed men of a side the words may
        # not say (rebels only when a modifier says so); "its fighters" are the group's.
        rebel = any(c.dep_ == "amod" and c.lower_ in REBEL_MODIFIERS for c in tok.children)
        return Participant(text=phrase(tok), name=phrase(tok), kb_id=None,
                           sector="REB" if rebel else None,
                           country=naming.country_in(_own_phrase(tok), ents))
    if modifier is not None and modifier.country and tok.pos_ == "NOUN":
        # "the American enemy", "Israeli targets": whose side, if not who.
        return Participant(text=phrase(tok), name=None, kb_id=None, sector=None,
                           country=modifier.country)
    return None


def acted_upon(tok: Token | None, ents: Mapping[int, Entity]) -> Participant | None:
    """Whatever a common noun names as the thing acted upon ("a market", "six nuns", "the
    police headquarters"): a target even when it is no actor."""
    if tok is None or tok.pos_ != "NOUN" or tok.i in ents:
        return None
    thing = _thing_at_direction(tok)
    if thing is not None:  # the vessel, of no country the place says
        return Participant(text=thing.text, name=thing.text, kb_id=None, sector=None,
                           country=None)
    sector = "CVL" if tok.lemma_.lower() in CIVILIAN_TARGETS else None
    return Participant(text=phrase(tok), name=phrase(tok), kb_id=None, sector=sector,
                       country=naming.country_in(_own_phrase(tok), ents))


def _thing_at_direction(tok: Token) -> Token | None:
    """"a vessel west of Hodeidah", parsed as a kind of "west": the vessel."""
    if tok.lower_ not in DIRECTIONS:
        return None
    return next((c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)


def _own_phrase(tok: Token) -> list[Token]:
    """The noun's phrase without its clauses nor where it was: "a bill, which mirrors a
    Russian law" is no Russian bill, "people killed in a Russian strike" no Russians, "a
    convoy near the Myanmar border" no Myanmar convoy;
    "a convoy of Indian troops", "fighters from Syria" say whose."""
    aside = {t.i for c in tok.children
             if c.dep_ in ("relcl", "acl", "advcl", "ccomp")
             or (c.dep_ == "prep" and c.lower_ not in ("of", "from"))
             for t in c.subtree}
    return [t for t in tok.subtree if t.i not in aside]


def _modifier_entity(tok: Token, ents: Mapping[int, Entity]) -> Entity | None:
    """An actor named in the modifiers of a common noun: "Houthi supporters",
    "Supporters of Yemen's Houthis", "officials from Iranian-backed militias"."""
    candidates: list[Token] = []
    for child in tok.children:
        if child.lower_ in DIRECTIONS or child.lemma_.lower() in DISTANCES:
            continue  # "a vessel west of Hodeidah", "50 miles off Aden": where, not whose
        if child.dep_ in ("compound", "amod", "nmod", "poss", "appos", "npadvmod"):
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
    fallback = None
    for cand in candidates:
        for t in (cand, *cand.subtree):
            ent = ents.get(t.i)
            if ent is None:
                continue
            if ent.kind == "actor":
                return ent
            if ent.kind in ("norp", "place") and ent.country and fallback is None:
                fallback = ent  # "Iraqi militias", "Yemen's rebels": whose, not who
    return fallback


def resolve_pronoun(tok: Token, ents: Mapping[int, Entity]) -> Participant | None:
    """"it"/"its" -> the subject of the verb that governs its clause ("KH said it would..."),
    else the nearest actor named before it in the sentence. A speaker quoted word for word
    says "I" or "we": the "they" of a quote ("'They came in the dark,' the mayor said") are
    others, and "they" is no one person."""
    quoted = in_quote(tok) and tok.lower_ in PRONOUNS  # "we" and "our" are the speaker's
    plural = tok.lower_ in PLURAL_PRONOUNS
    parallel, own_subjects = _object_pronoun(tok)
    if parallel is not None:
        return participant(parallel, ents)
    for anc in tok.ancestors:
        if quoted and not in_quote(anc):
            break
        if anc.pos_ in ("VERB", "AUX"):
            for child in anc.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in PRONOUNS \
                        and tok not in child.subtree and child.i not in own_subjects:
                    found = participant(child, ents)
                    if found is not None and not (plural and _one_person(child, ents)):
                        return found
    for i in range(tok.i - 1, -1, -1):
        ent = ents.get(i)
        if ent is not None and ent.kind == "actor" and not (plural and ent.label == "PERSON") \
                and not any(ent.start <= s < ent.end for s in own_subjects):
            return from_entity(ent)
    return None


def _object_pronoun(tok: Token) -> tuple[Token | None, set[int]]:
    """An object pronoun is not the subject of its own clause, nor of the verbs that clause is
    coordinated with: in "militants seized three guards and shot them", "them" are the guards
    (the object of the verb before), never the militants. (The antecedent, if a coordinated
    verb's object names it; the subjects it cannot be.)"""
    if tok.dep_ not in ("dobj", "iobj") or tok.lower_ not in OBJECT_PRONOUNS:
        return None, set()
    subjects: set[int] = set()
    verb = tok.head
    while True:
        subjects |= {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
        if verb.dep_ != "conj" or verb.head is verb:
            return None, subjects
        verb = verb.head
        parallel = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if parallel is not None and parallel.lower_ not in PRONOUNS:
            return parallel, subjects


def _one_person(tok: Token, ents: Mapping[int, Entity]) -> bool:
    ent = ents.get(tok.i)
    return ent is not None and ent.label == "PERSON"


def in_quote(tok: Token) -> bool:
    """Inside quotation marks opened before it in its sentence."""
    marks = sum(1 for t in tok.doc[: tok.i] if t.tag_ in ("``", "''"))
    return marks % 2 == 1


RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def agent_of(verb: Token) -> Token | None:
    """Who does a passive verb's act: "seized by police" (its first agent's object)."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # The nearest subject before the verb; parses of long sentences attach strays too.
        before = [c for c in subjects if c.i < verb.i]
        subject = before[-1] if before else subjects[0]
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head  # "protesters who marched": the protesters marched
        return subject
    if any(c.dep_ == "agent" for c in verb.children):
        return agent_of(verb)
    if any(c.dep_ == "auxpass" for c in verb.children):
        # The parser often hangs "by X" on the object: "designated as a group by the U.S."
        for tok in verb.subtree:
            if tok.lower_ == "by" and tok.dep_ in ("prep", "agent") and tok.head.dep_ == "pobj":
                return next((c for c in tok.children if c.dep_ == "pobj"), None)
    # Controlled or coordinated verbs share their head's subject: "threatened to attack",
    # "fired missiles and hit a ship", "are ready to strike".
    if verb.dep_ in ("xcomp", "conj", "acomp") and verb.head is not verb:
        return subject_of(verb.head)
    # "KH called for an end..., warning that ...": a participle shares the clause's subject.
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head is not verb:
        return subject_of(verb.head)
    # "A powerful armed faction threatened on Sunday...", parsed as a relative clause of the
    # noun: a past tense (not a participle) there has the noun as its subject.
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and (
            verb.tag_ == "VBD" or verb.head.dep_ == "ROOT") and \
            not any(c.dep_ == "agent" for c in verb.children):
        return verb.head
    return None


def location_of(trigger: Token, ents: Mapping[int, Entity],
                exclude: Iterable[int] = (), locative_only: bool = False) -> Location | None:
    """The most precise place attached to the trigger, nearest in the tree first; with
    ``locative_only``, only places after "in", "at", "near" and the like."""
    skip = set(exclude)
    best: tuple[float, bool, int, Entity] | None = None
    seen: set[str] = set()
    unknown: list[Entity] = []
    ends: list[Entity] = []
    for tok in trigger.subtree:
        ent = ents.get(tok.i)
        if ent is None or ent.kind != "place" or tok.i in skip or _in_topic(tok, trigger) or \
                _in_other_event(tok, trigger) or _destination(tok) or \
                _between_sides(tok, trigger) or _brokered_by(tok):
            continue
        if road_end(tok):
            ends.append(ent)
            continue
        if ent.kb_id is None and ent.label == "FAC":
            continue  # "Operation al-Aqsa Storm": an unknown facility name is rarely a place
        if _taken_side(trigger.doc, ent):
            continue  # "pro-Damascus fighters": whose side, not where
        if ent.precision == 3 and _names_a_border(tok):
            continue  # "near the Cameroon border": on this side of it, not in Cameroon
        if locative_only and not _after_locative(tok):
            continue
        key = f"{ent.start}:{ent.end}"
        if key in seen:
            continue
        seen.add(key)
        if ent.kb_id is None:
            unknown.append(ent)
        # The entity's shallowest token: "the Harir base" hangs by "base", not "Harir".
        depth = min(depth_below(t, trigger) for t in trigger.doc[ent.start:ent.end])
        # A name the KB lacks is most often a town or a village: finer than a country.
        precision = ent.precision or (UNKNOWN_PLACE_RANK if ent.kb_id is None else 3)
        rank = (precision, _whose(tok) or _reference_point(tok), depth)
        if best is None or rank < best[:3]:
            best = (*rank, ent)
    if best is None:
        # Only the ends of a road ("an ambush on the road between Gao and Ansongo"): near
        # the first, as ACLED places such events.
        first = next((e for e in ends if e.kb_id and (e.precision or 3) == 1), None)
        return replace(as_location(first), precision=2) if first is not None else None
    found = as_location(best[3])
    # A place the KB lacks, told as in or near a known one ("X, a village north of Hama"), is
    # the more precise: it keeps its name and takes the known place's coordinates.
    for ent in unknown:
        placed = placed_by_neighbour(ent, trigger.doc, ents)
        if placed is not None and (ent.start == best[3].start or placed.name == best[3].name):
            return placed
    if best[1] and (found.precision or 3) < 2:
        # "40 nautical miles east of Muscat": near the town, not in it (ACLED's "near").
        return replace(found, precision=2)
    return found


# Verbs of going somewhere else: where people fled to is not where the event was.
FLEEING_VERBS = frozenset("flee escape head move evacuate relocate travel run".split())


def _phrase_head(tok: Token, through: tuple[str, ...] = ("compound", "conj", "appos")) -> Token:
    """The word a place's phrase hangs by: "Gao" in "Gao and Ansongo" for "Ansongo"."""
    while tok.dep_ in through and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _destination(tok: Token) -> bool:
    """"forcing thousands to flee towards Goma": the place fled to."""
    tok = _phrase_head(tok)
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ in ("to", "towards", "toward", "into") and \
        prep.head.lemma_.lower() in FLEEING_VERBS


# "the highway linking Cochabamba and Santa Cruz": the towns a road joins are its ends, not
# where on it something happened.
ROAD_NOUNS = frozenset("road highway motorway route railway pipeline corridor".split())
LINKING_VERBS = frozenset("link connect join".split())


def road_end(tok: Token) -> bool:
    """Is the place one of the ends a road is named by ("the road linking A and B", "the
    highway between A and B", "the road from A to B")?"""
    tok = _phrase_head(tok)
    head = tok.head
    if tok.dep_ == "dobj" and head.lemma_.lower() in LINKING_VERBS and head.dep_ == "acl":
        return head.head.lemma_.lower() in ROAD_NOUNS
    return tok.dep_ == "pobj" and head.lower_ in ("between", "from", "to") and \
        head.head.lemma_.lower() in ROAD_NOUNS


def _brokered_by(tok: Token) -> bool:
    """"US-brokered talks": the broker, not where they met (a host may be: "Qatar-hosted")."""
    return tok.head.lemma_.lower() in MEDIATING_VERBS - {"host"}


def _between_sides(tok: Token, trigger: Token) -> bool:
    """"a truce between Armenia and Azerbaijan", "clashes between Sudan and South Sudan": the
    sides of the event, not where it was ("the border between" them is a place)."""
    tok = _phrase_head(tok, ("compound", "conj"))
    return tok.dep_ == "pobj" and tok.head.lower_ == "between" and tok.head.head.i == trigger.i


def _in_other_event(tok: Token, top: Token) -> bool:
    """"met in Tehran, two days after militants killed guards near Saravan": a clause told
    as before or after the event has places of its own."""
    while tok.i != top.i and tok.head.i != tok.i:
        if sequence_mark(tok) is not None:
            return True
        tok = tok.head
    return False


BORDER_NOUNS = frozenset("border frontier boundary".split())


def _names_a_border(tok: Token) -> bool:
    head = tok
    while head.dep_ in ("compound", "amod", "poss") and head.head is not head:
        head = head.head
        if head.lemma_.lower() in BORDER_NOUNS:
            return True
    return False


def sequence_preposition(tok: Token) -> Token | None:
    """The "after"/"before" whose object an event noun is: "two days after a bomb attack"."""
    return tok.head if tok.dep_ == "pobj" and tok.head.lower_ in ("after", "before") else None


def sequence_mark(tok: Token) -> Token | None:
    """The "after"/"before" of a clause told as before or after the one it modifies."""
    if tok.dep_ != "advcl":
        return None
    return next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKS),
                None)


def _whose(tok: Token) -> bool:
    """"Yemen's warring parties sat down in Kuwait", "Yemen peace talks resumed in Kuwait":
    the country of the sides, or of the talks' topic, is less likely where than a place the
    sentence puts the event in."""
    head = _phrase_head(tok, ("conj",))
    if head.dep_ not in ("poss", "compound"):
        return False
    owner = _phrase_head(head.head, ("compound",))  # "Yemen peace talks": the talks
    lemma = owner.lemma_.lower()
    return lemma in GENERIC_AGENTS or lemma in GENERIC_PARTIES or lemma in MEETINGS


def _taken_side(doc: Doc, ent: Entity) -> bool:
    """"pro-Damascus", "anti-Kyiv": a place named as the side someone is for or against."""
    return hyphened_after(doc[ent.start], ("pro", "anti"))


def hyphened_after(tok: Token, prefixes: tuple[str, ...]) -> bool:
    """Is the word written after one of ``prefixes`` and a hyphen ("anti-Houthi", which the
    tokenizer splits in three)?"""
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in prefixes


def _reference_point(tok: Token) -> bool:
    """"north of Erbil", "40 km from Goma": a place that only says where the event was
    relative to it; another place of the phrase is where it was."""
    head = tok
    while head.dep_ in ("compound", "amod", "appos", "conj") and head.head is not head:
        head = head.head
    if head.dep_ != "pobj":
        return False
    prep = head.head
    return (prep.lower_ == "of" and prep.head.lower_ in DIRECTIONS) or (
        prep.lower_ in ("of", "from") and prep.head.lemma_.lower() in DISTANCES) or (
        prep.lower_ in ("off", "from"))  # "off Sohar"; "two men from Karachi": an origin


def unknown_place(part: Participant | None, ents: Mapping[int, Entity]) -> Entity | None:
    """The place the KB lacks that a participant was taken from ("attacked Merawi")."""
    if part is None or part.kb_id:
        return None
    return next((e for e in ents.values() if e.kind == "place" and e.kb_id is None
                 and e.label != "FAC" and e.text == part.text), None)


def placed_in(ent: Entity, around: Location | None) -> Location:
    """A place the KB lacks, with the name it is written by, at the known place around it."""
    if around is None:
        return Location(text=ent.text, name=None, country=ent.country, admin1=None, lat=None,
                        lon=None, geonameid=None, precision=None)
    # In or near a town or region: at best a region's precision; near a country, no finer.
    precision = None if (around.precision or 3) == 3 else max(around.precision or 2, 2)
    return Location(text=ent.text, name=around.name, country=around.country,
                    admin1=around.admin1, lat=around.lat, lon=around.lon, geonameid=None,
                    precision=precision)


def as_location(ent: Entity) -> Location:
    return Location(text=ent.text, name=ent.name, country=ent.country, admin1=ent.admin1,
                    lat=ent.lat, lon=ent.lon, geonameid=ent.geonameid, precision=ent.precision)


def _after_locative(tok: Token) -> bool:
    head = tok
    while head.dep_ in ("compound", "amod", "appos", "conj") and head.head is not head:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_IN


# Where talks "on" them are held: "talks on the island of Zanzibar".
LAND_NOUNS = frozenset("island islet peninsula coast shore".split())


def _in_topic(tok: Token, top: Token) -> bool:
    """"talked about an assault on Rafah": what was discussed is not where."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ in ("about", "regarding", "concerning", "over"):
            return True
        if tok.dep_ == "prep" and tok.lower_ == "on" and tok.head.lemma_.lower() in TALK_NOUNS \
                and not any(p.dep_ == "pobj" and p.lemma_.lower() in LAND_NOUNS
                            for p in tok.children):
            return True  # "talks on the situation in Gaza" (not "on the island of Zanzibar")
        tok = tok.head
    return False


def depth_below(tok: Token, top: Token) -> int:
    depth = 0
    while tok.i != top.i and tok.head.i != tok.i:
        tok = tok.head
        depth += 1
    return depth


def sentence_site(doc: Doc, ents: Mapping[int, Entity],
                  exclude: Iterable[int] = ()) -> Location | None:
    """The sentence's town or site when it names exactly one (besides the excluded tokens)."""
    skip = set(exclude)
    found = {(e.start, e.kb_id): e for i, e in ents.items()
             if e.kind == "place" and e.precision == 1 and i not in skip}
    if len({kb for _, kb in found}) != 1:
        return None
    return as_location(next(iter(found.values())))
