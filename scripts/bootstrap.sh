#!/usr/bin/env bash
# Installs what the project needs from its own files: uv (pinned), then the locked
# environment in .venv. Sourced by serve.sh and test.sh (it leaves the private uv first
# on PATH); safe to run again. Before a step that takes a while it says, in one line,
# what it does and about how long; when all is in place it says nothing.
#
# The Python is STOREFRONT_PYTHON or the python3 on PATH, and nothing is installed into
# it: a distribution's Python refuses `pip install` (PEP 668, "externally managed"), so
# uv goes into a private venv of it (.bootstrap/venv, its `uv` linked from .bootstrap/bin),
# unless uv at the pinned version is already on PATH. uv then builds .venv from that same
# Python, and never downloads a Python of its own.
set -euo pipefail
UV_VERSION=0.13.8
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bootstrap_say() { echo "bootstrap: $*" >&2; }

# 1. The Python, checked before anything else runs (pyproject.toml: requires-python).
bootstrap_python=${STOREFRONT_PYTHON:-python3}
bootstrap_get_python="get one (Debian/Ubuntu: sudo apt-get install python3 python3-venv, where the release's python3 is 3.11 to 3.13; else pyenv or https://www.python.org/downloads/; macOS: brew install python@3.13), then put it first on PATH or set STOREFRONT_PYTHON to it"
if ! command -v "$bootstrap_python" >/dev/null 2>&1; then
  bootstrap_say "no $bootstrap_python found: Storefront needs Python 3.11, 3.12 or 3.13; $bootstrap_get_python"
  exit 1
fi
# Written for any python3, however old, so that an old one gets this message too.
bootstrap_probe=$("$bootstrap_python" -c '
import os, sys
base = getattr(sys, "_base_executable", "") or sys.executable
print("\t".join([
    "%d.%d.%d" % tuple(sys.version_info[:3]),
    "ok" if (3, 11) <= tuple(sys.version_info[:2]) < (3, 14) else "unsupported",
    sys.executable,
    os.path.realpath(os.path.dirname(base)),
    os.path.dirname(os.path.realpath(base)),
    "%d.%d" % tuple(sys.version_info[:2]),
]))') || { bootstrap_say "$bootstrap_python does not run: $bootstrap_get_python"; exit 1; }
IFS=$'\t' read -r bootstrap_version bootstrap_supported bootstrap_exe bootstrap_home \
  bootstrap_home_resolved bootstrap_minor <<<"$bootstrap_probe"
if [ "$bootstrap_supported" != ok ]; then
  bootstrap_say "$bootstrap_python is Python $bootstrap_version: Storefront needs 3.11, 3.12 or 3.13; $bootstrap_get_python"
  exit 1
fi
bootstrap_which="Python $bootstrap_version ($bootstrap_exe)"

# 2. What is missing, so that one line can say what is about to happen.
bootstrap_uv_ok() { [ "$("$1" --version 2>/dev/null | cut -d' ' -f2)" = "$UV_VERSION" ]; }
bootstrap_need_uv=yes
if command -v uv >/dev/null 2>&1 && bootstrap_uv_ok uv; then
  bootstrap_need_uv=no
elif bootstrap_uv_ok .bootstrap/bin/uv; then
  bootstrap_need_uv=no
  export PATH="$PWD/.bootstrap/bin:$PATH"
fi
# .venv/pyvenv.cfg names the directory of the Python it was made from (`home`): uv
# rebuilds .venv when that is not the Python it is given.
bootstrap_venv_home=$(sed -n 's/^home *= *//p' .venv/pyvenv.cfg 2>/dev/null || true)
if [ -n "$bootstrap_venv_home" ] && [ -d "$bootstrap_venv_home" ]; then
  bootstrap_venv_home=$(cd "$bootstrap_venv_home" && pwd -P)
fi
if [ ! -e .venv/pyvenv.cfg ]; then
  bootstrap_env="the locked environment (uv.lock) into .venv with $bootstrap_which"
elif [ "$bootstrap_venv_home" != "$bootstrap_home" ] && [ "$bootstrap_venv_home" != "$bootstrap_home_resolved" ]; then
  bootstrap_env="the locked environment into a new .venv with $bootstrap_which (the old one was made from another Python, in ${bootstrap_venv_home:-an unknown place})"
elif ! cmp -s uv.lock .venv/.uv-lock 2>/dev/null; then
  # .venv/.uv-lock holds a copy of the uv.lock it was last synced from.
  bootstrap_env="the locked environment (uv.lock changed) into .venv"
else
  bootstrap_env=""
fi
if [ "$bootstrap_need_uv" = yes ] && [ -n "$bootstrap_env" ]; then
  bootstrap_say "installing uv $UV_VERSION into .bootstrap/ (a private venv of $bootstrap_which; nothing is installed into that Python), then $bootstrap_env: about a minute the first time"
elif [ "$bootstrap_need_uv" = yes ]; then
  bootstrap_say "installing uv $UV_VERSION into .bootstrap/ (a private venv of $bootstrap_which; nothing is installed into that Python): a few seconds"
elif [ -n "$bootstrap_env" ]; then
  bootstrap_say "installing $bootstrap_env: about a minute the first time"
fi

# 3. uv, in a private venv (pip refuses to install into an externally managed Python).
if [ "$bootstrap_need_uv" = yes ]; then
  if [ ! -x .bootstrap/venv/bin/python ] || ! .bootstrap/venv/bin/python -c '' 2>/dev/null; then
    rm -rf .bootstrap/venv
    if ! bootstrap_venv_error=$("$bootstrap_python" -m venv .bootstrap/venv 2>&1); then
      rm -rf .bootstrap/venv
      bootstrap_say "$bootstrap_python -m venv does not work here (Debian and Ubuntu ship it apart from Python): install it with sudo apt-get install python$bootstrap_minor-venv (python3-venv), or use a python.org, pyenv or Homebrew Python, which include it. It said: ${bootstrap_venv_error//$'\n'/ }"
      exit 1
    fi
  fi
  .bootstrap/venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input \
    "uv==$UV_VERSION" || {
    bootstrap_say "could not install uv $UV_VERSION from PyPI into .bootstrap/venv (see above): check the network (behind a proxy: HTTPS_PROXY)"
    exit 1
  }
  mkdir -p .bootstrap/bin
  ln -sf ../venv/bin/uv .bootstrap/bin/uv
  ln -sf ../venv/bin/uvx .bootstrap/bin/uvx
  export PATH="$PWD/.bootstrap/bin:$PATH"
fi

# 4. The locked environment, from the Python chosen above and no other.
# uv trusts the system's certificate store (as curl and git do), so a proxy's root
# installed there works; it never downloads a Python.
export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-1}" UV_PYTHON_DOWNLOADS=never
uv sync --frozen --quiet --python "$bootstrap_exe"
cp uv.lock .venv/.uv-lock
