#!/usr/bin/env bash
# `make run`: local broker + worker, feed the fixture articles, print events as they arrive.
# Ctrl-C stops the tail, the worker and the broker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p .data
WEB_PORT=${EVENTWIRE_WEB_PORT:-6066}

deploy/kafka/kafka.sh start
deploy/kafka/kafka.sh wait 90

worker=
cleanup() {
  # Finish the cleanup whatever happens to the terminal: a closed pipe (make run | tee) or a
  # second Ctrl-C must not leave a worker or a broker behind.
  set +e
  trap '' INT TERM HUP PIPE
  trap - EXIT
  if [[ -n $worker ]] && kill -0 "$worker" 2>/dev/null; then
    echo "stopping the worker..." 2>/dev/null
    kill -TERM "$worker" 2>/dev/null
    wait "$worker" 2>/dev/null
  fi
  deploy/kafka/kafka.sh stop >/dev/null 2>&1 || deploy/kafka/kafka.sh stop
}
trap cleanup INT TERM EXIT

$BIN/eventwire topics
$BIN/eventwire run >.data/worker.log 2>&1 &
worker=$!
echo "worker pid $worker, log in .data/worker.log, metrics on http://127.0.0.1:$WEB_PORT/metrics"
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$WEB_PORT/metrics" >/dev/null 2>&1; then break; fi
  kill -0 "$worker" 2>/dev/null || { echo "the worker died:"; tail -40 .data/worker.log; exit 1; }
  sleep 0.5
done
$BIN/eventwire ingest fixtures/articles/*.json
echo "events on the sink topic (Ctrl-C to stop):"
$BIN/eventwire tail --from-beginning
