"""kafka-python clients for the CLI (topics, ingest, tail); the worker uses faust."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from pipeline.errors import EventwireError
from pipeline.settings import Settings
from pipeline.topics import topic_specs


class KafkaUnavailable(EventwireError):
    """The broker cannot be reached or refused a request."""


def ensure_topics(settings: Settings) -> list[tuple[str, bool]]:
    """Create every pipeline topic that does not exist yet: [(name, created)]."""
    try:
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap,
                                 client_id="eventwire-admin")
    except KafkaError as exc:
        raise KafkaUnavailable(f"no broker at {settings.kafka_bootstrap}") from exc
    try:
        existing = set(admin.list_topics())
        results = []
        for spec in topic_specs(settings):
            if spec.name in existing:
                results.append((spec.name, False))
                continue
            try:
                admin.create_topics([NewTopic(spec.name, spec.partitions,
                                              spec.replication_factor,
                                              topic_configs=spec.config)])
                results.append((spec.name, True))
            except TopicAlreadyExistsError:
                results.append((spec.name, False))
        return results
    finally:
        admin.close()


@contextmanager
def producer(settings: Settings) -> Iterator[Callable[[str, bytes | None, bytes], None]]:
    try:
        client = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all",
                               linger_ms=20, max_request_size=settings.max_message_bytes * 2,
                               client_id="eventwire-ingest")
    except KafkaError as exc:
        raise KafkaUnavailable(f"no broker at {settings.kafka_bootstrap}") from exc
    futures = []

    def send(topic: str, key: bytes | None, value: bytes) -> None:
        futures.append(client.send(topic, key=key, value=value))

    try:
        yield send
        client.flush()
        for future in futures:
            try:
                future.get(timeout=30)
            except KafkaError as exc:
                raise KafkaUnavailable(f"send to the broker failed: {exc}") from exc
    finally:
        client.close()


def consume(settings: Settings, topic: str, from_beginning: bool = False,
            idle_timeout: float = 0) -> Iterator[bytes]:
    try:
        consumer = KafkaConsumer(
            topic, bootstrap_servers=settings.kafka_bootstrap,
            auto_offset_reset="earliest" if from_beginning else "latest",
            enable_auto_commit=False, group_id=None, client_id="eventwire-tail",
        )
    except KafkaError as exc:
        raise KafkaUnavailable(f"no broker at {settings.kafka_bootstrap}") from exc
    last = time.monotonic()
    try:
        while True:
            batch = consumer.poll(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    last = time.monotonic()
                    yield record.value
            if idle_timeout and time.monotonic() - last > idle_timeout:
                return
    finally:
        consumer.close()
