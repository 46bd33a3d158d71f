"""docs/testing.md is true: its Python blocks, in order, form a test module that passes
``mypy --strict`` and whose three tests pass on the SDK's FakeServer with ``time.sleep``
and ``asyncio.sleep`` made to fail (so nothing sleeps for real)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.support.live import ROOT

GUIDE = ROOT / "docs" / "testing.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
NO_SLEEPING = """
import asyncio
import time

import pytest


@pytest.fixture(autouse=True)
def _no_real_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("slept for real")

    monkeypatch.setattr(time, "sleep", refuse)
    monkeypatch.setattr(asyncio, "sleep", refuse)
"""


def write_module(directory: Path) -> Path:
    blocks = PYTHON_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) == 2, "docs/testing.md: the function and its tests"
    module = directory / "test_guide.py"
    module.write_text("\n\n".join(blocks), encoding="utf-8")
    (directory / "conftest.py").write_text(NO_SLEEPING, encoding="utf-8")
    (directory / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n",
        encoding="utf-8",
    )
    return module


def test_the_example_passes_mypy_strict(tmp_path: Path) -> None:
    module = write_module(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_tests_pass_on_the_fake_without_sleeping(tmp_path: Path) -> None:
    write_module(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout, result.stdout
