"""The spec lint gate: Redocly CLI's ``recommended`` rules on ``openapi.json``.

Usage (scripts/test.sh runs it from the repository root)::

    python scripts/lint_openapi.py [SPEC]

Redocly CLI is pinned in ``tools/redocly`` (npm ``@redocly/cli``, exact version in its
package.json and package-lock.json; install with ``npm ci --prefix tools/redocly``).
The ruleset is ``redocly.yaml`` at the repository root (``recommended``, no rule turned
off); findings ignored where they occur are in ``.redocly.lint-ignore.yaml``, each
with its reason. Redocly exits 0 on warnings, so this script reads its JSON report and
fails on any error or warning: the gate is 0 and 0.

Exit codes: 0 clean; 1 errors or warnings (each is printed); 2 the lint could not run
(Redocly missing or another version, a report that cannot be read).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
REDOCLY_VERSION = "2.77.0"
REDOCLY = REPO_ROOT / "tools" / "redocly" / "node_modules" / ".bin" / "redocly"
INSTALL_HINT = "npm ci --prefix tools/redocly"
# Offline and quiet: no usage telemetry, no update check.
QUIET_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
TIMEOUT_SECONDS = 120


class LintError(Exception):
    """The lint could not run; the message says what to do."""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    if not REDOCLY.is_file():
        raise LintError(f"Redocly CLI is not installed; run `{INSTALL_HINT}` (needs node/npm).")
    try:
        return subprocess.run(
            [str(REDOCLY), *args],
            cwd=REPO_ROOT,
            env={**os.environ, **QUIET_ENV},
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LintError(f"running Redocly CLI failed: {exc}") from exc


def check_version() -> None:
    found = _run("--version").stdout.strip()
    if found != REDOCLY_VERSION:
        raise LintError(
            f"Redocly CLI {found or '(unknown)'} is installed, {REDOCLY_VERSION} is pinned; "
            f"run `{INSTALL_HINT}`."
        )


def lint(spec: Path) -> dict[str, Any]:
    """Redocly's JSON report for ``spec`` (``totals`` and ``problems``)."""
    check_version()
    proc = _run("lint", str(spec), "--format", "json", "--max-problems", "1000")
    try:
        report: dict[str, Any] = json.loads(proc.stdout)
        report["totals"]["errors"] + report["totals"]["warnings"]
    except (ValueError, KeyError, TypeError) as exc:
        detail = (proc.stderr or proc.stdout).strip()[-2000:]
        raise LintError(f"Redocly printed no report (exit {proc.returncode}): {detail}") from exc
    return report


def describe(problem: dict[str, Any]) -> str:
    where = ", ".join(str(location.get("pointer", "?")) for location in problem.get("location", []))
    severity = str(problem.get("severity", "?"))
    return f"[{severity}] {problem.get('ruleId')}: {problem.get('message')} at {where}"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    spec = Path(args[0]) if args else REPO_ROOT / "openapi.json"
    try:
        report = lint(spec)
    except LintError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    totals = report["totals"]
    for problem in report.get("problems", []):
        print(describe(problem))
    summary = (
        f"{totals['errors']} error(s), {totals['warnings']} warning(s), "
        f"{totals.get('ignored', 0)} ignored (.redocly.lint-ignore.yaml)"
    )
    if totals["errors"] or totals["warnings"]:
        print(f"spec lint: FAIL, {summary}")
        return 1
    print(f"spec lint: PASS, {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
