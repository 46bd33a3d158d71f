"""Non-Python tooling keeps working: the TypeScript client @hey-api/openapi-ts generates
from ``openapi.json`` type-checks under ``tsc --strict``, with ``tests/typescript/usage.ts``
(calls a TypeScript user writes, and the nulls the schema refuses, which must be type
errors). Both tools are pinned in ``tools/typescript`` (``npm ci --prefix
tools/typescript``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.breaking.tooling import tool_missing

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "typescript" / "node_modules" / ".bin"
USAGE = ROOT / "tests" / "typescript"


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def tools() -> Path:
    if not (TOOLS / "openapi-ts").is_file() or not (TOOLS / "tsc").is_file():
        tool_missing(
            "@hey-api/openapi-ts and tsc are not installed: npm ci --prefix tools/typescript"
        )
    return TOOLS


def type_check(spec: Path, directory: Path, tools: Path) -> subprocess.CompletedProcess[str]:
    """Generate the client from ``spec`` into ``directory`` and run ``tsc --strict`` on it
    and the usage file."""
    for name in ("usage.ts", "tsconfig.json"):
        shutil.copy(USAGE / name, directory / name)
    generated = run(tools / "openapi-ts", "-i", spec, "-o", directory / "client", cwd=directory)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    return run(tools / "tsc", "--strict", "-p", "tsconfig.json", cwd=directory)


def test_the_generated_client_type_checks(tools: Path, tmp_path: Path) -> None:
    checked = type_check(ROOT / "openapi.json", tmp_path, tools)

    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_null_the_schema_allows_again_is_caught(tools: Path, tmp_path: Path) -> None:
    document: dict[str, Any] = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    update = document["components"]["schemas"]["UserUpdate"]["properties"]
    update["password"] = {"anyOf": [update["password"], {"type": "null"}]}
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document), encoding="utf-8")

    checked = type_check(spec, tmp_path, tools)

    lines = (USAGE / "usage.ts").read_text(encoding="utf-8").splitlines()
    directive = next(n for n, text in enumerate(lines, 1) if "password takes no null" in text)
    assert checked.returncode != 0
    assert checked.stdout.splitlines() == [
        f"usage.ts({directive},3): error TS2578: Unused '@ts-expect-error' directive."
    ]
