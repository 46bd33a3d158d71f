#!/usr/bin/env bash
# Runs every check and every test: lint, types, the spec lint and contract drift gates,
# the breaking-change gate (against the last release), the compatibility job (released
# SDKs against today's server and back), then the test suite on SQLite and PostgreSQL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
run() { echo "== $*" >&2; "$@"; }

run npm ci --prefix tools/oasdiff --no-audit --no-fund --silent
run npm ci --prefix tools/redocly --no-audit --no-fund --silent
run npm ci --prefix tools/typescript --no-audit --no-fund --silent
run npm ci --prefix tools/pyright --no-audit --no-fund --silent
run uv run --frozen ruff check .
run uv run --frozen ruff format --check .
run uv run --frozen mypy server scripts tests bench examples
run uv run --frozen lint-imports
run uv run --frozen python scripts/export_openapi.py --check
run uv run --frozen python -m openapi_spec_validator openapi.json
run uv run --frozen python scripts/lint_openapi.py
run uv run --frozen python scripts/generate_client.py --check
run uv run --frozen python scripts/breaking_gate.py
run uv run --frozen python scripts/compat.py
run uv run --frozen pytest "$@"
