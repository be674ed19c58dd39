"""What operators watch on the worker's web port: /metrics, /health, /ready, and the metrics
that need the running app (consumer lag, readiness, latency of emitted events)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from pipeline.metrics import Metrics
from pipeline.records import EventCandidate, EventRecord

log = logging.getLogger("eventwire.ops")
# How often lag and readiness are measured: a scrape every 15 s sees fresh values.
MEASURE_INTERVAL_S = 5.0


class Progress:
    """The next offset this worker will process, per (topic, partition) it has read."""

    def __init__(self) -> None:
        self.next_offsets: dict[tuple[str, int], int] = {}

    def done(self, topic: str, partition: int, offset: int) -> None:
        self.next_offsets[(topic, partition)] = offset + 1


def install(app: Any, metrics: Metrics, topic_names: Iterable[str]) -> Progress:
    """Register the lag timer and the /metrics, /health and /ready pages on ``app``."""
    progress = Progress()
    watched = set(topic_names)
    reported: set[tuple[str, str]] = set()

    @app.timer(interval=MEASURE_INTERVAL_S, name="eventwire.measure")
    async def measure() -> None:
        metrics.ready.set(1.0 if is_ready(app) else 0.0)
        current: set[tuple[str, str]] = set()
        try:
            assigned = app.consumer.assignment()
        except Exception:  # the consumer is not up yet: a measurement is never worth a crash
            return
        for tp in assigned:
            if tp.topic not in watched:
                continue
            try:
                highwater = app.consumer.highwater(tp)
                position = progress.next_offsets.get((tp.topic, tp.partition))
                if position is None:  # nothing processed here yet: where the consumer is
                    position = await app.consumer.position(tp)
            except Exception as exc:  # a partition moving away mid-rebalance
                log.debug("no lag for %s/%s: %s", tp.topic, tp.partition, exc)
                continue
            if highwater is None or position is None:
                continue
            labels = (tp.topic, str(tp.partition))
            metrics.lag.labels(*labels).set(max(0, highwater - position))
            current.add(labels)
        for labels in reported - current:  # partitions given to another worker
            metrics.lag.remove(*labels)
        reported.clear()
        reported.update(current)

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(metrics.exposition(), content_type="text/plain")

    @app.page("/health")
    async def health_page(web: Any, request: Any) -> Any:
        # Answering at all means the event loop runs: liveness.
        return web.json({"status": "ok"})

    @app.page("/ready")
    async def ready_page(web: Any, request: Any) -> Any:
        ready = is_ready(app)
        body = {"ready": ready, "rebalancing": bool(app.rebalancing),
                "partitions": len(app.consumer.assignment())}
        return web.json(body, status=200 if ready else 503)

    return progress


def drained(counter: Callable[[str, str], float], articles: int) -> bool:
    """Has every stage finished every message the stage before it produced, the first stage
    ``articles`` of them? ``counter(metric, stage)`` reads a worker's (or workers') metrics."""
    done = "eventwire_stage_processing_seconds_count"  # observed once a message is finished
    return (counter(done, "clean") >= articles
            and counter(done, "link") >= counter("eventwire_messages_produced_total", "clean")
            and counter(done, "classify") >= counter("eventwire_messages_produced_total", "link")
            and counter(done, "dedup")
            >= counter("eventwire_messages_produced_total", "classify"))


def is_ready(app: Any) -> bool:
    """Partitions assigned, table state restored, no rebalance under way."""
    try:
        return (not app.rebalancing and app.tables.recovery.completed.is_set()
                and bool(app.consumer.assignment()))
    except Exception:  # not started yet
        return False


def observe_emitted(metrics: Metrics, record: EventRecord, cause: EventCandidate) -> None:
    """Count an event record sent to the sink, and how long the report that caused it took
    to get there, from its arrival and from its publication."""
    metrics.events.labels(record.event_type, record.modality,
                          "new" if record.revision == 1 else "update").inc()
    now = time.time()
    if cause.ingested_at is not None:
        metrics.latency.observe(max(0.0, now - cause.ingested_at))
    published = _timestamp(cause.source.published_at)
    if published is not None:
        metrics.publication_latency.observe(max(0.0, now - published))


def _timestamp(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
