"""README.md has no dead instructions: every command block in it is run here.

Blocks are fenced with a language and a tag, e.g. ```` ```sh session ````:

- ``sh session`` / ``python session``: the first session, run in order in one shell
  against a fresh ``storefront serve`` (``127.0.0.1:8000`` becomes its port). A line
  ``# → text`` promises that the output of its block shows ``text`` (in order).
- ``sh setup``: ``./scripts/serve.sh`` is started on a free port and answers /docs;
  ``./scripts/test.sh`` is what ``.ci/run`` runs.
- ``sh regenerate``: run in a copy of HEAD; it must reproduce the committed files.
- ``sh ci``: exactly the steps of ``scripts/test.sh``.
- ``sh postgres``: run against the test PostgreSQL (several workers, one key).
- ``sh admin``: run against a scratch SQLite database.

``uv run --frozen CMD`` runs CMD in the project's locked environment; here that is this
interpreter's environment, so the prefix is dropped and its ``bin`` goes first on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from server.config import Settings
from tests.docs.tools import find_curl, tool_missing
from tests.support.databases import ADMIN_URL, require_postgres
from tests.support.live import ROOT, LiveServer, free_port

README = ROOT / "README.md"
README_ADDRESS = "127.0.0.1:8000"
UV_RUN = "uv run --frozen "
SHELL_LANGUAGES = frozenset({"sh", "bash", "shell", "console", "zsh"})
CHECKED = frozenset(
    {
        ("sh", "setup"),
        ("sh", "session"),
        ("python", "session"),
        ("sh", "regenerate"),
        ("sh", "ci"),
        ("sh", "postgres"),
        ("sh", "admin"),
    }
)
FENCE = re.compile(r"^```([\w-]*)[ \t]*([\w-]*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXPECT = re.compile(r"^\s*# → (.+?)\s*$", re.MULTILINE)
VENV_BIN = str(Path(sys.executable).parent)
FAST_ARGON2 = {"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST_KIB": "1024"}


@dataclass(frozen=True)
class Block:
    language: str
    tag: str
    code: str
    line: int

    @property
    def expectations(self) -> list[str]:
        return EXPECT.findall(self.code)

    @property
    def commands(self) -> list[str]:
        """Its lines without comments or blank lines (no block here continues lines)."""
        lines = (line.split("#", 1)[0].strip() for line in self.code.splitlines())
        return [line for line in lines if line]


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [
        Block(match[1], match[2], match[3], text.count("\n", 0, match.start()) + 1)
        for match in FENCE.finditer(text)
    ]


def blocks(language: str, tag: str) -> list[Block]:
    found = [b for b in readme_blocks() if (b.language, b.tag) == (language, tag)]
    assert found, f"README.md has no ```{language} {tag} block"
    return found


def without_uv_run(code: str) -> str:
    return code.replace(UV_RUN, "")


def environment(**overrides: str) -> dict[str, str]:
    """The test's environment with the locked env first on PATH and no server settings."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env["PATH"] = os.pathsep.join([VENV_BIN, env.get("PATH", "")])
    env.update(FAST_ARGON2)
    env.update(overrides)
    return env


def run_bash(script: str, *, cwd: Path, env: Mapping[str, str], timeout: float = 120) -> str:
    """Run ``script`` with ``set -euo pipefail``; fail with its output unless it exits 0."""
    prologue = "set -euo pipefail\ntrap 'echo \"README command failed: $BASH_COMMAND\" >&2' ERR\n"
    result = subprocess.run(
        ["bash", "-c", prologue + script],
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"exit {result.returncode}:\n{output}"
    return output


def assert_shows(output: str, expectations: list[str], where: str) -> None:
    """Each expected text appears in ``output``, in this order."""
    position = 0
    for text in expectations:
        found = output.find(text, position)
        assert found >= 0, f"{where}: expected {text!r} in the output:\n{output}"
        position = found + len(text)


def stop(process: subprocess.Popen[str]) -> str:
    """SIGTERM the process group, then SIGKILL it; returns what it printed."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.stdout is None or process.stdout.closed:
        return ""  # already collected
    output, _ = process.communicate()
    return output


def wait_until_up(process: subprocess.Popen[str], url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{stop(process)}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"no answer on {url} within {timeout}s:\n{stop(process)}")


@pytest.fixture
def background() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; whatever is still running at the end is stopped."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        stop(process)


def start(
    command: list[str], *, cwd: Path, env: Mapping[str, str], into: list[subprocess.Popen[str]]
) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    into.append(process)
    return process


def test_every_command_block_is_checked() -> None:
    unchecked = [
        f"README.md:{block.line}: ```{block.language} {block.tag}".rstrip()
        for block in readme_blocks()
        if (block.language in SHELL_LANGUAGES or block.language == "python")
        and (block.language, block.tag) not in CHECKED
    ]
    assert unchecked == [], "command blocks no test runs (tag them, and run them here)"


def test_first_session(live_server: LiveServer, tmp_path: Path) -> None:
    """The curl and SDK sessions and the examples, in README order, in one shell."""
    find_curl()
    session = [b for b in readme_blocks() if b.tag == "session"]
    assert {b.language for b in session} == {"sh", "python"}
    script = []
    for number, block in enumerate(session):
        code = without_uv_run(block.code).replace(README_ADDRESS, f"127.0.0.1:{live_server.port}")
        script.append(f"printf '\\n@@block {number}\\n'")
        if block.language == "python":
            script.append(f"python - <<'README_PYTHON'\n{code}README_PYTHON")
        else:
            script.append(code)
    # The examples are run from the repository root, as the README shows them.
    output = run_bash("cd " + str(ROOT) + "\n" + "\n".join(script), cwd=tmp_path, env=environment())

    outputs = re.split(r"^@@block \d+$", output, flags=re.MULTILINE)[1:]
    assert len(outputs) == len(session)
    for block, shown in zip(session, outputs, strict=True):
        assert_shows(shown, block.expectations, f"README.md:{block.line}")


def test_serve_script_serves_docs(tmp_path: Path, background: list[subprocess.Popen[str]]) -> None:
    """``./scripts/serve.sh`` (plus ``--port``): no SECRET_KEY needed on loopback."""
    setup = blocks("sh", "setup")[0]
    assert setup.commands == ["./scripts/serve.sh", "./scripts/test.sh"]
    if shutil.which("uv") is None:
        tool_missing("uv is not installed (scripts/bootstrap.sh installs it)")
    port = free_port()
    database = tmp_path / "storefront.db"
    process = start(
        [str(ROOT / "scripts" / "serve.sh"), "--port", str(port)],
        cwd=ROOT,
        env=environment(DATABASE_URL=f"sqlite:///{database}"),
        into=background,
    )
    wait_until_up(process, f"http://127.0.0.1:{port}")
    docs = httpx.get(f"http://127.0.0.1:{port}/docs", timeout=10)
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    output = stop(process)
    assert "generated a development key" in output
    assert (tmp_path / ".storefront-secret-key").exists()


def test_test_script_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # With PYTHONUNBUFFERED unset: no test leans on unbuffered output.
    assert re.search(r"^exec env -u PYTHONUNBUFFERED bash scripts/test\.sh$", ci, re.MULTILINE)


def test_ci_steps_are_those_of_the_test_script() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    steps = [
        line.removeprefix("run ").removesuffix(' "$@"')
        for line in script.splitlines()
        if line.startswith("run ")
    ]
    assert blocks("sh", "ci")[0].commands == steps


def test_regenerate_reproduces_the_committed_files(tmp_path: Path) -> None:
    """The README's regeneration commands, run in a copy of HEAD, change nothing."""
    git = shutil.which("git")
    if git is None:
        tool_missing("git is not installed (apt-get install git)")
    archive = subprocess.run(
        [git, "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(tmp_path)], input=archive.stdout, check=True)
    before = snapshot(tmp_path)
    code = without_uv_run(blocks("sh", "regenerate")[0].code)
    run_bash(code, cwd=tmp_path, env=environment(), timeout=300)
    after = snapshot(tmp_path)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    assert changed == []


def snapshot(root: Path) -> dict[str, bytes]:
    files = [root / "openapi.json", *sorted((root / "client").rglob("*"))]
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in files
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts
    }


@pytest.mark.postgres
def test_postgres_with_workers(tmp_path: Path, background: list[subprocess.Popen[str]]) -> None:
    """The block as pasted: it creates its role and database, then four workers serve
    with one SECRET_KEY and a token works on any of them.

    Only the names change (a role and database of this test's own, dropped after) and
    the superuser's connection (the test PostgreSQL's).
    """
    require_postgres()
    name = f"storefront_readme_{uuid.uuid4().hex[:8]}"
    port = free_port()
    code = without_uv_run(blocks("sh", "postgres")[0].code)
    code, names = re.subn(r"\bstorefront\b(?! serve)", name, code)
    admin = urlsplit(ADMIN_URL)
    code, urls = re.subn(r"@127\.0\.0\.1:5432/", f"@{admin.hostname}:{admin.port or 5432}/", code)
    code, superusers = re.subn(r"psql -h 127\.0\.0\.1 -U postgres", f"psql -d '{ADMIN_URL}'", code)
    # Not 8000, which the first server of the README may still hold.
    code, serves = re.subn(
        r"^(storefront serve .*) --port 8001$", rf"exec \1 --port {port}", code, flags=re.M
    )
    assert (names, urls, superusers, serves) == (7, 1, 2, 1), code
    assert "--workers 4 --host 0.0.0.0" in code
    try:
        process = start(["bash", "-euc", code], cwd=tmp_path, env=environment(), into=background)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(process, url)
        check_workers(url)
        assert "Started parent process" in stop(process)  # uvicorn's multi-worker supervisor
    finally:
        for process in background:
            stop(process)
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{name}"')


def check_workers(url: str) -> None:
    assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
    account = {"email": "workers@example.com", "password": "correct-horse-battery-staple"}
    assert httpx.post(f"{url}/v1/users", json=account, timeout=10).status_code == 201
    login = httpx.post(
        f"{url}/v1/auth/token",
        data={"username": account["email"], "password": account["password"]},
        timeout=10,
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        # New connections spread over the workers; each accepts the token.
        statuses = {
            client.get("/v1/users/me", headers={"Connection": "close"}).status_code
            for _ in range(12)
        }
    assert statuses == {200}


def test_admin_commands(tmp_path: Path) -> None:
    code = without_uv_run(blocks("sh", "admin")[0].code)
    env = environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'admin.db'}",
        STOREFRONT_SUPERUSER_PASSWORD="correct-horse-battery-staple-9",
    )
    output = run_bash(code, cwd=tmp_path, env=env)
    assert "database is at the latest revision" in output
    assert "superuser admin@example.com created" in output
    assert "seeded 1000 items" in output


def test_configuration_table_lists_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \| (.+?) \|", section, re.MULTILINE)
    documented = {name.lower(): default for name, default in rows}
    expected = {
        name: "*(none)*" if field.default is None else f"`{field.default}`"
        for name, field in Settings.model_fields.items()
    }
    assert documented == expected


def test_the_test_header_says_what_happens_to_the_postgres_tests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It used to say "skipped when unreachable" while they ran."""
    from tests import conftest

    monkeypatch.setattr(conftest, "postgres_available", lambda: None)
    assert conftest.postgres_header("").startswith("storefront: PostgreSQL tests run (")
    assert "deselected" in conftest.postgres_header("not postgres")
    monkeypatch.setattr(conftest, "postgres_available", lambda: "not reachable:\n refused")
    monkeypatch.setattr(conftest, "REQUIRE_POSTGRES", False)
    assert conftest.postgres_header("") == (
        "storefront: PostgreSQL tests skipped: not reachable: refused"
    )
    monkeypatch.setattr(conftest, "REQUIRE_POSTGRES", True)
    assert "will FAIL" in conftest.postgres_header("")
