"""pytest plugin of the compatibility job (``scripts/compat.py``); not for other use.

Loaded with ``-p compat_plugin`` into a scenario run that mixes two sides: one
``tests/`` tree (scenarios, fixtures, the server they run against) and another SDK with
its own ``tests/support/sdk_drivers.py``. It

* gives the SDK drivers a stub for every operation of the tree's ``Driver`` interface
  that they do not implement: a scenario that needs one is skipped with the reason
  ``not in this SDK: <operation>`` (the job lists those; other skips fail it);
* records which operations each test called (through ``tests.support.coverage.record``)
  and each test's outcome, and writes them as JSON to ``$STOREFRONT_COMPAT_REPORT``;
* records each request body the SDK's typed model could not hold although the server
  accepted it (the driver's ``as_model`` fell back to a raw body, and the answer was
  2xx): ``Model.field`` for each field the model dropped. A scenario passing that way
  passed only because the driver sent a dict; a user of that SDK's typed models cannot
  make the same request. ``scripts/compat.py`` judges those against the expected list.
"""

from __future__ import annotations

import abc
import inspect
import json
import os
from collections.abc import Callable, Generator
from typing import Any

import pytest

NOT_IN_SDK = "not in this SDK"
_CURRENT: list[str] = [""]
_RESULTS: dict[str, dict[str, Any]] = {}


def _missing(name: str) -> Callable[..., Any]:
    def call(*_args: Any, **_kwargs: Any) -> Any:
        pytest.skip(f"{NOT_IN_SDK}: {name}")

    call.__name__ = name
    return call


def stub_missing(interface: type, classes: list[type]) -> None:
    """Give ``classes`` a skipping stub for each abstract method of ``interface`` they
    leave abstract, so they can be instantiated."""
    names: frozenset[str] = getattr(interface, "__abstractmethods__", frozenset())
    for cls in classes:
        for name in names:
            if name in getattr(cls, "__abstractmethods__", ()):
                setattr(cls, name, _missing(name))
    for cls in sorted(classes, key=lambda c: len(c.__mro__)):
        abc.update_abstractmethods(cls)


def _stub_missing_operations() -> None:
    from tests.support import drivers, sdk_drivers

    classes = [
        value
        for value in vars(sdk_drivers).values()
        if isinstance(value, type) and issubclass(value, drivers.Driver)
    ]
    stub_missing(drivers.Driver, classes)


def _dropped(model: Any, body: Any) -> list[str]:
    """``Model.field`` for each field of ``body`` that ``model`` drops; [] when the model
    cannot take the body at all (an invalid body, sent raw on purpose)."""
    try:
        kept = set(model.from_dict(body).to_dict())
    except (KeyError, TypeError, ValueError):
        return []
    return [f"{model.__name__}.{name}" for name in sorted(set(body) - kept)]


def _track_untyped_bodies() -> None:
    from tests.support import sdk_drivers

    original = getattr(sdk_drivers, "as_model", None)
    if original is None:
        return

    def as_model(model: Any, body: Any) -> Any:
        typed = original(model, body)
        if type(typed).__name__ == "RawBody":
            entry = _RESULTS.setdefault(_CURRENT[0], {"outcome": "passed", "operations": []})
            entry.setdefault("pending", []).extend(_dropped(model, body))
        return typed

    sdk_drivers.as_model = as_model


def _track_operations() -> None:
    from tests.support import coverage

    record = coverage.record

    # The drivers and ``record`` may come from different releases: a driver passes what
    # its release observed (the status; since 2.0.0 also the headers), and ``record`` is
    # given as much of that as its own release takes.
    taken = len(inspect.signature(record).parameters) - 2

    def tracking(driver: str, operation: str, *observed: Any) -> None:
        entry = _RESULTS.setdefault(_CURRENT[0], {"outcome": "passed", "operations": []})
        if operation not in entry["operations"]:
            entry["operations"].append(operation)
        pending = entry.pop("pending", [])
        status = observed[0] if observed else None
        if pending and isinstance(status, int) and 200 <= status < 300:
            untyped = entry.setdefault("untyped", [])
            untyped.extend(name for name in pending if name not in untyped)
        record(driver, operation, *observed[:taken])

    coverage.record = tracking  # type: ignore[assignment]  # any release's signature


def pytest_configure(config: pytest.Config) -> None:
    _stub_missing_operations()
    _track_untyped_bodies()
    _track_operations()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    _CURRENT[0] = item.nodeid
    _RESULTS.setdefault(item.nodeid, {"outcome": "passed", "operations": []})
    try:
        return (yield)
    finally:
        _CURRENT[0] = ""


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _RESULTS.setdefault(report.nodeid, {"outcome": "passed", "operations": []})
    if report.failed:
        entry["outcome"] = "failed"
        entry["error"] = str(report.longrepr).strip().splitlines()[-1:] or [""]
    elif report.skipped and entry["outcome"] != "failed":
        entry["outcome"] = "skipped"
        longrepr = report.longrepr
        entry["reason"] = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("STOREFRONT_COMPAT_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(_RESULTS, out, indent=1, sort_keys=True)
