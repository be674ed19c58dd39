"""The dedup scoring follows fixtures/dedup/README.md (records and mentions made up here)."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate_dedup import _assign


def record(event_id: str, article: str, name: str, text: str) -> dict[str, Any]:
    return {"event_id": event_id, "event_type": "ASSAULT", "date": "2024-01-02",
            "sources": [{"article_id": article}],
            "location": {"name": name, "text": text}}


def test_the_name_or_the_text_of_the_place_matches_the_gold_place() -> None:
    records = [record("ev-a", "x", "Mosul", "Mosul"), record("ev-b", "x", "Tigris", "Tigris")]
    gold = {"event_type": "ASSAULT", "place": "the Tigris near Mosul", "date": "2024-01-02"}
    # Either name is contained in the gold place: the first such record wins the tie.
    assert _assign("x", gold, records) == "ev-a"
    gold = {"event_type": "ASSAULT", "place": "Tigris", "date": "2024-01-02"}
    assert _assign("x", gold, records) == "ev-b"


def test_within_an_article_a_record_serves_one_mention() -> None:
    records = [record("ev-a", "x", "Mosul", "Mosul"), record("ev-b", "x", "Erbil", "Erbil")]
    gold = {"event_type": "ASSAULT", "place": "Kirkuk", "date": "2024-01-02"}
    first = _assign("x", gold, records)
    second = _assign("x", gold, records, {first} if first else set())
    assert {first, second} == {"ev-a", "ev-b"}
    assert _assign("x", gold, records, {"ev-a", "ev-b"}) is None
