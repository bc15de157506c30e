#!/usr/bin/env bash
# Install (when missing) and start what the tests need beside Python: a PostgreSQL server with a
# role and database for the store tests, and Chromium for the browser tests. Idempotent.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='eventwire'")" != "1" ]; then
  psql_admin "CREATE ROLE eventwire LOGIN PASSWORD 'eventwire' SUPERUSER"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='eventwire_test'")" != "1" ]; then
  psql_admin "CREATE DATABASE eventwire_test OWNER eventwire"
fi
echo "PostgreSQL $version is up on 127.0.0.1:5432 (role and database: eventwire, eventwire_test)"
