#!/usr/bin/env bash
# Start a throw-away Redis on loopback for the test suite and print its URL.
# Installs the distribution's Redis when it is missing. Usage: eval "$(.ci/redis.sh start)"
set -euo pipefail
PORT=${REDIS_PORT:-63799}

start() {
  if ! command -v redis-server >/dev/null; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  fi
  redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "/tmp/participa-ci-redis.pid" >/dev/null
  for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "export PARTICIPA_TEST_REDIS_URL=redis://127.0.0.1:$PORT/0"
}

stop() {
  redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
}

"${1:-start}"
