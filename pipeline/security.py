"""Kafka connection security (TLS, SASL PLAIN / SCRAM) for every client: the faust worker and
the kafka-python CLI clients take it from the same settings. Secrets never reach a log line."""

from __future__ import annotations

import ssl
from typing import Any

from pipeline.settings import Settings

PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """A TLS context (CA file, client certificate) when the protocol uses TLS."""
    if not settings.kafka_security_protocol.endswith("SSL"):
        return None
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile or None)
    if settings.kafka_ssl_certfile:
        context.load_cert_chain(settings.kafka_ssl_certfile, settings.kafka_ssl_keyfile or None)
    return context


def kafka_python_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for kafka-python's producer, consumer and admin client."""
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol.endswith("SSL"):
        options["ssl_context"] = ssl_context(settings)
    if protocol.startswith("SASL"):
        options.update(sasl_mechanism=settings.kafka_sasl_mechanism,
                       sasl_plain_username=settings.kafka_sasl_username,
                       sasl_plain_password=settings.kafka_sasl_password)
    return options


def faust_credentials(settings: Settings) -> Any:
    """``broker_credentials`` for faust.App (None for PLAINTEXT)."""
    import faust

    protocol = settings.kafka_security_protocol
    if protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username, password=settings.kafka_sasl_password,
            mechanism=settings.kafka_sasl_mechanism, ssl_context=ssl_context(settings))
    if protocol == "SSL":
        return faust.SSLCredentials(ssl_context(settings))
    return None


def describe(settings: Settings) -> str:
    """How the clients connect, for error messages: never the password."""
    protocol = settings.kafka_security_protocol
    if protocol.startswith("SASL"):
        return (f"{protocol} {settings.kafka_sasl_mechanism} as "
                f"'{settings.kafka_sasl_username}'")
    return protocol
