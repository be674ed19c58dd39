"""Operations against the real servers: promtool checks the shipped config and alert rules,
and a real Prometheus scraping a running worker answers every query of the Grafana dashboard
and every metric the alerts use."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import orjson
import pytest

from pipeline import topics
from tests.integration.kafka_harness import REPO, Broker, Worker, free_port, produce, wait_for

pytestmark = pytest.mark.integration
PROMETHEUS_DIR = REPO / "deploy" / "prometheus"
DASHBOARD = REPO / "deploy" / "grafana" / "dashboard.json"
FIXTURES = sorted((REPO / "fixtures" / "articles").glob("*.json"))


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} not found: `make install` installs Debian's prometheus package"
    return path


def test_promtool_accepts_the_config_and_the_rules_pass_their_tests() -> None:
    for args in (["check", "config", "prometheus.yml"],
                 ["check", "config", "prometheus.compose.yml"], ["check", "rules", "alerts.yml"],
                 ["test", "rules", "alerts_test.yml"]):
        done = subprocess.run([tool("promtool"), *args], cwd=PROMETHEUS_DIR,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr


def dashboard_queries() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    queries = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    assert len(queries) >= 15
    return queries


def alert_metrics() -> set[str]:
    text = (PROMETHEUS_DIR / "alerts.yml").read_text()
    return set(re.findall(r"\b(eventwire_[a-z_]+)", text))


@pytest.fixture(scope="module")
def busy_worker(broker: Broker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    """A worker that has seen good articles, a redelivery and a malformed message."""
    worker = Worker(broker, tmp_path_factory.mktemp("observed"))
    worker.start()
    try:
        messages = [(orjson.loads(p.read_bytes())["id"].encode(), p.read_bytes().strip())
                    for p in FIXTURES]
        produce(broker.bootstrap, worker.topic(topics.RAW),
                [*messages, messages[0], (b"bad", b"{not json")])
        wait_for(lambda: worker.counter("eventwire_messages_consumed_total", stage="dedup") > 0
                 and worker.counter("eventwire_dedup_outcomes_total", outcome="duplicate") > 0,
                 240, "the stream through dedup", worker)
        yield worker
    finally:
        worker.stop()


@pytest.fixture(scope="module")
def prometheus(busy_worker: Worker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Prometheus with the shipped config and rules, scraping the worker every second."""
    home = tmp_path_factory.mktemp("prometheus")
    config = (PROMETHEUS_DIR / "prometheus.yml").read_text()
    config = config.replace("scrape_interval: 15s", "scrape_interval: 1s")
    config = config.replace('"127.0.0.1:6066"', f'"127.0.0.1:{busy_worker.web_port}"')
    (home / "prometheus.yml").write_text(config)
    shutil.copy(PROMETHEUS_DIR / "alerts.yml", home / "alerts.yml")
    port = free_port()
    log = (home / "prometheus.log").open("wb")
    proc = subprocess.Popen(
        [tool("prometheus"), f"--config.file={home / 'prometheus.yml'}",
         f"--storage.tsdb.path={home / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _get(f"{url}/-/ready") is not None, 60, "Prometheus to start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_every_dashboard_query_and_alert_metric_returns_data(prometheus: str) -> None:
    pending = {*dashboard_queries(), *alert_metrics()}
    deadline = time.monotonic() + 90
    while pending and time.monotonic() < deadline:
        pending = {q for q in pending if not _query(prometheus, q)}
        if pending:
            time.sleep(2)
    assert not pending, f"no data through Prometheus for: {sorted(pending)}"


def test_health_and_readiness(busy_worker: Worker) -> None:
    assert busy_worker.page("/health") == {"status": "ok"}
    wait_for(lambda: (busy_worker.page("/ready") or {}).get("ready"), 60, "readiness",
             busy_worker)
    assert busy_worker.counter("eventwire_worker_ready") == 1


def _query(base: str, expr: str) -> list[object]:
    body = _get(f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    if body is None:
        return []
    answer = orjson.loads(body)
    assert answer["status"] == "success", (expr, answer)
    return list(answer["data"]["result"])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return bytes(resp.read())
    except OSError:
        return None
