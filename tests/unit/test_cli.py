"""`eventwire tail` filters, as an alerting consumer would use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.cli import _parser, record_filter


def record(**changes: object) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_type": "ASSAULT", "revision": 1, "confidence": 0.8, "modality": "asserted",
        "location": {"country": "IRQ"}, "actor": {"country": "IRN"}}
    return {**base, **changes}


def keep(*argv: str) -> Callable[[dict[str, Any]], bool]:
    return record_filter(_parser().parse_args(["tail", *argv]))


def test_no_filter_keeps_everything() -> None:
    assert keep()(record())


def test_type_country_confidence_and_new_only() -> None:
    wanted = keep("--type", "assault,PROTEST", "--country", "irq", "--min-confidence", "0.7",
                  "--new-only")
    assert wanted(record())
    assert not wanted(record(event_type="THREATEN"))
    assert not wanted(record(location={"country": "SYR"}))
    assert not wanted(record(confidence=0.69))
    assert not wanted(record(revision=2))
    # No place: the actor's country stands in.
    assert keep("--country", "IRN")(record(location=None))


def test_modality_filter() -> None:
    wanted = keep("--modality", "claimed")
    assert wanted(record(modality="claimed")) and not wanted(record())
