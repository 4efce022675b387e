#!/usr/bin/env bash
# A single-node Apache Kafka broker in KRaft mode (broker and controller in one JVM) for
# development and tests without Docker, built from Kafka's own jars on Maven Central.
#
#   scripts/kafka.sh install   fetch and cache the jars only
#   scripts/kafka.sh start     start (formatting storage on first use) and wait until it serves
#   scripts/kafka.sh stop      stop cleanly (SIGTERM, then SIGKILL after 30 s)
#   scripts/kafka.sh status    exit 0 when a broker answers on the port, 1 otherwise
#   scripts/kafka.sh reset     stop and delete its data
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (.data/kafka),
# SHOWSTREAM_CACHE (~/.cache/showstream), KAFKA_LOG_LEVEL (WARN), KAFKA_HEAP_OPTS,
# KAFKA_JVM_PERFORMANCE_OPTS.
set -euo pipefail

# 4.3.1 is the newest release whose artifacts are all on Maven Central: 4.4.0 lacks kafka-tools.
KAFKA_VERSION=4.3.1
# Kafka declares slf4j-api 1.7, so the log4j2 binding for slf4j 1.x is the one that takes effect.
LOG4J_VERSION=2.25.5
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.9.0
# A fixed id: a dev broker needs no unique one, and formatting then needs no extra JVM.
CLUSTER_ID=c2hvd3N0cmVhbS1rYWZrYQ

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${SHOWSTREAM_CACHE:-$HOME/.cache/showstream}/kafka-${KAFKA_VERSION}"
LIBS_DIR="$CACHE_DIR/libs"
DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/.data/kafka}"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/logs/server.log"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a BROKER_HEAP <<<"${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
# Only the quick JIT tier by default: it cuts the broker's start-up CPU by about 40 %, which matters
# more on a shared 2-core machine than peak throughput does for tests.
read -r -a BROKER_JIT <<<"${KAFKA_JVM_PERFORMANCE_OPTS:--XX:TieredStopAtLevel=1}"
# The command-line tools run for a second or two: a small heap and the quick JIT tier start fastest.
TOOL_OPTS=(-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)

log() { echo "[kafka] $*"; }

pom() {
  # kafka-tools brings TopicCommand, the console clients and the readiness probe; its
  # connect-runtime dependency (Jetty, Jersey) serves only Kafka Connect, which is not run here.
  cat <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>showstream</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>${KAFKA_VERSION}</version>
      <exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion></exclusions>
    </dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
POM
}

install() {
  # The marker is written last and the pom compared, so an interrupted or outdated copy is redone.
  if [[ -f "$LIBS_DIR/.complete" ]] && pom | cmp -s - "$CACHE_DIR/pom.xml"; then return; fi
  log "fetching Kafka ${KAFKA_VERSION} jars from Maven Central into $LIBS_DIR"
  mkdir -p "$CACHE_DIR"
  pom >"$CACHE_DIR/pom.xml"
  rm -rf "$LIBS_DIR"
  # The tools (readiness probe, storage format, topic and console clients) only report problems, on stderr.
  cat >"$CACHE_DIR/tools-log4j2.properties" <<LOG4J
appender.err.type=Console
appender.err.name=err
appender.err.target=SYSTEM_ERR
appender.err.layout.type=PatternLayout
appender.err.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=WARN
rootLogger.appenderRef.err.ref=err
LOG4J
  # Maven's output goes to a file: even with -q it prints stray terminal escape codes.
  if ! mvn -q -B -f "$CACHE_DIR/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DoutputDirectory="$LIBS_DIR" -DincludeScope=runtime >"$CACHE_DIR/maven.log" 2>&1; then
    log "Maven could not fetch the jars:"
    cat "$CACHE_DIR/maven.log"
    exit 1
  fi
  touch "$LIBS_DIR/.complete"
}

tool() {
  "$JAVA" "${TOOL_OPTS[@]}" -cp "$LIBS_DIR/*" -Dlog4j2.configurationFile="$CACHE_DIR/tools-log4j2.properties" "$@"
}

write_config() {
  mkdir -p "$DATA_DIR/logs" "$DATA_DIR/storage"
  cat >"$DATA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${DATA_DIR}/storage
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
PROPS
  # The broker logs to a file, keeping the console readable; its "started" line stays visible.
  cat >"$DATA_DIR/log4j2.properties" <<LOG4J
appender.file.type=File
appender.file.name=file
appender.file.fileName=${LOG_FILE}
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=${KAFKA_LOG_LEVEL:-WARN}
rootLogger.appenderRef.file.ref=file
logger.started.name=kafka.server.KafkaRaftServer
logger.started.level=INFO
LOG4J
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # The command line is checked too, so a stale pid reused by another process is never signalled.
  ps -ww -p "$pid" -o args= 2>/dev/null | grep -qF "kafka.Kafka $DATA_DIR/server.properties" && echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

serving() {
  # Something else may hold the port, so a real Kafka request decides; the cheap port check first
  # spares a JVM start while nothing listens.
  port_open && tool org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:${PORT}" >/dev/null 2>&1
}

start() {
  install
  # Any broker already answering on the port will do (another checkout's, or one started by hand).
  if serving; then
    log "already serving on 127.0.0.1:${PORT}"
    return
  fi
  write_config
  # Only the log written from now on counts when looking for the "started" line.
  local log_offset
  log_offset="$(wc -c 2>/dev/null <"$LOG_FILE" || echo 0)"
  if running_pid >/dev/null; then
    log "broker already starting (pid $(cat "$PID_FILE"))"
  else
    if [[ ! -f "$DATA_DIR/storage/meta.properties" ]]; then
      log "formatting storage in $DATA_DIR/storage (cluster ${CLUSTER_ID})"
      tool kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$DATA_DIR/server.properties" >/dev/null
    fi
    log "starting broker on 127.0.0.1:${PORT}"
    # setsid: the broker outlives this shell and gets no signals meant for the caller's terminal;
    # out of memory it exits rather than lingering half-alive.
    setsid "$JAVA" "${BROKER_HEAP[@]}" "${BROKER_JIT[@]}" -XX:+ExitOnOutOfMemoryError \
      -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" -cp "$LIBS_DIR/*" \
      kafka.Kafka "$DATA_DIR/server.properties" >"$DATA_DIR/logs/stdout.log" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
  fi
  # Kafka logs "started" once it handles requests and binds its listener last; watching the log
  # and the port costs no JVM start per poll, unlike a probe, and saves a second or two.
  local deadline=$((SECONDS + 90))
  # (grep without -q reads to the end, so tail never dies of SIGPIPE and fails the pipeline.)
  until tail -c "+$((log_offset + 1))" "$LOG_FILE" 2>/dev/null | grep -F "Kafka Server started" >/dev/null && port_open; do
    if ! running_pid >/dev/null; then
      log "broker exited while starting; last log lines:"
      tail -n 30 "$LOG_FILE" "$DATA_DIR/logs/stdout.log" 2>/dev/null || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "broker did not serve within 90 s; last log lines:"
      tail -n 30 "$LOG_FILE" "$DATA_DIR/logs/stdout.log" 2>/dev/null || true
      stop
      exit 1
    fi
    sleep 0.2
  done
  log "serving on 127.0.0.1:${PORT}"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    return
  fi
  log "stopping broker (pid ${pid})"
  # It may have exited on its own since the check.
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status)
    if serving; then log "serving on 127.0.0.1:${PORT}"; else log "not serving on 127.0.0.1:${PORT}"; exit 1; fi
    ;;
  reset)
    stop
    rm -rf "$DATA_DIR"
    log "removed $DATA_DIR"
    ;;
  *)
    echo "usage: $0 install|start|stop|status|reset" >&2
    exit 2
    ;;
esac
