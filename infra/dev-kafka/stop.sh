#!/usr/bin/env bash
# Stops a dev-kafka started by start.sh, by the pid in its pid file.
#
#   infra/dev-kafka/stop.sh [--port P]
#
# Env: DEV_KAFKA_PORT (default 19092), DEV_KAFKA_PIDFILE (default
# /tmp/lawfirm-dev-kafka-<port>.pid), DEV_KAFKA_STOP_TIMEOUT (seconds before
# SIGKILL, default 10).
#
# Sends SIGTERM only if that pid is a dev-kafka process; a stale pid file is
# just removed. Exits 0 when nothing is left running.
set -euo pipefail

PORT="${DEV_KAFKA_PORT:-19092}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "stop.sh: --port needs a value" >&2; exit 2; }; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "stop.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
PIDFILE="${DEV_KAFKA_PIDFILE:-/tmp/lawfirm-dev-kafka-$PORT.pid}"
TIMEOUT="${DEV_KAFKA_STOP_TIMEOUT:-10}"

if [ ! -f "$PIDFILE" ]; then
  echo "dev-kafka not running (no $PIDFILE)"
  exit 0
fi
PID="$(cat "$PIDFILE" 2>/dev/null || true)"
case "$PID" in
  ''|*[!0-9]*) echo "stop.sh: $PIDFILE does not hold a pid; removing it" >&2; rm -f "$PIDFILE"; exit 0 ;;
esac

alive() {
  kill -0 "$PID" 2>/dev/null || return 1
  [ "$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null || true)" != Z ]
}

if ! alive; then
  echo "dev-kafka not running (stale pid $PID); removing $PIDFILE"
  rm -f "$PIDFILE"
  exit 0
fi
EXE="$(readlink "/proc/$PID/exe" 2>/dev/null || true)"
if [ "$(basename "${EXE% (deleted)}")" != dev-kafka ]; then
  echo "stop.sh: pid $PID is not dev-kafka (${EXE:-unknown}); not signalling it, removing $PIDFILE" >&2
  rm -f "$PIDFILE"
  exit 0
fi

kill -TERM "$PID"
deadline=$(( $(date +%s) + TIMEOUT ))
while alive; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "stop.sh: pid $PID still running after ${TIMEOUT}s; sending SIGKILL" >&2
    kill -KILL "$PID" 2>/dev/null || true
    break
  fi
  sleep 0.1
done
rm -f "$PIDFILE"
echo "dev-kafka stopped (pid $PID)"
