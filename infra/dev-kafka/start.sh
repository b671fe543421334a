#!/usr/bin/env bash
# Starts dev-kafka in the background (building it first if needed) and waits
# until it listens.
#
#   infra/dev-kafka/start.sh [--port P] [--brokers N] [--topic NAME:PARTS]... [--topics-file FILE]
#
# Env:
#   DEV_KAFKA_PORT            port of broker 1 when --port is not given (default 19092)
#   DEV_KAFKA_PIDFILE         default /tmp/lawfirm-dev-kafka-<port>.pid
#   DEV_KAFKA_LOGFILE         default /tmp/lawfirm-dev-kafka-<port>.log (broker stdout+stderr)
#   DEV_KAFKA_READY_TIMEOUT   seconds to wait for READY (default 20)
#
# Prints "dev-kafka running: pid=... brokers=..." and exits 0; if one is
# already running for this pid file, says so and exits 0.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${DEV_KAFKA_PORT:-19092}"
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "start.sh: --port needs a value" >&2; exit 2; }; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
case "$PORT" in
  ''|*[!0-9]*) echo "start.sh: invalid port '$PORT'" >&2; exit 2 ;;
esac
[ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || { echo "start.sh: port must be 1..65535" >&2; exit 2; }

PIDFILE="${DEV_KAFKA_PIDFILE:-/tmp/lawfirm-dev-kafka-$PORT.pid}"
LOGFILE="${DEV_KAFKA_LOGFILE:-/tmp/lawfirm-dev-kafka-$PORT.log}"
TIMEOUT="${DEV_KAFKA_READY_TIMEOUT:-20}"

# True when $1 is the pid of a live dev-kafka process.
is_dev_kafka() {
  local pid="$1" exe state
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [ "$state" != Z ] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  [ "$(basename "${exe% (deleted)}")" = dev-kafka ]
}

ready_line() { grep -m1 '^READY ' "$LOGFILE" 2>/dev/null | cut -d' ' -f2 || true; }

if [ -f "$PIDFILE" ]; then
  OLD_PID="$(cat "$PIDFILE" 2>/dev/null || true)"
  if is_dev_kafka "$OLD_PID"; then
    echo "dev-kafka already running: pid=$OLD_PID brokers=$(ready_line) log=$LOGFILE pidfile=$PIDFILE"
    exit 0
  fi
  rm -f "$PIDFILE" # stale
fi

BIN="$("$HERE/build.sh" | tail -n1)"
[ -x "$BIN" ] || { echo "start.sh: build.sh did not produce a binary" >&2; exit 1; }

: >"$LOGFILE"
# setsid: own session, so Ctrl-C in this terminal does not reach it later.
setsid "$BIN" --port "$PORT" ${ARGS[@]+"${ARGS[@]}"} >"$LOGFILE" 2>&1 </dev/null &
PID=$!

deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  BROKERS="$(ready_line)"
  [ -z "$BROKERS" ] || break
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" 2>/dev/null || true
    echo "start.sh: dev-kafka exited before it was ready; log ($LOGFILE):" >&2
    tail -n 20 "$LOGFILE" >&2
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    kill -TERM "$PID" 2>/dev/null || true
    echo "start.sh: dev-kafka not ready after ${TIMEOUT}s; log ($LOGFILE):" >&2
    tail -n 20 "$LOGFILE" >&2
    exit 1
  fi
  sleep 0.1
done

echo "$PID" >"$PIDFILE.tmp.$$" && mv -f "$PIDFILE.tmp.$$" "$PIDFILE"
echo "dev-kafka running: pid=$PID brokers=$BROKERS log=$LOGFILE pidfile=$PIDFILE"
