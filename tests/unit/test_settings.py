from __future__ import annotations

import pytest

from pipeline import topics
from pipeline.security import describe, kafka_python_options
from pipeline.settings import Settings, SettingsError


def test_settings_come_from_eventwire_variables_only() -> None:
    settings = Settings.from_env({
        "EVENTWIRE_KAFKA_BOOTSTRAP": "10.0.0.1:9092",
        "EVENTWIRE_TOPIC_PREFIX": "prod.",
        "EVENTWIRE_PARTITIONS": "8",
        "EVENTWIRE_PARTITIONS_EVENTS_CANDIDATES": "12",
        "EVENTWIRE_WEB_PORT": "7000",
        "KAFKA_BOOTSTRAP": "ignored",
    })
    assert settings.kafka_bootstrap == "10.0.0.1:9092"
    assert settings.web_port == 7000
    assert settings.partitions_for(topics.RAW) == 8
    assert settings.partitions_for(topics.CANDIDATES) == 12
    names = {spec.logical: spec for spec in topics.topic_specs(settings)}
    assert names[topics.EVENTS].name == "prod.events"
    assert names[topics.EVENTS].config["cleanup.policy"] == "compact"
    assert names[topics.CANDIDATES].partitions == 12


@pytest.mark.parametrize("env", [{"EVENTWIRE_WEB_PORT": "http"}, {"EVENTWIRE_PARTITIONS": "0"},
                                 {"EVENTWIRE_MAX_MESSAGE_BYTES": "10"}])
def test_bad_settings_fail_clearly(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(env)


def test_model_name_is_a_setting_with_upstream_name_first() -> None:
    assert Settings.from_env({}).model_candidates()[0] == "en_core_web_sm"
    assert Settings.from_env({"EVENTWIRE_SPACY_MODEL": "x"}).model_candidates() == ("x",)


def test_sasl_needs_credentials_and_never_shows_the_password() -> None:
    env = {"EVENTWIRE_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
           "EVENTWIRE_KAFKA_SASL_USERNAME": "svc"}
    with pytest.raises(SettingsError, match="EVENTWIRE_KAFKA_SASL_PASSWORD"):
        Settings.from_env(env)
    with pytest.raises(SettingsError, match="PLAINTEXT, SSL"):
        Settings.from_env({"EVENTWIRE_KAFKA_SECURITY_PROTOCOL": "TLS"})
    settings = Settings.from_env({**env, "EVENTWIRE_KAFKA_SASL_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(settings) and "hunter2" not in describe(settings)
    assert kafka_python_options(settings) == {
        "security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "svc", "sasl_plain_password": "hunter2"}
