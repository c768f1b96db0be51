#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the test suite and print its URL.
# Installs the distribution's PostgreSQL when it is missing. Usage: eval "$(.ci/pg.sh start)"
# PGPORT and PGDATA choose the port and the data folder. A server already running there is
# never wiped: when it is this script's own (PGDATA holds its postmaster.pid) it is reused,
# anything else on the port makes `start` refuse.
set -euo pipefail
PGPORT=${PGPORT:-54329}
PGDATA=${PGDATA:-/tmp/participa-ci-pg}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

start() {
  if [ -z "$(pg_bin)" ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  local bin; bin=$(pg_bin)
  local run_as=()
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  if "${run_as[@]}" "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    echo "PostgreSQL already runs from $PGDATA: reusing it" >&2
    "${run_as[@]}" "$bin/pg_isready" -q -t 30 -h 127.0.0.1 -p "$PGPORT" || {
      echo "The server of $PGDATA does not answer on port $PGPORT" >&2; exit 1; }
    "${run_as[@]}" "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'participa_test'" | grep -q 1 \
      || "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres participa_test
    echo "export PARTICIPA_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/participa_test"
    return
  fi
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" \
      || (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; then
    echo "Port $PGPORT is taken by another server: not starting one over it" \
      "(set PGPORT and PGDATA to run one elsewhere)" >&2
    exit 1
  fi
  rm -rf "$PGDATA"; mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
  "${run_as[@]}" "$bin/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off" start >/dev/null
  "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres participa_test
  echo "export PARTICIPA_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/participa_test"
}

stop() {
  local bin; bin=$(pg_bin) || return 0
  local run_as=()
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
}

"${1:-start}"
