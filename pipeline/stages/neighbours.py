"""Places the KB lacks, located by the known place the text names next to them: "Tel
al-Sultan, in western Rafah", "Kafr Nabudah, a village north of Hama", "the town of Sarmin, in
Syria's rebel-held Idlib province". The event keeps the written name."""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from pipeline.records import Entity, Location

DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest "
                       "north-east north-west south-east south-west".split())

# Words that may stand between a place the KB lacks and the known place that says where it is:
# "Tel al-Sultan, in western Rafah", "Kafr Nabudah, a village north of Hama".
_BETWEEN = DIRECTIONS | frozenset(
    "a an the in near outside of on just some about few miles km kilometres village town "
    "district neighbourhood neighborhood suburb area camp city northern southern eastern "
    "western central northeastern northwestern southeastern southwestern".split())
# "rebel-held", "government-controlled": whose the place is.
_HELD = frozenset({"held", "controlled", "occupied"})


def placed_by_neighbour(ent: Entity, doc: Doc, ents: Mapping[int, Entity]) -> Location | None:
    """A place the KB lacks, located by the known place its apposition names: the event keeps
    the written name, with the known place's coordinates ("near" it unless "in" it)."""
    if ent.end >= len(doc) or (doc[ent.end].text != "," and doc[ent.end].lower_ != "in"):
        return None
    start = ent.end + 1 if doc[ent.end].text == "," else ent.end
    words: list[str] = []
    country: str | None = None
    i = start
    while i < min(start + 9, len(doc)):
        other = ents.get(i)
        if other is not None and other.kind == "place" and other.kb_id is not None:
            told_by_preposition = bool(words) and words[0] in ("in", "near", "outside")
            told_by_apposition = bool(words) and (words[0] in ("a", "an", "the")
                                                  or words[0] in DIRECTIONS) and \
                words[-1] in ("of", "near", "outside", "in")
            if not (told_by_preposition or told_by_apposition):
                return None
            if (other.precision or 3) == 3:
                # "in Syria's rebel-held Idlib province": the country says whose; read on.
                country = other.country
                i = other.end
                continue
            inside = "in" in words and not set(words) & (DIRECTIONS | {"near", "outside", "of"})
            precision = other.precision or 3
            return Location(text=ent.text, name=other.name, country=other.country,
                            admin1=other.admin1, lat=other.lat, lon=other.lon, geonameid=None,
                            precision=precision if inside else max(precision, 2))
        word = doc[i].lower_
        held = word in _HELD or (i + 2 < len(doc) and doc[i + 1].text == "-"
                                 and doc[i + 2].lower_ in _HELD)  # "rebel-held"
        if doc[i].text == "," or not (word in _BETWEEN or doc[i].like_num or held
                                      or word in ("'s", "’s", "-")):
            break
        words.append(word)
        i += 1
    if country is None:
        return None
    # Only a country names where the place is: the place keeps its name, in that country.
    return Location(text=ent.text, name=None, country=country, admin1=None, lat=None,
                    lon=None, geonameid=None, precision=None)
