"""Simple, rule-based coreference: "the group", "the militia", "the terror group" -> the
nearest fitting actor named before, in the same article."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from pipeline.kb import KBEntry, KnowledgeBase
from pipeline.records import Entity, Sentence


class Named(NamedTuple):
    entity: Entity
    sentence: int
    subject: bool


_NONE = KBEntry(kb_id="", name="", kind="none")

# Head noun of a description -> the KB actor types it can refer to.
DESCRIPTION_TYPES: dict[str, frozenset[str]] = {
    "group": frozenset({"armed_group", "movement", "political_party"}),
    "militia": frozenset({"armed_group"}),
    "movement": frozenset({"movement", "armed_group", "political_party"}),
    "organization": frozenset({"armed_group", "movement", "political_party", "igo", "ngo"}),
    "organisation": frozenset({"armed_group", "movement", "political_party", "igo", "ngo"}),
    "faction": frozenset({"armed_group", "movement", "political_party"}),
    "rebels": frozenset({"armed_group"}),
    "party": frozenset({"political_party"}),
}
COREF_CONFIDENCE = 0.7
# How far back (in actor mentions) an antecedent may be.
LOOKBACK = 12


def may_refer(text: str) -> bool:
    """Cheap check before parsing: could the sentence hold "the group", "he" and the like?"""
    lowered = f" {text.lower()}"
    return any(f" {word}" in lowered for word in (*DESCRIPTION_TYPES, *PRONOUN_TYPES))


def descriptions(doc: Doc, sentence: Sentence, entities: list[Entity], named: list[Named],
                 kb: KnowledgeBase) -> list[Entity]:
    """Definite descriptions in ``doc`` that refer back to an actor in ``named``."""
    by_token = {i: e for e in entities for i in range(e.start, e.end)}
    found = []
    for tok in doc:
        types = DESCRIPTION_TYPES.get(tok.lower_)
        if types is None or tok.i in by_token or tok.pos_ != "NOUN":
            continue
        first = tok.left_edge
        inside = {id(e): e for t in doc[first.i : tok.i] if (e := by_token.get(t.i))}
        if first.lower_ != "the" or any(e.kind == "actor" for e in inside.values()):
            continue  # "a group", "Hezbollah's group", "the Houthi militia": not a reference
        if any(t.pos_ == "NUM" for t in doc[first.i : tok.i]):
            continue  # "the two groups"
        # "the Palestinian terror group": the antecedent must be of the country named inside.
        countries = {e.country for e in inside.values() if e.country}
        earlier = [Named(e, sentence.index, False) for e in entities
                   if e.kind == "actor" and e.kb_id and e.end <= first.i]
        antecedent = _antecedent([*named, *earlier], types, sentence.index, kb, countries)
        if antecedent is None:
            continue
        span = doc[first.i + 1 : tok.i + 1]
        start_char = sentence.start + span.start_char
        found.append(Entity(
            text=span.text, start=span.start, end=span.end, label="ORG", kind="actor",
            kb_id=antecedent.kb_id, name=antecedent.name, sector=antecedent.sector,
            country=antecedent.country, type=antecedent.type, char_start=start_char,
            char_end=start_char + len(span.text), confidence=COREF_CONFIDENCE, coref=True))
    return found


PRONOUN_TYPES: dict[str, frozenset[str] | None] = {
    "he": frozenset({"person"}), "she": frozenset({"person"}),
    "it": None, "they": None,  # None: any actor but a person
}


def pronouns(doc: Doc, sentence: Sentence, entities: list[Entity], named: list[Named],
             kb: KnowledgeBase) -> list[Entity]:
    """A subject pronoun with no actor before it in its sentence ("He called for ...") refers
    to the topic of the sentences before."""
    found = []
    for tok in doc:
        if tok.lower_ not in PRONOUN_TYPES or tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if any(e.kind == "actor" and e.start < tok.i for e in entities):
            continue
        wanted = PRONOUN_TYPES[tok.lower_]
        candidates = [n for n in named[-LOOKBACK:] if sentence.index - n.sentence <= 2
                      and _pronoun_fits((kb.get(n.entity.kb_id) or _NONE).type, wanted)]
        subjects = [n for n in candidates if n.subject]
        if not (subjects or candidates):
            continue
        a = (subjects or candidates)[-1].entity
        start_char = sentence.start + tok.idx
        found.append(Entity(
            text=tok.text, start=tok.i, end=tok.i + 1, label="PRON", kind="actor",
            kb_id=a.kb_id, name=a.name, sector=a.sector, country=a.country, type=a.type,
            char_start=start_char, char_end=start_char + len(tok.text),
            confidence=COREF_CONFIDENCE - 0.1, coref=True))
    return found


TOWN_WORDS = frozenset({"city", "town"})


def towns(doc: Doc, sentence: Sentence, entities: list[Entity], last_town: Entity | None
          ) -> list[Entity]:
    """"the city", "the town": the town named last before it in the article ("a missile
    attack on Zaporizhzhia ... the toll from Monday's strike on the city")."""
    if not doc.has_annotation("DEP"):
        return []
    taken = {i for e in entities for i in range(e.start, e.end)}
    found = []
    for tok in doc:
        if tok.lower_ not in TOWN_WORDS or tok.pos_ != "NOUN" or tok.i == 0 or tok.i in taken or \
                doc[tok.i - 1].lower_ != "the" or tok.left_edge.i != tok.i - 1 or \
                any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue  # "the southern city of X" names its town itself
        earlier = [e for e in entities if e.end <= tok.i and _town(e)
                   and not _in_relative_clause(doc, e)]
        town = earlier[-1] if earlier else last_town
        if town is None:
            continue
        start_char = sentence.start + tok.idx
        found.append(Entity(
            text=tok.text, start=tok.i, end=tok.i + 1, label="GPE", kind="place",
            kb_id=town.kb_id, name=town.name, country=town.country, admin1=town.admin1,
            lat=town.lat, lon=town.lon, geonameid=town.geonameid, precision=town.precision,
            char_start=start_char, char_end=start_char + len(tok.text), type=town.type,
            confidence=COREF_CONFIDENCE, coref=True))
    return found


def last_town(doc: Doc, entities: list[Entity], previous: Entity | None) -> Entity | None:
    """The town "the town" will stand for: the last named, but not one told in a clause
    that describes another place ("the town, which faces the Syrian town of Qamishli")."""
    return next((e for e in reversed(entities) if _town(e) and not _in_relative_clause(doc, e)),
                previous)


def _in_relative_clause(doc: Doc, entity: Entity) -> bool:
    if not doc.has_annotation("DEP"):
        return False
    return any(t.dep_ == "relcl" for t in doc[entity.start : entity.end].root.ancestors)


def _town(entity: Entity) -> bool:
    return entity.kind == "place" and entity.type == "city" and entity.kb_id is not None


def _pronoun_fits(kb_type: str | None, wanted: frozenset[str] | None) -> bool:
    if kb_type is None:
        return False
    return kb_type in wanted if wanted is not None else kb_type != "person"


def remember(named: list[Named], doc: Doc, sentence: Sentence, entities: list[Entity]) -> None:
    """Add the sentence's named actors, noting which are its subjects (the salient ones)."""
    for entity in entities:
        if entity.kind == "actor" and entity.kb_id:
            root = doc[entity.start : entity.end].root
            subject = root.dep_ in ("nsubj", "nsubjpass") or (
                root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
            named.append(Named(entity, sentence.index, subject))


def _antecedent(named: list[Named], types: frozenset[str], sentence_index: int,
                kb: KnowledgeBase, countries: set[str]) -> Entity | None:
    """An actor named earlier in the same sentence; else the subject of a recent sentence
    (centering: the topic carries over); else the first fitting actor of the latest sentence."""
    fitting = [n for n in named[-LOOKBACK:] if (kb.get(n.entity.kb_id) or _NONE).type in types
               and (not countries or n.entity.country in countries)]
    if not fitting:
        return None
    if fitting[-1].sentence == sentence_index:
        return fitting[-1].entity
    recent_subjects = [n for n in fitting if n.subject and sentence_index - n.sentence <= 2]
    if recent_subjects:
        return recent_subjects[-1].entity
    # Else the first fitting actor of the latest sentence that has one: first mention leads.
    latest = fitting[-1].sentence
    return next(n.entity for n in fitting if n.sentence == latest)
