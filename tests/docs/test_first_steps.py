"""README.md's first steps that are not command blocks: the headless Chromium line that
shows ``/docs``, the SDK's installation into a project of one's own, and the table of
what each command needs (it names every tool ``scripts/test.sh`` calls).

(The command blocks are run by ``test_readme.py``.)
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.docs.tools import find_chromium
from tests.support.live import ROOT, LiveServer

README = ROOT / "README.md"
README_ADDRESS = "http://127.0.0.1:8000"


def inline_command(starting: str) -> list[str]:
    """The README's one inline command (`` `...` ``) that starts with ``starting``."""
    text = README.read_text(encoding="utf-8")
    found = re.findall(rf"`({re.escape(starting)}[^`]*)`", text)
    assert len(found) == 1, found
    return shlex.split(found[0])


def test_headless_chromium_shows_the_docs(live_server: LiveServer, tmp_path: Path) -> None:
    """The README's line, as given (as root too: ``--no-sandbox``), writes a screenshot,
    and within its time budget Swagger UI has drawn the operations."""
    command = inline_command("chromium --headless")
    assert "--no-sandbox" in command
    assert any(arg.startswith("--virtual-time-budget=") for arg in command)
    command = [
        str(find_chromium()),
        *(arg.replace(README_ADDRESS, live_server.url) for arg in command[1:]),
    ]
    subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=120, check=True)
    assert (tmp_path / "docs.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # What the screenshot shows: the same flags, the page's DOM once the budget is spent.
    dump = [arg for arg in command if not arg.startswith("--screenshot")]
    dom = subprocess.run(
        [*dump[:-1], "--dump-dom", dump[-1]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert 'class="opblock-tag' in dom  # Swagger UI drew the operations, grouped by tag


def test_the_sdk_installs_into_a_project_of_ones_own(tmp_path: Path) -> None:
    """``python -m pip install /path/to/storefront/client`` in a new venv: the SDK and its
    dependencies, importable there (this needs PyPI, as the user does)."""
    command = inline_command("python -m pip install ")
    assert command[-1] == "/path/to/storefront/client"
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    subprocess.run(
        [python, *command[1:-1], "--quiet", "--disable-pip-version-check", str(ROOT / "client")],
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
        check=True,
    )
    probe = "import storefront_client, httpx, attrs; print(storefront_client.Storefront.__name__)"
    shown = subprocess.run(
        [python, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "Storefront"


def test_the_table_names_every_tool_the_test_script_calls() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("### What each command needs", 1)[1].split("\n\n", 2)[1]
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    called = set(re.findall(r"^run (\w+)", script, re.MULTILINE)) | {"node"}
    assert called == {"npm", "uv", "node"}  # uv is bootstrap's; the others must be listed
    for tool in ["Node.js", "`npm`", "`git`", "`curl`", "PostgreSQL", "Chromium", "`venv`"]:
        assert tool in table, tool
