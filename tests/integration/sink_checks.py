"""Checks on what reached the sink topic, shared by the fault and scale-out tests."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline import codec
from pipeline.extract import candidates_of
from pipeline.settings import Settings

Record = dict[str, Any]


def latest(sink: list[Record]) -> dict[str, Record]:
    """The highest revision of every event id."""
    out: dict[str, Record] = {}
    for record in sink:
        if record["revision"] >= out.get(record["event_id"], {"revision": 0})["revision"]:
            out[record["event_id"]] = record
    return out


def revision_errors(sink: list[Record]) -> list[str]:
    """An event id emitted as two different records for one revision, or a revision lost."""
    by_revision: dict[tuple[str, int], Record] = {}
    revisions: dict[str, set[int]] = defaultdict(set)
    errors = []
    for record in sink:
        key = (record["event_id"], record["revision"])
        if key in by_revision and by_revision[key] != record:
            errors.append(f"{key} emitted as two different records")
        by_revision[key] = record
        revisions[record["event_id"]].add(record["revision"])
    errors += [f"{event_id} lost a revision: {sorted(seen)}" for event_id, seen in
               revisions.items() if seen != set(range(1, max(seen) + 1))]
    return errors


def founders_are_unique(sink: list[Record]) -> bool:
    """No mention founded two events (a redelivery may repeat a record, never found another)."""
    founders = [(r["article_id"], r["sentence"], r["trigger"]["start"])
                for r in {r["event_id"]: r for r in sink if r["revision"] == 1}.values()]
    return len(founders) == len(set(founders))


def missing_events(messages: list[tuple[bytes, bytes]], sink: list[Record],
                   nlp: Any) -> list[tuple[str, str]]:
    """(article, type) of each event the offline extractor finds in an input article that
    no event on the sink of that type cites."""
    final = latest(sink).values()
    settings = Settings()
    missing = []
    for _, value in messages:
        article = codec.decode_article(value, settings.max_message_bytes)
        for cand in candidates_of(article, nlp):
            if not any(r["event_type"] == cand.event_type
                       and any(s["article_id"] == article.id for s in r["sources"])
                       for r in final):
                missing.append((article.id, cand.event_type))
    return missing
