#!/usr/bin/env bash
# Installs what the project needs from its own files: uv (pinned), then the locked
# environment in .venv. Sourced by serve.sh and test.sh; safe to run again. It says what
# it installs before it does (the first run takes a while), and nothing when all is there.
set -euo pipefail
UV_VERSION=0.13.8
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  echo "bootstrap: installing uv $UV_VERSION with pip" >&2
  python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
# .venv/.uv-lock holds a copy of the uv.lock it was last synced from.
if ! cmp -s uv.lock .venv/.uv-lock 2>/dev/null; then
  echo "bootstrap: installing the locked environment (uv.lock) into .venv (about a minute the first time)" >&2
fi
uv sync --frozen --quiet
cp uv.lock .venv/.uv-lock
