"""`make bench`: the pipeline's throughput, latency and memory on the local broker, side by
side with plain spaCy on the same texts and the same cores, in one run.

1. the pipeline end to end (1 worker, then 2 in one consumer group): articles/s and words/s
   from the first produce to the last event on the sink;
2. end-to-end latency p50/p95/p99 at a fixed offered load of half the measured capacity;
3. the peak RSS of each worker process;
4. the naive baseline: the same texts through the full en_core_web_sm pipeline (`nlp.pipe`);
5. the practical floor: the same texts through NER only;
6. the ratios (1)/(4) and (1)/(5).
Prints a Markdown table and writes it, with a JSON copy, under bench/results/.
"""

from __future__ import annotations

import argparse
import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, KafkaProducer

from pipeline import codec, ops, topics
from pipeline.bench_corpus import REPO, corpus, word_count
from pipeline.settings import Settings

KAFKA_SH = REPO / "deploy" / "kafka" / "kafka.sh"
RESULTS = REPO / "bench" / "results"
# How often the bench reads the workers' /metrics to see them drained. A scrape costs a worker
# ~20 ms; Prometheus scrapes every 15 s, and the timings come from the sink's timestamps, so
# polling faster would only slow the worker being measured.
DRAIN_POLL_S = 5.0
TARGETS = {"vs_full_spacy": 2.0, "vs_ner_only": 0.85, "p99_s": 1.0, "rss_mb": 600.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Broker:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.env = {**os.environ, "KAFKA_PORT": str(self.port),
                    "KAFKA_CONTROLLER_PORT": str(free_port()), "KAFKA_DATA_DIR": str(data_dir)}
        self.bootstrap = f"127.0.0.1:{self.port}"

    def __enter__(self) -> Broker:
        subprocess.run([str(KAFKA_SH), "start"], env=self.env, check=True)
        subprocess.run([str(KAFKA_SH), "wait", "120"], env=self.env, check=True)
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run([str(KAFKA_SH), "stop"], env=self.env, check=False)


class Workers:
    """``count`` `eventwire run` processes in one consumer group, on their own topics."""

    def __init__(self, broker: Broker, count: int, data_dir: Path) -> None:
        tag = uuid.uuid4().hex[:8]
        self.prefix = f"bench{tag}."
        self.env = {**os.environ, "EVENTWIRE_KAFKA_BOOTSTRAP": broker.bootstrap,
                    "EVENTWIRE_TOPIC_PREFIX": self.prefix, "EVENTWIRE_APP_ID": f"bench-{tag}",
                    "EVENTWIRE_LOG_LEVEL": "warning"}
        self.ports = [free_port() for _ in range(count)]
        self.data_dir = data_dir
        self.procs: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Workers:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pipeline", "topics"], env=self.env, check=True,
                       capture_output=True)
        for n, port in enumerate(self.ports):
            env = {**self.env, "EVENTWIRE_WEB_PORT": str(port),
                   "EVENTWIRE_DATA_DIR": str(self.data_dir / f"w{n}")}
            log = (self.data_dir / f"w{n}.log").open("wb")
            self.procs.append(subprocess.Popen([sys.executable, "-m", "pipeline", "run"],
                                               env=env, stdout=log, stderr=subprocess.STDOUT))
        _wait(lambda: all(_ready(p) for p in self.ports), 180, "workers ready")
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()

    def topic(self, logical: str) -> str:
        return self.prefix + logical

    def counter(self, name: str, stage: str) -> float:
        return sum(_metric(port, name, stage) for port in self.ports)

    def drained(self, articles: int) -> bool:
        return ops.drained(self.counter, articles)

    def peak_rss_mb(self) -> list[float]:
        out = []
        for proc in self.procs:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            kb = next(int(line.split()[1]) for line in status.splitlines()
                      if line.startswith("VmHWM:"))
            out.append(kb / 1024)
        return out


def produce(bootstrap: str, topic: str, articles: Iterable[dict[str, Any]],
            rate: float | None = None) -> dict[str, float]:
    """Send the articles (at ``rate`` per second if given); their send times by id."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    sent: dict[str, float] = {}
    started = time.time()
    for n, article in enumerate(articles):
        if rate:
            time.sleep(max(0.0, started + n / rate - time.time()))
        sent[article["id"]] = time.time()
        producer.send(topic, key=article["id"].encode(), value=orjson.dumps(article))
    producer.flush()
    producer.close()
    return sent


def sink(bootstrap: str, topic: str) -> list[tuple[float, dict[str, Any]]]:
    """(broker timestamp in s, record) of everything on the sink topic."""
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, group_id=None, consumer_timeout_ms=3000)
    out = [(m.timestamp / 1000, orjson.loads(m.value)) for m in consumer]
    consumer.close()
    return out


def run_pipeline(broker: Broker, articles: list[dict[str, Any]], workers: int,
                 data_dir: Path) -> dict[str, Any]:
    with Workers(broker, workers, data_dir) as group:
        started = time.time()
        produce(broker.bootstrap, group.topic(topics.RAW), articles)
        _wait(lambda: group.drained(len(articles)), 3600, "the pipeline to drain",
              poll=DRAIN_POLL_S)
        records = sink(broker.bootstrap, group.topic(topics.EVENTS))
        rss = group.peak_rss_mb()
    finished = max((ts for ts, _ in records), default=time.time())
    seconds = finished - started
    return {"workers": workers, "seconds": seconds, "articles_per_s": len(articles) / seconds,
            "words_per_s": word_count(articles) / seconds, "records": len(records),
            "peak_rss_mb": rss}


def run_latency(broker: Broker, articles: list[dict[str, Any]], rate: float,
                data_dir: Path) -> dict[str, Any]:
    """Offer ``rate`` articles/s to one worker; latency of each record from its newest
    article's send to its arrival on the sink."""
    with Workers(broker, 1, data_dir) as group:
        sent = produce(broker.bootstrap, group.topic(topics.RAW), articles, rate=rate)
        _wait(lambda: group.drained(len(articles)), 3600, "the pipeline to drain",
              poll=DRAIN_POLL_S)
        records = sink(broker.bootstrap, group.topic(topics.EVENTS))
    latencies = sorted(ts - sent[r["sources"][-1]["article_id"]] for ts, r in records
                       if r["sources"][-1]["article_id"] in sent)
    return {"offered_per_s": rate, "records": len(latencies),
            **{f"p{q}_s": _quantile(latencies, q / 100) for q in (50, 95, 99)}}


def run_spacy(texts: list[str], model: str, ner_only: bool, processes: int) -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model, exclude=[p for p in ("parser", "tagger", "attribute_ruler",
                                                 "lemmatizer", "senter") if ner_only])
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {"pipes": nlp.pipe_names, "seconds": seconds, "articles_per_s": len(texts) / seconds,
            "words_per_s": words / seconds}


def run_stages(articles: list[dict[str, Any]], settings: Settings) -> dict[str, Any]:
    """Where (1)'s time goes: the same stage functions in one process without Kafka, and the
    link stage's spaCy work alone (pre-filtered sentences, one Doc per article)."""
    from pipeline.extract import MemoryState
    from pipeline.nlp import load_nlp
    from pipeline.stages.analyse import analyse
    from pipeline.stages.classify import classify
    from pipeline.stages.clean import clean
    from pipeline.stages.dedup import collapse
    from pipeline.stages.link import link_many

    nlp = load_nlp(settings)
    parsed = [codec.decode_article(orjson.dumps(a), settings.max_message_bytes)
              for a in articles]
    words = word_count(articles)
    batch = settings.link_batch_articles
    # Loaded before the clock starts, as a worker has them before its first article: the KB,
    # the classifier, dateparser's tables.
    collapse(classify(link_many([clean(parsed[0])], nlp)[0]))
    gc.freeze()  # as the worker does once its model and KB are loaded
    started = time.perf_counter()
    state = MemoryState()
    for n in range(0, len(parsed), batch):
        cleans = [clean(a) for a in parsed[n : n + batch]]
        for linked in link_many(cleans, nlp, batch_size=batch):
            for cand in collapse(classify(linked)):
                state.add(cand, settings)
    stages = time.perf_counter() - started
    sentences = [[s.text for s in clean(a).sentences] for a in parsed]
    started = time.perf_counter()
    for n in range(0, len(sentences), batch):
        analyse(nlp, sentences[n : n + batch], batch)
    nlp_seconds = time.perf_counter() - started
    return {"stages_words_per_s": words / stages, "link_nlp_words_per_s": words / nlp_seconds}


def report(result: dict[str, Any]) -> str:
    one, two, lat = result["pipeline_1"], result["pipeline_2"], result["latency"]
    full, ner, inside = result["spacy_full"], result["spacy_ner"], result["stages"]
    vs_full, vs_ner = one["words_per_s"] / full["words_per_s"], \
        one["words_per_s"] / ner["words_per_s"]
    rss = max(one["peak_rss_mb"] + two["peak_rss_mb"])
    t = TARGETS

    def ok(good: bool) -> str:
        return "yes" if good else "**no**"

    lines = [
        f"## eventwire bench: {result['articles']} articles, {result['words']:,} words "
        f"(seed {result['seed']}), {result['cpus']} cores, {result['when']}",
        "",
        "| measure | value | target | met |", "|---|---|---|---|",
        f"| (1) pipeline, 1 worker | {one['articles_per_s']:.1f} articles/s, "
        f"{one['words_per_s']:,.0f} words/s ({one['seconds']:.1f} s) | | |",
        f"| pipeline, 2 workers | {two['articles_per_s']:.1f} articles/s, "
        f"{two['words_per_s']:,.0f} words/s: {two['words_per_s'] / one['words_per_s']:.2f}x "
        "one worker | | |",
        f"| (2) latency at {lat['offered_per_s']:.1f} articles/s (half capacity) | p50 "
        f"{lat['p50_s']:.2f} s, p95 {lat['p95_s']:.2f} s, p99 {lat['p99_s']:.2f} s | p99 <= "
        f"{t['p99_s']} s | {ok(lat['p99_s'] <= t['p99_s'])} |",
        f"| (3) peak RSS per worker | {', '.join(f'{m:.0f}' for m in one['peak_rss_mb'])} MB "
        f"(1 worker); {', '.join(f'{m:.0f}' for m in two['peak_rss_mb'])} MB (2) | <= "
        f"{t['rss_mb']:.0f} MB | {ok(rss <= t['rss_mb'])} |",
        f"| (4) full en_core_web_sm `nlp.pipe`, 1 process | {full['words_per_s']:,.0f} words/s "
        "| | |",
        f"| (5) NER-only `nlp.pipe`, 1 process | {ner['words_per_s']:,.0f} words/s | | |",
        f"| where (1)'s time goes: the same stages in one process, no Kafka | "
        f"{inside['stages_words_per_s']:,.0f} words/s | | |",
        f"| ... of which the link stage's spaCy work alone | "
        f"{inside['link_nlp_words_per_s']:,.0f} words/s | | |",
        f"| (1)/(4) | {vs_full:.2f} | >= {t['vs_full_spacy']} | "
        f"{ok(vs_full >= t['vs_full_spacy'])} |",
        f"| (1)/(5) | {vs_ner:.2f} | >= {t['vs_ner_only']} | {ok(vs_ner >= t['vs_ner_only'])} |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency-articles", type=int, default=300)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    model = next(iter(_installed(settings.model_candidates())))
    articles = corpus(args.articles, args.seed)
    texts = [a["body"] for a in articles]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    work = REPO / ".data" / "bench" / stamp
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"articles": len(articles), "words": word_count(articles),
                              "seed": args.seed, "cpus": os.cpu_count(), "when": stamp,
                              "model": model}
    with Broker(work / "kafka") as broker:
        result["pipeline_1"] = run_pipeline(broker, articles, 1, work / "one")
        result["pipeline_2"] = run_pipeline(broker, articles, 2, work / "two")
        half = result["pipeline_1"]["articles_per_s"] / 2
        latency_set = corpus(args.latency_articles, args.seed + 1)
        result["latency"] = run_latency(broker, latency_set, half, work / "latency")
    result["spacy_full"] = run_spacy(texts, model, ner_only=False, processes=1)
    result["spacy_ner"] = run_spacy(texts, model, ner_only=True, processes=1)
    result["stages"] = run_stages(articles, settings)
    text = report(result)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / ".gitignore").write_text("*\n")
    (RESULTS / f"{stamp}.md").write_text(text)
    (RESULTS / f"{stamp}.json").write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    return 0


def _installed(names: Iterable[str]) -> list[str]:
    import spacy.util

    return [n for n in names if spacy.util.is_package(n)] or list(names)


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=5) as resp:
            return bool(orjson.loads(resp.read())["ready"])
    except OSError:
        return False


def _metric(port: int, name: str, stage: str) -> float:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
            text = resp.read().decode()
    except OSError:
        return 0.0
    prefix = f'{name}{{stage="{stage}"}} '
    return sum(float(line[len(prefix):]) for line in text.splitlines()
               if line.startswith(prefix))


def _wait(predicate: Any, timeout: float, what: str, poll: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(poll)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


if __name__ == "__main__":
    raise SystemExit(main())
