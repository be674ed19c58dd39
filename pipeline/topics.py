"""Topic names, keys and partitioning: the one place that knows them.

Keys, and why (later stages keep per-key state, so the key decides who meets whom):

* ``articles.raw``     key = article ``id`` as the feeder sends it (the worker does not rely on
  it: a raw message may be malformed and have no usable id).
* ``articles.clean``   key = article ``id``. Re-sends and updated versions of one article land in
  one partition, so per-article state (what did the previous version produce?) stays local.
* ``articles.linked``  key = article ``id``, for the same reason.
* ``events.candidates`` key = the dedup block: the ISO-3 country of the event's place (else the
  country the article's places are in, else its actor's, else its target's, else ``XXX``; for
  a place outside any state, a sea, the actor's and target's come before the article's).
  Candidates that can describe one real-world event share a country, so they meet in the
  partition that holds that country's event table.
  Trade-off: one busy war zone is one hot partition; a candidate whose country is unknown
  cannot merge with one whose country is known.
* ``events``           key = ``event_id``: the sink is compactable, and an update of an event
  replaces its earlier revision for a consumer that reads the compacted topic.
* ``deadletter``       key = the original message key when it had one, else
  ``topic:partition:offset``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.settings import Settings

RAW = "articles.raw"
CLEAN = "articles.clean"
LINKED = "articles.linked"
CANDIDATES = "events.candidates"
EVENTS = "events"
DEADLETTER = "deadletter"

ALL = (RAW, CLEAN, LINKED, CANDIDATES, EVENTS, DEADLETTER)
UNKNOWN_BLOCK = "XXX"
# Largest message each topic takes. The input topic takes more than the contract allows
# (EVENTWIRE_MAX_MESSAGE_BYTES), so that an oversized article reaches the dead-letter topic
# with its reason instead of failing in the feeder's producer; internal messages carry an
# article's token table, several times its text; a dead letter carries the original in base64.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024
MAX_DEADLETTER_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class TopicSpec:
    logical: str
    name: str
    partitions: int
    replication_factor: int
    config: dict[str, str]


def topic_name(settings: Settings, logical: str) -> str:
    return f"{settings.topic_prefix}{logical}"


def topic_specs(settings: Settings) -> list[TopicSpec]:
    specs = []
    for logical in ALL:
        config = {"cleanup.policy": "compact"} if logical == EVENTS else {}
        config["max.message.bytes"] = str(MAX_MESSAGE_BYTES)
        # The dead-letter topic keeps the original bytes for a month for forensics/replay.
        if logical == DEADLETTER:
            config["retention.ms"] = str(30 * 24 * 3600 * 1000)
            config["max.message.bytes"] = str(MAX_DEADLETTER_BYTES)
        specs.append(
            TopicSpec(
                logical=logical,
                name=topic_name(settings, logical),
                partitions=settings.partitions_for(logical),
                replication_factor=settings.replication_factor,
                config=config,
            )
        )
    return specs
