"""Finding event triggers: a spaCy Matcher over the taxonomy's words, then rules on the parse
that decide which matches report an event ("released a statement" does not)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from pipeline.records import Entity, LinkedSentence
from pipeline.stages import roles
from pipeline.stages.sameness import NON_STATE_ARMED, STATE_SECTORS
from pipeline.taxonomy import Taxonomy, Weapon, load_taxonomy

ANAPHORIC = frozenset({"these", "those", "such", "this", "that"})
NON_ASSAULT_STRIKE = frozenset("general hunger labor labour workers national nationwide "
                               "indefinite shutter shutter-down wheel-jam".split())
# Verbs whose object is a strike from work: an attack is not observed, called or declared.
STRIKE_CALLING_VERBS = frozenset("observe call declare enforce".split())
WORKER_NOUNS = frozenset("worker union staff employee driver doctor nurse teacher lecturer "
                         "miner docker trucker pilot lawyer".split())
FIRE_VERBS = frozenset({"fire", "launch"})
TOPIC_PREPS = frozenset("on about regarding concerning".split())
# Verbs that answer an act made before: "rejected an ECOWAS ultimatum", "defied the warning".
ANSWERING_VERBS = frozenset("reject dismiss defy ignore heed spurn rebuff".split())
# What becomes of a deal made before: "the ceasefire ended", "the truce collapsed".
LAPSING_VERBS = frozenset("end collapse expire lapse break unravel crumble".split())
TOPIC_NOUNS = frozenset("detail information report comment question statement briefing "
                        "update news account testimony".split())
# Verbs that carry a weapon to its target: an attack when they do ("flew an explosive drone
# into the base", "hurled grenades at a patrol", "dropped bombs on the town").
# Harm done, an attack unless another trigger tells the attack that did it.
HARM_VERBS = frozenset({"kill", "wound", "injure", "massacre", "murder", "slaughter"})
# Injuries report an attack only with who or what did them: "gunmen wounded two", not "were
# injured in a crash" nor "were wounded when militants attacked" (the attack tells it).
INJURY_VERBS = frozenset({"wound", "injure"})
ACCIDENTS = frozenset("crash accident collision stampede fire flood earthquake storm "
                      "landslide quake blaze".split())
DELIVERY_VERBS = frozenset("fly crash drive ram steer hurl throw lob drop".split())
# Verbs whose object "fire" makes an attack: "opened fire on", "exchanged fire with".
GUNFIRE_VERBS = frozenset({"open", "exchange", "trade"})
DELIVERY_PREPS = frozenset("into at on onto upon".split())
# "took control of the base": force taking a place (ACLED's "overtakes territory").
CONTROL_VERBS = frozenset("take seize gain wrest regain retake".split())
# Taking someone by force: by the police or the army, an arrest ("abducted" stays abduction).
SNATCH_VERBS = frozenset("seize grab snatch".split())
# Property a state seizes (CAMEO 1711, confiscation): "the Guards seized a foreign tanker".
SEIZED_PROPERTY = frozenset("ship tanker vessel boat freighter trawler dhow cargo shipment "
                            "barge".split())
# Who may be arrested, when no name says so.
PEOPLE = frozenset(
    "woman man child boy girl nun priest worshipper passenger pupil student villager resident "
    "figure member leader activist journalist politician opponent critic lawyer candidate "
    "official person people suspect supporter".split()) | roles.RIOTERS
# Verbs that report an event with a particle only: "sat down" for talks, "rounded up".
PARTICLE_TRIGGERS = {"sit": "down", "round": "up"}
PARTICLE_TYPES = {"sit": ("CONSULT", "040"), "round": ("COERCE", "173")}
# Acts that are a protest when done to protest or to demand: "blocked the highway to demand".
DISRUPTIVE_VERBS = frozenset("block shut close barricade occupy burn boycott".split())
PROTEST_CAUSES = frozenset("protest demonstrate denounce demand".split())
# What protesters put up across roads (taxonomy light_triggers.objects).
BARRICADES = frozenset("barricade roadblock tyre tire".split())
# Nouns for a meeting that sides hold: "held their first face-to-face session".
HELD_MEETINGS = frozenset({"session"})
HELD_PLACES = frozenset("base town city village camp post outpost barracks garrison airport "
                        "port district checkpoint headquarters".split())
PEOPLE_NOUNS = frozenset("people person man men woman women child children member hostage "
                         "prisoner detainee captive citizen national family".split())


_ANNOTATIONS = [LEMMA, POS, TAG, DEP, HEAD]


@dataclass(frozen=True)
class Hit:
    token: Token
    event_type: str
    cameo: str
    source: str = "rule"


@cache
def _vocab() -> Vocab:
    return spacy.blank("en").vocab


def sentence_doc(ls: LinkedSentence) -> Doc:
    """Rebuild the parsed sentence as a spaCy Doc from the token table in the message."""
    text = ls.sentence.text
    toks = ls.tokens
    words = [text[t.start : t.end] for t in toks]
    spaces = [i + 1 < len(toks) and toks[i + 1].start > t.end for i, t in enumerate(toks)]
    if toks and len(text) > toks[-1].end:
        spaces[-1] = True
    vocab = _vocab()
    doc = Doc(vocab, words=words, spaces=spaces)
    if toks:
        # The annotations as one array (what Doc(lemmas=..., heads=...) builds, for less):
        # string ids, and each head as its offset from the token, unsigned.
        add = vocab.strings.add
        doc.from_array(_ANNOTATIONS, numpy.array(  # type: ignore[arg-type]  # (thinc's Ints2d)
            [(add(t.lemma), add(t.pos), add(t.tag), add(t.dep), (t.head - i) % 2**64)
             for i, t in enumerate(toks)], dtype=numpy.uint64))
    return doc


@cache
def _trigger_matcher() -> Matcher:
    """Trigger words and phrases of the taxonomy as a spaCy Matcher: it finds, the rules in
    find_triggers decide."""
    taxonomy = load_taxonomy()
    verbs = sorted({*taxonomy.verb_triggers, *taxonomy.object_types, *FIRE_VERBS,
                    *DELIVERY_VERBS, *GUNFIRE_VERBS, *CONTROL_VERBS, "call", "hold", "pick",
                    *PARTICLE_TRIGGERS, *DISRUPTIVE_VERBS, "set"})
    matcher = Matcher(_vocab())
    matcher.add("VERB", [[{"POS": "VERB", "LEMMA": {"IN": verbs}}]])
    matcher.add("NOUN", [[{"POS": "NOUN", "LEMMA": {"IN": sorted({*taxonomy.noun_triggers,
                                                                  *HELD_MEETINGS})}}]])
    matcher.add("SIT_IN", [[{"LOWER": "sit"}, {"ORTH": "-"}, {"LOWER": "in"}]])
    matcher.add("BARRICADE", [[{"POS": "NOUN", "LEMMA": {"IN": sorted(BARRICADES)}}]])
    return matcher


def find_triggers(doc: Doc, ents: dict[int, Entity], taxonomy: Taxonomy) -> list[Hit]:
    hits = []
    matches = sorted({start: match_id for match_id, start, _ in _trigger_matcher()(doc)}.items())
    for start, match_id in matches:
        tok = doc[start]
        if doc.vocab.strings[match_id] == "SIT_IN":
            # "sit-in", three tokens: the one the sentence hangs them by ("held a sit-in")
            span = range(start, start + 3)
            root = next((t for t in doc[start : start + 3] if t.head.i not in span), tok)
            hits.append(Hit(root, "PROTEST", "141"))
            continue
        if doc.vocab.strings[match_id] == "BARRICADE":
            # "demonstrators set up burning barricades", "piled rocks and tyres on the road":
            # the act of putting them up is a protest, unless armed men or the state do it.
            verb = _building(tok)
            doer = roles.subject_of(verb) if verb is not None else None
            if verb is not None and not _by_the_state(doer, ents, NON_STATE_ARMED):
                hits.append(Hit(verb, "PROTEST", "144"))
            continue
        if tok.i in ents and ents[tok.i].kind not in ("date", "number") and \
                not _unknown_group(ents[tok.i]):
            continue  # "Operation al-Aqsa Storm" names an operation; it is not a storming
        lemma = tok.lemma_.lower()
        found: tuple[str, str] | None = None
        if tok.dep_ == "relcl" and any(c.lower_ in ("any", "every", "no", "all")
                                       for c in tok.head.children):
            continue  # "any nation that supports Israel": a kind, not an event
        if tok.pos_ == "VERB":
            found = taxonomy.verb_triggers.get(lemma)
            if lemma in HARM_VERBS and (
                    any(c.dep_ == "nsubj" and is_trigger(c, "ASSAULT", taxonomy)
                        for c in tok.children)
                    or (tok.dep_ in ("relcl", "advcl", "conj")
                        and is_trigger(tok.head, "ASSAULT", taxonomy))):
                found = None  # "a drone strike (that) killed three soldiers": the strike is it
            if found and found[0] == "REQUEST" and tok.dep_ == "acl" and \
                    tok.head.lemma_.lower() in roles.RIOTERS:
                found = None  # "protesters demanding his resignation": what the protest asks
            if lemma in INJURY_VERBS and not _harmed_by_someone(tok, taxonomy):
                found = None  # "injured in a car crash"; "wounded when militants attacked"
            if lemma in HARM_VERBS and tok.dep_ == "acl" and any(
                    c.dep_ in ("prep", "agent") and any(
                        p.dep_ == "pobj" and is_trigger(p, "ASSAULT", taxonomy)
                        for p in c.children) for c in tok.children):
                found = None  # "the people killed in Monday's bombing": the bombing is it
            if lemma in FIRE_VERBS and (weapon_of(tok, taxonomy) is not None
                                        or targets_protesters(tok)):
                found = ("ASSAULT", "190")  # "fired teargas at protesters": see classify
            if lemma in DELIVERY_VERBS and weapon_of(tok, taxonomy) is not None and any(
                    c.dep_ == "prep" and c.lower_ in DELIVERY_PREPS and any(
                        p.dep_ == "pobj" and not (p.i in ents and ents[p.i].kind == "date")
                        for p in c.children)
                    for c in (*tok.children, *(g for o in tok.children if o.dep_ == "dobj"
                                               for g in o.children))):
                # "drove a car bomb into", not "flew one on Monday"; the parser may hang the
                # place on the weapon ("flew a drone into the base").
                found = ("ASSAULT", "190")
            if lemma == "hit" and weapon_of(tok, taxonomy) is None:
                found = None  # "hit by a missile" yes; "hit by inflation" no
            if lemma == "fight" and any(
                    (c.dep_ == "dobj" and c.lemma_.lower() in taxonomy.noun_triggers)
                    or (c.dep_ == "prt" and c.lower_ in ("off", "back")) for c in tok.children):
                found = None  # "fought a battle", "fought off an attack": the noun tells it
            if lemma in GUNFIRE_VERBS and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in ("fire", "gunfire")
                    for c in tok.children):
                found = ("ASSAULT", "193")  # "opened fire on the crowd", "exchanged fire"
            if lemma in ("hold", "pick") and tok.tag_ == "VBN" and _held_by_force(tok):
                found = ("COERCE", "173")  # "14 people held by police", "picked up by police"
            if lemma == "hold" and tok.tag_ != "VBN" and \
                    _by_the_state(roles.subject_of(tok), ents) and _holds_a_person(tok, ents):
                found = ("COERCE", "173")  # "the authorities were holding an opposition leader"
            if lemma in SNATCH_VERBS and tok.tag_ == "VBN" and _held_by_force(tok) and \
                    _a_person(tok, ents):
                found = ("COERCE", "173")  # "an opposition figure seized by security forces"
            if lemma in SNATCH_VERBS and _confiscated(tok, ents):
                found = ("COERCE", "1711")  # "the Guards seized a tanker": no attack
            if lemma == "take" and tok.tag_ == "VBN" and _held_by_force(tok, ("COP",)) and \
                    any(c.dep_ == "prep" and c.lower_ == "from" for c in tok.children):
                # "taken from his home by police" (a town "taken by the army" is no arrest)
                found = ("COERCE", "173")
            if lemma == "take" and any(c.dep_ == "prep" and c.lower_ == "into" and any(
                    p.lemma_.lower() == "custody" for p in c.children) for c in tok.children):
                found = ("COERCE", "173")  # "was taken into custody"
            if lemma == "take" and any(c.dep_ == "prep" and c.lower_ == "to" and any(
                    p.lemma_.lower() == "street" for p in c.children) for c in tok.children) \
                    and not any(c.dep_ in ("advcl", "xcomp") and any(
                        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                        for c in tok.children):
                found = ("PROTEST", "141")  # "took to the streets" ("... to protest": that verb)
            if lemma == "set" and _set_alight(tok):
                found = ("ASSAULT", "190")  # arson, as "torched" (by a crowd, a riot)
            if lemma in CONTROL_VERBS and _place_taken(tok, ents) is not None:
                found = ("ASSAULT", "190")
            if lemma == "call" and any(c.dep_ == "prep" and c.lower_ in ("for", "on")
                                       for c in tok.children):
                found = ("REQUEST", "020")
            by_object = taxonomy.object_types.get(lemma)
            if by_object is not None:
                found = next((by_object[o] for o in object_words(tok) if o in by_object),
                             found)
            allowed = taxonomy.object_constraints.get(lemma)
            if found and allowed and not any(fits(o, allowed, ents) for o in objects(tok)):
                found = None  # "released a statement", "delivered a speech"
            if (lemma, next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)) \
                    in PARTICLE_TRIGGERS.items():
                # "sat down at the AU headquarters", "rounded up 14 young men"
                found = PARTICLE_TYPES[lemma] if lemma != "sit" or _two_sides(tok) else None
            subjects = taxonomy.subject_constraints.get(lemma)
            subject = roles.subject_of(tok)
            if found and subjects and (subject is None or roles.counted_noun(subject).lemma_
                                       .lower() not in subjects):
                found = None  # "troops occupied the town" is not a sit-in
            if lemma in DISRUPTIVE_VERBS and not _by_the_state(subject, ents) and (
                    _done_for_a_cause(tok) or (subject is not None and roles.counted_noun(
                        subject).lemma_.lower() in roles.RIOTERS)):
                # "motorists blocked the road to protest", "traders shut their shops to demand
                # ...": done in protest, whoever does it (not the police closing a road);
                # "demonstrators burned party offices", whatever for.
                found = ("PROTEST", {"block": "144", "burn": "145"}.get(lemma, "140"))
        elif tok.pos_ == "NOUN":
            found = taxonomy.noun_triggers.get(lemma)
            if found and tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
                found = None  # "attack helicopter", "strike group"
            if found and any(c.dep_ == "det" and c.lower_ in ANAPHORIC for c in tok.children):
                found = None  # "responded to these attacks": an event told before
            if found and found[0] == "AGREE" and tok.dep_ == "nsubj" and \
                    tok.head.lemma_.lower() in LAPSING_VERBS:
                found = None  # the deal was made before; its end is no agreement
            if found and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ANSWERING_VERBS:
                found = None  # the answer is the event ("rejected an ultimatum": REJECT)
            if found and tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS and \
                    _told_about(tok.head.head):
                found = None  # "details on the January meeting": what is told about
            if found and lemma == "killing" and any(
                    t.dep_ == "pobj" and t.head.lower_ in ("in", "during", "by")
                    and is_trigger(t, "ASSAULT", taxonomy) for t in tok.subtree if t is not tok):
                found = None  # "the killing of 12 villagers in an attack": the attack is it
            if found and lemma == "strike" and labour_strike(tok, taxonomy):
                found = ("PROTEST", "143")
            if lemma in HELD_MEETINGS and tok.dep_ == "dobj" and tok.head.lemma_ == "hold" \
                    and _two_sides(tok.head):
                found = ("CONSULT", "040")  # "the government and the rebels held a session"
        if found:
            hits.append(Hit(tok, found[0], found[1]))
    return hits


def _unknown_group(ent: Entity) -> bool:
    """A word the model took for a nationality that none is ("Protests" opening a sentence)."""
    return ent.kind == "norp" and ent.kb_id is None and ent.country is None and \
        ent.end - ent.start == 1


def _done_for_a_cause(verb: Token) -> bool:
    """"... to protest against fuel shortages", "... to demand the release of their leader"."""
    return any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in PROTEST_CAUSES and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children)


def _by_the_state(subject: Token | None, ents: dict[int, Entity],
                  also: frozenset[str] = frozenset()) -> bool:
    """Is the doer the police, the army or the government (or one of ``also``)?"""
    party = roles.participant(subject, ents) if subject is not None else None
    return party is not None and party.sector in STATE_SECTORS | also


def _building(barricade: Token) -> Token | None:
    """The verb that puts the barricades up: they are its object, or a conjunct of it."""
    tok = barricade
    while tok.dep_ == "conj" and tok.head.pos_ == "NOUN":
        tok = tok.head
    verb = tok.head
    if tok.dep_ != "dobj" or verb.pos_ != "VERB" or \
            verb.lemma_.lower() in ("remove", "clear", "dismantle", "tear", "find", "see"):
        return None
    return verb


def _two_sides(verb: Token) -> bool:
    """"The government and the rebels sat down", "negotiators held a session", "sat down with
    the rebels": two parties, as talks take (one man sitting down is no meeting)."""
    subject = roles.subject_of(verb)
    if subject is not None and (any(c.dep_ == "conj" for c in subject.children)
                                or subject.lemma_.lower() in roles.GENERIC_PARTIES):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)


def _set_alight(verb: Token) -> bool:
    """"set fire to the offices", "set the market on fire", "set two buses ablaze"."""
    # the parser may hang "on fire" on the thing burned
    words = [*verb.children, *(g for c in verb.children if c.dep_ == "dobj" for g in c.children)]
    return any((c.dep_ == "dobj" and c.lemma_.lower() == "fire")
               or (c.dep_ == "prep" and c.lower_ == "on"
                   and any(p.lemma_.lower() == "fire" for p in c.children))
               or c.lower_ in ("ablaze", "alight") for c in words)


def _place_taken(verb: Token, ents: dict[int, Entity]) -> Token | None:
    """The place in "took control of the base in Marte", "seized control of Kidal"."""
    for control in (c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "control"):
        place = roles.controlled(control)
        if place is not control and ((place.i in ents and ents[place.i].kind == "place")
                                     or place.lemma_.lower() in HELD_PLACES):
            return place
    return None


def _harmed_by_someone(verb: Token, taxonomy: Taxonomy) -> bool:
    if weapon_of(verb, taxonomy) is not None:
        return True
    doer = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if any(c.dep_ == "agent" for c in verb.children):
        doer = roles.agent_of(verb)
    return doer is not None and doer.lemma_.lower() not in ACCIDENTS


def _a_person(verb: Token, ents: dict[int, Entity]) -> bool:
    """Whom the passive verb took is a person ("a senior opposition figure"), not a town."""
    return _is_a_person(_undergoer(verb), ents)


def _undergoer(verb: Token) -> Token | None:
    """What a passive verb acts on: its subject, or the noun its participle describes ("the
    activist seized by police")."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"),
                verb.head if verb.dep_ == "acl" else None)


def _holds_a_person(verb: Token, ents: dict[int, Entity]) -> bool:
    return _is_a_person(next((c for c in verb.children if c.dep_ == "dobj"), None), ents)


def _is_a_person(tok: Token | None, ents: dict[int, Entity]) -> bool:
    if tok is None:
        return False
    ent = ents.get(tok.i)
    return (ent is not None and ent.label == "PERSON") or \
        roles.counted_noun(tok).lemma_.lower() in PEOPLE


def _confiscated(verb: Token, ents: dict[int, Entity]) -> bool:
    """A ship or a cargo seized by a state's forces ("a tanker seized by Iran")."""
    if verb.dep_ == "acl" or any(c.dep_ in ("agent", "auxpass") for c in verb.children):
        # passive: "a tanker seized by Iran" ("have seized a tanker" is active)
        taker, taken = roles.agent_of(verb), _undergoer(verb)
    else:
        taker = roles.subject_of(verb)
        taken = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return taken is not None and taken.lemma_.lower() in SEIZED_PROPERTY and \
        _by_the_state(taker, ents)


# Words that make an organisation's name a state's force: "the National Intelligence Agency",
# "the State Security Service".
SECURITY_NAME_WORDS = frozenset({"intelligence", "security", "police", "gendarmerie"})


def _held_by_force(verb: Token, sectors: tuple[str, ...] = ("COP", "MIL")) -> bool:
    holder = roles.agent_of(verb)
    if holder is None:
        return False
    return roles.GENERIC_AGENTS.get(holder.lemma_.lower()) in sectors or (
        holder.tag_ == "NNP" and
        any(t.lower_ in SECURITY_NAME_WORDS for t in holder.subtree if t.dep_ == "compound"))


def _told_about(head: Token) -> bool:
    """"details on X", "offered details on X" (the parser hangs "on" on either)."""
    return head.lemma_.lower() in TOPIC_NOUNS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in TOPIC_NOUNS for c in head.children)


def targets_protesters(tok: Token) -> bool:
    for child in tok.children:
        objs = [child] if child.dep_ in ("dobj", "nsubjpass") else \
            [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
        if any(roles.counted_noun(o).lemma_.lower() in roles.RIOTERS for o in objs):
            return True
    return False


def labour_strike(tok: Token, taxonomy: Taxonomy) -> bool:
    """"went on strike", "a 48-hour strike", "a general strike by teachers": no weapon, and
    workers or the phrasing of industrial action."""
    if weapon_of(tok, taxonomy) is not None:
        return False
    if any(c.lower_ in NON_ASSAULT_STRIKE for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "on" and tok.head.head.lemma_ == "go":
        return True
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in STRIKE_CALLING_VERBS:
        return True  # "shopkeepers observed a strike", "the union called a strike"
    if any(c.lower_ in ("hour", "day", "week") or c.text.endswith(("-hour", "-day"))
           for c in tok.subtree):
        return True
    return any(t.lemma_.lower() in WORKER_NOUNS for t in tok.doc)


def object_words(verb: Token) -> list[str]:
    """Lemmas of the object phrase: "sent 40 trucks of food" -> truck, food."""
    return [t.lemma_.lower() for o in objects(verb) for t in o.subtree if t.pos_ == "NOUN"]


def objects(verb: Token) -> list[Token]:
    """The verb's object, or its subject in the passive ("hostages were freed")."""
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]


def fits(obj: Token, allowed: frozenset[str], ents: dict[int, Entity]) -> bool:
    lemma = obj.lemma_.lower()
    if lemma in allowed:
        return True
    if "PROTESTERS" in allowed and lemma in roles.RIOTERS | {"protest", "rally", "march"}:
        return True
    people = "PEOPLE" in allowed and (
        lemma in roles.GENERIC_AGENTS or lemma in PEOPLE_NOUNS
        or (obj.i in ents and ents[obj.i].kind in ("actor", "norp")))
    return bool(people)


def is_trigger(tok: Token, event_type: str, taxonomy: Taxonomy) -> bool:
    table = taxonomy.verb_triggers if tok.pos_ == "VERB" else taxonomy.noun_triggers
    found = table.get(tok.lemma_.lower())
    return bool(found and found[0] == event_type)


def weapon_of(tok: Token, taxonomy: Taxonomy) -> Weapon | None:
    lemma = tok.lemma_.lower()
    if lemma in ("airstrike",) or (tok.pos_ in ("NOUN", "VERB") and lemma in taxonomy.weapons):
        return taxonomy.weapons[lemma]  # "the shelling", "shelled": the word is the weapon
    pool = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "dobj", "nsubj")]
    for child in list(pool):
        pool.extend(c for c in child.children if c.dep_ in ("conj", "compound", "amod"))
        # "a barrage of rockets", "a wave of drones": what the volley is made of.
        for counted in (p for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"):
            pool.extend((counted, *(c for c in counted.children if c.dep_ == "compound")))
        if child.dep_ == "prep" or child.lower_ == "with":
            pool.extend(c for c in child.children if c.dep_ == "pobj")
    pool.extend(p for c in tok.children if (c.dep_ == "prep" and c.lower_ == "with")
                or c.dep_ == "agent" for p in c.children if p.dep_ == "pobj")
    for t in pool:
        weapon = taxonomy.weapons.get(t.lemma_.lower())
        if weapon is not None:
            return weapon
    return None
