"""pyright (pinned in ``tools/pyright``) agrees the SDK is fully typed: ``--verifytypes``
of the installed package scores 100% with no ambiguous symbol, and the SDK guide, the
testing guide and the examples pass strict mode (mypy --strict checks them elsewhere)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.test_sdk_guide import program
from tests.docs.test_testing_guide import write_module
from tests.docs.tools import tool_missing
from tests.support.live import ROOT

PYRIGHT = ROOT / "tools" / "pyright" / "node_modules" / ".bin" / "pyright"


@pytest.fixture(scope="module")
def pyright() -> Path:
    if not PYRIGHT.is_file():
        tool_missing("pyright is not installed: npm ci --prefix tools/pyright")
    return PYRIGHT


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout


def test_verifytypes_scores_100_percent(pyright: Path, tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        tool_missing("uv is not on PATH (it installs the SDK for pyright)")
    venv = tmp_path / "venv"
    run(uv, "venv", "--no-project", "--python", sys.executable, venv, cwd=tmp_path)
    run(uv, "pip", "install", "--python", venv / "bin" / "python", ROOT / "client", cwd=tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(
        json.dumps({"venvPath": str(tmp_path), "venv": "venv"}), encoding="utf-8"
    )
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    report = run(
        pyright, "--verifytypes", "storefront_client", "--ignoreexternal", cwd=tmp_path, env=env
    )
    assert "Type completeness score: 100%" in report, report
    assert "With ambiguous type: 0" in report, report
    assert "With unknown type: 0" in report, report


def test_the_guides_and_examples_pass_strict_mode(pyright: Path, tmp_path: Path) -> None:
    for example in sorted((ROOT / "examples").glob("*.py")):
        if example.name != "__init__.py":
            shutil.copyfile(example, tmp_path / example.name)
    (tmp_path / "sdk_guide.py").write_text(program(), encoding="utf-8")
    write_module(tmp_path)
    (tmp_path / "conftest.py").unlink()
    config = {
        "typeCheckingMode": "strict",
        "venvPath": str(ROOT),
        "venv": ".venv",
        "extraPaths": [str(ROOT)],  # the server package, for the in-process block
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    report = run(pyright, cwd=tmp_path)
    assert "0 errors" in report, report
