"""The real server in process, as docs/testing.md shows it: ``create_app(settings)`` on a
temporary SQLite database with cheap hashing, the Starlette ``TestClient`` (an
``httpx.Client``) as ``Storefront``'s ``http_client``; no private attribute involved, and
the settings passed win over any other (two apps, two databases)."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from fastapi.testclient import TestClient
from storefront_client import Storefront

from server import migrate
from server.config import Settings
from server.db import build_engine
from server.main import create_app
from tests.support.databases import SECRET_KEY


def app_on(directory: Path) -> TestClient:
    settings = Settings(
        database_url=f"sqlite:///{directory}/storefront.db",
        argon2_time_cost=1,
        argon2_memory_cost_kib=1024,
    )
    engine = build_engine(settings)
    migrate.upgrade(engine)
    engine.dispose()
    return TestClient(create_app(settings, secret_key=SECRET_KEY))


def test_two_apps_on_two_databases_through_the_sdk(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    password = f"Vq7-{uuid4().hex}-horse"
    with app_on(tmp_path / "a") as first, app_on(tmp_path / "b") as second:
        a = Storefront(base_url="http://testserver", http_client=first, max_retries=0)
        b = Storefront(base_url="http://testserver", http_client=second, max_retries=0)
        a.users.create(email="ann@example.com", password=password)
        a.login("ann@example.com", password)
        mug = a.items.create(sku="MUG-1", name="Mug", price_cents=900)
        assert a.items.update(mug.id, stock=3, if_match=mug).version == 2
        assert [item.sku for item in a.items.list()] == ["MUG-1"]
        assert list(b.items.list()) == []
