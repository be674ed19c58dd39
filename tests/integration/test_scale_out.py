"""Scale-out: two workers in one consumer group share the partitions and together process
the stream, each article into its events once."""

from __future__ import annotations

import orjson
import pytest

from pipeline import topics
from tests.integration.kafka_harness import Broker, Worker, produce, read_until_quiet, wait_for
from tests.integration.sink_checks import founders_are_unique, missing_events, revision_errors
from tests.integration.test_restart import stream

pytestmark = pytest.mark.integration
FOUR = {"EVENTWIRE_PARTITIONS": "4"}


def partitions(worker: Worker) -> int:
    return int((worker.page("/ready") or {}).get("partitions", 0))


def test_two_workers_share_the_partitions_and_double_nothing(
    broker: Broker, tmp_path_factory: pytest.TempPathFactory, nlp  # type: ignore[no-untyped-def]
) -> None:
    first = Worker(broker, tmp_path_factory.mktemp("one"), **FOUR)
    second = Worker(broker, tmp_path_factory.mktemp("two"), tag=first.tag, **FOUR)
    first.start()
    second.start()
    try:
        wait_for(lambda: partitions(first) > 0 and partitions(second) > 0
                 and first.counter("eventwire_worker_ready") == 1
                 and second.counter("eventwire_worker_ready") == 1, 120,
                 "both workers to get partitions", second)
        messages = stream()
        produce(broker.bootstrap, first.topic(topics.RAW), messages)
        values = read_until_quiet(broker.bootstrap, first.topic(topics.EVENTS), quiet=10,
                                  limit=420, worker=first)
        shares = [w.counter("eventwire_messages_consumed_total", stage="clean")
                  for w in (first, second)]
    finally:
        first.stop()
        second.stop()
    assert all(share > 0 for share in shares), f"articles per worker: {shares}"
    assert sum(shares) >= len(messages)

    sink = [orjson.loads(v) for v in values]
    assert not revision_errors(sink)
    assert founders_are_unique(sink)
    assert not missing_events(messages, sink, nlp)
