"""scripts/check_breaking.py: detection on real FastAPI schemas, exit codes, acknowledgements."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from check_breaking import (
    OASDIFF_ENV,
    REPO_ROOT,
    Change,
    ToolError,
    apply_levels,
    breaking_changes,
    match_acks,
    parse_ack_lines,
    severity_levels,
)

from .schema_apps import BREAKING_CASES, COMPATIBLE_CASES, Case, export_pair

SCRIPT = REPO_ROOT / "scripts" / "check_breaking.py"


def run_script(*args: str | Path, oasdiff: Path | str) -> subprocess.CompletedProcess[str]:
    """Run check_breaking.py as CI would, with ``$OASDIFF`` set to ``oasdiff``."""
    env = {**os.environ, OASDIFF_ENV: str(oasdiff)}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def change(
    check_id: str = "response-required-property-removed",
    operation: str = "GET",
    path: str = "/items/{item_id}",
    text: str = "removed the required property `sku` from the response with the `200` status",
) -> Change:
    return Change(check_id=check_id, level=3, operation=operation, path=path, text=text)


# --- detection on real schemas -------------------------------------------------------


@pytest.mark.parametrize("case", BREAKING_CASES, ids=lambda case: case.name)
def test_breaking_change_is_detected(case: Case, tmp_path: Path, oasdiff: Path) -> None:
    old, new = export_pair(case, tmp_path)

    changes = breaking_changes(old, new, oasdiff=oasdiff)

    found = {(c.check_id, c.operation, c.path) for c in changes}
    assert (case.check_id, case.operation, case.path) in found, changes
    assert all(c.level >= 2 for c in changes)


@pytest.mark.parametrize("case", COMPATIBLE_CASES, ids=lambda case: case.name)
def test_compatible_change_is_not_flagged(case: Case, tmp_path: Path, oasdiff: Path) -> None:
    old, new = export_pair(case, tmp_path)

    assert breaking_changes(old, new, oasdiff=oasdiff) == []


def test_warn_level_findings_count_as_breaking(tmp_path: Path, oasdiff: Path) -> None:
    case = next(c for c in BREAKING_CASES if c.name == "response-enum-value-added-warn")
    old, new = export_pair(case, tmp_path)

    changes = breaking_changes(old, new, oasdiff=oasdiff)

    assert [(c.check_id, c.level_name) for c in changes] == [
        ("response-property-enum-value-added", "WARN")
    ]


def test_identical_schemas_have_no_breaking_changes(tmp_path: Path, oasdiff: Path) -> None:
    old, _ = export_pair(BREAKING_CASES[0], tmp_path)

    assert breaking_changes(old, old, oasdiff=oasdiff) == []


# --- the script's exit codes -----------------------------------------------------------


def test_script_exits_1_and_explains_a_response_property_made_nullable(
    tmp_path: Path, oasdiff: Path
) -> None:
    case = next(c for c in BREAKING_CASES if c.name == "response-property-made-nullable")
    old, new = export_pair(case, tmp_path)

    proc = run_script(old, new, oasdiff=oasdiff)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "[ERR] GET /items/{item_id}: response property `sku`" in proc.stdout
    assert "response-property-list-of-types-widened GET /items/{item_id} " in proc.stdout
    assert "FAIL: 1 unacknowledged breaking change(s)." in proc.stdout


def test_script_exits_0_for_a_compatible_change(tmp_path: Path, oasdiff: Path) -> None:
    old, new = export_pair(COMPATIBLE_CASES[0], tmp_path)

    proc = run_script(old, new, oasdiff=oasdiff)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK: no breaking changes." in proc.stdout


def test_script_exits_0_when_every_break_is_acknowledged(tmp_path: Path, oasdiff: Path) -> None:
    old, new = export_pair(BREAKING_CASES[0], tmp_path)
    ack = tmp_path / "ack.txt"
    ack.write_text(
        "# deliberate\n\n"
        "api-path-removed-without-deprecation DELETE /items/{item_id} | items are archived now\n",
        encoding="utf-8",
    )

    proc = run_script(old, new, "--acknowledged", ack, oasdiff=oasdiff)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "items are archived now" in proc.stdout
    assert "OK: 1 breaking change(s), all acknowledged." in proc.stdout


def test_script_exits_1_when_the_ack_names_another_operation(tmp_path: Path, oasdiff: Path) -> None:
    old, new = export_pair(BREAKING_CASES[0], tmp_path)
    ack = tmp_path / "ack.txt"
    ack.write_text(
        "api-path-removed-without-deprecation DELETE /orders/{order_id} | wrong operation\n",
        encoding="utf-8",
    )

    proc = run_script(old, new, "--acknowledged", ack, oasdiff=oasdiff)

    assert proc.returncode == 1
    assert "matches no breaking change" in proc.stdout


def test_script_exits_2_when_a_spec_is_missing(tmp_path: Path) -> None:
    old, _ = export_pair(BREAKING_CASES[0], tmp_path)

    proc = run_script(old, tmp_path / "absent.json", oasdiff=tmp_path / "unused")

    assert proc.returncode == 2
    assert "cannot read OpenAPI spec" in proc.stderr
    assert "absent.json" in proc.stderr


def test_script_exits_2_when_a_spec_is_not_json(tmp_path: Path) -> None:
    old, _ = export_pair(BREAKING_CASES[0], tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"openapi": "3.1.0",', encoding="utf-8")

    proc = run_script(old, broken, oasdiff=tmp_path / "unused")

    assert proc.returncode == 2
    assert "is not valid JSON" in proc.stderr


def test_script_exits_2_with_install_hint_when_oasdiff_is_missing(tmp_path: Path) -> None:
    old, new = export_pair(BREAKING_CASES[0], tmp_path)

    proc = run_script(old, new, oasdiff=tmp_path / "no-such-oasdiff")

    assert proc.returncode == 2
    assert "not an executable file" in proc.stderr
    assert "npm ci --prefix tools/oasdiff" in proc.stderr


def test_script_exits_2_when_oasdiff_has_the_wrong_version(tmp_path: Path) -> None:
    old, new = export_pair(BREAKING_CASES[0], tmp_path)
    fake = tmp_path / "oasdiff"
    fake.write_text("#!/bin/sh\necho 'oasdiff version 1.14.0'\n", encoding="utf-8")
    fake.chmod(0o755)

    proc = run_script(old, new, oasdiff=fake)

    assert proc.returncode == 2
    assert "reports version 1.14.0, but oasdiff 1.15.0 is required" in proc.stderr
    assert "npm ci --prefix tools/oasdiff" in proc.stderr


def test_script_exits_2_on_a_malformed_ack_file(tmp_path: Path) -> None:
    old, new = export_pair(BREAKING_CASES[0], tmp_path)
    ack = tmp_path / "ack.txt"
    ack.write_text("api-path-removed-without-deprecation DELETE /items/{item_id}\n", "utf-8")

    proc = run_script(old, new, "--acknowledged", ack, oasdiff=tmp_path / "unused")

    assert proc.returncode == 2
    assert "ack.txt:1: no `| <reason>`" in proc.stderr


# --- acknowledgement parsing and matching (no tool needed) ------------------------------


def test_ack_without_text_covers_every_change_of_that_check_on_that_operation() -> None:
    acks = parse_ack_lines(["response-required-property-removed get /items/{item_id} | v2"])
    other = change(text="removed the required property `name` from the response")

    report = match_acks([change(), other], acks)

    assert report.unacknowledged == []
    assert [a.reason for _, a in report.acknowledged] == ["v2", "v2"]


def test_ack_with_text_covers_only_that_change() -> None:
    line = change().ack_line("sku moved to /items/{item_id}/sku")
    other = change(text="removed the required property `name` from the response")

    report = match_acks([change(), other], parse_ack_lines([line]))

    assert [c for c, _ in report.acknowledged] == [change()]
    assert report.unacknowledged == [other]


def test_ack_text_may_contain_a_bar_and_extra_spaces() -> None:
    text = "changed the pattern of request property `code` to `^(a|b)$`"
    acks = parse_ack_lines([f"request-property-pattern-changed POST /codes  {text}  |  why "])

    report = match_acks([change("request-property-pattern-changed", "POST", "/codes", text)], acks)

    assert report.unacknowledged == []
    assert acks[0].reason == "why"


def test_ack_for_another_check_or_path_does_not_match_and_is_reported_unused() -> None:
    acks = parse_ack_lines(
        [
            "# comment",
            "",
            "response-optional-property-removed GET /items/{item_id} | other check",
            "response-required-property-removed GET /items | other path",
        ],
        source="ack.txt",
    )

    report = match_acks([change()], acks)

    assert report.unacknowledged == [change()]
    assert [a.source for a in report.unused] == ["ack.txt:3", "ack.txt:4"]


def test_ack_for_a_change_outside_any_operation() -> None:
    acks = parse_ack_lines(["some-document-check - - | ok"])

    report = match_acks([change("some-document-check", "", "", "x")], acks)

    assert report.unacknowledged == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("new-required-request-property POST /items", "no `| <reason>`"),
        ("new-required-request-property POST /items |   ", "empty reason"),
        ("new-required-request-property POST | reason", "does not name the change"),
    ],
)
def test_malformed_ack_lines_are_rejected_with_the_line_number(line: str, message: str) -> None:
    with pytest.raises(ToolError, match=r"acks\.txt:2: .*") as excinfo:
        parse_ack_lines(["# header", line], source="acks.txt")

    assert message in str(excinfo.value)


# --- the committed severity levels (tools/oasdiff/severity-levels.txt) ----------------


def raised_checks() -> dict[str, str]:
    return dict(line.split() for line in severity_levels().splitlines())


def test_every_raised_check_has_a_fixture_pair() -> None:
    raised = raised_checks()
    covered = {case.check_id for case in BREAKING_CASES}

    assert raised, "the levels file raises nothing"
    assert set(raised) <= covered, sorted(set(raised) - covered)
    assert set(raised.values()) == {"err"}


RAISED_CASES = [case for case in BREAKING_CASES if case.check_id in raised_checks()]


@pytest.mark.parametrize("case", RAISED_CASES, ids=lambda case: case.name)
def test_oasdiff_alone_would_pass_what_the_levels_file_catches(
    case: Case, tmp_path: Path, oasdiff: Path
) -> None:
    old, new = export_pair(case, tmp_path)
    defaults = tmp_path / "no-levels.txt"
    defaults.write_text("# oasdiff's own levels\n", encoding="utf-8")

    with_defaults = breaking_changes(old, new, oasdiff=oasdiff, levels=defaults)

    assert case.check_id not in {c.check_id for c in with_defaults}
    caught = breaking_changes(old, new, oasdiff=oasdiff)
    assert [c.level_name for c in caught if c.check_id == case.check_id][:1] == ["ERR"]


def test_severity_levels_drop_comments_and_blank_lines(tmp_path: Path) -> None:
    levels = tmp_path / "levels.txt"
    levels.write_text("# why\n\napi-schema-removed err\n  # indented note\n", encoding="utf-8")

    assert severity_levels(levels) == "api-schema-removed err\n"


def test_levels_are_applied_to_what_oasdiff_printed() -> None:
    found = Change("api-security-component-type-changed", 1, "", "", "type changed")

    (applied,) = apply_levels([found])

    assert applied.level_name == "ERR"
