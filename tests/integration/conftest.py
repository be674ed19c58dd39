from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.kafka_harness import Broker, running_broker


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """One real Kafka broker (KRaft, on free ports) for the whole integration suite."""
    with running_broker(tmp_path_factory.mktemp("kafka")) as broker:
        yield broker
