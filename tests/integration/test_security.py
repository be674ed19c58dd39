"""A broker that takes only SCRAM-SHA-512 logins: the pipeline works with the right
credentials, stops with a clear error with wrong ones, and never prints the password."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest

from pipeline import topics
from tests.integration.kafka_harness import (
    REPO,
    Broker,
    Worker,
    produce,
    read_until_quiet,
    running_broker,
)

pytestmark = pytest.mark.integration
USER, PASSWORD = "eventwire", "s3cret-Pa55word"
ARTICLE = REPO / "fixtures" / "articles" / "000_96d09219a0430ed7.json"


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    with running_broker(tmp_path_factory.mktemp("kafka-sasl"), (USER, PASSWORD)) as broker:
        yield broker


def credentials(password: str) -> dict[str, str]:
    return {"EVENTWIRE_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "EVENTWIRE_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "EVENTWIRE_KAFKA_SASL_USERNAME": USER, "EVENTWIRE_KAFKA_SASL_PASSWORD": password}


def test_the_pipeline_runs_on_a_scram_listener(sasl_broker: Broker,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    worker = Worker(sasl_broker, tmp_path_factory.mktemp("sasl-worker"), **credentials(PASSWORD))
    worker.start()
    try:
        article = ARTICLE.read_bytes().strip()
        produce(sasl_broker.bootstrap, worker.topic(topics.RAW),
                [(orjson.loads(article)["id"].encode(), article)], **sasl_broker.client_options)
        events = read_until_quiet(sasl_broker.bootstrap, worker.topic(topics.EVENTS), quiet=5,
                                  limit=240, worker=worker, **sasl_broker.client_options)
    finally:
        worker.stop()
    assert {orjson.loads(e)["article_id"] for e in events} == {orjson.loads(article)["id"]}
    assert PASSWORD not in worker.log_path.read_text(errors="replace")


def test_wrong_credentials_fail_clearly_without_the_secret(
    sasl_broker: Broker, tmp_path_factory: pytest.TempPathFactory
) -> None:
    wrong = "not-the-" + PASSWORD
    worker = Worker(sasl_broker, tmp_path_factory.mktemp("sasl-wrong"), **credentials(wrong))
    for command in ("topics", "run"):
        done = worker.cli(command)
        assert done.returncode != 0, command
        assert "authentication refused" in done.stderr and USER in done.stderr, done.stderr
        assert wrong not in done.stdout + done.stderr
    # Plain clients against the SCRAM listener get the protocol hint.
    plain = Worker(sasl_broker, tmp_path_factory.mktemp("sasl-plain")).cli("topics")
    assert plain.returncode != 0 and "EVENTWIRE_KAFKA_SECURITY_PROTOCOL" in plain.stderr


def test_help_shows_no_secret() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pipeline", "run", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=60,
                          env={"EVENTWIRE_KAFKA_SASL_PASSWORD": PASSWORD, "PATH": "/usr/bin"})
    assert done.returncode == 0 and PASSWORD not in done.stdout + done.stderr
