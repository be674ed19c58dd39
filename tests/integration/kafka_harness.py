"""A real Kafka broker and real worker processes for the integration tests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, KafkaProducer

from pipeline import ops

REPO = Path(__file__).resolve().parents[2]
KAFKA_SH = REPO / "deploy" / "kafka" / "kafka.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Broker:
    port: int
    env: dict[str, str]
    # kafka-python options the test clients need (SASL on a secured broker).
    client_options: dict[str, str] = field(default_factory=dict)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def run(self, *args: str) -> None:
        subprocess.run([str(KAFKA_SH), *args], env=self.env, check=True, timeout=180)


@contextmanager
def running_broker(data_dir: Path, scram_user: tuple[str, str] | None = None
                   ) -> Iterator[Broker]:
    """A broker for the block (see start_broker), stopped after it."""
    broker = start_broker(data_dir, scram_user)
    try:
        yield broker
    finally:
        broker.run("stop")


def start_broker(data_dir: Path, scram_user: tuple[str, str] | None = None) -> Broker:
    """A broker on free ports; with ``scram_user`` its listener takes SCRAM-SHA-512 logins."""
    port = free_port()
    env = {**os.environ, "KAFKA_PORT": str(port), "KAFKA_CONTROLLER_PORT": str(free_port()),
           "KAFKA_DATA_DIR": str(data_dir)}
    options: dict[str, str] = {}
    if scram_user is not None:
        env["KAFKA_SCRAM_USERS"] = ":".join(scram_user)
        options = {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
                   "sasl_plain_username": scram_user[0], "sasl_plain_password": scram_user[1]}
    broker = Broker(port, env, options)
    broker.run("start")
    broker.run("wait", "120")
    return broker


class Worker:
    """`eventwire run` in a subprocess, with its own topic prefix, app id and web port."""

    def __init__(self, broker: Broker, data_dir: Path, tag: str | None = None,
                 **overrides: str) -> None:
        self.tag = tag or uuid.uuid4().hex[:8]
        self.web_port = free_port()
        self.prefix = f"t{self.tag}."
        self.env = {
            **os.environ,
            "EVENTWIRE_KAFKA_BOOTSTRAP": broker.bootstrap,
            "EVENTWIRE_TOPIC_PREFIX": self.prefix,
            "EVENTWIRE_APP_ID": f"eventwire-{self.tag}",
            "EVENTWIRE_WEB_PORT": str(self.web_port),
            "EVENTWIRE_DATA_DIR": str(data_dir),
            "EVENTWIRE_PARTITIONS": "2",
            **overrides,
        }
        self.log_path = data_dir / "worker.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipeline", *args], env=self.env,
                              capture_output=True, text=True, timeout=300, cwd=REPO)

    def start(self) -> None:
        self.cli("topics").check_returncode()
        self.log = self.log_path.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run"], env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=REPO)
        wait_for(lambda: self.metrics() is not None, 120, "worker web port", self)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final commit, as when a machine dies."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def topic(self, logical: str) -> str:
        return self.prefix + logical

    def metrics(self) -> dict[str, float] | None:
        if self.proc is not None and self.proc.poll() is not None:
            raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.tail_log()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}/metrics",
                                        timeout=5) as resp:
                text = resp.read().decode()
        except OSError:
            return None
        values: dict[str, float] = {}
        for line in text.splitlines():
            match = re.match(r"^([a-z_]+(?:\{[^}]*\})?) ([0-9.e+-]+)$", line)
            if match:
                values[match[1]] = float(match[2])
        return values

    def counter(self, name: str, **labels: str) -> float:
        """Sum of the samples of ``name`` whose labels include ``labels``."""
        total = 0.0
        for key, value in (self.metrics() or {}).items():
            base, _, label_text = key.partition("{")
            found = dict(re.findall(r'(\w+)="([^"]*)"', label_text))
            if base == name and all(found.get(k) == v for k, v in labels.items()):
                total += value
        return total

    def drained(self, articles: int) -> bool:
        """Every stage has finished what reached it (see pipeline.ops.drained)."""
        return ops.drained(lambda name, stage: self.counter(name, stage=stage), articles)

    def page(self, path: str) -> dict[str, Any] | None:
        """A JSON page of the worker's web port (/health, /ready), or None if it fails."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}{path}",
                                        timeout=5) as resp:
                return dict(orjson.loads(resp.read()))
        except OSError:
            return None

    def tail_log(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def wait_for(predicate: Callable[[], object], timeout: float, what: str,
             worker: Worker | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    log = worker.tail_log() if worker else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{log}")


def produce(bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes]],
            **options: str) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all",
                             max_request_size=32 * 1024 * 1024, **options)
    try:
        for key, value in messages:
            producer.send(topic, key=key, value=value)
        producer.flush(timeout=60)
    finally:
        producer.close()


def read_until_quiet(bootstrap: str, topic: str, quiet: float, limit: float,
                     at_least: int = 1, worker: Worker | None = None, **options: str
                     ) -> list[bytes]:
    """Values on ``topic`` once at least ``at_least`` arrived and then none for ``quiet`` s.

    Fails, with the worker's log, if ``at_least`` never arrive within ``limit`` s or the
    worker exits meanwhile.
    """
    deadline = time.monotonic() + limit
    values: list[bytes] = []
    while time.monotonic() < deadline:
        if worker is not None:
            worker.metrics()  # raises with the log if the worker has exited
        values = [v for _, v in read_all(bootstrap, topic, idle=quiet, **options)]
        if len(values) >= at_least:
            again = [v for _, v in read_all(bootstrap, topic, idle=quiet, **options)]
            if len(again) == len(values):
                return values
    log = worker.tail_log(120) if worker else ""
    raise AssertionError(f"{len(values)} records on {topic} after {limit}s, expected at least "
                         f"{at_least}\n{log}")


def read_all(bootstrap: str, topic: str, idle: float = 3.0, **options: str
             ) -> list[tuple[bytes | None, bytes]]:
    """Every record on the topic from its start, until none arrives for ``idle`` seconds."""
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, group_id=None, **options)
    out: list[tuple[bytes | None, bytes]] = []
    last = time.monotonic()
    try:
        while time.monotonic() - last < idle:
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    out.append((record.key, record.value))
                    last = time.monotonic()
    finally:
        consumer.close()
    return out
