#!/usr/bin/env bash
# Runs every check and every test: lint, types, the spec lint and contract drift gates,
# the breaking-change gate (against the last release), the compatibility job (released
# SDKs against today's server and back), then the test suite on SQLite and PostgreSQL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
run() { echo "== $*" >&2; "$@"; }

# Node.js and npm run the pinned spec tools (tools/*/package-lock.json); the oldest Node
# their locks accept is 20.19.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test: Node.js 20.19 or later (22 LTS recommended) and npm are needed for the spec lint, the breaking-change gate and the TypeScript check: see \"What each command needs\" in README.md" >&2
  exit 1
fi
IFS=. read -r node_major node_minor _ <<<"$(node --version | tr -d v)"
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "test: Node.js $(node --version) is too old: the pinned tools need 20.19 or later (22 LTS recommended): see \"What each command needs\" in README.md" >&2
  exit 1
fi
echo "test: installing the pinned Node tools (oasdiff, Redocly CLI, openapi-ts and TypeScript, pyright) into tools/*/node_modules with npm ci: about a minute the first time, seconds from npm's cache after" >&2
run npm ci --prefix tools/oasdiff --no-audit --no-fund --no-update-notifier --loglevel=error
run npm ci --prefix tools/redocly --no-audit --no-fund --no-update-notifier --loglevel=error
run npm ci --prefix tools/typescript --no-audit --no-fund --no-update-notifier --loglevel=error
run npm ci --prefix tools/pyright --no-audit --no-fund --no-update-notifier --loglevel=error
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
