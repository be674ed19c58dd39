"""The streaming worker: thin faust agents around the stage functions.

Built by ``create_app(settings)``; nothing is constructed at import time.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import faust
from faust.streams import _current_event  # no public setter; see _as_current
from prometheus_client import CollectorRegistry

from pipeline import EXTRACTOR_VERSION, codec, ops, security, topics
from pipeline.errors import UnsupportedLanguage, dead_letter_reason
from pipeline.extract import warm_up
from pipeline.metrics import Metrics
from pipeline.nlp import load_nlp
from pipeline.records import CleanArticle, DeadLetter, EventCandidate, EventRecord, LinkedArticle
from pipeline.settings import Settings
from pipeline.stages import window
from pipeline.stages.classify import classify
from pipeline.stages.clean import clean
from pipeline.stages.dedup import StoredEvent, collapse
from pipeline.stages.link import link, link_many

log = logging.getLogger("eventwire.worker")
BUCKET = tuple[StoredEvent, ...]


def create_app(settings: Settings, registry: CollectorRegistry | None = None,
               nlp_model: Any = None) -> faust.App:
    """The worker. ``nlp_model``: the spaCy pipeline, loaded before the worker starts so that
    the first articles do not wait seconds for it (else loaded on the first article)."""
    metrics = Metrics(registry or CollectorRegistry())
    metrics.watch_process()
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_bootstrap}",
        broker_credentials=security.faust_credentials(settings),
        store=settings.table_store,
        datadir=settings.data_dir,
        autodiscover=False,
        web_enabled=True,
        web_port=settings.web_port,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        topic_partitions=settings.partitions_for(topics.CANDIDATES),
        topic_replication_factor=settings.replication_factor,
        producer_max_request_size=topics.MAX_DEADLETTER_BYTES,
        producer_compression_type=settings.kafka_compression or None,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=min(3.0, settings.session_timeout_s / 3),
        key_serializer="raw",
        value_serializer="raw",
    )

    def topic(logical: str) -> Any:
        return app.topic(
            topics.topic_name(settings, logical),
            key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
            partitions=settings.partitions_for(logical),
            config={"max.message.bytes": str(topics.MAX_DEADLETTER_BYTES if logical ==
                                             topics.DEADLETTER else topics.MAX_MESSAGE_BYTES)},
        )

    raw, clean_t, linked_t = topic(topics.RAW), topic(topics.CLEAN), topic(topics.LINKED)
    candidates_t, events_t, deadletter_t = (topic(topics.CANDIDATES), topic(topics.EVENTS),
                                           topic(topics.DEADLETTER))
    # key_type/value_type bytes, not only the schema: faust picks the changelog's serializers
    # from the types, and with JSON there a worker restoring the table from its changelog
    # (a new machine, or a crash between changelog and local write) fails on every record
    # and never becomes ready.
    table = app.Table("dedup-buckets", default=None, key_type=bytes, value_type=bytes,
                      schema=faust.Schema(key_type=bytes, value_type=bytes,
                                          key_serializer="raw", value_serializer="raw"),
                      partitions=settings.partitions_for(topics.CANDIDATES))
    progress = ops.install(app, metrics, [t.get_topic_name() for t in
                                          (raw, clean_t, linked_t, candidates_t)])
    nlp_holder: dict[str, Any] = {"nlp": nlp_model} if nlp_model is not None else {}

    def nlp() -> Any:
        if "nlp" not in nlp_holder:  # loaded once, when the first article arrives
            nlp_holder["nlp"] = load_nlp(settings)
            warm_up(nlp_holder["nlp"])
        return nlp_holder["nlp"]

    async def guarded(stage: str, event: Any, work: Callable[[], Awaitable[None]],
                      shared_seconds: float = 0.0) -> None:
        """Run one message through a stage; a bad message is dead-lettered, not fatal.
        ``shared_seconds``: its share of work done for a whole batch, for the stage timer."""
        message = event.message
        metrics.consumed.labels(stage).inc()
        progress.done(message.topic, message.partition, message.offset)
        started = time.perf_counter()
        try:
            await work()
        except Exception as exc:
            reason = dead_letter_reason(exc)
            if reason is None:
                raise
            if isinstance(exc, UnsupportedLanguage):
                metrics.languages.labels(exc.language).inc()
            metrics.failed.labels(stage).inc()
            metrics.dead_letters.labels(stage, reason).inc()
            log.warning("dead-letter %s topic=%s partition=%s offset=%s: %s", reason,
                        message.topic, message.partition, message.offset, exc,
                        exc_info=reason == "processing_error")
            letter = DeadLetter(
                reason=reason, detail=str(exc)[:2000], stage=stage, topic=message.topic,
                partition=message.partition, offset=message.offset,
                key=message.key.decode("utf-8", "replace") if message.key else None,
                value_b64=codec.b64(message.value), extractor_version=EXTRACTOR_VERSION,
            )
            key = message.key or f"{message.topic}:{message.partition}:{message.offset}".encode()
            await deadletter_t.send(key=key, value=codec.encode(letter))
        finally:
            metrics.stage_seconds.labels(stage).observe(time.perf_counter() - started
                                                        + shared_seconds)

    async def send(stage: str, target: Any, key: bytes, value: bytes) -> None:
        await target.send(key=key, value=value)
        metrics.produced.labels(stage).inc()

    @app.agent(raw, name="clean")
    async def clean_agent(stream: Any) -> None:
        async for event in stream.events():
            async def work(event: Any = event) -> None:
                article = codec.decode_article(event.message.value, settings.max_message_bytes)
                cleaned = clean(article, ingested_at=event.message.timestamp)
                metrics.batch_size.labels("clean").observe(len(cleaned.sentences))
                await send("clean", clean_t, article.id.encode(), codec.encode(cleaned))
            await guarded("clean", event, work)

    @app.agent(clean_t, name="link")
    async def link_agent(stream: Any) -> None:
        # Articles in batches: spaCy is cheaper per word on several at once. A batch is
        # acknowledged when all of it is sent; a crash redelivers it, and link is deterministic.
        async for events in stream.take_events(settings.link_batch_articles,
                                               within=settings.batch_wait_s):
            await link_batch(events)

    async def link_batch(events: list[Any]) -> None:
        started = time.perf_counter()
        cleans: list[CleanArticle] | None = None
        together: list[LinkedArticle] | None = None
        try:
            cleans = [codec.decode(CleanArticle, e.message.value) for e in events]
            together = link_many(cleans, nlp(), batch_size=len(events))
        except Exception:  # each article again, alone, under the dead-letter policy
            together = None
        share = (time.perf_counter() - started) / len(events)
        for n, event in enumerate(events):
            async def work(event: Any = event, n: int = n) -> None:
                cleaned = cleans[n] if cleans is not None else \
                    codec.decode(CleanArticle, event.message.value)
                metrics.batch_size.labels("link").observe(len(cleaned.sentences))
                linked = together[n] if together is not None else link(cleaned, nlp())
                await send("link", linked_t, event.message.key, codec.encode(linked))
            await guarded("link", event, work, shared_seconds=share)

    @app.agent(linked_t, name="classify")
    async def classify_agent(stream: Any) -> None:
        async for event in stream.events():
            async def work(event: Any = event) -> None:
                linked = codec.decode(LinkedArticle, event.message.value)
                candidates = collapse(classify(linked))
                metrics.batch_size.labels("classify").observe(len(candidates))
                for cand in candidates:
                    await send("classify", candidates_t, cand.block.encode(), codec.encode(cand))
            await guarded("classify", event, work)

    @app.agent(candidates_t, name="dedup")
    async def dedup_agent(stream: Any) -> None:
        async for events in stream.take_events(settings.dedup_batch_candidates,
                                               within=settings.batch_wait_s):
            await dedup_batch(events)

    async def dedup_batch(events: list[Any]) -> None:
        """The batch's state changes wait in `pending` until the broker has acked all its
        records: a crash before that redelivers the batch to the state before it, which emits
        the same records again (identical repeats, never a lost revision). One wait for acks
        per batch, not one round trip per record."""
        pending: dict[bytes, bytes | None] = {}
        writes_of: list[tuple[Any, dict[bytes, bytes | None]]] = []
        emitted: list[tuple[Any, EventRecord, EventCandidate]] = []

        def stored(key: bytes) -> bytes | None:
            return pending[key] if key in pending else table.get(key)

        for event in events:
            _as_current(event)

            async def work(event: Any = event) -> None:
                cand = codec.decode(EventCandidate, event.message.value)
                result, writes, index_key = dedup_step(cand, event.message.partition, stored)
                metrics.dedup_outcomes.labels(result.outcome).inc()
                if result.record is not None:
                    fut = await events_t.send(key=result.record.event_id.encode(),
                                              value=codec.encode(result.record))
                    emitted.append((fut, result.record, cand))
                mine = {k.encode(): codec.encode(v) if v else None
                        for k, v in [*writes.buckets.items(), *writes.chunks.items()]}
                if writes.index is not None:  # the partition's index (stages/window.py)
                    mine[index_key.encode()] = codec.encode(writes.index)
                pending.update(mine)
                writes_of.append((event, mine))
            await guarded("dedup", event, work)
        for fut, record, cand in emitted:
            await fut
            metrics.produced.labels("dedup").inc()
            ops.observe_emitted(metrics, record, cand)
        for event, mine in writes_of:
            _as_current(event)
            for key, value in mine.items():  # deletes are tombstones the changelog compacts
                if value is not None:
                    table[key] = value
                elif key in table:
                    del table[key]
        _as_current(None)

    def dedup_step(cand: EventCandidate, partition: int, stored: Callable[[bytes], bytes | None]
                   ) -> tuple[Any, window.Writes, str]:
        index_key = window.index_key(partition)
        raw = stored(index_key.encode())
        index = codec.decode(window.BucketIndex, raw) if raw else window.BucketIndex()
        result, writes = window.step(
            cand, lambda k: codec.decode(BUCKET, v) if (v := stored(k.encode())) else None,
            lambda k: codec.decode(window.Chunk, v) if (v := stored(k.encode())) else None,
            index_key, index, settings)
        return result, writes, index_key

    app.eventwire_metrics = metrics  # type: ignore[attr-defined]
    return app


def _as_current(event: Any) -> None:
    """A faust table reads and writes in the partition of "the current event" (its changelog
    partition and RocksDB instance), which a batch (`take_events`) leaves unset: name it for
    each candidate. Only this task's context variable: `Stream.current_event` belongs to the
    task that fills the batch."""
    _current_event.set(weakref.ref(event) if event is not None else None)
