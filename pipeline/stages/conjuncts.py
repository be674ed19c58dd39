"""One event per place: a sentence that coordinates places ("raided homes in A and B",
"struck two tankers, one in the Arabian Sea and one in the Gulf of Oman off Sohar") reports
one event at each of them, as ACLED and PLOVER coders count them.

Read off the surface order of the linked places rather than the parse alone: parsers attach
long coordinations anywhere, while "A and B" between two place names is plain to see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Token

from pipeline.kb import load_kb
from pipeline.kb.build_places import match_key
from pipeline.records import Entity, Location
from pipeline.stages import naming, roles
from pipeline.stages.roles import as_location
from pipeline.stages.sameness import same_place

# Types whose events ACLED and PLOVER code once per location.
PER_PLACE_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE"})
# A place after these is not where the event happened: the origin, a route, a destination.
NOT_HERE = frozenset("from between to towards toward via".split())
# Words that may sit between a place and its qualifier: "Harir in the Kurdistan Region",
# "the Gulf of Oman off Sohar", "Kharkiv, Ukraine".
QUALIFYING = frozenset("in of off near outside inside at , the".split())
# Institutions that sit in the capital.
SEATS_OF_STATE = frozenset("parliament palace presidency legislature".split())


def place_units(doc: Doc, ents: Mapping[int, Entity], allowed: Iterable[int]
                ) -> list[list[Entity]]:
    """Coordinated places among the ``allowed`` tokens: each unit a place with its qualifiers
    ("Harir in the Kurdistan Region"), units joined by "and"/"or" or a list comma."""
    pool = set(allowed)
    places: list[Entity] = []
    for ent in sorted({e.start: e for i, e in ents.items() if i in pool}.values(),
                      key=lambda e: e.start):
        if ent.kind == "place" and ent.kb_id and (ent.precision or 3) < 3 and \
                not _after(doc, ent, NOT_HERE) and not roles.road_end(doc[ent.start]):
            places.append(ent)
    units: list[list[Entity]] = []
    for ent in places:
        if units and not _separate(doc, units[-1][-1], ent):
            units[-1].append(ent)
        else:
            units.append([ent])
    return units


def best_place(unit: list[Entity]) -> Entity:
    """The most precise place of a unit; of equals, one inside a state ("off Sohar")."""
    return min(unit, key=lambda e: (e.precision or 3, e.country is None))


def distinct_places(units: list[list[Entity]], radius_km: float) -> list[Location]:
    """The units' places when no two are one place (a town and the region around it are
    one); else none: then the sentence does not report several places."""
    found = [as_location(best_place(u)) for u in units]
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            # One sentence that names a sea and a port apart means two places.
            if same_place(a, b, radius_km, coasts=False):
                return []
    return found if len(found) > 1 else []


def _separate(doc: Doc, left: Entity, right: Entity) -> bool:
    gap = doc[left.end : right.start]
    if any(t.pos_ == "CCONJ" and t.lower_ in ("and", "or") for t in gap):
        return not _finite_verb(gap)
    if all(t.lower_ in QUALIFYING or t.pos_ in ("ADJ", "DET") for t in gap) and len(gap) <= 4:
        # "Multan, Quetta and ...": a comma between places of one rank lists them;
        # "Kharkiv, Ukraine" or "Harir in the Kurdistan Region" qualifies the first.
        return [t.text for t in gap] == [","] and left.precision == right.precision and \
            not _region_named(left, right)
    return False


def _region_named(town: Entity, other: Entity) -> bool:
    """"Nochixtlan, Oaxaca": the name after the comma is the town's state, which shares its
    name with its capital."""
    return bool(town.admin1) and town.country == other.country and \
        match_key(town.admin1 or "") in (match_key(other.text), match_key(other.name or ""))


def _finite_verb(tokens: Iterable[Token]) -> bool:
    """Another clause, with an event of its own: "in A police fired, while in B ..."."""
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ not in ("amod", "compound")
               for t in tokens)


def _after(doc: Doc, ent: Entity, words: frozenset[str]) -> bool:
    """Is the place governed by one of ``words`` ("from Belgorod", "between A and B")?"""
    tok: Token = doc[ent.end - 1]
    for _ in range(4):
        if tok.dep_ == "pobj":
            return tok.head.lower_ in words
        if tok.dep_ not in ("compound", "conj", "appos", "amod") or tok.head is tok:
            break
        tok = tok.head
    return ent.start > 0 and doc[ent.start - 1].lower_ in words


def seat_of_state(trigger: Token, ents: Mapping[int, Entity]) -> Location | None:
    """"outside the Serbian parliament", "at Ghana's presidential palace": institutions that
    sit in the capital place an event there when nothing else does."""
    for tok in trigger.subtree:
        if tok.lemma_.lower() not in SEATS_OF_STATE or tok.dep_ != "pobj" or \
                tok.head.lower_ not in roles.LOCATIVE_PREPS:
            continue
        country = naming.country_in((c for c in tok.children if c.dep_ in ("amod", "poss",
                                                                     "compound")), ents)
        city = load_kb().get(load_kb().capitals.get(country or ""))
        if city is not None:
            return Location(text=roles.phrase(tok), name=city.name, country=city.country,
                            admin1=city.admin1, lat=city.lat, lon=city.lon,
                            geonameid=city.geonameid, precision=city.precision)
    return None
