"""The benchmark corpus is reproducible, distinct and in the input contract."""

from __future__ import annotations

import orjson

from pipeline import codec
from pipeline.bench_corpus import corpus, word_count


def test_the_same_seed_gives_the_same_distinct_valid_articles() -> None:
    first, again, other = corpus(1000, seed=3), corpus(1000, seed=3), corpus(50, seed=4)
    assert first == again and first[:50] != other
    assert len({a["body"] for a in first}) == len({a["id"] for a in first}) == 1000
    assert 100_000 < word_count(first) < 500_000
    for article in first[:100]:
        codec.decode_article(orjson.dumps(article), 1024 * 1024)  # raises if not valid
