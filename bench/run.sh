#!/usr/bin/env bash
# make bench: national-scale demo data (seed_demo --scale 100) in a fresh PostgreSQL database, served as in
# production (gunicorn, 2 workers, DEBUG off) on 127.0.0.1, loaded with wrk at 8 concurrent connections.
# Prints requests/s, p50/p95/p99, the ratio to a trivial view and the queries per page; writes
# bench-results/latest.md.
#
# Environment: DATABASE_URL (a PostgreSQL server and credentials; the benchmark recreates its own database
# BENCH_DATABASE, default verbinder_bench, on it and never touches the one named in the URL; without it the
# local PostgreSQL is started), BENCH_SCALE (100), BENCH_WORKERS (2), BENCH_THREADS (2),
# BENCH_CONNECTIONS (8), BENCH_DURATION (10s), BENCH_WARMUP (2s), BENCH_STRICT (true: exit 1 on a missed figure),
# BENCH_PARTS (on; off: no cached page parts, so every request renders the page as the first view after a change).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=.venv/bin
export BENCH_SCALE=${BENCH_SCALE:-100} BENCH_WORKERS=${BENCH_WORKERS:-2} BENCH_PARTS=${BENCH_PARTS:-on}
results=bench-results

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing wrk (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "The benchmark needs wrk: sudo apt-get install -y wrk" >&2
    exit 1
  fi
fi

if [ -z "${DATABASE_URL:-}" ]; then
  bash scripts/postgres-up.sh >&2
  DATABASE_URL=postgres://verbinder:verbinder@127.0.0.1:5432/verbinder
fi
DATABASE_URL=$("$BIN/python" bench/database.py "$DATABASE_URL" "${BENCH_DATABASE:-verbinder_bench}")
export DATABASE_URL

workdir=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Production settings, with a throwaway key; HTTPS redirects off because wrk speaks plain HTTP on loopback.
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 DATA_DIR="$workdir" LOG_LEVEL=WARNING
SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY

echo "Preparing ${BENCH_DATABASE:-verbinder_bench}: migrate, seed_demo --scale $BENCH_SCALE, collectstatic" >&2
"$BIN/verbinder" migrate -v0
"$BIN/verbinder" seed_demo --scale "$BENCH_SCALE" --force >"$workdir/logins.tsv"
"$BIN/verbinder" collectstatic --noinput -v0

if [ "$BENCH_PARTS" = off ]; then
  export DJANGO_SETTINGS_MODULE=bench.settings_without_parts PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
fi

mkdir -p "$results"
"$BIN/python" bench/queries.py "$workdir/logins.tsv" "$results/sql" >"$workdir/pages.json"

port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/gunicorn" config.wsgi --bind "127.0.0.1:$port" --workers "$BENCH_WORKERS" \
  --error-logfile "$results/gunicorn.log" --log-level warning &
server_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "gunicorn did not start; see $results/gunicorn.log" >&2; exit 1; }
  sleep 0.2
done

"$BIN/python" bench/measure.py "http://127.0.0.1:$port" "$workdir/pages.json" "$results/latest.md"
