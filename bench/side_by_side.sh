#!/usr/bin/env bash
# One run, every target side by side: every peer of the shared harness (the raw ASGI floor,
# FastAPI's in-memory tutorial, Flask + sqlite3, Django REST Framework, Litestar + msgspec,
# FastAPI + SQLModel as the full-stack template writes it), Storefront on SQLite and on
# PostgreSQL,
# then pgbench running a create's transaction on the same PostgreSQL database at the same
# concurrency (bench/pg_ceiling.py). Ratios come from the harness's results.md.
#
#   bash bench/side_by_side.sh [extra run.py options, e.g. --rounds 3 --profile 4]
#
# HARNESS (default ../shared/bench) is the shared harness; STOREFRONT_TEST_POSTGRES_URL
# (default the local server) is where a scratch database is made and dropped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HARNESS=${HARNESS:-../shared/bench}
ADMIN=${STOREFRONT_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
OUT=${BENCH_OUT:-/tmp/storefront-bench}
DB="storefront_bench_$$"
PG_URL="${ADMIN%/*}/$DB"

bash "$HARNESS/setup.sh" >&2
psql "$ADMIN" -qc "CREATE DATABASE $DB"
trap 'psql "$ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT
bash "$HARNESS/run.sh" --login --baseline tutorial --rounds 3 --out "$OUT" "$@" \
  limit tutorial flask drf litestar sqlmodel \
  'project.sqlite:DATABASE_URL=sqlite:///$DBFILE exec .venv/bin/storefront serve --port $PORT' \
  "project.postgres:DATABASE_URL=$PG_URL exec .venv/bin/storefront serve --port \$PORT"
uv run --frozen python bench/pg_ceiling.py --database-url "$PG_URL" --connections 32 20 \
  --harness-results "$OUT/results.json" --label project.postgres
