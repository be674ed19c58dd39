"""Metric names follow Prometheus conventions; emitted events are counted and timed."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from prometheus_client import CollectorRegistry

from pipeline.extract import MemoryState
from pipeline.metrics import Metrics
from pipeline.ops import observe_emitted
from pipeline.records import SourceRef
from pipeline.settings import Settings
from tests.unit.test_dedup import candidate


def test_names_units_and_labels_follow_the_conventions() -> None:
    metrics = Metrics(CollectorRegistry())
    metrics.watch_process()
    for family in metrics.registry.collect():
        assert family.name.startswith(("eventwire_", "process_", "python_")), family.name
        if family.type == "counter":
            assert all(s.name.endswith(("_total", "_created")) for s in family.samples)
        if family.type == "histogram":
            assert re.search(r"_(seconds|size|bytes)$", family.name), family.name
    text = metrics.exposition().decode()
    assert "process_resident_memory_bytes" in text


def test_an_emitted_event_is_counted_with_its_delays() -> None:
    metrics = Metrics(CollectorRegistry())
    now = time.time()
    cand = candidate("1", ingested_at=now - 2.0,
                     source=SourceRef("a-1", None, "x", "2024-07-24T10:00:00Z"))
    record = MemoryState().add(cand, Settings())
    assert record is not None
    observe_emitted(metrics, record, cand)
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for f in metrics.registry.collect() for s in f.samples}
    assert samples[("eventwire_events_emitted_total", (("event_type", "ASSAULT"),
                    ("modality", "asserted"), ("revision", "new")))] == 1
    assert samples[("eventwire_end_to_end_latency_seconds_count", ())] == 1
    assert 1.5 < samples[("eventwire_end_to_end_latency_seconds_sum", ())] < 60
    assert samples[("eventwire_publication_to_sink_seconds_count", ())] == 1
    # No publication time, no publication delay.
    observe_emitted(metrics, record, replace(cand, source=SourceRef("a-1", None, "x", None)))
    samples = {s.name: s.value for f in metrics.registry.collect() for s in f.samples
               if not s.labels}
    assert samples["eventwire_publication_to_sink_seconds_count"] == 1
