"""All Prometheus metrics, on a registry passed in. Names: one prefix, base units, _total."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

PREFIX = "eventwire"
# From a cheap clean (~1 ms) to a long article through spaCy (~1 s).
STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Ingest to sink: well under a second when keeping up, minutes when behind.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)
# Publication to sink: minutes for live wires, days for a backfill.
PUBLICATION_BUCKETS = (60.0, 300.0, 900.0, 3600.0, 6 * 3600.0, 86400.0, 7 * 86400.0,
                       30 * 86400.0)
# Items one message carries into a stage's work (sentences, candidates).
BATCH_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)


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
        self.batch_size = Histogram(f"{PREFIX}_stage_batch_size", "Items one message gives a "
                                    "stage to work on: sentences (clean, link), candidates "
                                    "(classify).", ["stage"], buckets=BATCH_BUCKETS,
                                    registry=registry)
        self.events = Counter(f"{PREFIX}_events_emitted", "Event records sent to the sink, by "
                              "PLOVER type, modality and whether new (revision 1) or an update.",
                              ["event_type", "modality", "revision"], registry=registry)
        self.latency = Histogram(f"{PREFIX}_end_to_end_latency_seconds", "From the article's "
                                 "arrival on the input topic (Kafka timestamp) to its event on "
                                 "the sink.", buckets=LATENCY_BUCKETS, registry=registry)
        self.publication_latency = Histogram(
            f"{PREFIX}_publication_to_sink_seconds", "From the article's published_at to its "
            "event on the sink.", buckets=PUBLICATION_BUCKETS, registry=registry)
        self.lag = Gauge(f"{PREFIX}_consumer_lag_messages", "Messages on a partition not yet "
                         "processed by this worker.", ["topic", "partition"], registry=registry)
        self.ready = Gauge(f"{PREFIX}_worker_ready", "1 when the worker has partitions, its "
                           "state is restored and it is not rebalancing.", registry=registry)
        self.languages = Counter(f"{PREFIX}_unsupported_language_articles", "Articles "
                                 "dead-lettered for their language, by ISO 639-1 code.",
                                 ["language"], registry=registry)
        self.dedup_outcomes = Counter(f"{PREFIX}_dedup_outcomes", "Candidates by dedup outcome "
                                      "(new, merged, duplicate).", ["outcome"], registry=registry)

    def watch_process(self) -> None:
        """process_* (memory, CPU, open files) and python_* collectors, on this registry."""
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
