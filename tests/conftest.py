from __future__ import annotations

import pytest

from pipeline.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # type: ignore[no-untyped-def]
    from pipeline.nlp import load_nlp

    return load_nlp(settings)
