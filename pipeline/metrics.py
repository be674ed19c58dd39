"""All Prometheus metrics, on a registry passed in. Names: one prefix, base units, _total."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import generate_latest

PREFIX = "eventwire"
# From a cheap clean (~1 ms) to a long article through spaCy (~1 s).
STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        # prometheus_client appends _total to counters itself.
        self.consumed = Counter(f"{PREFIX}_messages_consumed", "Messages a stage read.",
                                ["stage"], registry=registry)
        self.produced = Counter(f"{PREFIX}_messages_produced", "Messages a stage wrote.",
                                ["stage"], registry=registry)
        self.failed = Counter(f"{PREFIX}_messages_failed", "Messages a stage could not process.",
                              ["stage"], registry=registry)
        self.dead_letters = Counter(f"{PREFIX}_dead_letters", "Messages sent to the dead-letter "
                                    "topic, by reason.", ["stage", "reason"], registry=registry)
        self.stage_seconds = Histogram(f"{PREFIX}_stage_processing_seconds",
                                       "Time a stage spends on one message.", ["stage"],
                                       buckets=STAGE_BUCKETS, registry=registry)
        self.events = Counter(f"{PREFIX}_events_emitted", "Event records sent to the sink, "
                              "by PLOVER type.", ["event_type"], registry=registry)
        self.languages = Counter(f"{PREFIX}_unsupported_language_articles", "Articles "
                                 "dead-lettered for their language, by ISO 639-1 code.",
                                 ["language"], registry=registry)
        self.dedup_outcomes = Counter(f"{PREFIX}_dedup_outcomes", "Candidates by dedup outcome "
                                      "(new, merged, duplicate).", ["outcome"], registry=registry)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
