"""The dedup window: events leave the state once their newest report is older than it.

``dedup`` drops expired events from the buckets a candidate touches, but buckets are keyed by
the event's day, and the stream soon stops touching past days. So each partition keeps an
index of the bucket keys it holds, and once per sweep interval of stream time (Kafka
timestamps, so a replay sweeps at the same points) the buckets in it lose their expired
events, and empty ones are deleted. The state then holds the events of one window, whatever
has been processed before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pipeline.records import EventCandidate
from pipeline.settings import Settings
from pipeline.stages.dedup import DedupResult, StoredEvent, bucket_keys, dedup

Bucket = tuple[StoredEvent, ...]
# Sorts apart from the buckets ("IRQ|2024-03-12"), whose keys start with a country code.
INDEX_PREFIX = "~index|"


@dataclass(frozen=True, slots=True)
class BucketIndex:
    """The bucket keys one partition holds, and when (stream time, s) it last swept them."""

    keys: tuple[str, ...] = ()
    swept_at: float | None = None


def index_key(partition: int) -> str:
    return f"{INDEX_PREFIX}{partition}"


def maintain(index: BucketIndex, updates: Mapping[str, Bucket], now: float | None,
             get: Callable[[str], Bucket | None], settings: Settings
             ) -> tuple[dict[str, Bucket], BucketIndex]:
    """After ``updates`` (a dedup result's) are written: the further bucket updates a sweep
    makes (an empty bucket means delete it), and the index to store.

    ``get`` reads a bucket as stored before ``updates``; ``now`` is the candidate's Kafka
    timestamp (no sweep without one).
    """
    keys = [k for k in index.keys if k not in updates or updates[k]]
    keys += sorted(k for k, bucket in updates.items() if bucket and k not in index.keys)
    swept_at = index.swept_at
    if now is None or (swept_at is not None
                       and now - swept_at < settings.dedup_sweep_interval_s):
        return {}, BucketIndex(tuple(keys), swept_at)
    horizon = now - settings.dedup_window_days * 86400
    sweep: dict[str, Bucket] = {}
    kept: list[str] = []
    for key in keys:
        bucket = updates[key] if key in updates else get(key) or ()
        live = tuple(e for e in bucket if e.last_ingested is None or e.last_ingested >= horizon)
        if live != bucket:
            sweep[key] = live
        if live:
            kept.append(key)
    return sweep, BucketIndex(tuple(kept), now)


def step(candidate: EventCandidate, get: Callable[[str], Bucket | None], index: BucketIndex,
         settings: Settings) -> tuple[DedupResult, dict[str, Bucket], BucketIndex]:
    """One candidate through dedup and the window: the result, every bucket to write (empty:
    delete) and the partition's index after it. The worker and the offline extractor share it.
    """
    found = {k: b for k in bucket_keys(candidate, settings) if (b := get(k)) is not None}
    result = dedup(candidate, found, settings)
    swept, new_index = maintain(index, result.updates, candidate.ingested_at, get, settings)
    return result, {**result.updates, **swept}, new_index
