"""Fixtures shared by the suite: a fresh database per test on each engine, the app on
it, and an HTTP client. Tests that take ``database_url`` run once per engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from server.config import Settings
from server.main import create_app
from tests.support import coverage, examples
from tests.support.databases import (
    ADMIN_URL,
    REQUIRE_POSTGRES,
    SECRET_KEY,
    PostgresDatabase,
    SqliteTemplate,
    fast_settings,
    postgres_available,
    require_postgres,
    session_postgres,
)

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
ROOT = Path(__file__).resolve().parent.parent
_DESELECTED = [0]
_COVERAGE_REPORT: pytest.StashKey[tuple[str, list[str], bool]] = pytest.StashKey()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresDatabase]:
    require_postgres()
    yield from session_postgres()


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def database_url(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of the engine under test."""
    if engine_name == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        return template.fresh(tmp_path)
    database: PostgresDatabase = request.getfixturevalue("postgres_database")
    return database.empty()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return fast_settings(database_url)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings, secret_key=SECRET_KEY)
    yield application
    application.state.storefront.db.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield examples.attach(test_client)


def pytest_report_header(config: pytest.Config) -> str:
    return postgres_header(config.getoption("markexpr") or "")


def postgres_header(markexpr: str) -> str:
    """What this run does with the PostgreSQL tests, found out now rather than assumed."""
    if markexpr.replace(" ", "") == "notpostgres":
        return "storefront: PostgreSQL tests deselected (-m 'not postgres')"
    reason = postgres_available()
    if reason is not None:
        reason = " ".join(reason.split())  # libpq's message spans lines
    if reason is None:
        where = urlsplit(ADMIN_URL)  # host and port only: the URL may hold a password
        server = f"{where.hostname}:{where.port or 5432}"
        return f"storefront: PostgreSQL tests run (it answers at {server})"
    if REQUIRE_POSTGRES:
        return f"storefront: PostgreSQL tests will FAIL (STOREFRONT_REQUIRE_POSTGRES=1): {reason}"
    return f"storefront: PostgreSQL tests skipped: {reason}"


def pytest_deselected(items: list[pytest.Item]) -> None:
    _DESELECTED[0] += len(items)


def _whole_suite(session: pytest.Session) -> bool:
    """Whether every test ran: no paths narrower than tests/, no -k/-m, nothing
    deselected, no early stop."""
    config = session.config
    if config.option.keyword or config.option.markexpr or _DESELECTED[0]:
        return False
    if session.shouldstop or session.shouldfail:
        return False
    paths = {(config.invocation_params.dir / a.split("::")[0]).resolve() for a in config.args}
    return bool(paths) and paths <= {ROOT, ROOT / "tests"}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The contract coverage gate (tests/test_contract_coverage.py): judged only when the
    whole suite ran; a gap fails the session."""
    from tests.scenarios.conftest import DRIVER_KINDS
    from tests.test_contract_coverage import judge

    target = examples.recording()
    if target is not None:
        examples.RECORDER.dump(target)

    whole = _whole_suite(session)
    if not whole and not coverage.OBSERVED:
        return
    text, problems = judge(coverage.OBSERVED, DRIVER_KINDS)
    session.config.stash[_COVERAGE_REPORT] = (text, problems, whole)
    if whole and problems and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    report = config.stash.get(_COVERAGE_REPORT, None)
    if report is None:
        return
    text, problems, whole = report
    terminalreporter.section("contract coverage: operations x statuses x drivers")
    terminalreporter.write_line(text)
    if not whole:
        terminalreporter.write_line("(part of the suite ran: the coverage gate did not judge)")
    elif problems:
        terminalreporter.write_line("CONTRACT COVERAGE GATE FAILED:", red=True)
        for problem in problems:
            terminalreporter.write_line(f"  - {problem}", red=True)
    else:
        terminalreporter.write_line("contract coverage gate: every operation and status covered")
