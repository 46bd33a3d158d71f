"""scripts/lint_openapi.py: the spec lint gate (Redocly CLI ``recommended``, 0 and 0).

scripts/test.sh runs the gate on the committed schema; these tests show it passes that
schema and fails on a warning as well as on an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lint_openapi import REPO_ROOT, LintError, check_version, main

from .tooling import tool_missing


@pytest.fixture(scope="module")
def redocly() -> None:
    try:
        check_version()
    except LintError as exc:
        tool_missing(str(exc))


def committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((REPO_ROOT / "openapi.json").read_text("utf-8"))
    return document


def write(directory: Path, document: dict[str, Any]) -> Path:
    # Outside the repository root, so .redocly.lint-ignore.yaml (keyed by the committed
    # file's path) does not apply: the two health-probe findings show up as well.
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "openapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_committed_schema_passes(redocly: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out.startswith("spec lint: PASS, 0 error(s), 0 warning(s)")


def test_a_warning_fails_the_gate(
    redocly: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = committed()
    del document["info"]["license"]  # `info-license` is a warning in `recommended`

    assert main([str(write(tmp_path, document))]) == 1
    out = capsys.readouterr().out
    assert "[warn] info-license" in out
    assert "spec lint: FAIL, 0 error(s)," in out


def test_an_error_fails_the_gate(
    redocly: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = committed()
    document["paths"]["/v1/items"]["get"]["operationId"] = "get_item"  # not unique

    assert main([str(write(tmp_path, document))]) == 1
    assert "[error] operation-operationId-unique" in capsys.readouterr().out
