"""The dedup window keeps the state to the events of one window, swept in stream time."""

from __future__ import annotations

from dataclasses import replace

from pipeline.extract import MemoryState
from pipeline.settings import Settings
from pipeline.stages.window import CHUNK_KEYS, BucketIndex, chunk_key, maintain, step
from tests.unit.test_dedup import candidate

DAY = 86400.0
SETTINGS = replace(Settings(), dedup_window_days=7, dedup_sweep_interval_s=3600.0)


def test_past_days_buckets_empty_once_their_events_expire() -> None:
    state = MemoryState()
    # Ten events reported a day apart, each in its own day's bucket and never touched again.
    for day in range(10):
        state.add(candidate(str(day), date=f"2024-01-{2 * day + 1:02d}",
                            ingested_at=day * DAY), SETTINGS)
    held = sorted(e.record.date for b in state.buckets.values() for e in b)
    # Reported on days 2..9: no older than the 7-day window at day 9.
    assert held == [f"2024-01-{2 * day + 1:02d}" for day in range(2, 10)]
    assert set(state.indexed()) == set(state.buckets)


def test_a_late_report_keeps_an_old_days_event_alive() -> None:
    state = MemoryState()
    state.add(candidate("1", date="2024-01-01", ingested_at=0.0), SETTINGS)
    # A report of the same event six days on refreshes it; a week later it is still there.
    assert state.add(candidate("2", date="2024-01-01", ingested_at=6 * DAY),
                     SETTINGS).revision == 2  # type: ignore[union-attr]
    state.add(candidate("3", date="2024-01-12", location=None, ingested_at=12 * DAY), SETTINGS)
    assert any(e.record.revision == 2 for b in state.buckets.values() for e in b)
    state.add(candidate("4", date="2024-01-14", location=None, ingested_at=14 * DAY), SETTINGS)
    assert not any(e.record.date == "2024-01-01" for b in state.buckets.values() for e in b)


def test_sweeps_come_once_per_interval_of_stream_time() -> None:
    index = BucketIndex(chunks=1, last_size=1, swept_at=0.0)
    chunks = {chunk_key("~index|0", 0): ("IRQ|2024-01-01",)}
    writes = maintain("~index|0", index, {}, [], 1800.0, lambda k: None, chunks.get, SETTINGS)
    assert (writes.buckets, writes.chunks, writes.index) == ({}, {}, None)  # not due yet
    # Due: a key whose bucket is gone leaves the index, and its chunk goes.
    writes = maintain("~index|0", index, {}, [], 3600.0, lambda k: None, chunks.get, SETTINGS)
    assert writes.chunks == {chunk_key("~index|0", 0): None}
    assert writes.index == BucketIndex(0, 0, 3600.0)
    # No Kafka timestamp, no sweep: the index only records the new keys.
    writes = maintain("~index|0", BucketIndex(), {"IRQ|2024-01-02": ()}, [], None,
                      lambda k: None, chunks.get, SETTINGS)
    assert writes.index is None and not writes.chunks


def test_a_new_bucket_rewrites_one_small_chunk_not_the_whole_index() -> None:
    state = MemoryState()
    for n in range(3 * CHUNK_KEYS):
        # Same stream time: one sweep at the start, then only appends.
        state.add(candidate(str(n), date=f"2024-01-{n % 28 + 1:02d}", location=None,
                            block=f"C{n:03d}", ingested_at=0.0), SETTINGS)
    assert len(state.indexed()) == len(state.buckets) == 3 * CHUNK_KEYS
    assert state.index.chunks == 3
    assert all(len(chunk) <= CHUNK_KEYS for chunk in state.chunks.values())
    # The next new bucket writes the last chunk (and the header), nothing else of the index.
    _, writes = step(candidate("x", date="2024-02-01", location=None, block="XYZ",
                               ingested_at=1.0), state.buckets.get, state.chunks.get,
                     "~index|0", state.index, SETTINGS)
    assert list(writes.chunks) == [chunk_key("~index|0", 3)]
    assert writes.index == BucketIndex(4, 1, 0.0)
