"""The drift gate: client/ is exactly what scripts/generate_client.py writes from
openapi.json, byte for byte, every time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "client"
SCRIPT = ROOT / "scripts" / "generate_client.py"
TOOL_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"}
IGNORE = shutil.ignore_patterns(*TOOL_DIRS, "*.pyc")


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` that is not a tool's cache, by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not TOOL_DIRS.intersection(path.relative_to(root).parts)
        and path.suffix != ".pyc"
    }


def differences(expected: Path, actual: Path) -> list[str]:
    want, have = files(expected), files(actual)
    return sorted(name for name in want.keys() | have.keys() if want.get(name) != have.get(name))


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_deleting_and_regenerating_a_copy_of_client_gives_identical_bytes(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "client"
    shutil.copytree(OUTPUT, copy, ignore=IGNORE)
    shutil.rmtree(copy)
    result = generate("--output", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert differences(copy, OUTPUT) == []
    assert (copy / "storefront_client" / "py.typed").exists()
    # Twice: same bytes again.
    again = tmp_path / "again"
    assert generate("--output", str(again)).returncode == 0
    assert differences(again, copy) == []


def test_check_names_hand_edits_and_strays_and_regenerating_removes_them(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "client"
    shutil.copytree(OUTPUT, copy, ignore=IGNORE)
    edited = copy / "storefront_client" / "errors.py"
    edited.write_text(edited.read_text() + "\n# edited by hand\n")
    (copy / "storefront_client" / "stray.py").write_text("")
    result = generate("--check", "--output", str(copy))
    assert result.returncode == 1
    assert "+++ client/storefront_client/errors.py (generated)" in result.stdout
    assert "-# edited by hand" in result.stdout
    assert "not generated (remove it): storefront_client/stray.py" in result.stdout
    assert generate("--output", str(copy)).returncode == 0
    assert generate("--check", "--output", str(copy)).returncode == 0
    assert not (copy / "storefront_client" / "stray.py").exists()
