"""The `eventwire` command: run, ingest, tail, topics, extract."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from pipeline import topics
from pipeline.errors import EventwireError
from pipeline.settings import Settings, SettingsError

log = logging.getLogger("eventwire")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"eventwire: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # kafka-python narrates every connection at INFO.
    logging.getLogger("kafka").setLevel(max(logging.WARNING, logging.getLogger().level))
    try:
        return int(args.func(args, settings) or 0)
    except EventwireError as exc:
        print(f"eventwire: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire",
        description="Streaming political-event extraction from news on Apache Kafka. "
        "Settings come from EVENTWIRE_* environment variables (see README).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline worker (all stages)",
                         description="Run the streaming worker: clean, link, classify and "
                         "dedup agents, with Prometheus metrics at /metrics on the web port.")
    run.set_defaults(func=_run)

    ingest = sub.add_parser("ingest", help="send articles to the input topic",
                            description="Send articles to the input topic. A .jsonl file holds "
                            "one JSON article per line (sent as is, so the worker judges it); "
                            "a .json file holds one article or a list; any other file is a "
                            "plain-text article whose id is the file name.")
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")
    ingest.set_defaults(func=_ingest)

    tail = sub.add_parser("tail", help="print event records as they arrive on the sink topic",
                          description="Print event records from the sink topic, one readable "
                          "line each (or JSON with --json).")
    tail.add_argument("--json", action="store_true", help="print each record as JSON")
    tail.add_argument("--from-beginning", action="store_true",
                      help="read the topic from its start, not only new records")
    tail.add_argument("--type", action="append", dest="types", metavar="PLOVER_TYPE",
                      help="only these event types (repeat or comma-separate: ASSAULT,PROTEST)")
    tail.add_argument("--country", action="append", dest="countries", metavar="ISO3",
                      help="only events placed in these countries (location, else actor)")
    tail.add_argument("--min-confidence", type=float, default=0.0,
                      help="only records at least this confident (0-1, calibrated)")
    tail.add_argument("--new-only", action="store_true",
                      help="only new events (revision 1), not updates")
    tail.add_argument("--modality", action="append", dest="modalities",
                      help="only these modalities (asserted, claimed, ...)")
    tail.add_argument("--max-records", type=int, default=0, help="stop after N records")
    tail.add_argument("--idle-timeout", type=float, default=0,
                      help="stop after this many seconds without a record (0: never)")
    tail.set_defaults(func=_tail)

    topics_p = sub.add_parser("topics", help="create the pipeline's topics",
                              description="Create every topic (idempotent) with the partition "
                              "counts of the settings.")
    topics_p.set_defaults(func=_topics)

    extract = sub.add_parser("extract", help="offline: JSONL articles in, JSONL events out",
                             description="Run the same stages in one process without Kafka. "
                             "Bad lines are reported on stderr with their number and skipped.")
    extract.add_argument("--input", default="-", help="JSONL file of articles, or - (stdin)")
    extract.add_argument("--output", default="-", help="JSONL file for events, or - (stdout)")
    extract.add_argument("--revisions", action="store_true",
                         help="write every revision as the stream would, not only the last")
    extract.set_defaults(func=_extract)

    evaluate = sub.add_parser("eval", help="precision / recall / F1 on the gold and dev sets",
                              description="Score events (per type, ACLED sub-type and roles) "
                              "and entity mentions on fixtures/gold, fixtures/dev and, when "
                              "present, ../shared/eval.")
    evaluate.add_argument("--speed", action="store_true", help="also measure the link stage")
    evaluate.set_defaults(func=_eval)
    return parser


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from faust import Worker

    from pipeline.app import create_app
    from pipeline.extract import warm_up
    from pipeline.kafka import check_connection
    from pipeline.nlp import load_nlp

    check_connection(settings)
    # Loaded before the worker joins its group: no article waits for the model, the KB or
    # the classifier, and /ready means ready to work.
    nlp = load_nlp(settings)
    warm_up(nlp)
    app = create_app(settings, nlp_model=nlp)
    worker = Worker(app, loglevel=settings.log_level, quiet=True)
    worker.execute_from_commandline()  # returns on SIGINT/SIGTERM after a clean shutdown
    return 0


def _topics(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.kafka import ensure_topics

    for name, created in ensure_topics(settings):
        print(f"{name}: {'created' if created else 'exists'}")
    return 0


def read_articles(path: Path) -> Iterator[tuple[bytes | None, bytes]]:
    """(key, value) pairs from a file of articles; values are sent as the file has them."""
    if path.suffix == ".jsonl":
        with path.open("rb") as handle:
            for line in handle:
                line = line.rstrip(b"\r\n")
                if line.strip():
                    yield _key_of(line), line
    elif path.suffix == ".json":
        data = path.read_bytes()
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError:
            yield None, data  # the worker dead-letters it with its reason
            return
        for item in obj if isinstance(obj, list) else [obj]:
            value = orjson.dumps(item)
            yield _key_of(value), value
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
        yield path.stem.encode(), orjson.dumps({"id": path.stem, "body": text})


def _key_of(value: bytes) -> bytes | None:
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    article_id = obj.get("id") if isinstance(obj, dict) else None
    return str(article_id).encode() if isinstance(article_id, (str, int)) else None


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from pipeline.kafka import producer

    topic = topics.topic_name(settings, topics.RAW)
    messages = [m for path in args.files for m in read_articles(path)]
    with producer(settings) as send:
        for key, value in tqdm(messages, desc=f"ingest -> {topic}", unit="article",
                               disable=args.no_progress, file=sys.stderr):
            send(topic, key, value)
    print(f"sent {len(messages)} article(s) to {topic}", file=sys.stderr)
    return 0


def _tail(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.kafka import consume

    records = consume(settings, topics.topic_name(settings, topics.EVENTS),
                      from_beginning=args.from_beginning, idle_timeout=args.idle_timeout)
    wanted = record_filter(args)
    count = 0
    for value in records:
        record = orjson.loads(value)
        if not wanted(record):
            continue
        print(orjson.dumps(record).decode() if args.json else format_event(record), flush=True)
        count += 1
        if args.max_records and count >= args.max_records:
            break
    return 0


def record_filter(args: argparse.Namespace) -> Callable[[dict[str, Any]], bool]:
    """The tail filters as one predicate on a decoded event record."""
    def values(option: list[str] | None, upper: bool = True) -> set[str]:
        items = {v.strip() for o in option or () for v in o.split(",") if v.strip()}
        return {v.upper() if upper else v.lower() for v in items}

    types, countries = values(args.types), values(args.countries)
    modalities = values(args.modalities, upper=False)

    def wanted(record: dict[str, Any]) -> bool:
        country = (record.get("location") or {}).get("country") or \
            (record.get("actor") or {}).get("country")
        return ((not types or record["event_type"] in types)
                and (not countries or country in countries)
                and (not modalities or record.get("modality") in modalities)
                and record.get("confidence", 0.0) >= args.min_confidence
                and (not args.new_only or record.get("revision") == 1))
    return wanted


def format_event(record: dict[str, Any]) -> str:
    """One readable line: type, actor -> target, place, date."""
    def who(p: dict[str, Any] | None) -> str:
        return (p.get("name") or p.get("text") or "?") if p else "?"

    kind = record["event_type"] + (f"/{record['mode']}" if record.get("mode") else "")
    loc = record.get("location")
    place = f"{loc.get('name') or loc.get('text')}" + (f", {loc['country']}" if
                                                        loc.get("country") else "") if loc else "?"
    modality = "" if record.get("modality") == "asserted" else f" ({record['modality']})"
    return (f"{kind:<18} {who(record.get('actor'))} -> {who(record.get('target'))}"
            f"  @ {place}  {record.get('date') or 'date?'}{modality}"
            f"  [rev {record['revision']}, {record['num_articles']} art, "
            f"conf {record['confidence']:.2f}] {record['event_id']}")


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline import calibrate, evaluate, evaluate_dedup, evaluate_entities

    evaluate.main([])
    calibrate.check()
    evaluate_dedup.main([])
    return evaluate_entities.main(["--speed"] if args.speed else [])


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.extract import run_extract
    from pipeline.nlp import load_nlp

    count = run_extract(args.input, args.output, settings, load_nlp(settings),
                        revisions=args.revisions)
    print(f"extract: {count} event(s)", file=sys.stderr)
    return 0


