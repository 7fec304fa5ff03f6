#!/usr/bin/env bash
# `npm test`: lint, typecheck, unit/component/server/sync tests, then the
# browser tests. The server and sync suites run on SQLite and on PostgreSQL:
# when TEST_DATABASE_URL is not set, this starts the machine's PostgreSQL
# (Debian's cluster) and makes a test role and database. In CI a missing
# PostgreSQL is an error; on a laptop without one the PostgreSQL half is
# skipped with a loud warning.
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_postgres() {
  [ -n "${TEST_DATABASE_URL:-}" ] && return 0
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    return 1
  fi
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$version" ] || return 1
  if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
    pg_ctlcluster "$version" main start || return 1
  fi
  local as_postgres=(su postgres -c)
  [ "$(id -u)" = 0 ] || as_postgres=(sudo -u postgres sh -c)
  "${as_postgres[@]}" "psql -tAc \"select 1 from pg_roles where rolname='gocua'\"" | grep -q 1 ||
    "${as_postgres[@]}" "psql -c \"create role gocua login createdb password 'gocua'\""
  "${as_postgres[@]}" "psql -c \"alter role gocua createdb\"" >/dev/null
  "${as_postgres[@]}" "psql -tAc \"select 1 from pg_database where datname='gocua_test'\"" | grep -q 1 ||
    "${as_postgres[@]}" "psql -c \"create database gocua_test owner gocua\""
  export TEST_DATABASE_URL="postgres://gocua:gocua@localhost:5432/gocua_test"
}

echo "==> lint"; npx eslint .
echo "==> typecheck"; npx tsc --noEmit -p tsconfig.json && npx tsc --noEmit -p tsconfig.sw.json

if ensure_postgres; then
  echo "==> PostgreSQL for the server and sync tests: ${TEST_DATABASE_URL%%@*}@…"
elif [ "${CI:-}" = "true" ]; then
  echo "!! PostgreSQL is needed in CI (bash .ci/run installs it)" >&2
  exit 1
else
  echo "!! WARNING: no PostgreSQL found — the server and sync suites run on SQLite only. Install one: apt-get install -y postgresql" >&2
fi

echo "==> unit, component, server and sync tests"; npx vitest run
echo "==> end-to-end tests in Chromium"; npm run test:e2e
