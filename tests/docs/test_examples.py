"""The programs in examples/ run against a real server and do what they say."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from storefront_client import AuthenticatedClient, Storefront

from examples.restock import restock
from examples.update_price import sign_in, update_price
from tests.support.live import ROOT, LiveServer, free_port

EXAMPLES = ROOT / "examples"
PASSWORD = "examples-password-1"


def register(server: LiveServer, email: str) -> dict[str, str]:
    """A new account; returns the environment the examples read it from."""
    response = httpx.post(
        f"{server.url}/v1/users", json={"email": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 201, response.text
    return {
        "STOREFRONT_URL": server.url,
        "STOREFRONT_EMAIL": email,
        "STOREFRONT_PASSWORD": PASSWORD,
    }


def token(server: LiveServer, email: str) -> str:
    response = httpx.post(
        f"{server.url}/v1/auth/token", data={"username": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    value: str = response.json()["access_token"]
    return value


def run_example(name: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def items(server: LiveServer, **params: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.url}/v1/items", params={"limit": "100", **params}, timeout=10)
    assert response.status_code == 200
    page: list[dict[str, Any]] = response.json()["items"]
    return page


@pytest.fixture(scope="module")
def catalog_owner(live_server: LiveServer) -> dict[str, str]:
    """An account that has imported examples/catalog.csv (run once for the module)."""
    env = register(live_server, "importer@example.com")
    result = run_example("import_catalog.py", str(EXAMPLES / "catalog.csv"), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    env["FIRST_RUN_OUTPUT"] = result.stdout
    me = httpx.get(
        f"{live_server.url}/v1/users/me",
        headers={"Authorization": f"Bearer {token(live_server, env['STOREFRONT_EMAIL'])}"},
        timeout=10,
    )
    env["OWNER_ID"] = str(me.json()["id"])
    return env


def owned_by(server: LiveServer, owner: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The owner's items by SKU."""
    mine = [item for item in items(server) if str(item["owner_id"]) == owner["OWNER_ID"]]
    return {item["sku"]: item for item in mine}


def test_import_catalog_creates_every_row(
    live_server: LiveServer, catalog_owner: dict[str, str]
) -> None:
    output = catalog_owner["FIRST_RUN_OUTPUT"].splitlines()
    assert re.fullmatch(r"\[ 1/12\] created TSHIRT-RED-S \(id \d+\)", output[0])
    assert re.fullmatch(r"\[12/12\] created PEN-BLACK \(id \d+\)", output[-2])
    assert output[-1] == "imported 12, skipped 0, failed 0 of 12 rows"
    by_sku = owned_by(live_server, catalog_owner)
    assert len(by_sku) == 12
    tote, socks = by_sku["TOTE-NATURAL"], by_sku["SOCKS-STRIPED"]
    assert (tote["price_cents"], tote["currency"], tote["stock"]) == (1800, "EUR", 100)
    assert tote["description"] == "Heavy canvas with long handles."
    assert socks["description"] is None  # an empty cell keeps the API's default
    assert by_sku["MUG-ENAMEL-BLUE"]["tags"] == ["blue", "kitchen", "mugs"]


def test_import_catalog_again_skips_what_exists(
    live_server: LiveServer, catalog_owner: dict[str, str]
) -> None:
    env = {k: v for k, v in catalog_owner.items() if k.startswith("STOREFRONT_")}
    result = run_example("import_catalog.py", str(EXAMPLES / "catalog.csv"), env=env)
    assert result.returncode == 0, result.stderr
    assert "skipped CAP-NAVY: that SKU already exists" in result.stdout
    assert result.stdout.splitlines()[-1] == "imported 0, skipped 12, failed 0 of 12 rows"
    assert len(owned_by(live_server, catalog_owner)) == 12


def test_import_catalog_reports_invalid_rows(live_server: LiveServer, tmp_path: Path) -> None:
    env = register(live_server, "sloppy@example.com")
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "sku,name,description,price_cents,currency,stock,tags\n"
        "GOOD-ROW,Fine,,100,,,\n"
        "bad sku,Broken,,0,,,\n",
        encoding="utf-8",
    )
    result = run_example("import_catalog.py", str(csv), env=env)
    assert result.returncode == 1
    assert "[2/2] FAILED bad sku: sku: " in result.stdout
    assert "price_cents: " in result.stdout
    assert result.stdout.splitlines()[-1] == "imported 1, skipped 0, failed 1 of 2 rows"


def test_import_catalog_reports_an_unreadable_row_and_goes_on(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """A bad price cell used to stop the import before any row was sent (a traceback)."""
    env = register(live_server, "cells@example.com")
    csv = tmp_path / "cells.csv"
    csv.write_text(
        "sku,name,description,price_cents,currency,stock,tags\n"
        "CELL-1,First,,100,,,\n"
        "CELL-2,Second,,12.50 USD,,,\n"
        "CELL-3,Third,,300,,many,\n"
        "CELL-4,Fourth,,400,,,\n",
        encoding="utf-8",
    )
    result = run_example("import_catalog.py", str(csv), env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "[2/4] FAILED line 3, CELL-2: price_cents: '12.50 USD' is not a whole number"
    assert lines[2] == "[3/4] FAILED line 4, CELL-3: stock: 'many' is not a whole number"
    assert re.fullmatch(r"\[4/4\] created CELL-4 \(id \d+\)", lines[3])
    assert lines[-1] == "imported 2, skipped 0, failed 2 of 4 rows"


def test_import_catalog_with_a_wrong_password_is_one_line(live_server: LiveServer) -> None:
    env = {**register(live_server, "wrong@example.com"), "STOREFRONT_PASSWORD": "not-it-at-all"}
    result = run_example("import_catalog.py", str(EXAMPLES / "catalog.csv"), env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"import_catalog: the server at {live_server.url} refused STOREFRONT_EMAIL and "
        "STOREFRONT_PASSWORD (HTTP 401): check them"
    ]
    assert "not-it-at-all" not in result.stderr


def test_import_catalog_against_a_stopped_server_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    env = {"STOREFRONT_URL": url, "STOREFRONT_EMAIL": "a@example.com", "STOREFRONT_PASSWORD": "x"}
    result = run_example("import_catalog.py", str(EXAMPLES / "catalog.csv"), env=env)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"import_catalog: no answer from the server at {url} (")
    assert line.endswith("start it (./scripts/serve.sh) or set STOREFRONT_URL")


def test_import_catalog_says_how_to_run_it() -> None:
    result = run_example("import_catalog.py", "--help", env={})
    assert result.returncode == 0
    assert "uv run --frozen python examples/import_catalog.py" in result.stdout


def test_import_catalog_needs_credentials(live_server: LiveServer) -> None:
    result = run_example(
        "import_catalog.py", str(EXAMPLES / "catalog.csv"), env={"STOREFRONT_URL": live_server.url}
    )
    assert result.returncode == 1
    assert "set STOREFRONT_EMAIL" in result.stderr


def test_update_price(live_server: LiveServer, catalog_owner: dict[str, str]) -> None:
    cap = owned_by(live_server, catalog_owner)["CAP-NAVY"]
    env = {k: v for k, v in catalog_owner.items() if k.startswith("STOREFRONT_")}
    result = run_example("update_price.py", str(cap["id"]), "1350", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        result.stdout.splitlines()[-1]
        == f"CAP-NAVY now costs 1350 USD (version {cap['version'] + 1})"
    )
    after = httpx.get(f"{live_server.url}/v1/items/{cap['id']}", timeout=10).json()
    assert after["price_cents"] == 1350


def test_update_price_of_someone_elses_item_is_refused(
    live_server: LiveServer, catalog_owner: dict[str, str]
) -> None:
    env = register(live_server, "stranger@example.com")
    pen = owned_by(live_server, catalog_owner)["PEN-BLACK"]
    result = run_example("update_price.py", str(pen["id"]), "1", env=env)
    assert result.returncode == 1
    assert "update refused: HTTP 403" in result.stderr


@pytest.fixture
def racing_client(
    live_server: LiveServer, catalog_owner: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AuthenticatedClient, list[str], int]]:
    """A client for the owner whose first PATCH loses a race: just before it is sent,
    another writer renames the item. Yields the client, the log of requests and
    statuses it sees, and the item id."""
    for name, value in catalog_owner.items():
        monkeypatch.setenv(name, value)
    notebook = owned_by(live_server, catalog_owner)["NOTEBOOK-A5"]
    other_writer = {
        "Authorization": f"Bearer {token(live_server, catalog_owner['STOREFRONT_EMAIL'])}"
    }
    log: list[str] = []

    def on_request(request: httpx.Request) -> None:
        if request.method == "PATCH" and not any(line.startswith("PATCH") for line in log):
            renamed = httpx.patch(
                f"{live_server.url}/v1/items/{notebook['id']}",
                json={"name": "A5 notebook, renamed meanwhile"},
                headers=other_writer,
                timeout=10,
            )
            assert renamed.status_code == 200

    def on_response(response: httpx.Response) -> None:
        log.append(f"{response.request.method} {response.status_code}")

    client = sign_in(live_server.url)
    hooks = {"request": [on_request], "response": [on_response]}
    client = AuthenticatedClient(
        base_url=live_server.url, token=client.token, httpx_args={"event_hooks": hooks}
    )
    with client:
        yield client, log, notebook["id"]


def test_update_price_rereads_and_retries_after_412(
    racing_client: tuple[AuthenticatedClient, list[str], int], capsys: pytest.CaptureFixture[str]
) -> None:
    client, log, item_id = racing_client
    item = update_price(client, item_id, 999)
    assert log == ["GET 200", "PATCH 412", "GET 200", "PATCH 200"]
    assert "attempt 1: the item changed since it was read" in capsys.readouterr().out
    assert item.price_cents == 999
    assert item.name == "A5 notebook, renamed meanwhile"  # the other change is kept


def test_restock_creates_once_pages_through_the_tag_and_restocks(live_server: LiveServer) -> None:
    env = register(live_server, "restocker@example.com")
    first = run_example("restock.py", "RS-MUG", "Mug", "900", "5", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stdout.splitlines()
    created = re.fullmatch(r"created RS-MUG \(id (\d+)\)", lines[0])
    assert created, lines
    assert lines[1:] == [
        "1 item(s) tagged restock-example: RS-MUG",
        "RS-MUG has 5 in stock (version 2)",
    ]
    for sku in ("RS-CUP", "RS-BOWL"):
        assert run_example("restock.py", sku, sku.title(), "500", "1", env=env).returncode == 0
    # Same body again: the Idempotency-Key replays the first create instead of a 409.
    again = run_example("restock.py", "RS-MUG", "Mug", "900", "5", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines() == [
        f"already created RS-MUG (id {created[1]})",
        # limit=2 per page: three items come from two pages.
        "3 item(s) tagged restock-example: RS-MUG, RS-CUP, RS-BOWL",
        "RS-MUG has 10 in stock (version 3)",
    ]
    mugs = [i for i in items(live_server, tag="restock-example") if i["sku"] == "RS-MUG"]
    assert len(mugs) == 1


def test_restock_survives_a_412(live_server: LiveServer) -> None:
    """Another writer renames the item between the example's read and its PATCH: the
    PATCH gets 412, the example reads again and retries; both changes are kept."""
    env = register(live_server, "racer@example.com")
    assert run_example("restock.py", "RS-RACE", "Race", "100", "2", env=env).returncode == 0
    race = next(i for i in items(live_server, tag="restock-example") if i["sku"] == "RS-RACE")
    other_writer = {"Authorization": f"Bearer {token(live_server, env['STOREFRONT_EMAIL'])}"}
    log: list[str] = []

    def on_request(request: httpx.Request) -> None:
        if request.method == "PATCH" and not any(line.startswith("PATCH") for line in log):
            renamed = httpx.patch(
                f"{live_server.url}/v1/items/{race['id']}",
                json={"name": "Renamed meanwhile"},
                headers=other_writer,
                timeout=10,
            )
            assert renamed.status_code == 200

    def on_response(response: httpx.Response) -> None:
        log.append(f"{response.request.method} {response.status_code}")

    http = httpx.Client(
        base_url=live_server.url, event_hooks={"request": [on_request], "response": [on_response]}
    )
    with Storefront(base_url=live_server.url, http_client=http) as client:
        client.login(env["STOREFRONT_EMAIL"], PASSWORD)
        log.clear()
        item = restock(client, race["id"], 3)
    assert log == ["GET 200", "PATCH 412", "GET 200", "PATCH 200"]
    assert (item.stock, item.name) == (2 + 3, "Renamed meanwhile")


def test_restock_reports_typed_errors_in_one_line(live_server: LiveServer) -> None:
    env = register(live_server, "careful@example.com")
    wrong = run_example(
        "restock.py", "RS-X", "X", "100", "1", env={**env, "STOREFRONT_PASSWORD": "nope-nope-1"}
    )
    assert wrong.returncode == 1
    assert wrong.stderr == "login refused: check STOREFRONT_EMAIL and STOREFRONT_PASSWORD\n"
    invalid = run_example("restock.py", "bad sku", "X", "0", "1", env=env)
    assert invalid.returncode == 1
    assert invalid.stderr.startswith("invalid input: sku: ")
    assert "; price_cents: " in invalid.stderr
    nowhere = {**env, "STOREFRONT_URL": f"http://127.0.0.1:{free_port()}"}
    unreachable = run_example("restock.py", "RS-X", "X", "100", "1", env=nowhere)
    assert unreachable.returncode == 1
    assert unreachable.stderr.startswith("cannot reach the server: POST http://127.0.0.1:")
    assert "/v1/auth/token: no answer (3 attempts; ConnectError: " in unreachable.stderr
