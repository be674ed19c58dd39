"""Pipeline stages: pure, synchronous functions on typed records, testable without Kafka."""
