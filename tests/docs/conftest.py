"""Fixtures of the docs tests: a real ``storefront serve`` on SQLite, and where artefacts go."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import SqliteTemplate
from tests.support.live import ROOT, LiveServer

ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def live_server(
    sqlite_template: SqliteTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server per test module, on a fresh SQLite database; its log is kept beside it."""
    directory = tmp_path_factory.mktemp("docs-live")
    with LiveServer(sqlite_template.fresh(directory), log=directory / "server.log") as server:
        yield server


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """``artifacts/screenshots/`` at the repository root (ignored by git, kept by CI)."""
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
