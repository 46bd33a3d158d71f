"""The storefront command: migrate, create-superuser, seed, serve's checks, settings."""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from sqlalchemy import create_engine, func, select, text

from server.cli import build_parser, main
from server.config import ConfigError, Settings, resolve_secret_key
from server.dberrors import describe
from server.items.models import Item
from server.users.models import User
from tests.support.databases import ADMIN_URL, PostgresDatabase, require_postgres
from tests.support.live import ROOT, LiveServer, free_port


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ARGON2_TIME_COST", "1")
    monkeypatch.setenv("ARGON2_MEMORY_COST_KIB", "1024")
    from server.config import get_settings

    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def count(url: str, model: type[Item] | type[User]) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return int(value or 0)


def test_migrate_then_create_superuser(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    monkeypatch.setenv("STOREFRONT_SUPERUSER_PASSWORD", "admin-password-1")
    assert main(["create-superuser", "--email", "Root@Example.com"]) == 0
    assert "superuser root@example.com created" in capsys.readouterr().out
    assert main(["create-superuser", "--email", "root@example.com"]) == 1
    assert "already exists" in capsys.readouterr().err
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT email, is_superuser, hashed_password FROM users")
        ).one()
    engine.dispose()
    assert row[0] == "root@example.com"
    assert row[1] in (1, True)
    assert row[2].startswith("$argon2id$")


def test_create_superuser_rejects_a_weak_password(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    monkeypatch.setenv("STOREFRONT_SUPERUSER_PASSWORD", "short")
    assert main(["create-superuser", "--email", "a@example.com"]) == 2
    assert "password" in capsys.readouterr().err
    assert count(sqlite_url, User) == 0


def test_deactivate_reactivate_and_revoke_sessions(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    monkeypatch.setenv("STOREFRONT_SUPERUSER_PASSWORD", f"Vq7-{uuid.uuid4().hex}-horse")
    assert main(["create-superuser", "--email", "Root@Example.com"]) == 0

    def state() -> tuple[bool, int]:
        engine = create_engine(sqlite_url)
        with engine.connect() as connection:
            row = connection.execute(text("SELECT is_active, session_version FROM users")).one()
        engine.dispose()
        return bool(row[0]), int(row[1])

    assert state() == (True, 0)
    capsys.readouterr()
    # Emails are matched as they are stored: NFKC, case-folded.
    full_width_root = "\uff32\uff2f\uff2f\uff34@example.com"
    assert main(["deactivate-user", "--email", full_width_root]) == 0
    assert "root@example.com (id 1) deactivated" in capsys.readouterr().out
    assert state() == (False, 1)
    assert main(["reactivate-user", "--email", "root@example.com"]) == 0
    assert state() == (True, 2)  # reactivating resurrects no earlier session
    assert main(["revoke-sessions", "--email", "root@example.com"]) == 0
    assert state() == (True, 3)
    capsys.readouterr()
    assert main(["revoke-sessions", "--email", "nobody@example.com"]) == 1
    assert capsys.readouterr().err.strip() == (
        "storefront: --email nobody@example.com: no user has this email"
    )


def test_the_database_file_is_private(sqlite_url: str) -> None:
    # It holds password hashes: 0600 whatever the umask; SQLite's WAL follows its mode.
    assert main(["migrate"]) == 0
    path = Path(sqlite_url.split("///", 1)[1])
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            assert file.stat().st_mode & 0o777 == 0o600, file


def test_seed_adds_items_after_existing_ones(sqlite_url: str) -> None:
    assert main(["migrate"]) == 0
    assert main(["seed", "--items", "2500", "--batch", "1000"]) == 0
    assert main(["seed", "--items", "500"]) == 0
    assert count(sqlite_url, Item) == 3000
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        skus = connection.scalar(text("SELECT count(DISTINCT sku) FROM items"))
        tags = connection.scalar(text("SELECT count(*) FROM item_tags"))
    engine.dispose()
    assert skus == 3000
    assert tags is not None
    assert tags > 0


def test_secret_key_rules(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        resolve_secret_key(settings, bind_host="0.0.0.0", create=True)  # noqa: S104
    key = resolve_secret_key(settings, bind_host="127.0.0.1", create=True)
    assert len(key) >= 32
    assert (tmp_path / ".storefront-secret-key").stat().st_mode & 0o077 == 0
    # Kept: every later start (and every worker) agrees.
    assert resolve_secret_key(settings, bind_host=None, create=False) == key
    explicit = Settings(database_url=settings.database_url, secret_key="e" * 32)
    assert resolve_secret_key(explicit, bind_host="0.0.0.0", create=False) == "e" * 32  # noqa: S104


def test_a_key_file_never_serves_a_non_loopback_bind(tmp_path: Path) -> None:
    """Once a loopback start wrote the development key, 0.0.0.0 still needs SECRET_KEY."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    key = resolve_secret_key(settings, bind_host="127.0.0.1", create=True)
    assert (tmp_path / ".storefront-secret-key").read_text().strip() == key
    for host in ["0.0.0.0", "192.168.1.10", "::", "example.com"]:  # noqa: S104
        with pytest.raises(ConfigError, match=r"SECRET_KEY is not set.*not a loopback") as info:
            resolve_secret_key(settings, bind_host=host, create=True)
        assert "export SECRET_KEY=" in str(info.value)
    for host in ["localhost", "127.0.0.2", "::1"]:
        assert resolve_secret_key(settings, bind_host=host, create=True) == key


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert Settings(database_url="postgresql://u@h:5432/db").sqlalchemy_url == (
        "postgresql+psycopg://u@h:5432/db"
    )


def storefront(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``storefront`` command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """A non-zero exit and one or two lines on stderr, no traceback, naming what to fix."""
    assert result.returncode != 0, result
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_serve_refuses_non_loopback_without_a_key(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "SECRET_KEY": ""}
    result = storefront("serve", "--host", "0.0.0.0", "--port", "1", env=env)  # noqa: S104
    assert result.returncode == 2
    assert_one_clear_line(result, "SECRET_KEY is not set", "--host 0.0.0.0")


def test_serve_refuses_non_loopback_even_with_a_key_file(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "SECRET_KEY": ""}
    (tmp_path / ".storefront-secret-key").write_text("k" * 64 + "\n")
    result = storefront("serve", "--host", "0.0.0.0", "--port", "1", env=env)  # noqa: S104
    assert_one_clear_line(result, "SECRET_KEY is not set", "not a loopback address")


@pytest.mark.parametrize(
    ("url", "needles"),
    [
        ("mysql://user@host/db", ["DATABASE_URL", "mysql:// is not supported", "postgresql://"]),
        ("storefront.db", ["DATABASE_URL", "not a URL", "sqlite:///"]),
        ("postgresql://postgres@127.0.0.1:1/x", ["no PostgreSQL at 127.0.0.1:1 answers"]),
        ("sqlite:///{tmp}/no/such/dir/db.sqlite", ["cannot open the SQLite file"]),
    ],
)
def test_an_unusable_database_is_one_line(tmp_path: Path, url: str, needles: list[str]) -> None:
    result = storefront("migrate", env={"DATABASE_URL": url.format(tmp=tmp_path)})
    assert_one_clear_line(result, *needles)


@pytest.mark.postgres
def test_a_missing_postgres_role_or_database_is_one_line() -> None:
    require_postgres()
    admin = urlsplit(ADMIN_URL)
    server = f"{admin.hostname}:{admin.port or 5432}"
    no_role = f"postgresql://no_such_role_19:pw@{server}/postgres"
    result = storefront("migrate", env={"DATABASE_URL": no_role})
    assert_one_clear_line(result, 'has no role "no_such_role_19"', "CREATE ROLE", "DATABASE_URL")
    assert ":pw@" not in result.stderr  # the password in the URL is never shown
    no_database = ADMIN_URL.rsplit("/", 1)[0] + "/no_such_database_19"
    result = storefront("seed", "--items", "5", env={"DATABASE_URL": no_database})
    assert_one_clear_line(result, 'has no database "no_such_database_19"', "createdb")
    # It connects where DATABASE_URL does (without -h: the socket, and peer authentication).
    assert f"`createdb -h {admin.hostname} " in result.stderr


def test_postgres_hints_connect_where_database_url_does() -> None:
    """The psql and createdb the hints give reach the server DATABASE_URL names."""
    tcp = (
        'connection to server at "127.0.0.1", port 5433 failed: FATAL:  '
        'database "shop" does not exist'
    )
    hint = describe(psycopg.OperationalError(tcp), "postgresql://app@127.0.0.1:5433/shop")
    assert hint is not None
    assert "`createdb -h 127.0.0.1 -p 5433 -U postgres -O app shop`" in hint
    role = (
        'connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL:  '
        'role "app" does not exist'
    )
    hint = describe(psycopg.OperationalError(role), "postgresql://app@db.internal/shop")
    assert hint is not None
    assert "`psql -h db.internal -U postgres -c" in hint
    socket = (
        'connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: FATAL:  '
        'database "shop" does not exist'
    )
    hint = describe(psycopg.OperationalError(socket), "postgresql:///shop")
    assert hint is not None
    assert "`createdb -U postgres -O OWNER shop`" in hint  # the socket: as DATABASE_URL does


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/no/such/dir/db.sqlite"}
    result = storefront("--debug", "migrate", env=env)
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("storefront: cannot open")


def test_commands_on_an_unmigrated_database_say_to_migrate(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite'}",
        "STOREFRONT_SUPERUSER_PASSWORD": "admin-password-1",
    }
    for command in (["seed", "--items", "5"], ["create-superuser", "--email", "a@example.com"]):
        result = storefront(*command, env=env)
        assert_one_clear_line(result, "has no tables yet", "Run `storefront migrate` first")


def test_a_database_of_a_newer_version_is_one_line(sqlite_url: str) -> None:
    assert main(["migrate"]) == 0
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    engine.dispose()
    env = {"DATABASE_URL": sqlite_url}
    for command in (
        ["migrate"],
        ["serve", "--no-migrate", "--port", "0"],
        ["seed", "--items", "1"],
    ):
        result = storefront(*command, env=env)
        assert_one_clear_line(result, "revision f00dfeed", "newer version of Storefront")


def test_serve_on_an_address_in_use_or_not_ours_is_one_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "SECRET_KEY": "k" * 32}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = storefront("serve", "--port", port, env=env)
    assert_one_clear_line(result, f"cannot listen on 127.0.0.1:{port}", "--port")
    assert not (tmp_path / "db.sqlite").exists()  # refused before migrating
    result = storefront("serve", "--host", "no-such-host.invalid", env=env)
    assert_one_clear_line(result, "--host no-such-host.invalid: not an address of this machine")


def test_create_superuser_without_a_terminal_says_how_to_give_the_password(
    sqlite_url: str,
) -> None:
    env = {"DATABASE_URL": sqlite_url, "STOREFRONT_SUPERUSER_PASSWORD": ""}
    assert storefront("migrate", env=env).returncode == 0
    result = storefront("create-superuser", "--email", "root@example.com", env=env)
    assert_one_clear_line(
        result, "no terminal", "STOREFRONT_SUPERUSER_PASSWORD", "--password-stdin"
    )
    assert count(sqlite_url, User) == 0
    piped = storefront(
        "create-superuser",
        "--email",
        "root@example.com",
        "--password-stdin",
        env=env,
        stdin="admin-password-1\n",
    )
    assert piped.returncode == 0, piped.stderr
    assert count(sqlite_url, User) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["seed", "--items", "-5"], "argument --items: must be at least 1, not -5"),
        (["seed", "--items", "0"], "argument --items: must be at least 1, not 0"),
        (["seed", "--items", "5", "--batch", "0"], "argument --batch: must be at least 1"),
        (["seed", "--items", "many"], "argument --items: must be a whole number, not 'many'"),
        (["serve", "--port", "99999"], "argument --port: must be between 0 and 65535"),
        (["serve", "--workers", "0"], "argument --workers: must be at least 1, not 0"),
    ],
)
def test_invalid_arguments_are_refused(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert needle in capsys.readouterr().err


def test_seed_refuses_a_negative_count_and_seeds_nothing(sqlite_url: str) -> None:
    assert main(["migrate"]) == 0
    result = storefront("seed", "--items", "-5", env={"DATABASE_URL": sqlite_url})
    assert_one_clear_line(result, "--items", "at least 1")
    assert "seeded" not in result.stdout
    assert count(sqlite_url, Item) == 0


def test_export_to_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    result = storefront("export-openapi", "--output", str(tmp_path / "no" / "openapi.json"), env={})
    assert_one_clear_line(result, "--output", "No such file or directory")


def test_help_describes_every_option_with_its_default() -> None:
    parser = build_parser()
    top = parser.format_help()
    assert "``" not in top
    subparsers = next(
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    assert set(subparsers) == {
        "serve",
        "migrate",
        "create-superuser",
        "deactivate-user",
        "reactivate-user",
        "revoke-sessions",
        "seed",
        "export-openapi",
    }
    for name, sub in subparsers.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings} has no description"
            takes_value = action.nargs != 0
            if takes_value and action.default is not None and not action.required:
                assert f"(default: {action.default})" in sub.format_help(), (name, action.dest)
    serve = subparsers["serve"].format_help()
    assert "(default: 127.0.0.1)" in serve
    assert "(default: 8000)" in serve
    assert "(default: 1)" in serve


def test_the_command_module_imports_no_framework() -> None:
    """``serve --workers N`` spawns each worker, which imports this module again before
    it can answer uvicorn's health check; a slow import there got workers killed and
    replaced at startup ("Child process died")."""
    probe = (
        "import sys, server.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'fastapi', 'pydantic', 'psycopg', 'starlette', 'alembic'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_serve_no_migrate_refuses_a_database_behind_the_code(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--no-migrate", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Run `storefront migrate` first" in result.stderr


def test_serve_migrates_and_serves_with_a_generated_key(tmp_path: Path) -> None:
    """What the README says a user sees, in the order it happens, into a file (no
    terminal) and whatever PYTHONUNBUFFERED says: the key, the migration, then uvicorn."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    log = tmp_path / "serve.log"
    buffered = {"SECRET_KEY": "", "PYTHONUNBUFFERED": ""}  # empty: unset, for Python
    with LiveServer(url, env=buffered, log=log) as server:
        assert httpx.get(f"{server.url}/readyz").json() == {"status": "ok"}
        assert httpx.get(f"{server.url}/docs").status_code == 200
        running = log.read_text()  # while it runs: nothing held back until it stops
    assert (tmp_path / ".storefront-secret-key").exists()
    lines = running.splitlines()
    key = next(i for i, line in enumerate(lines) if "generated a development key" in line)
    migrating = next(i for i, line in enumerate(lines) if "migrating an empty database" in line)
    started = next(i for i, line in enumerate(lines) if "Started server process" in line)
    assert key < migrating < started, running


def test_serve_says_nothing_of_migrating_a_database_at_the_latest_revision(
    tmp_path: Path,
) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    first = storefront("migrate", env=env)
    assert first.returncode == 0
    assert "storefront: migrating an empty database to revision " in first.stderr
    again = storefront("migrate", env=env)
    assert again.returncode == 0
    assert "migrating" not in again.stderr


def test_invalid_setting_is_a_clear_error(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "SECRET_KEY": "short",
    }
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "setting SECRET_KEY is invalid" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.postgres
def test_serve_starts_four_workers_without_replacing_any(
    postgres_database: PostgresDatabase, tmp_path: Path
) -> None:
    """Four workers on PostgreSQL all start and none is killed and replaced at startup.

    uvicorn's supervisor used to kill a worker that had not answered its health check
    within 5 s, which four workers importing the app together on a busy two-core
    machine often did not ("Child process [...] died", then a replacement).
    """
    log = tmp_path / "serve.log"
    server = LiveServer(postgres_database.empty(), workers=4, log=log).start(timeout=120)
    try:
        deadline = time.monotonic() + 180
        while log.read_text().count("Application startup complete.") < 4:
            assert "died" not in log.read_text(), log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        server.stop()
    output = log.read_text()
    assert "died" not in output
    started = re.findall(r"Started server process \[(\d+)\]", output)
    assert len(set(started)) == 4, output


@pytest.mark.postgres
def test_servers_migrating_together_take_turns() -> None:
    """Four ``storefront migrate`` at once on an empty PostgreSQL database (as several
    machines each starting ``storefront serve``): every one succeeds."""
    require_postgres()
    name = f"storefront_migrate_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"}
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "server.cli", "migrate"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        results = [(p.wait(timeout=120), p.communicate()[1]) for p in processes]
        assert [code for code, _ in results] == [0, 0, 0, 0], results
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
