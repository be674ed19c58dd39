"""A hostile input corpus (over 200 messages) with good articles among them: what a careless
or broken feeder sends. Deterministic: the same messages every run."""

from __future__ import annotations

import random
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
GOOD = sorted((REPO / "fixtures" / "articles").glob("*.json"))
OTHER_LANGUAGES = [
    "Die Regierung kündigte am Montag neue Maßnahmen gegen die steigenden Preise an, nachdem "
    "Tausende in mehreren Städten protestiert hatten.",
    "Le gouvernement a annoncé lundi de nouvelles mesures contre la hausse des prix après des "
    "manifestations dans plusieurs villes du pays.",
    "El gobierno anunció el lunes nuevas medidas contra el aumento de los precios tras las "
    "protestas de miles de personas en varias ciudades.",
    "Правительство в понедельник объявило о новых мерах против роста цен после протестов "
    "в нескольких городах страны.",
    "أعلنت الحكومة يوم الاثنين عن إجراءات جديدة لمواجهة ارتفاع الأسعار بعد احتجاجات في عدة مدن.",
    "政府周一宣布了应对物价上涨的新措施，此前全国多个城市爆发了抗议活动。",
    "Hükümet pazartesi günü birçok şehirde yapılan protestoların ardından fiyat artışlarına "
    "karşı yeni önlemler açıkladı.",
    "Serikali ilitangaza Jumatatu hatua mpya dhidi ya kupanda kwa bei baada ya maandamano "
    "katika miji kadhaa nchini.",
]


def good_messages() -> list[tuple[bytes, bytes]]:
    return [(orjson.loads(p.read_bytes())["id"].encode(), p.read_bytes().strip()) for p in GOOD]


def hostile_messages() -> list[tuple[bytes, bytes]]:
    """(key, value) pairs; each is to be processed or dead-lettered with a reason."""
    rng = random.Random(20241121)
    out: list[bytes] = []

    def article(n: int, **fields: object) -> bytes:
        return orjson.dumps({"id": f"hostile-{n}", "body": "Police arrested five men.", **fields})

    # Invalid UTF-8: stray continuation bytes, overlongs, surrogates, random binary.
    for n in range(20):
        junk = bytes(rng.randrange(128, 256) for _ in range(rng.randint(1, 40)))
        out.append(b'{"id": "bad-utf8-%d", "body": "' % n + junk + b'"}')
    out += [b"\xc0\xaf", b"\xed\xa0\x80", b"\xff\xfe{}", bytes(range(256))]
    # Deeply nested JSON, in the body and as the whole message.
    for depth in (64, 256, 1024, 4096, 20000):
        out.append(b"[" * depth + b"]" * depth)
        out.append(b'{"id": "nest-%d", "body": ' % depth + b"[" * depth + b"]" * depth + b"}")
        out.append(b'{"a":' * depth + b"1" + b"}" * depth)
    # Oversized: just over the contract's limit, and a 10 MB body.
    out.append(article(1, body="war " * (300 * 1024)))
    out.append(article(2, body="x" * (10 * 1024 * 1024)))
    # HTML bombs: deep nesting, entity floods, a giant attribute, script only.
    out.append(article(3, body="<div>" * 50000 + "Police arrested five men." + "</div>" * 50000))
    out.append(article(4, body="<p>" + "&amp;" * 200000 + "</p>"))
    out.append(article(5, body='<div title="' + "a" * 500000 + '">Police arrested men.</div>'))
    out.append(article(6, body="<html><script>" + "x=1;" * 100000 + "</script></html>"))
    out.append(article(7, body="<table>" + "<tr><td>1</td></tr>" * 30000 + "</table>"))
    out.append(article(8, body="<" * 100000))
    # Control characters and NULs, in every field.
    for n in range(20):
        ctrl = "".join(chr(rng.randrange(0, 32)) for _ in range(rng.randint(1, 30)))
        out.append(article(100 + n, body=f"Police{ctrl} arrested {ctrl}five men.",
                           title=ctrl, source=f"wire{ctrl}"))
    out.append(orjson.dumps({"id": "\x00", "body": "\x00" * 100}))
    # Wrong types for each field.
    for n, (name, value) in enumerate([(f, v) for f in ("id", "body", "title", "url", "source",
                                                       "published_at", "language")
                                      for v in ([1, 2], {"a": 1}, True, 1.5, [])]):
        out.append(orjson.dumps({"id": f"type-{n}", "body": "Police arrested five men.",
                                 name: value}))
    # Empty strings and missing fields.
    for body in ("", " ", "\n\n\t", "\u200b\u200b", "\u00a0"):
        out.append(orjson.dumps({"id": "empty", "body": body}))
    out += [orjson.dumps({"id": "", "body": "text"}), orjson.dumps({"body": "no id"}),
            orjson.dumps({"id": "no-body"}), orjson.dumps({"id": None, "body": None}), b"{}", b""]
    # Huge numbers.
    for number in (b"1e400", b"-1e400", b"123456789012345678901234567890123456789",
                   b"1" * 5000, b"0." + b"0" * 5000 + b"1", b"NaN", b"Infinity"):
        out.append(b'{"id": ' + number + b', "body": "Police arrested five men."}')
        out.append(b'{"id": "num", "body": ' + number + b"}")
        out.append(b'{"id": "num", "body": "x", "published_at": ' + number + b"}")
    # Dates that are not dates.
    for when in ("yesterday", "2024-13-45", "99999-01-01", "0000-00-00T25:61:61Z", "-1"):
        out.append(article(300, published_at=when))
    # Other languages.
    for n, text in enumerate(OTHER_LANGUAGES):
        out.append(orjson.dumps({"id": f"lang-{n}", "body": text + " " + text}))
    # One repeated word.
    for n, word in enumerate(("attack", "the", "Houthis", "killed", "protest")):
        out.append(orjson.dumps({"id": f"repeat-{n}", "body": (word + " ") * 20000}))
    # Not objects, truncated, trailing garbage, BOM, UTF-16, comments.
    out += [b"[]", b'"a string"', b"42", b"null", b"true", b'{"id": "x", "body": "y"',
            b'{"id": "x", "body": "y"} trailing', b"\xef\xbb\xbf" + article(400),
            article(401).decode().encode("utf-16"), b'{"id": "x", /* c */ "body": "y"}',
            b'{"id": "dup", "id": "dup2", "body": "Police arrested five men."}',
            b"\n", b"   ", b"{'id': 'single quotes', 'body': 'x'}"]
    # Good articles cut short, and with random bytes flipped (some stay valid JSON).
    good = [value for _, value in good_messages()]
    for n in range(20):
        value = good[n % len(good)]
        out.append(value[: rng.randrange(1, len(value))])
    for n in range(20):
        value = bytearray(good[n % len(good)].replace(b'"id": "', b'"id": "flipped-%d-' % n, 1))
        for _ in range(rng.randint(1, 8)):
            value[rng.randrange(len(value))] = rng.randrange(256)
        out.append(bytes(value))
    assert len(out) >= 200, len(out)
    return [(b"hostile-%d" % n, value) for n, value in enumerate(out)]


def interleaved() -> list[tuple[bytes, bytes]]:
    """The hostile messages with the good articles spread among them."""
    hostile, good = hostile_messages(), good_messages()
    step = len(hostile) // (len(good) + 1)
    out: list[tuple[bytes, bytes]] = []
    for n, message in enumerate(hostile):
        if n and n % step == 0 and good:
            out.append(good.pop(0))
        out.append(message)
    return out + good
