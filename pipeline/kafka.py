"""kafka-python clients for the CLI (topics, ingest, tail); the worker uses faust."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from pipeline.errors import EventwireError
from pipeline.security import describe, kafka_python_options
from pipeline.settings import Settings
from pipeline.topics import topic_specs


class KafkaUnavailable(EventwireError):
    """The broker cannot be reached or refused a request."""


def unavailable(settings: Settings) -> KafkaUnavailable:
    """The clear error for a failed bootstrap: unreachable, or (the port answers) refused."""
    host, _, port = settings.kafka_bootstrap.split(",")[0].rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port or 9092)), timeout=3).close()
    except (OSError, ValueError):
        return KafkaUnavailable(f"no broker at {settings.kafka_bootstrap}")
    how = describe(settings)
    hint = ("wrong EVENTWIRE_KAFKA_SASL_USERNAME / EVENTWIRE_KAFKA_SASL_PASSWORD or mechanism?"
            if settings.kafka_security_protocol.startswith("SASL") else
            "does the listener expect TLS or SASL (EVENTWIRE_KAFKA_SECURITY_PROTOCOL)?")
    return KafkaUnavailable(f"the broker at {settings.kafka_bootstrap} answers but the "
                            f"connection ({how}) failed: authentication refused or protocol "
                            f"mismatch; {hint}")


def check_connection(settings: Settings) -> None:
    """Connect and authenticate once, so that a worker with a wrong address or credentials
    stops at once with a clear error instead of retrying in the background."""
    try:
        KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, client_id="eventwire-check",
                         request_timeout_ms=15000, **kafka_python_options(settings)).close()
    except KafkaError as exc:
        raise unavailable(settings) from exc


def ensure_topics(settings: Settings) -> list[tuple[str, bool]]:
    """Create every pipeline topic that does not exist yet: [(name, created)]."""
    try:
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap,
                                 client_id="eventwire-admin", **kafka_python_options(settings))
    except KafkaError as exc:
        raise unavailable(settings) from exc
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
                               client_id="eventwire-ingest", **kafka_python_options(settings))
    except KafkaError as exc:
        raise unavailable(settings) from exc
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
            **kafka_python_options(settings),
        )
    except KafkaError as exc:
        raise unavailable(settings) from exc
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
