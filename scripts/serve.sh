#!/usr/bin/env bash
# Runs the server on its embedded default (a SQLite file in the working directory).
# Extra arguments go to `storefront serve` (e.g. --port 9000).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec uv run --frozen storefront serve "$@"
