"""Offline mode: the same stage functions in one process, JSONL in, JSONL out, no Kafka."""

from __future__ import annotations

import gc
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from spacy.language import Language

from pipeline import codec
from pipeline.errors import BadMessage
from pipeline.records import Article, EventCandidate, EventRecord
from pipeline.settings import Settings
from pipeline.stages.classify import classify
from pipeline.stages.clean import clean
from pipeline.stages.dedup import StoredEvent, collapse
from pipeline.stages.link import link
from pipeline.stages.window import BucketIndex, chunk_key, index_key, step


@dataclass
class MemoryState:
    """Dedup buckets in a dict: the offline twin of the worker's faust table."""

    buckets: dict[str, tuple[StoredEvent, ...]] = field(default_factory=dict)
    latest: dict[str, EventRecord] = field(default_factory=dict)
    index: BucketIndex = field(default_factory=BucketIndex)
    chunks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, candidate: EventCandidate, settings: Settings) -> EventRecord | None:
        result, writes = step(candidate, self.buckets.get, self.chunks.get, index_key(0),
                              self.index, settings)
        for key, bucket in writes.buckets.items():
            if bucket:
                self.buckets[key] = bucket
            else:
                self.buckets.pop(key, None)
        for key, chunk in writes.chunks.items():
            if chunk is None:
                self.chunks.pop(key, None)
            else:
                self.chunks[key] = chunk
        if writes.index is not None:
            self.index = writes.index
        if result.record is not None:
            self.latest[result.record.event_id] = result.record
        return result.record

    def indexed(self) -> list[str]:
        """The bucket keys the index holds, in order."""
        return [k for n in range(self.index.chunks)
                for k in self.chunks.get(chunk_key(index_key(0), n), ())]


_WARM_UP = Article(id="warm-up", body="Militants attacked an army post near Mosul on Monday, "
                  "killing two soldiers, police said.", published_at="2024-01-02")


def warm_up(nlp: Language) -> None:
    """Load what the stages load on first use (KB, taxonomy, classifier, date parser) before
    the first article, which would otherwise wait for it, then take these long-lived objects
    out of the collector's generations: every full collection walked them again."""
    candidates_of(_WARM_UP, nlp)
    gc.freeze()


def candidates_of(article: Article, nlp: Language, ingested_at: float | None = None
                  ) -> list[EventCandidate]:
    """clean -> link -> classify, with one article's mentions of one event collapsed."""
    return collapse(classify(link(clean(article, ingested_at), nlp)))


def extract_lines(lines: Iterable[bytes], settings: Settings, nlp: Language,
                  errors: IO[str]) -> Iterator[EventRecord]:
    """Yield every record the stream would emit (new events and their revisions)."""
    state = MemoryState()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            article = codec.decode_article(line.rstrip(b"\r\n"), settings.max_message_bytes)
            candidates = candidates_of(article, nlp)
        except BadMessage as exc:
            print(f"line {number}: skipped: {exc}", file=errors)
            continue
        except Exception as exc:  # one bad article must not end a backfill
            print(f"line {number}: skipped: processing_error: {exc!r}", file=errors)
            continue
        for candidate in candidates:
            record = state.add(candidate, settings)
            if record is not None:
                yield record


def final_records(lines: Iterable[bytes], settings: Settings, nlp: Language
                  ) -> list[EventRecord]:
    """The last revision of every event the lines give (bad lines skipped silently)."""
    latest: dict[str, EventRecord] = {}
    for record in extract_lines(lines, settings, nlp, io.StringIO()):
        latest[record.event_id] = record
    return list(latest.values())


def run_extract(input_path: str, output_path: str, settings: Settings, nlp: Language,
                revisions: bool = False) -> int:
    source = sys.stdin.buffer if input_path == "-" else open(input_path, "rb")  # noqa: SIM115
    sink = sys.stdout.buffer if output_path == "-" else open(output_path, "wb")  # noqa: SIM115
    try:
        latest: dict[str, EventRecord] = {}
        for record in extract_lines(source, settings, nlp, sys.stderr):
            latest[record.event_id] = record
            if revisions:
                sink.write(codec.encode(record) + b"\n")
                sink.flush()
        if not revisions:
            for record in latest.values():
                sink.write(codec.encode(record) + b"\n")
        return len(latest)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if sink is not sys.stdout.buffer:
            sink.close()


