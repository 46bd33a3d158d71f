"""The layering contract (``[tool.importlinter]`` in pyproject.toml) holds, and can fail.

scripts/test.sh runs ``lint-imports`` on the tree; this test plants a back-import in a
copy of ``server/`` and checks that the same contract catches it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree)},
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "server", tmp_path / "server")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_its_layers(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("server/db/base.py", "import server.items.service"),  # plumbing -> a domain
        ("server/items/repository.py", "import server.items.service"),  # repository -> service
        ("server/users/service.py", "import server.items.service"),  # users -> items (a cycle)
    ],
)
def test_a_back_import_breaks_the_contract(tree: Path, module: str, planted: str) -> None:
    path = tree / module
    path.write_text(path.read_text() + f"\n{planted}  # noqa\n")
    result = _lint(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
