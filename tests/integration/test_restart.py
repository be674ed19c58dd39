"""Faults: a worker SIGKILLed mid-stream three times and restarted (on its own data dir, and
on an empty one whose state comes from the changelog alone) loses and doubles nothing;
replaying the input topic into a fresh pipeline gives the same event ids."""

from __future__ import annotations

import time

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


def feed_until_events(broker: Broker, worker: Worker, pending: list[tuple[bytes, bytes]],
                      timeout: float = 240) -> None:
    """Send ``worker`` three articles of ``pending`` at a time, each three once it has read
    the last, until it has emitted events."""
    sent = 0
    deadline = time.monotonic() + timeout
    while worker.counter("eventwire_messages_produced_total", stage="dedup") < 2:
        if worker.counter("eventwire_messages_consumed_total", stage="clean") >= sent:
            assert pending, "the stream ran out before this run emitted events"
            chunk, pending[:] = pending[:3], pending[3:]
            produce(broker.bootstrap, worker.topic(topics.RAW), chunk)
            sent += len(chunk)
        assert time.monotonic() < deadline, \
            f"timed out waiting for events from this worker\n{worker.tail_log()}"
        time.sleep(0.5)


def test_sigkill_mid_stream_loses_and_doubles_nothing(
    broker: Broker, tmp_path_factory: pytest.TempPathFactory, nlp  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path_factory.mktemp("restart")
    worker = Worker(broker, data, **SINGLE)
    worker.start()
    messages = stream()
    pending = list(messages)
    # Killed three times, each time a few events after it (re)started: on its own machine
    # (RocksDB and changelog), on another (the changelog alone), and on its own again. Each
    # run is fed the stream a few articles at a time, so that it is still flowing when the run
    # is killed and the rest is left for the runs after it (a warmed-up worker given the whole
    # stream at once can finish it before the last kill).
    kills: list[int] = []  # records on the sink at each kill
    for place in ("same", "elsewhere", "same"):
        feed_until_events(broker, worker, pending)
        worker.kill()  # no shutdown, no final commit, as when a machine dies
        kills.append(len(records(broker, worker)))
        data = data if place == "same" else tmp_path_factory.mktemp("elsewhere")
        worker = Worker(broker, data, tag=worker.tag, **SINGLE)
        worker.start()
    assert pending, "articles are left for the last run"
    produce(broker.bootstrap, worker.topic(topics.RAW), pending)
    try:
        values = read_until_quiet(broker.bootstrap, worker.topic(topics.EVENTS), quiet=10,
                                  limit=420, at_least=kills[-1] + 1, worker=worker)
    finally:
        worker.stop()
    sink = [orjson.loads(v) for v in values]
    # Every kill came mid-stream: records were still to come after each. (The sink holds
    # revisions too, so its count is not bounded by the number of articles.)
    assert all(k < len(sink) for k in kills), "the restarted worker carried on"

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
        raw = read_all(broker.bootstrap, worker.topic(topics.RAW))
        produce(broker.bootstrap, replay.topic(topics.RAW), [(k, v) for k, v in raw])
        again = read_until_quiet(broker.bootstrap, replay.topic(topics.EVENTS), quiet=10,
                                 limit=420, at_least=len(final), worker=replay)
    finally:
        replay.stop()
    assert {orjson.loads(v)["event_id"] for v in again} == set(final)


