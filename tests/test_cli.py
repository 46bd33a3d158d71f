"""The storefront command: migrate, create-superuser, seed, serve's checks, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from server.cli import main
from server.config import ConfigError, Settings, resolve_secret_key
from server.items.models import Item
from server.users.models import User
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


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert Settings(database_url="postgresql://u@h:5432/db").sqlalchemy_url == (
        "postgresql+psycopg://u@h:5432/db"
    )


def test_serve_refuses_non_loopback_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--host", "0.0.0.0", "--port", "1"],  # noqa: S104
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr


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
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    with LiveServer(url, env={"SECRET_KEY": ""}, log=tmp_path / "serve.log") as server:
        assert httpx.get(f"{server.url}/readyz").json() == {"status": "ok"}
        assert httpx.get(f"{server.url}/docs").status_code == 200
    assert "generated a development key" in (tmp_path / "serve.log").read_text()
    assert (tmp_path / ".storefront-secret-key").exists()


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
