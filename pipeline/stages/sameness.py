"""Whether two mentions name one party and one place: the comparisons dedup merges on."""

from __future__ import annotations

import math
import unicodedata

from pipeline.kb import KBEntry, load_kb
from pipeline.records import Location, Participant
from pipeline.stages.roles import GENERIC_AGENTS, GENERIC_PARTIES

GENERIC_NOUNS = frozenset(GENERIC_AGENTS) | GENERIC_PARTIES
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})
# Armed groups that are no state's: rebels, insurgents, unidentified gunmen, criminals.
NON_STATE_ARMED = frozenset({"REB", "INS", "UAF", "CRM"})
# Places closer than this are one place for dedup ("al-Asad air base" vs "Ain al-Asad").
SAME_PLACE_KM = 25.0
# How far from a sea's reference point a town on its shores may be: seas are wide.
SEA_REACH_KM = 1000.0


def more_specific(a: Participant | None, b: Participant | None) -> Participant | None:
    """Of two tellings of one party, the one the KB knows ("Kataib Hezbollah" over "Iraqi
    militias"), else the first told."""
    if a is None:
        return b
    if b is not None and not a.kb_id and b.kb_id:
        return b
    return a


def same_participant(a: Participant | None, b: Participant | None) -> bool:
    if a is None or b is None:
        return True
    if a.kb_id and b.kb_id:
        # A state and its own organs are one side: "Russia" / "the Russian armed forces".
        return a.kb_id == b.kb_id or (state_side(a) and state_side(b)
                                      and a.country == b.country) or _kin(a.kb_id, b.kb_id)
    # A description ("Iraqi militias", "senior figures": no KB entry, a sector or a common
    # noun) may be the named one ("Kataib Hezbollah") unless their countries differ; two
    # unknown names must agree.
    generic = [p for p in (a, b) if not p.kb_id and (p.sector or _is_description(p))]
    if generic:
        # ... nor when one is of the state and the other not ("the army" is no rebel group).
        sides = {p.sector in STATE_SECTORS for p in (a, b) if p.sector and not _of_no_side(p)}
        return not (a.country and b.country and a.country != b.country) and len(sides) < 2
    return _plain(a) == _plain(b) or _acronym_of(a, b) or _acronym_of(b, a) or \
        _surname_of(a, b) or _surname_of(b, a)


# Descriptions that may be of either side: a militia ("pro-government militias", "the Kurdish
# militia" for the Kurdish administration's police) and the dead or hurt counted ("five
# people" killed at an intelligence office).
SIDELESS_NOUNS = frozenset({"militia", "militias", "militiaman", "militiamen", "people",
                            "persons"})


def _of_no_side(p: Participant) -> bool:
    words = (p.text or "").lower().split()
    return not p.kb_id and bool(words) and words[-1] in SIDELESS_NOUNS


def _kin(a: str, b: str) -> bool:
    """A group and its branch or wing ("Islamic State" for ISWAP's attack), or the group it
    broke away from and is still reported as ("Boko Haram" for ISWAP)."""
    entries = load_kb().entries
    for one, other in ((a, b), (b, a)):
        entry = entries.get(one)
        if entry is not None and entry.kind == "actor" and (
                other in entry.affiliations or other in entry.split_from):
            return True
    return False


def _surname_of(short: Participant, long: Participant) -> bool:
    """"Mamani" and "Froilán Mamani": a person named again by the last name."""
    last = (short.name or short.text).strip()
    words = (long.name or long.text).split()
    return " " not in last and last[:1].isupper() and len(words) in (2, 3) and \
        words[-1] == last and all(w[:1].isupper() for w in words)


def _acronym_of(short: Participant, long: Participant) -> bool:
    """"MILF" and "the Moro Islamic Liberation Front": a name and its initials."""
    letters = (short.name or short.text).strip()
    words = [w for w in _plain(long).split() if w not in ("of", "for", "and", "the", "in")]
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha() and \
        letters.lower() == "".join(w[0] for w in words)


def _plain(p: Participant) -> str:
    """A name without its article and qualifier: "the National Liberation Army" and
    "National Liberation Army (Colombia)" are one name."""
    name = (p.name or p.text).lower().split(" (")[0]
    return name.removeprefix("the ").strip()


def state_side(p: Participant) -> bool:
    return bool(p.kb_id and p.kb_id.startswith("country:")) or p.sector in STATE_SECTORS


def _is_description(p: Participant) -> bool:
    if p.name is None:
        return True  # a side the KB does not name: "Vietnamese", "Israeli targets"
    words = (p.name or p.text).split()
    if len(words) == 1 and words[0].lower().removesuffix("s") in GENERIC_NOUNS:
        return True  # "Negotiators", capitalised only because it opens the sentence
    return bool(words) and words[-1][:1].islower()


def same_place(a: Location | None, b: Location | None, radius_km: float = SAME_PLACE_KM,
               coasts: bool = True) -> bool:
    if a is None or b is None:
        return True
    if (a.precision or 3) == 3 or (b.precision or 3) == 3:
        return a.country == b.country or not a.country or not b.country
    if a.name and a.name == b.name:
        return True
    if _within(a, b) or _within(b, a):
        return True
    coarse, fine = (a, b) if (a.precision or 3) > (b.precision or 3) else (b, a)
    if coarse.precision == 2 and fine.country == coarse.country and fine.admin1 and \
            fine.admin1 == (coarse.admin1 or coarse.name):
        return True  # a region and a place in it: "Anbar" and "Ain al-Asad air base"
    # Else a place near a region's reference point ("Qabatiya" and "Jenin", GeoNames giving
    # the town only the "West Bank"), as with two towns.
    if None not in (a.lat, a.lon, b.lat, b.lon) and _km(a, b) <= radius_km:
        return True
    return _named_after(a, b) or _named_after(b, a) or (
        coasts and (_off_coast(a, b) or _off_coast(b, a)))


def _within(place: Location, region: Location) -> bool:
    """A place in one of the first-level regions a wider region spans: "Bosaso" (in Bari)
    and "Puntland", "El Fasher" and "Darfur"."""
    if region.precision != 2 or place.country != region.country or not region.name:
        return False
    entry = _kb_entry(region)
    return entry is not None and bool(entry.parts) and \
        (place.admin1 or place.name) in entry.parts


def _kb_entry(place: Location) -> KBEntry | None:
    """The KB entry a place's canonical name stands for."""
    kb = load_kb()
    return kb.get(kb.aliases.get(place.name or ""))


def _off_coast(sea: Location, place: Location) -> bool:
    """A sea and a place off its shores ("in the Gulf of Oman", "40 nautical miles east of
    Muscat"): maritime reports name either. The place must be no more precise than "near"
    (a port region, an offset from a town); a town itself is on land."""
    if sea.country is not None or place.country is None or not sea.name or \
            (place.precision or 3) < 2 or None in (sea.lat, sea.lon, place.lat, place.lon):
        return False
    entry = _kb_entry(sea)
    return entry is not None and place.country in entry.coast and _km(sea, place) <= SEA_REACH_KM


def _named_after(site: Location, town: Location) -> bool:
    """A site without coordinates and the town it is named after ("Harir Air Base",
    "Harir"): one place."""
    if site.lat is not None or site.country != town.country or not (site.name and town.name):
        return False
    site_words, town_words = _ascii(site.name).split(), _ascii(town.name).split()
    return len(site_words) > len(town_words) and site_words[:len(town_words)] == town_words


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().removeprefix("al-")


def _km(a: Location, b: Location) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
