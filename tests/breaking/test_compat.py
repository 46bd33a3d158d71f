"""scripts/compat.py's judgement of a run, and its plugin's stubs for operations an SDK
does not have. (The job itself runs in scripts/test.sh against the real record.)"""

from __future__ import annotations

import abc
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import compat
import compat_plugin
import pytest
from check_breaking import REPO_ROOT, ToolError
from compat import Ack, acknowledgements, archive, extract, judge, operation_paths, selection_of
from release_record import Record, Release

OPERATIONS = {"login": ("POST", "/v1/auth/token"), "get_item": ("GET", "/v1/items/{item_id}")}
ACK = Ack("POST", "/v1/auth/token", "response-required-property-removed", "use exp", "2.0.0")


def result(outcome: str, *operations: str, **extra: Any) -> dict[str, Any]:
    return {"outcome": outcome, "operations": list(operations), **extra}


def test_a_failure_on_an_acknowledged_operation_is_listed_with_its_acknowledgement() -> None:
    outcome = judge(
        "run",
        {
            "t::a": result("passed", "get_item"),
            "t::b": result("failed", "get_item", "login", error=["KeyError: 'expires_in'"]),
        },
        OPERATIONS,
        [ACK],
    )

    assert outcome.ok
    assert outcome.passed == 1
    assert outcome.acknowledged == [("t::b", ACK)]
    assert "acknowledged break (2.0.0): response-required-property-removed POST" in "\n".join(
        outcome.lines()
    )


def test_any_other_failure_or_skip_fails_the_run() -> None:
    outcome = judge(
        "run",
        {
            "t::a": result("passed", "login"),
            "t::b": result("failed", "get_item", error=["AssertionError: 1 != 2"]),
            "t::c": result("skipped", reason="PostgreSQL is not reachable"),
        },
        OPERATIONS,
        [ACK],
    )

    assert not outcome.ok
    assert outcome.failures == [
        "t::b: AssertionError: 1 != 2",
        "t::c skipped: PostgreSQL is not reachable",
    ]


def test_scenarios_of_operations_the_sdk_lacks_are_listed_not_failed() -> None:
    reason = f"Skipped: {compat_plugin.NOT_IN_SDK}: search_items"
    outcome = judge(
        "run",
        {"t::a": result("passed", "login"), "t::b": result("skipped", reason=reason)},
        OPERATIONS,
        [],
    )

    assert outcome.ok
    assert outcome.not_in_sdk == {"search_items": ["t::b"]}


def test_a_run_where_nothing_passed_fails() -> None:
    assert judge("run", {}, OPERATIONS, []).failures == [
        "no scenario passed: the selection ran nothing"
    ]


def test_acknowledgements_come_from_later_releases_only(tmp_path: Path) -> None:
    def entry(version: str, path: str) -> Release:
        ack = {"operation": "post", "path": path, "check_id": "x", "reason": f"in {version}"}
        return Release(version, "2026-01-01", "c" * 40, version, version, None, "major", [], [ack])

    record = Record(tmp_path, [entry("1.0.0", "/a"), entry("2.0.0", "/b"), entry("3.0.0", "/c")])

    acks = acknowledgements(record, "2.0.0", pending=False)

    assert [(a.method, a.path, a.where) for a in acks] == [("POST", "/c", "release 3.0.0")]


def test_operation_paths_and_selection() -> None:
    contract = json.dumps(
        {"paths": {"/v1/items": {"get": {"operationId": "list_items"}, "parameters": []}}}
    )
    assert operation_paths(contract.encode()) == {"list_items": ("GET", "/v1/items")}
    assert selection_of(["sdk-sync"], ["sqlite", "postgres"]) == (
        "(sdk-sync) and (sqlite or postgres)"
    )


class Interface(abc.ABC):
    @abc.abstractmethod
    def login(self) -> str: ...

    @abc.abstractmethod
    def search_items(self) -> str: ...


class OldDriver(Interface):
    def login(self) -> str:
        return "token"


def test_the_plugin_stubs_an_operation_the_old_driver_lacks() -> None:
    with pytest.raises(TypeError):
        OldDriver()  # type: ignore[abstract]
    stubbed = type("Stubbed", (OldDriver,), {})

    compat_plugin.stub_missing(Interface, [stubbed])

    driver = stubbed()
    assert driver.login() == "token"
    with pytest.raises(pytest.skip.Exception, match="not in this SDK: search_items"):
        driver.search_items()


def tar_of(*members: tuple[tarfile.TarInfo, bytes]) -> tarfile.TarFile:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for info, data in members:
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return tarfile.open(fileobj=buffer)


def symlink(name: str, target: str) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info, b""


@pytest.mark.parametrize("filters", [True, False], ids=["filters", "python-3.11.0-to-3.11.3"])
def test_archives_extract_on_every_python_the_project_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filters: bool
) -> None:
    """``tarfile``'s extraction filters came in 3.11.4; ``requires-python`` says 3.11."""
    if not filters:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
        monkeypatch.setattr(tarfile.TarFile, "extractall", extractall_without_filter)
    archive("HEAD", ["pyproject.toml", "scripts"], tmp_path / "out")
    assert (tmp_path / "out" / "pyproject.toml").read_bytes() == (
        REPO_ROOT / "pyproject.toml"
    ).read_bytes()
    assert (tmp_path / "out" / "scripts" / "compat.py").is_file()
    for unsafe in [
        (tarfile.TarInfo("../outside.txt"), b"x"),
        symlink("inside-link", "/etc/passwd"),
        symlink("up", "../../.."),
    ]:
        with pytest.raises((ToolError, tarfile.FilterError)):
            extract(tar_of(unsafe), tmp_path / f"unsafe-{filters}")
    assert not (tmp_path / "outside.txt").exists()


_extractall = tarfile.TarFile.extractall


def extractall_without_filter(self: tarfile.TarFile, path: Any = ".", members: Any = None) -> None:
    """``TarFile.extractall`` as Python 3.11.0 to 3.11.3 have it: no ``filter``."""
    _extractall(self, path, members, filter="fully_trusted")


def test_each_run_is_announced_before_it_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The job runs for a minute or more: it says what it is doing before each run."""
    seen: list[str] = []

    def run(release: Release, *_: Any) -> compat.Outcome:
        seen.append(capsys.readouterr().out)
        return compat.Outcome(f"run of {release.version}", passed=1)

    monkeypatch.setattr(compat, "forward", run)
    monkeypatch.setattr(compat, "backward", run)
    assert compat.main([]) == 0
    record = Record.load(REPO_ROOT)
    assert record.last is not None
    forward_runs = len(record.of_major(record.last.major))
    assert len(seen) == forward_runs + 1
    assert seen[0].startswith(f"compatibility: {forward_runs + 1} run(s) of ")
    assert "compatibility: removing the runs' venvs" in capsys.readouterr().out


EXPECTED = compat.Expected("3.0.0", "UserUpdate.current_password", "needs the current one")


def test_a_body_the_sdk_cannot_type_is_listed_when_expected_and_fails_otherwise() -> None:
    results = {
        "t::a": result("passed", "update_current_user", untyped=["UserUpdate.current_password"]),
        "t::b": result("passed", "update_current_user", untyped=["ItemCreate.colour"]),
        "t::c": result("passed", "get_item"),
    }
    outcome = judge("run", results, OPERATIONS, [], [EXPECTED])

    assert outcome.passed == 3
    assert outcome.affected == [("t::a", EXPECTED)]
    assert outcome.failures == [
        "t::b passed only through a raw body: this SDK's typed ItemCreate.colour is missing "
        "(add it to compat-expected.txt with the reason, or fix it)"
    ]
    text = "\n".join(outcome.lines())
    assert "affected, as expected (before 3.0.0): the SDK's typed UserUpdate.current_password" in (
        text
    )


def test_expected_entries_apply_to_older_sdks_only_and_unneeded_ones_are_noted() -> None:
    entries = compat.parse_expected(
        "# comment\n\n3.0.0 UserUpdate.current_password | needs the current one\n"
    )
    assert entries == [EXPECTED]
    assert compat.expected_for("2.1.0", entries) == entries
    assert compat.expected_for("3.0.0", entries) == []
    outcome = judge("run", {"t::c": result("passed", "get_item")}, OPERATIONS, [], entries)
    assert outcome.ok
    assert outcome.notes == [
        "compat-expected.txt lists UserUpdate.current_password, which no scenario needed here"
    ]
    with pytest.raises(ToolError):
        compat.parse_expected("3.0.0 UserUpdate.current_password\n")


def test_the_plugin_names_the_fields_a_typed_model_drops() -> None:
    class Model:
        def __init__(self, kept: dict[str, Any]) -> None:
            self.kept = kept

        @classmethod
        def from_dict(cls, body: dict[str, Any]) -> Model:
            if "password" not in body:
                raise KeyError("password")
            return cls({"password": body["password"]})

        def to_dict(self) -> dict[str, Any]:
            return self.kept

    assert compat_plugin._dropped(Model, {"password": "p", "current_password": "q"}) == [
        "Model.current_password"
    ]
    assert compat_plugin._dropped(Model, {"current_password": "q"}) == []  # invalid: sent raw
