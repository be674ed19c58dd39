"""Faults against the real broker: a hostile input corpus, and the broker stopped and started
mid-stream. The worker stays up and loses nothing."""

from __future__ import annotations

import time
from collections.abc import Iterator

import orjson
import pytest

from pipeline import topics
from pipeline.errors import REASONS
from tests.hostile_corpus import good_messages, interleaved
from tests.integration.kafka_harness import (
    Broker,
    Worker,
    produce,
    read_all,
    read_until_quiet,
    running_broker,
    wait_for,
)
from tests.integration.sink_checks import founders_are_unique, missing_events, revision_errors
from tests.integration.test_restart import stream

pytestmark = pytest.mark.integration


def test_hostile_input_is_processed_or_dead_lettered_and_good_articles_come_through(
    broker: Broker, tmp_path_factory: pytest.TempPathFactory, nlp  # type: ignore[no-untyped-def]
) -> None:
    worker = Worker(broker, tmp_path_factory.mktemp("hostile"))
    worker.start()
    messages = interleaved()
    try:
        produce(broker.bootstrap, worker.topic(topics.RAW), messages)
        wait_for(lambda: worker.drained(len(messages)), 600, "the hostile corpus", worker)
        assert worker.metrics() is not None  # still up
        cleaned = worker.counter("eventwire_messages_produced_total", stage="clean")
        refused = worker.counter("eventwire_dead_letters_total", stage="clean")
        sink = [orjson.loads(v) for v in read_until_quiet(
            broker.bootstrap, worker.topic(topics.EVENTS), quiet=5, limit=120, worker=worker)]
    finally:
        worker.stop()
    # Every message was either cleaned or dead-lettered at the door, none twice.
    assert cleaned + refused == len(messages)
    letters = [orjson.loads(v) for _, v in read_all(broker.bootstrap,
                                                    worker.topic(topics.DEADLETTER))]
    assert len(letters) >= 100
    assert {letter["reason"] for letter in letters} <= set(REASONS) - {"processing_error"}
    assert all(letter["detail"] and letter["offset"] is not None for letter in letters)
    # The good articles among them give every event they give alone, once.
    assert not missing_events(good_messages(), sink, nlp)
    assert not revision_errors(sink) and founders_are_unique(sink)


@pytest.fixture(scope="module")
def own_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """A broker of this test's own, as it is stopped and started."""
    with running_broker(tmp_path_factory.mktemp("kafka-restarted")) as broker:
        yield broker


def test_the_worker_rides_out_a_broker_restart(
    own_broker: Broker, tmp_path_factory: pytest.TempPathFactory, nlp  # type: ignore[no-untyped-def]
) -> None:
    worker = Worker(own_broker, tmp_path_factory.mktemp("through-restart"),
                    EVENTWIRE_PARTITIONS="1")
    worker.start()
    messages = stream()
    try:
        produce(own_broker.bootstrap, worker.topic(topics.RAW), messages)
        wait_for(lambda: worker.counter("eventwire_messages_produced_total", stage="dedup") >= 3,
                 240, "the first events", worker)
        own_broker.run("stop")  # mid-stream
        time.sleep(5)
        assert worker.metrics() is not None, "the worker died with the broker"
        own_broker.run("start")
        own_broker.run("wait", "120")
        wait_for(lambda: worker.drained(len(messages)), 600, "the stream after the restart",
                 worker)
        sink = [orjson.loads(v) for v in read_until_quiet(
            own_broker.bootstrap, worker.topic(topics.EVENTS), quiet=10, limit=240,
            worker=worker)]
    finally:
        worker.stop()
    assert not missing_events(messages, sink, nlp)
    assert not revision_errors(sink) and founders_are_unique(sink)
