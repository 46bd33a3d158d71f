"""storefront_client.testing: the fake's faults, recording, async client, factories and
pytest plugin (its answers are proved by the scenario suite's ``sdk-fake`` driver)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from storefront_client import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ServerError,
    testing,
)
from storefront_client.models import Item, Problem
from storefront_client.testing import FakeServer, make_item, make_problem, make_user

from server.users import policy

PASSWORD = "Vq7-testing-kit-horse"


def test_faults_are_retried_without_sleeping() -> None:
    fake = FakeServer()
    client = fake.client(max_retries=3)
    fake.time_out_next(path="/v1/items")
    fake.drop_next(path="/v1/items")
    fake.fail_next(503, path="/v1/items", retry_after=4)
    assert list(client.items.list()) == []
    assert len(fake.requests) == 4
    assert fake.sleeps[-1] == 4.0
    assert len(fake.sleeps) == 3


def test_faults_past_the_retries_raise_the_typed_errors() -> None:
    fake = FakeServer()
    client = fake.client(max_retries=0)
    fake.time_out_next()
    with pytest.raises(APITimeoutError):
        list(client.items.list())
    fake.drop_next()
    with pytest.raises(APIConnectionError):
        list(client.items.list())
    fake.fail_next(500, method="GET", path="/v1/items")
    with pytest.raises(ServerError):
        list(client.items.list())
    assert fake.sleeps == []


def test_the_async_client_keeps_the_same_state() -> None:
    fake = FakeServer()
    owner = fake.add_user("ann@example.com", PASSWORD)

    async def main() -> list[Item]:
        async with fake.async_client() as client:
            await client.login("ann@example.com", PASSWORD)
            await client.items.create(sku="A-1", name="A", price_cents=5)
            return [item async for item in client.items.list(sort="-price_cents")]

    items = anyio.run(main)
    assert [(i.sku, i.owner_id) for i in items] == [("A-1", owner["id"])]


def test_factories_build_what_the_sdk_parses() -> None:
    item = Item.from_dict(make_item(price_cents=5, tags=["x"]))
    assert (item.price_cents, item.tags, item.version) == (5, ["x"], 1)
    problem = Problem.from_dict(make_problem(404, "No item 3.", instance="/v1/items/3"))
    assert (problem.status, problem.title, problem.detail) == (404, "Not Found", "No item 3.")
    assert set(make_user()) == {
        "id",
        "email",
        "full_name",
        "is_active",
        "is_superuser",
        "created_at",
    }


PLUGIN_TEST = """
from storefront_client import Storefront
from storefront_client.testing import FakeServer


def test_fixtures(storefront_fake: FakeServer, storefront_client: Storefront) -> None:
    assert list(storefront_client.items.list()) == []
    assert [r.url.path for r in storefront_fake.requests] == ["/v1/items"]
"""


def test_the_pytest_plugin_gives_a_fake_and_a_client(tmp_path: Path) -> None:
    (tmp_path / "test_plugin.py").write_text(PLUGIN_TEST, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(
        'pytest_plugins = ["storefront_client.pytest_plugin"]\n', encoding="utf-8"
    )
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "1 passed" in result.stdout, result.stdout + result.stderr


def test_every_scenario_the_fake_skips_exists_and_says_why() -> None:
    """The list in tests/scenarios/conftest.py stays true: no entry for a scenario that is
    gone or renamed (every other scenario runs on the fake)."""
    from tests.scenarios.conftest import NOT_ON_THE_FAKE

    scenarios = Path(__file__).resolve().parent.parent / "scenarios"
    for entry, reason in NOT_ON_THE_FAKE.items():
        module, _, test = entry.partition("::")
        source = (scenarios / module).read_text(encoding="utf-8")
        name = test.split("::")[-1].split("[")[0]
        assert not name or f"def {name}" in source, entry
        assert len(reason) > 20, entry


def test_sessions_end_on_the_fake_as_on_the_server() -> None:
    """A logout ends every session of the user (the SDK's renewal cannot revive them);
    ``end_sessions`` does what a password change or an administrator does."""
    fake = FakeServer()
    owner = fake.add_user("ann@example.com", PASSWORD)
    laptop, phone = fake.client(max_retries=0), fake.client(max_retries=0)
    laptop.login("ann@example.com", PASSWORD)
    phone.login("ANN@example.com", PASSWORD)
    assert phone.users.me().id == owner["id"]
    laptop.logout()
    with pytest.raises(AuthenticationError):
        phone.users.me()
    phone.login("ann@example.com", PASSWORD)
    fake.end_sessions(owner)
    with pytest.raises(AuthenticationError):
        phone.users.me()
    # The phone tried its refresh token once, and the fake refused it too.
    grants = [r.content.decode() for r in fake.requests if r.url.path == "/v1/auth/token"]
    assert grants[-1].startswith("grant_type=refresh_token")


SAMPLES = [
    *sorted(testing.COMMON_PASSWORDS),
    *(f"{word}!2026" for word in sorted(testing.COMMON_PASSWORDS)),
    "short",
    "aaaaaaaaaa",
    "9876543210",
    "".join(chr(ord(c) + 0xFEE0) for c in "Password1"),  # full-width: NFKC undoes it
    "ann@example.com-x",
    "annie is my name",
    "correct horse battery staple",
    "Vq7-testing-kit-horse",
    "sunshine-and-rain",  # in the server's list only as its words, not as this phrase
    "baseball12",
    "whatever1",  # on the server's list, not on the fake's
]


@pytest.mark.parametrize("password", SAMPLES)
def test_the_fakes_password_policy_is_part_of_the_servers(password: str) -> None:
    """The fake refuses a password only when the server does, with the same sentence; it
    differs only in knowing fewer common passwords (its docstring says so)."""
    email = "annie@example.com"
    fake, server = testing.password_refusal(password, email), policy.refusal(password, email)
    assert fake is None or fake == server
    if server != policy.COMMON or password in testing.COMMON_PASSWORDS:
        assert fake == server
