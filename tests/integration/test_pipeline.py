"""The whole pipeline on a real broker: fixtures in, events out, duplicates and bad input."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import orjson
import pytest
from jsonschema import Draft202012Validator

from pipeline import topics
from pipeline.schemas import load_schema
from tests.integration.kafka_harness import REPO, Broker, Worker, produce, read_all, wait_for
from tests.integration.sink_checks import latest as latest_by_id

pytestmark = pytest.mark.integration
FIXTURES = sorted((REPO / "fixtures" / "articles").glob("*.json"))
MAX_BYTES = 65536


@pytest.fixture(scope="module")
def worker(broker: Broker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    worker = Worker(broker, tmp_path_factory.mktemp("worker"),
                    EVENTWIRE_MAX_MESSAGE_BYTES=str(MAX_BYTES))
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def articles() -> list[tuple[bytes, bytes]]:
    out = []
    for path in FIXTURES:
        value = path.read_bytes().strip()
        out.append((orjson.loads(value)["id"].encode(), value))
    return out


def settle(worker: Worker, clean_messages: int) -> None:
    """Wait until every stage has finished everything the stage before it produced."""
    wait_for(lambda: worker.drained(clean_messages), 240,
             f"{clean_messages} messages through every stage", worker)


def sink(broker: Broker, worker: Worker) -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(v) for _, v in read_all(broker.bootstrap, worker.topic(topics.EVENTS))]


def latest(records: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return list(latest_by_id(records).values())


def name(participant: dict | None) -> str:  # type: ignore[type-arg]
    return ((participant or {}).get("name") or (participant or {}).get("text") or "").lower()


def kb(participant: dict | None) -> str | None:  # type: ignore[type-arg]
    return (participant or {}).get("kb_id")


def place(record: dict) -> str:  # type: ignore[type-arg]
    loc = record.get("location") or {}
    return f"{loc.get('name') or ''} {loc.get('text') or ''}".lower()


def test_fixture_articles_come_out_as_events(broker: Broker, worker: Worker) -> None:
    produce(broker.bootstrap, worker.topic(topics.RAW), articles())
    settle(worker, len(FIXTURES))
    events = latest(sink(broker, worker))
    assert events, worker.tail_log()

    def find(event_type: str, where: str) -> list[dict]:  # type: ignore[type-arg]
        return [e for e in events if e["event_type"] == event_type and where in place(e)]

    tel_aviv = find("ASSAULT", "tel aviv")
    assert any(e["date"] == "2024-07-19" and kb(e["actor"]) == "actor:houthis"
               for e in tel_aviv), tel_aviv
    asad = find("ASSAULT", "asad")
    assert any(e["mode"] == "drone" for e in asad), asad
    harir = find("ASSAULT", "harir")
    assert any(e["mode"] == "drone" and kb(e["actor"]) == "actor:tashkil_al_waritheen"
               for e in harir), harir
    rally = find("PROTEST", "sana")
    # The rallies are told only in captions; their actor is the Houthis' supporters.
    assert all(e["actor"] and e["actor"]["country"] == "YEM" and "supporters" in name(e["actor"])
               for e in rally), rally
    assert {e["date"] for e in rally} >= {"2024-07-19", "2024-03-15"}, rally
    # Kataib Hezbollah's threat to strike US bases is a THREATEN event, never an ASSAULT.
    threats = [e for e in events if "ready to" in e["sentence"] or "threatened to" in e["sentence"]]
    assert threats and all(e["event_type"] == "THREATEN" for e in threats), threats
    assert any(e["event_type"] == "THREATEN" and kb(e["actor"]) == "actor:kataib_hezbollah"
               for e in events)
    validator = Draft202012Validator(load_schema("event"))
    for record in sink(broker, worker):  # every revision, as consumers receive them
        validator.validate(record)
    for event in events:
        assert event["schema_version"] and event["extractor_version"]
        assert event["sources"] and event["num_articles"] >= 1
        assert 0 < event["confidence"] <= 1


def test_a_redelivered_article_changes_nothing_and_a_copy_only_adds_sources(
    broker: Broker, worker: Worker
) -> None:
    settle(worker, len(FIXTURES))
    before = sink(broker, worker)
    seed = orjson.loads(FIXTURES[1].read_bytes())
    produce(broker.bootstrap, worker.topic(topics.RAW),
            [(seed["id"].encode(), FIXTURES[1].read_bytes().strip())])
    settle(worker, len(FIXTURES) + 1)
    assert worker.counter("eventwire_dedup_outcomes_total", outcome="duplicate") > 0
    assert len(sink(broker, worker)) == len(before), "the same article again emitted records"

    # A syndicated copy (another id, another outlet): the same events, one more article
    # and source each, no new event.
    copy_id = seed["id"] + "-syndicated"
    copy = orjson.dumps({**seed, "id": copy_id, "source": "Another Wire"})
    produce(broker.bootstrap, worker.topic(topics.RAW), [(copy_id.encode(), copy)])
    settle(worker, len(FIXTURES) + 2)
    after = sink(broker, worker)
    assert {e["event_id"] for e in after} == {e["event_id"] for e in before}
    updates = after[len(before):]
    seeded = [e for e in latest(before) if any(s["article_id"] == seed["id"]
                                               for s in e["sources"])]
    assert updates and len(updates) >= len(seeded)
    old = {e["event_id"]: e for e in latest(before)}
    for record in latest(after):
        if any(s["article_id"] == copy_id for s in record["sources"]):
            prior = old[record["event_id"]]
            assert record["revision"] > prior["revision"]
            assert record["num_articles"] > prior["num_articles"]
            assert record["num_sources"] > prior["num_sources"]
    assert {e["event_id"] for e in seeded} <= {
        e["event_id"] for e in latest(after)
        if any(s["article_id"] == copy_id for s in e["sources"])}


def test_malformed_messages_are_dead_lettered_and_the_worker_goes_on(
    broker: Broker, worker: Worker
) -> None:
    settle(worker, len(FIXTURES) + 2)
    bad = [
        (b"b1", b"this is not json"),
        (b"b2", b"[1, 2, 3]"),
        (b"b3", b'{"title": "no id, no body"}'),
        (b"b4", b'{"id": "x", "body": 42}'),
        (b"b5", b'{"id": "x", "body": "' + b"a" * MAX_BYTES + b'"}'),
        (b"b6", b'{"id": "x", "body": "caf\xe9"}'),
        (None, b'{"id": "x", "body": "   "}'),
    ]
    good_id = "good-after-bad"
    good = orjson.dumps({"id": good_id, "published_at": "2024-05-02T10:00:00Z",
                         "body": "Protesters rallied in Amman on Wednesday against the war."})
    produce(broker.bootstrap, worker.topic(topics.RAW), [*bad, (good_id.encode(), good)])
    settle(worker, len(FIXTURES) + 2 + len(bad) + 1)
    letters = [orjson.loads(v) for _, v in
               read_all(broker.bootstrap, worker.topic(topics.DEADLETTER))]
    dead_letter_schema = Draft202012Validator(load_schema("deadletter"))
    for letter in letters:
        dead_letter_schema.validate(letter)
    by_value = {base64.b64decode(letter["value_b64"]): letter for letter in letters}
    expected = {b"b1": "not_json", b"b2": "not_object", b"b3": "missing_field",
                b"b4": "wrong_type", b"b5": "too_large", b"b6": "not_utf8", None: "empty_body"}
    for key, value in bad:
        assert value in by_value, f"{value[:40]!r} not dead-lettered: {letters}"
        letter = by_value[value]
        assert letter["reason"] == expected[key]
        assert letter["topic"] == worker.topic(topics.RAW)
        assert letter["partition"] is not None and letter["offset"] is not None
        assert letter["detail"]
    assert worker.counter("eventwire_dead_letters_total", stage="clean", reason="not_json") >= 1
    events = latest(sink(broker, worker))
    assert any(e["article_id"] == good_id and e["event_type"] == "PROTEST" for e in events)


def test_metrics_endpoint_serves_the_stage_metrics(worker: Worker) -> None:
    metrics = worker.metrics() or {}
    names = {key.split("{")[0] for key in metrics}
    for expected in ("eventwire_messages_consumed_total", "eventwire_messages_produced_total",
                     "eventwire_dead_letters_total", "eventwire_stage_processing_seconds_bucket",
                     "eventwire_events_emitted_total"):
        assert expected in names, sorted(names)


