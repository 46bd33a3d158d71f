"""Record the schema's examples from the scenario suite: ``server/openapi_examples.json``.

Usage::

    python scripts/record_examples.py

Runs the scenario suite and the HTTP tests on SQLite with ``STOREFRONT_RECORD_EXAMPLES``
set (``tests/support/examples.py`` keeps, per operation, the richest valid request body,
the richest response body of each status and the parameters of an accepted request),
then writes them as the examples ``server/openapi.py`` puts into ``openapi.json``:
secrets replaced by placeholders (passwords, access and refresh tokens), long lists cut to two
entries. Re-export ``openapi.json`` afterwards; ``tests/test_openapi_examples.py`` checks
each example against its schema.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET = REPO_ROOT / "server" / "openapi_examples.json"
SUITE = ["tests/scenarios", "tests/test_http.py"]
EXAMPLE_PASSWORD = "example-password-1"  # noqa: S105 - a placeholder shown in the docs
EXAMPLE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.example-signature"  # noqa: S105
MAX_LIST = 2
PASSWORD_KEYS = frozenset({"password", "current_password"})
TOKEN_KEYS = frozenset({"access_token", "refresh_token", "token"})


def sanitise(value: Any) -> Any:
    """``value`` with secrets replaced and lists cut to ``MAX_LIST`` entries."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if key in PASSWORD_KEYS and isinstance(inner, str):
                out[key] = EXAMPLE_PASSWORD
            elif key in TOKEN_KEYS and isinstance(inner, str):
                out[key] = EXAMPLE_TOKEN
            else:
                out[key] = sanitise(inner)
        return out
    if isinstance(value, list):
        return [sanitise(inner) for inner in value[:MAX_LIST]]
    return value


def shape(recorded: dict[str, Any]) -> dict[str, Any]:
    """``{operation: {"request": body, "responses": {status: body}, "parameters":
    {"<in>:<name>": value}}}``, sanitised."""
    examples: dict[str, Any] = {}
    for operation, parameters in recorded["parameters"].items():
        examples.setdefault(operation, {})["parameters"] = parameters
    for operation, body in recorded["requests"].items():
        examples.setdefault(operation, {})["request"] = sanitise(body)
    for operation, by_status in recorded["responses"].items():
        responses = {status: sanitise(body) for status, body in by_status.items()}
        examples.setdefault(operation, {})["responses"] = responses
    return examples


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="examples-") as directory:
        recorded_path = Path(directory) / "recorded.json"
        env = {**os.environ, "STOREFRONT_RECORD_EXAMPLES": str(recorded_path)}
        argv = [
            sys.executable,
            "-m",
            "pytest",
            *SUITE,
            "-q",
            "-m",
            "not postgres",
            "-p",
            "no:cacheprovider",
        ]
        proc = subprocess.run(argv, cwd=REPO_ROOT, env=env, check=False)
        if proc.returncode != 0 or not recorded_path.exists():
            print("error: the suite failed; no examples written", file=sys.stderr)
            return 1
        recorded = json.loads(recorded_path.read_text(encoding="utf-8"))
    examples = shape(recorded)
    TARGET.write_text(json.dumps(examples, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO_ROOT)} ({len(examples)} operations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
