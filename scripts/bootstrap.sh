#!/usr/bin/env bash
# Installs what the project needs from its own files: uv (pinned), then the locked
# environment in .venv. Sourced by serve.sh and test.sh; safe to run again.
set -euo pipefail
UV_VERSION=0.13.8
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  echo "bootstrap: installing uv $UV_VERSION with pip" >&2
  python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
uv sync --frozen --quiet
