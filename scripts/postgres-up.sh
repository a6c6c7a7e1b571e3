#!/usr/bin/env bash
# Start a local PostgreSQL (Debian's packages) and create the verbinder role and database. Idempotent.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed. Install it with: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PGVER main" || pg_createcluster "$PGVER" main >/dev/null
pg_ctlcluster "$PGVER" main start 2>/dev/null || true
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
cd /
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -c \
  "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='verbinder') THEN CREATE ROLE verbinder LOGIN PASSWORD 'verbinder' CREATEDB; END IF; END\$\$;"
runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='verbinder'" | grep -q 1 \
  || runuser -u postgres -- createdb -O verbinder verbinder
echo "PostgreSQL is up: postgres://verbinder:verbinder@127.0.0.1:5432/verbinder"
