"""eventwire: streaming political-event extraction from live news on Apache Kafka."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"eventwire-{__version__}"
SCHEMA_VERSION = "1.0"
