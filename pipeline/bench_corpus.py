"""The benchmark corpus: distinct news-like articles assembled, seeded and reproducibly, from
the sentences of the fixtures, the dev set and the training set, so that every article is new
text to the pipeline (no cache can flatter the figures) and the mix of event and non-event
sentences is the one the pipeline meets in its test data."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

REPO = Path(__file__).resolve().parents[1]
DATELINES = ("BAGHDAD", "SANAA, Yemen", "BEIRUT", "KYIV", "KHARTOUM", "NAIROBI", "DAKAR",
             "ISLAMABAD", "DHAKA", "BOGOTA", "MOGADISHU", "CAIRO", "TBILISI", "MANILA", "GOMA")
OUTLETS = ("Meridian Wire", "Associated Newswire", "Continental Press", "Levant Daily Report",
           "Horn Observer", "Pacific Asia Newswire")


def sentences() -> list[str]:
    """Every sentence the pool offers: dev and training items, and fixture paragraphs."""
    pool: list[str] = []
    for line in (REPO / "fixtures/dev/acled_dev.jsonl").read_bytes().splitlines():
        pool.append(orjson.loads(line)["text"])
    for line in (REPO / "fixtures/training/events.jsonl").read_bytes().splitlines():
        pool.append(orjson.loads(line)["text"])
    for path in sorted((REPO / "fixtures/articles").glob("*.json")):
        body = orjson.loads(path.read_bytes())["body"]
        pool += [p.strip() for p in body.split("\n") if len(p.split()) > 8]
    return sorted(set(pool))


def corpus(count: int, seed: int = 7, min_words: int = 120, max_words: int = 450
           ) -> list[dict[str, Any]]:
    """``count`` distinct articles in the input contract, the same for the same seed."""
    rng = random.Random(seed)
    pool = sentences()
    start = datetime(2024, 1, 1, tzinfo=UTC)
    articles: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(articles) < count:
        target = rng.randint(min_words, max_words)
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < target:
            parts.append(rng.choice(pool))
        paragraphs = [" ".join(parts[i:i + 3]) for i in range(0, len(parts), 3)]
        body = f"{rng.choice(DATELINES)} - " + "\n\n".join(paragraphs)
        if body in seen:
            continue
        seen.add(body)
        published = start + timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        articles.append({"id": f"bench-{seed}-{len(articles):05d}", "body": body,
                         "source": rng.choice(OUTLETS),
                         "published_at": published.isoformat().replace("+00:00", "Z")})
    return articles


def word_count(articles: list[dict[str, Any]]) -> int:
    return sum(len(a["body"].split()) for a in articles)
