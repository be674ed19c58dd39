#!/usr/bin/env bash
# Local single-node Kafka (KRaft, broker+controller) for eventwire development and tests.
# No Docker and no Kafka tarball here: the broker's jars come from Maven Central via
# deploy/kafka/pom.xml and the broker runs straight from them with `java -cp`.
#
# Usage: kafka.sh fetch | start | wait [timeout_s] | stop | status | topics [TopicCommand args]
#
# Environment (all optional):
#   KAFKA_PORT             client listener on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default 9093)
#   KAFKA_DATA_DIR         config, pid, logs and partitions (default <repo>/.data/kafka)
#   EVENTWIRE_CACHE        jar cache root; jars go to $EVENTWIRE_CACHE/kafka-<ver>/lib
#                          (default <repo>/.cache)
#   KAFKA_HEAP_OPTS        default "-Xms256m -Xmx768m"
#   KAFKA_OPTS             extra JVM options for the broker
#   KAFKA_SCRAM_USERS      "user:password[,user:password]": the client listener becomes
#                          SASL_PLAINTEXT with SCRAM-SHA-512 for these users (the first one is
#                          also the broker's own); set before the first start (storage format)
# A second broker only needs other ports and another data dir; jars are shared.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd)
POM="$SCRIPT_DIR/pom.xml"
TEMPLATE="$SCRIPT_DIR/server.properties.template"

# Single source of truth for the version is the pom, so they cannot drift apart.
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")

KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}
KAFKA_OPTS=${KAFKA_OPTS:-}
STARTED_LINE="Kafka Server started"

log() { printf 'kafka.sh: %s\n' "$*"; }
die() { printf 'kafka.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# Absolute paths matter: they end up in server.properties and in the JVM command line.
abspath() { realpath -m -- "$1"; }

# Directories created here are self-ignoring, so nothing in them shows up in git
# even though the repo's .gitignore is not ours to edit.
ensure_ignored_dir() {
  local dir=$1
  mkdir -p -- "$dir"
  [[ -e "$dir/.gitignore" ]] || printf '*\n' >"$dir/.gitignore"
}

CACHE_DIR=$(abspath "${EVENTWIRE_CACHE:-$REPO_ROOT/.cache}")
DIST_DIR="$CACHE_DIR/kafka-$KAFKA_VERSION"
LIB_DIR="$DIST_DIR/lib"
FETCH_MARKER="$DIST_DIR/.fetched"

DATA_DIR=$(abspath "${KAFKA_DATA_DIR:-$REPO_ROOT/.data/kafka}")
CONF_FILE="$DATA_DIR/server.properties"
PID_FILE="$DATA_DIR/kafka.pid"
CLUSTER_ID_FILE="$DATA_DIR/cluster.id"
LOG_DIRS="$DATA_DIR/kraft-logs"
LOG_DIR="$DATA_DIR/logs"
OUT_FILE="$LOG_DIR/kafka.out"
SERVER_LOG="$LOG_DIR/server.log"
READY_MARKER="$LOG_DIR/.ready"

check_port() {
  local name=$1 value=$2
  if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    die "$name must be a TCP port number, got '$value'"
  fi
}
check_port KAFKA_PORT "$KAFKA_PORT"
check_port KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
[[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] ||
  die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $KAFKA_PORT)"

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH (need a JDK/JRE 11+, e.g. apt-get install openjdk-17-jre-headless)"
}

# Serialise concurrent callers with flock on fixed fds (8: fetch, 9: data dir); the
# lock is held until this script exits. launch closes both fds for the broker.
lock_or_die() {
  flock -w 600 "$1" || die "timed out waiting for the lock $2"
}

# ---------------------------------------------------------------- fetch
pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

# The marker stores the pom's hash, so editing the pom (e.g. a version bump) refetches.
is_fetched() {
  [[ -f "$FETCH_MARKER" && -d "$LIB_DIR" ]] && [[ "$(cat "$FETCH_MARKER")" == "$(pom_hash)" ]]
}

cmd_fetch() {
  if is_fetched; then
    log "Kafka $KAFKA_VERSION jars already cached in $LIB_DIR"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH (need Maven 3.6+, e.g. apt-get install maven)"
  require_java
  ensure_ignored_dir "$CACHE_DIR"
  mkdir -p "$DIST_DIR"
  exec 8>"$DIST_DIR/.fetch.lock"
  lock_or_die 8 "$DIST_DIR/.fetch.lock"
  if is_fetched; then # another caller finished while we waited for the lock
    log "Kafka $KAFKA_VERSION jars already cached in $LIB_DIR"
    return 0
  fi

  log "resolving Kafka $KAFKA_VERSION runtime jars from Maven Central into $LIB_DIR ..."
  # Leftovers of an interrupted fetch (safe to remove: we hold the lock).
  rm -rf -- "$DIST_DIR"/lib.tmp.*
  local tmp mvn_log
  tmp=$(mktemp -d "$DIST_DIR/lib.tmp.XXXXXX")
  mvn_log="$tmp.mvn.log"
  # Copy into a temp dir and rename at the end: an interrupted fetch never leaves a
  # half-filled lib/ that would later look complete. Output is kept only for errors
  # (mvn -q still prints ANSI resets on some Maven builds).
  if ! mvn -B -q -f "$POM" \
    dependency:copy-dependencies \
    -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    cat "$mvn_log" >&2 || true
    rm -rf -- "$tmp" "$mvn_log"
    die "mvn failed to resolve Kafka $KAFKA_VERSION jars (output above). Is Maven Central reachable? Proxy/repo settings go in ~/.m2/settings.xml or MAVEN_OPTS."
  fi
  # Guard against a 'successful' run that silently copied the wrong set.
  local required
  for required in "kafka_2.13-$KAFKA_VERSION.jar" "kafka-clients-$KAFKA_VERSION.jar" \
    "kafka-tools-$KAFKA_VERSION.jar" "slf4j-reload4j-*.jar" "reload4j-*.jar" "scala-library-*.jar"; do
    compgen -G "$tmp/$required" >/dev/null ||
      { rm -rf -- "$tmp" "$mvn_log"; die "mvn succeeded but $required is missing from the copied jars"; }
  done
  rm -rf -- "$LIB_DIR" "$mvn_log"
  mv -- "$tmp" "$LIB_DIR"
  pom_hash >"$FETCH_MARKER"
  log "cached $(find "$LIB_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIB_DIR" | cut -f1)) in $LIB_DIR"
}

# ---------------------------------------------------------------- process helpers
# Running = pid file names a live process that is *this* data dir's broker
# (guards against pid reuse and against another broker's pid file).
broker_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid=$(<"$PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *" kafka.Kafka $CONF_FILE"* ]] || return 1
  printf '%s\n' "$pid"
}

# Pure-bash TCP probe (no nc/ss dependency); the subshell closes the socket.
port_open() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

broker_started_logged() {
  [[ -f "$READY_MARKER" ]] && return 0
  grep -qsF "$STARTED_LINE" "$LOG_DIR"/server.log*
}

tail_logs() {
  local n=${1:-40} f
  for f in "$SERVER_LOG" "$OUT_FILE"; do
    [[ -s "$f" ]] || continue
    printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
    tail -n "$n" -- "$f" >&2
  done
}

tool_java() {
  java -Dlog4j.configuration="file:$SCRIPT_DIR/tools-log4j.properties" -cp "$LIB_DIR/*" "$@"
}

# ---------------------------------------------------------------- start
render_config() {
  local tpl
  tpl=$(<"$TEMPLATE")
  # Quoted replacements: bash 5.2 would otherwise expand '&' in a path.
  tpl=${tpl//@KAFKA_PORT@/"$KAFKA_PORT"}
  tpl=${tpl//@KAFKA_CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}
  tpl=${tpl//@KAFKA_LOG_DIRS@/"$LOG_DIRS"}
  if [[ -n "${KAFKA_SCRAM_USERS:-}" ]]; then
    local first=${KAFKA_SCRAM_USERS%%,*}
    local jaas="org.apache.kafka.common.security.scram.ScramLoginModule required"
    jaas+=" username=\"${first%%:*}\" password=\"${first#*:}\";"
    tpl=${tpl//@KAFKA_LISTENER@/SASL_PLAINTEXT}
    tpl=${tpl//@KAFKA_SASL_CONFIG@/"sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$jaas"}
  else
    tpl=${tpl//@KAFKA_LISTENER@/PLAINTEXT}
    tpl=${tpl//@KAFKA_SASL_CONFIG@/}
  fi
  [[ "$tpl" != *"@KAFKA_"* ]] || die "unsubstituted placeholder left in $TEMPLATE"
  printf '%s\n' "$tpl" >"$CONF_FILE.tmp"
  mv -- "$CONF_FILE.tmp" "$CONF_FILE"
}

# A Kafka cluster id is 16 random bytes in URL-safe base64 without padding. Generated
# in bash to save a JVM start; like Kafka's Uuid.randomUuid we reject a leading '-'
# (it would be parsed as a CLI option).
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ "$id" == -* ]] || break
  done
  printf '%s\n' "$id"
}

format_storage_if_needed() {
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  [[ -s "$CLUSTER_ID_FILE" ]] || new_cluster_id >"$CLUSTER_ID_FILE"
  local cid
  cid=$(<"$CLUSTER_ID_FILE")
  log "formatting KRaft storage in $LOG_DIRS (cluster id $cid)"
  local scram=() user
  if [[ -n "${KAFKA_SCRAM_USERS:-}" ]]; then
    IFS=',' read -r -a users <<<"$KAFKA_SCRAM_USERS"
    for user in "${users[@]}"; do
      scram+=(--add-scram "SCRAM-SHA-512=[name=${user%%:*},password=${user#*:}]")
    done
  fi
  tool_java kafka.tools.StorageTool format --ignore-formatted \
    -t "$cid" -c "$CONF_FILE" "${scram[@]}" >"$DATA_DIR/format.log" 2>&1 ||
    { cat "$DATA_DIR/format.log" >&2; die "kafka-storage format failed (output above)"; }
}

cmd_start() {
  cmd_fetch
  require_java
  ensure_ignored_dir "$DATA_DIR"
  exec 9>"$DATA_DIR/.lock"
  lock_or_die 9 "$DATA_DIR/.lock"

  local pid
  if pid=$(broker_pid); then
    if port_open "$KAFKA_PORT"; then
      log "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    else
      log "already running (pid $pid), not answering on 127.0.0.1:$KAFKA_PORT yet; use: kafka.sh wait"
    fi
    return 0
  fi
  rm -f -- "$PID_FILE" # stale

  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    ! port_open "$p" ||
      die "port 127.0.0.1:$p is already in use by another process (another broker? set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
  done

  mkdir -p -- "$LOG_DIRS"
  render_config
  format_storage_if_needed

  # Fresh logs/ per run, so `wait` only sees this run's "started" line.
  rm -rf -- "$DATA_DIR/logs.prev"
  [[ ! -d "$LOG_DIR" ]] || mv -- "$LOG_DIR" "$DATA_DIR/logs.prev"
  mkdir -p -- "$LOG_DIR"

  local -a heap_opts extra_opts
  read -r -a heap_opts <<<"$KAFKA_HEAP_OPTS"
  read -r -a extra_opts <<<"$KAFKA_OPTS"
  local -a cmd=(
    java "${heap_opts[@]}"
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    -Dkafka.logs.dir="$LOG_DIR"
    -Dlog4j.configuration="file:$SCRIPT_DIR/log4j.properties"
    "${extra_opts[@]}"
    -cp "$LIB_DIR/*"
    kafka.Kafka "$CONF_FILE"
  )

  # setsid: own session, no controlling terminal, so the broker outlives the calling
  # shell/CI step and gets no SIGHUP/SIGINT meant for it. The inner bash writes its own
  # pid and then execs java, so the pid file holds the JVM's pid even if setsid forks.
  # The lock fds are closed for the child, or the JVM would hold the locks forever.
  # shellcheck disable=SC2016 # $$/$0/$@ belong to the inner bash
  setsid bash -c 'echo "$$" >"$0"; exec "$@"' "$PID_FILE" "${cmd[@]}" \
    </dev/null >"$OUT_FILE" 2>&1 8>&- 9>&- &

  local i
  for ((i = 0; i < 50; i++)); do
    if pid=$(broker_pid); then
      log "started broker pid $pid on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), data in $DATA_DIR"
      log "logs: $SERVER_LOG ; readiness: kafka.sh wait"
      return 0
    fi
    sleep 0.1
  done
  tail_logs 40
  die "broker process did not come up (see logs above)"
}

# ---------------------------------------------------------------- wait
cmd_wait() {
  local timeout_s=${1:-60}
  [[ "$timeout_s" =~ ^[0-9]+$ ]] || die "wait: timeout must be whole seconds, got '$timeout_s'"
  local start=$SECONDS deadline=$((SECONDS + timeout_s))
  while :; do
    if ! broker_pid >/dev/null; then
      # stop removes the pid file; one left behind means the JVM died on its own.
      [[ -f "$PID_FILE" ]] || die "no broker running for $DATA_DIR (run: kafka.sh start)"
      tail_logs 40
      die "broker for $DATA_DIR exited during startup (logs above)"
    fi
    # Both: the port alone opens before the broker has caught up with its metadata
    # and unfenced itself; the log line alone could predate a bind failure.
    if port_open "$KAFKA_PORT" && broker_started_logged; then
      : >"$READY_MARKER" # survives log rotation of the started line
      log "broker ready on 127.0.0.1:$KAFKA_PORT (waited $((SECONDS - start)) s)"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      tail_logs 40
      die "broker not ready on 127.0.0.1:$KAFKA_PORT after ${timeout_s} s"
    fi
    sleep 0.25
  done
}

# ---------------------------------------------------------------- stop
cmd_stop() {
  if [[ ! -d "$DATA_DIR" ]]; then
    log "not running (no data dir $DATA_DIR)"
    return 0
  fi
  exec 9>"$DATA_DIR/.lock"
  lock_or_die 9 "$DATA_DIR/.lock"
  local pid
  if ! pid=$(broker_pid); then
    rm -f -- "$PID_FILE"
    log "not running (data dir $DATA_DIR)"
    return 0
  fi
  log "stopping broker pid $pid (SIGTERM, controlled shutdown)"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do # 30 s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    ! kill -0 "$pid" 2>/dev/null || die "pid $pid survived SIGKILL"
  fi
  rm -f -- "$PID_FILE"
  log "stopped"
}

# ---------------------------------------------------------------- status
# Exit codes follow LSB: 0 running and answering, 3 not running, 1 running but not ready.
cmd_status() {
  local pid
  local cached="not fetched"
  if is_fetched; then cached=cached; fi
  log "Kafka $KAFKA_VERSION; jars: $LIB_DIR ($cached)"
  log "data dir: $DATA_DIR"
  if ! pid=$(broker_pid); then
    log "status: stopped (127.0.0.1:$KAFKA_PORT)"
    return 3
  fi
  if port_open "$KAFKA_PORT" && broker_started_logged; then
    log "status: running, pid $pid, bootstrap 127.0.0.1:$KAFKA_PORT, controller 127.0.0.1:$KAFKA_CONTROLLER_PORT"
    return 0
  fi
  log "status: starting (pid $pid, 127.0.0.1:$KAFKA_PORT not ready yet)"
  return 1
}

# ---------------------------------------------------------------- topics
# Convenience wrapper: kafka.sh topics --list | --create --topic t --partitions 3 | ...
cmd_topics() {
  is_fetched || die "jars not fetched yet: run kafka.sh fetch (or start)"
  require_java
  tool_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" "$@"
}

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

main() {
  local sub=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$sub" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    wait) cmd_wait "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    topics) cmd_topics "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
