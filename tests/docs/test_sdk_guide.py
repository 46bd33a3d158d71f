"""docs/sdk.md is true: its Python blocks, in order, form one program that passes
``mypy --strict`` and runs against a fresh server, printing what its ``# → text`` lines
promise (in that order)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.docs.test_readme import FAST_ARGON2, README_ADDRESS, assert_shows
from tests.support.databases import SECRET_KEY
from tests.support.live import ROOT, LiveServer

GUIDE = ROOT / "docs" / "sdk.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXPECT = re.compile(r"^\s*# → (.+?)\s*$", re.MULTILINE)


def program() -> str:
    blocks = PYTHON_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 8, "docs/sdk.md lost its Python blocks"
    return "\n\n".join(blocks)


def test_every_block_passes_mypy_strict(tmp_path: Path) -> None:
    source = tmp_path / "sdk_guide.py"
    source.write_text(program(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_block_runs_and_prints_what_it_promises(
    live_server: LiveServer, tmp_path: Path
) -> None:
    code = program()
    assert README_ADDRESS in code
    source = tmp_path / "sdk_guide.py"
    source.write_text(code.replace(f"http://{README_ADDRESS}", live_server.url), encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if k != "STOREFRONT_LOG"},
        # The in-process block builds the app on the live server's database and key.
        "DATABASE_URL": live_server.database_url,
        "SECRET_KEY": SECRET_KEY,
        **FAST_ARGON2,
    }
    result = subprocess.run(
        [sys.executable, str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert_shows(result.stdout, EXPECT.findall(code), "docs/sdk.md")
