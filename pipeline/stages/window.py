"""The dedup window: events leave the state once their newest report is older than it.

``dedup`` drops expired events from the buckets a candidate touches, but buckets are keyed by
the event's day, and the stream soon stops touching past days. So each partition keeps an
index of the bucket keys it holds, and once per sweep interval of stream time (Kafka
timestamps, so a replay sweeps at the same points) the buckets in it lose their expired
events, and empty ones are deleted. The state then holds the events of one window, whatever
has been processed before.

The index is a small header (``BucketIndex``) plus chunks of at most ``CHUNK_KEYS`` bucket keys
under ``<header key>|<n>``: a new bucket rewrites only the last chunk. (One value holding every
key made each new bucket rewrite the whole index to the changelog: quadratic in the window's
size, and most of the bytes the worker wrote.) A key whose bucket was emptied between sweeps
stays in its chunk until the next sweep drops it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pipeline.records import EventCandidate
from pipeline.settings import Settings
from pipeline.stages.dedup import DedupResult, StoredEvent, bucket_keys, dedup

Bucket = tuple[StoredEvent, ...]
Chunk = tuple[str, ...]
# Sorts apart from the buckets ("IRQ|2024-03-12"), whose keys start with a country code.
INDEX_PREFIX = "~index|"
CHUNK_KEYS = 64


@dataclass(frozen=True, slots=True)
class BucketIndex:
    """One partition's index header: how many chunks of bucket keys, how full the last one
    is, and when (stream time, s) the partition last swept."""

    chunks: int = 0
    last_size: int = 0
    swept_at: float | None = None


@dataclass
class Writes:
    """What one candidate changes in the state. Empty buckets and None chunks are deletes;
    ``index`` is None when the header is unchanged."""

    buckets: dict[str, Bucket] = field(default_factory=dict)
    chunks: dict[str, Chunk | None] = field(default_factory=dict)
    index: BucketIndex | None = None


def index_key(partition: int) -> str:
    return f"{INDEX_PREFIX}{partition}"


def chunk_key(key: str, number: int) -> str:
    return f"{key}|{number}"


def maintain(key: str, index: BucketIndex, updates: Mapping[str, Bucket], new_keys: list[str],
             now: float | None, get: Callable[[str], Bucket | None],
             get_chunk: Callable[[str], Chunk | None], settings: Settings) -> Writes:
    """After ``updates`` (a dedup result's, ``new_keys`` the buckets it creates): the index
    writes, and the further bucket writes of a sweep if one is due.

    ``get`` reads a bucket as stored before ``updates``; ``now`` is the candidate's Kafka
    timestamp (no sweep without one).
    """
    swept_at = index.swept_at
    if now is None or (swept_at is not None
                       and now - swept_at < settings.dedup_sweep_interval_s):
        return _append(key, index, new_keys, get_chunk)
    horizon = now - settings.dedup_window_days * 86400
    held = [k for n in range(index.chunks) for k in get_chunk(chunk_key(key, n)) or ()]
    writes = Writes()
    kept: list[str] = []
    for bucket_key in dict.fromkeys([*held, *new_keys]):  # once each, in order
        bucket = updates[bucket_key] if bucket_key in updates else get(bucket_key) or ()
        live = tuple(e for e in bucket if e.last_ingested is None or e.last_ingested >= horizon)
        if live != bucket:
            writes.buckets[bucket_key] = live
        if live:
            kept.append(bucket_key)
    chunks = [tuple(kept[i : i + CHUNK_KEYS]) for i in range(0, len(kept), CHUNK_KEYS)]
    for n in range(max(len(chunks), index.chunks)):
        writes.chunks[chunk_key(key, n)] = chunks[n] if n < len(chunks) else None
    writes.index = BucketIndex(len(chunks), len(chunks[-1]) if chunks else 0, now)
    return writes


def _append(key: str, index: BucketIndex, new_keys: list[str],
            get_chunk: Callable[[str], Chunk | None]) -> Writes:
    writes = Writes()
    if not new_keys:
        return writes
    chunks, size = index.chunks, index.last_size
    last = (get_chunk(chunk_key(key, chunks - 1)) or ()) if chunks else ()
    for bucket_key in new_keys:
        if not chunks or size >= CHUNK_KEYS:
            chunks, size, last = chunks + 1, 0, ()
        last, size = (*last, bucket_key), size + 1
        writes.chunks[chunk_key(key, chunks - 1)] = last
    writes.index = BucketIndex(chunks, size, index.swept_at)
    return writes


def step(candidate: EventCandidate, get: Callable[[str], Bucket | None],
         get_chunk: Callable[[str], Chunk | None], key: str, index: BucketIndex,
         settings: Settings) -> tuple[DedupResult, Writes]:
    """One candidate through dedup and the window: the result and every write it makes (the
    index under ``key``). The worker and the offline extractor share it."""
    found = {k: b for k in bucket_keys(candidate, settings) if (b := get(k)) is not None}
    result = dedup(candidate, found, settings)
    new_keys = sorted(k for k, bucket in result.updates.items()
                      if bucket and (found.get(k) if k in found else get(k)) is None)
    writes = maintain(key, index, result.updates, new_keys, candidate.ingested_at, get,
                      get_chunk, settings)
    writes.buckets = {**result.updates, **writes.buckets}
    return result, writes
