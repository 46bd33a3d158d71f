"""The contract coverage gate: every operation in openapi.json is exercised through
every scenario driver, every status it declares is produced by some driver, and no
driver sees a status the operation does not declare.

The drivers record (operation, status) as the scenarios run (tests/support/coverage.py).
The judgment needs the whole suite, so it runs at the end of the session: the
``pytest_sessionfinish`` hook in tests/conftest.py calls :func:`judge`, prints the
operations-by-statuses table, and fails the run on any gap. When only part of the suite
was selected (paths, ``-k``, ``-m``, deselection, ``-x`` stop) the table is printed for
information and nothing is judged. The tests below prove the judge itself can fail.

The health probes (``healthz``, ``readyz``) are left out: they are for load balancers and
orchestrators, not SDK users, and are tested over raw HTTP (tests/test_http.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXCLUDED_TAGS = {"health"}


def declared(spec_path: Path = ROOT / "openapi.json") -> dict[str, set[int]]:
    """Operation id -> the statuses its OpenAPI ``responses`` declare."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    operations: dict[str, set[int]] = {}
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            if EXCLUDED_TAGS.intersection(operation.get("tags", [])):
                continue
            operations[operation["operationId"]] = {int(code) for code in operation["responses"]}
    return operations


def gaps(
    operations: Mapping[str, set[int]],
    observed: Mapping[str, set[tuple[str, int]]],
    drivers: Iterable[str],
) -> list[str]:
    """Each way the observations fall short of the contract, as a sentence."""
    problems = []
    drivers = list(drivers)
    for operation, statuses in sorted(operations.items()):
        for driver in drivers:
            if not any(op == operation for op, _ in observed.get(driver, set())):
                problems.append(f"{operation} was never called through the {driver} driver")
        produced = {s for seen in observed.values() for op, s in seen if op == operation}
        for status in sorted(statuses - produced):
            problems.append(f"{operation} declares {status} but no driver produced it")
        for status in sorted(produced - statuses):
            problems.append(f"{operation} answered {status}, which it does not declare")
    for driver, seen in sorted(observed.items()):
        for operation in sorted({op for op, _ in seen} - set(operations)):
            problems.append(f"{driver} called {operation}, which openapi.json does not have")
    return problems


def table(
    operations: Mapping[str, set[int]],
    observed: Mapping[str, set[tuple[str, int]]],
    drivers: Iterable[str],
) -> str:
    """Operations by declared statuses, with the drivers that produced each."""
    drivers = list(drivers)
    width = max(len(op) for op in operations) + 2
    lines = [f"{'operation':<{width}}status  " + "  ".join(drivers)]
    for operation, statuses in sorted(operations.items()):
        produced = {s for seen in observed.values() for op, s in seen if op == operation}
        for status in sorted(statuses | produced):
            marks = "  ".join(
                f"{'x' if (operation, status) in observed.get(d, set()) else '-':^{len(d)}}"
                for d in drivers
            )
            note = "" if status in statuses else "  (undeclared)"
            lines.append(f"{operation:<{width}}{status:<8}{marks}{note}")
    return "\n".join(lines)


def judge(
    observed: Mapping[str, set[tuple[str, int]]], drivers: Iterable[str]
) -> tuple[str, list[str]]:
    operations = declared()
    return table(operations, observed, drivers), gaps(operations, observed, drivers)


OPS = {"get_item": {200, 404}, "create_item": {201, 422}}
FULL = {
    "http": {("get_item", 200), ("get_item", 404), ("create_item", 201), ("create_item", 422)},
    "sdk": {("get_item", 200), ("create_item", 201)},
}


def test_a_complete_observation_has_no_gaps() -> None:
    assert gaps(OPS, FULL, ["http", "sdk"]) == []


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        (
            {**FULL, "sdk": {("get_item", 200)}},
            ["create_item was never called through the sdk driver"],
        ),
        (
            {**FULL, "http": FULL["http"] - {("get_item", 404)}},
            ["get_item declares 404 but no driver produced it"],
        ),
        (
            {**FULL, "sdk": FULL["sdk"] | {("get_item", 500)}},
            ["get_item answered 500, which it does not declare"],
        ),
        (
            {**FULL, "sdk": FULL["sdk"] | {("nope", 200)}},
            ["sdk called nope, which openapi.json does not have"],
        ),
    ],
)
def test_the_gate_finds_each_kind_of_gap(
    observed: dict[str, set[tuple[str, int]]], expected: list[str]
) -> None:
    assert gaps(OPS, observed, ["http", "sdk"]) == expected


def test_the_contract_has_the_designed_operations() -> None:
    operations = declared()
    assert set(operations) == {
        "create_user",
        "login",
        "revoke_token",
        "get_current_user",
        "update_current_user",
        "list_users",
        "deactivate_user",
        "reactivate_user",
        "revoke_user_sessions",
        "create_item",
        "list_items",
        "get_item",
        "replace_item",
        "update_item",
        "delete_item",
    }
    assert all(503 in statuses for statuses in operations.values())


def test_the_table_marks_each_driver() -> None:
    rows = [line.split() for line in table(OPS, FULL, ["http", "sdk"]).splitlines()]
    assert rows[0] == ["operation", "status", "http", "sdk"]
    assert ["get_item", "404", "x", "-"] in rows
    assert ["create_item", "201", "x", "x"] in rows
