"""Faults: a worker SIGKILLed mid-stream and restarted elsewhere (its state restored from the
changelog) loses and doubles nothing; replaying the input topic into a fresh pipeline gives
the same event ids."""

from __future__ import annotations

import orjson
import pytest

from pipeline import topics
from tests.integration.kafka_harness import (
    REPO,
    Broker,
    Worker,
    produce,
    read_all,
    read_until_quiet,
    wait_for,
)
from tests.integration.sink_checks import (
    founders_are_unique,
    latest,
    missing_events,
    revision_errors,
)

pytestmark = pytest.mark.integration
# One partition per topic keeps the whole stream in one order, so that a replay meets the
# reports of one event in the same order and founds it on the same mention.
SINGLE = {"EVENTWIRE_PARTITIONS": "1", "EVENTWIRE_SESSION_TIMEOUT_S": "10"}


def stream() -> list[tuple[bytes, bytes]]:
    """The fixture articles and 60 items of the dev set, as input messages."""
    out = [(orjson.loads(p.read_bytes())["id"].encode(), p.read_bytes().strip())
           for p in sorted((REPO / "fixtures/articles").glob("*.json"))]
    for line in (REPO / "fixtures/dev/acled_dev.jsonl").read_bytes().splitlines()[:120]:
        item = orjson.loads(line)
        out.append((item["id"].encode(), orjson.dumps(
            {"id": item["id"], "body": item["text"], "published_at": item["published_at"]})))
    return out


def records(broker: Broker, worker: Worker) -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(v) for _, v in read_all(broker.bootstrap, worker.topic(topics.EVENTS))]


def test_sigkill_mid_stream_loses_and_doubles_nothing(
    broker: Broker, tmp_path_factory: pytest.TempPathFactory, nlp  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path_factory.mktemp("restart")
    first = Worker(broker, data, **SINGLE)
    first.start()
    messages = stream()
    produce(broker.bootstrap, first.topic(topics.RAW), messages)
    wait_for(lambda: first.counter("eventwire_messages_produced_total", stage="dedup") >= 3,
             240, "the first events", first)
    first.kill()  # mid-stream: most of the articles are still to come
    killed_at = len(records(broker, first))
    assert killed_at < len(messages)

    # It comes back on another machine: no local RocksDB, so the dedup state can only come
    # from the table's changelog topic.
    second = Worker(broker, tmp_path_factory.mktemp("elsewhere"), tag=first.tag, **SINGLE)
    second.start()
    try:
        values = read_until_quiet(broker.bootstrap, second.topic(topics.EVENTS), quiet=10,
                                  limit=420, at_least=killed_at + 1, worker=second)
    finally:
        second.stop()
    sink = [orjson.loads(v) for v in values]
    assert len(sink) > killed_at, "the restarted worker carried on"

    # No event id is ever two different events, and no revision is lost.
    assert not revision_errors(sink)
    assert founders_are_unique(sink)
    # Every article's events reached the sink: each event the offline extractor finds in an
    # article is on the sink with that article among its sources.
    assert not missing_events(messages, sink, nlp)
    final = latest(sink)

    # Replaying the input topic into a fresh pipeline (new state, same input) gives the
    # same event ids.
    replay = Worker(broker, tmp_path_factory.mktemp("replay"), **SINGLE)  # own topics, state
    replay.start()
    try:
        raw = read_all(broker.bootstrap, first.topic(topics.RAW))
        produce(broker.bootstrap, replay.topic(topics.RAW), [(k, v) for k, v in raw])
        again = read_until_quiet(broker.bootstrap, replay.topic(topics.EVENTS), quiet=10,
                                 limit=420, at_least=len(final), worker=replay)
    finally:
        replay.stop()
    assert {orjson.loads(v)["event_id"] for v in again} == set(final)


