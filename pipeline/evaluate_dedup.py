"""Dedup, measured: pairwise precision and recall of "same real-world event" on
fixtures/dedup/articles.jsonl (clusters of reports of one event, and hard negatives), and the
dedup state's size per 100,000 events.

The articles go through the offline extractor in publication order, with their publication
times as Kafka timestamps. Each gold (article, event) mention is matched to the record that
cites the article with the same event type (ties: the one whose place the gold names, then the
nearest date); two mentions are "the same event" for the pipeline when they got one event_id.
"""

from __future__ import annotations

import argparse
from collections.abc import Collection, Iterable
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import orjson

from pipeline import codec
from pipeline.evaluate import REPO, prf
from pipeline.extract import MemoryState, candidates_of
from pipeline.nlp import load_nlp
from pipeline.settings import Settings


def run(settings: Settings, nlp: Any, path: Path) -> None:
    items = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    items.sort(key=lambda i: (i["published_at"], i["id"]))
    state = MemoryState()
    peak = (0, 0)  # (bytes, events) of the largest state along the way
    for item in items:
        article = codec.article_from_obj({k: item[k] for k in ("id", "body", "title", "source",
                                                               "published_at")})
        ingested = datetime.fromisoformat(item["published_at"].replace("Z", "+00:00"))
        for candidate in candidates_of(article, nlp, ingested.timestamp()):
            state.add(candidate, settings)
        size = sum(len(codec.encode(bucket)) for bucket in state.buckets.values())
        peak = max(peak, (size, sum(len(b) for b in state.buckets.values())))
    records = [codec.to_dict(r) for r in state.latest.values()]
    mentions = [(item["id"], e) for item in items for e in item["events"]]
    # Within one article, a record serves at most one mention (fixtures/dedup/README.md).
    served: dict[str, set[str]] = {}
    assigned = []
    for n, (article_id, gold) in enumerate(mentions):
        used = served.setdefault(article_id, set())
        found = _assign(article_id, gold, records, used)
        if found:
            used.add(found)
        assigned.append(found or f"unmatched-{n}")
    tp = fp = fn = 0
    hard_negative_merges = hard_negatives = 0
    for (a, b) in combinations(range(len(mentions)), 2):
        same_gold = mentions[a][1]["event_key"] == mentions[b][1]["event_key"]
        same_pred = assigned[a] == assigned[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
        if not same_gold and mentions[a][1]["event_type"] == mentions[b][1]["event_type"]:
            hard_negatives += 1
            hard_negative_merges += same_pred
    p, r, f = prf(tp, fp, fn)
    matched = sum(not a.startswith("unmatched") for a in assigned)
    print(f"## Dedup: {len(items)} articles, {len(mentions)} gold event mentions in "
          f"{len({m[1]['event_key'] for m in mentions})} events ({path.relative_to(REPO)})\n")
    print(f"mentions matched to a record: {matched}/{len(mentions)}\n")
    print("| pairs \"same event\" | P | R | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    print(f"| pairwise | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} |\n")
    print(f"same-type pairs of different events merged: {hard_negative_merges} of "
          f"{hard_negatives}\n")
    size, events = peak
    if events:
        print(f"dedup state at its largest: {size:,} bytes for {events} events = "
              f"{size / events * 100_000 / 2**20:,.0f} MiB per 100,000 events (JSON values in "
              "the table and its changelog; RocksDB compresses on disk); at the end, "
              f"{sum(len(b) for b in state.buckets.values())} events of the last "
              f"{settings.dedup_window_days} days\n")


def _assign(article_id: str, gold: dict[str, Any], records: list[dict[str, Any]],
            used: Collection[str] = ()) -> str | None:
    cited = [r for r in records if r["event_type"] == gold["event_type"]
             and any(s["article_id"] == article_id for s in r["sources"])
             and r["event_id"] not in used]
    if not cited:
        return None
    place = (gold.get("place") or "").lower()

    def rank(record: dict[str, Any]) -> tuple[int, int]:
        loc = record.get("location") or {}
        # The location's text or its name matches the gold place: one contains the other.
        names_place = bool(place) and any(
            where and (place in where or where in place)
            for where in ((loc.get("name") or "").lower(), (loc.get("text") or "").lower()))
        days = 99
        if gold.get("date") and record.get("date"):
            days = abs((datetime.fromisoformat(gold["date"])
                        - datetime.fromisoformat(record["date"])).days)
        return (0 if names_place else 1, days)

    return str(min(cited, key=rank)["event_id"])


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate_dedup",
                                     description=__doc__)
    parser.add_argument("--data", type=lambda p: Path(p).resolve(),
                        default=REPO / "fixtures/dedup/articles.jsonl")
    args = parser.parse_args(list(argv) if argv is not None else None)
    settings = Settings.from_env()
    run(settings, load_nlp(settings), args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


