"""scripts/changelog.py: the CHANGELOG.md section written from `oasdiff changelog`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from changelog import has_section, main, render_section
from check_breaking import OASDIFF_ENV, Change

from .schema_apps import BREAKING_CASES, COMPATIBLE_CASES, export_pair


@pytest.fixture
def use_oasdiff(oasdiff: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the in-process ``main()`` use the checked oasdiff binary."""
    monkeypatch.setenv(OASDIFF_ENV, str(oasdiff))
    return oasdiff


def test_appends_a_section_headed_with_new_version_and_date(
    tmp_path: Path, use_oasdiff: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in COMPATIBLE_CASES if c.name == "operation-added")
    old, new = export_pair(case, tmp_path, new_version="1.1.0")
    changelog = tmp_path / "CHANGELOG.md"

    code = main([str(old), str(new), "--changelog", str(changelog), "--date", "2025-03-04"])

    assert code == 0
    text = changelog.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## 1.1.0 (2025-03-04)\n")
    assert "Compared with API version 1.0.0." in text
    assert "### Other changes\n- `GET /items`: endpoint added\n" in text
    assert "appended 1 change(s) for version 1.1.0" in capsys.readouterr().out


def test_groups_breaking_changes_first_and_keeps_existing_content(
    tmp_path: Path, use_oasdiff: Path
) -> None:
    case = next(c for c in BREAKING_CASES if c.name == "operation-removed")
    old, new = export_pair(case, tmp_path, new_version="2.0.0")
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 1.0.0 (2025-01-01)\n\n- first release", "utf-8")

    code = main([str(old), str(new), "--changelog", str(changelog), "--date", "2025-03-04"])

    assert code == 0
    text = changelog.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## 1.0.0 (2025-01-01)\n\n- first release\n\n## 2.0.0")
    assert (
        "### Breaking changes\n- `DELETE /items/{item_id}`: api path removed without deprecation\n"
    ) in text


def test_no_changes_is_a_no_op(
    tmp_path: Path, use_oasdiff: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = export_pair(COMPATIBLE_CASES[0], tmp_path)
    changelog = tmp_path / "CHANGELOG.md"

    assert main([str(old), str(old), "--changelog", str(changelog)]) == 0

    assert capsys.readouterr().out.strip() == "no schema changes"
    assert not changelog.exists()


def test_refuses_a_second_section_for_the_same_version(
    tmp_path: Path, use_oasdiff: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = export_pair(COMPATIBLE_CASES[0], tmp_path, new_version="1.1.0")
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 1.1.0 (2025-01-01)\n", encoding="utf-8")

    assert main([str(old), str(new), "--changelog", str(changelog)]) == 2

    assert "already has a section for version 1.1.0" in capsys.readouterr().err
    assert changelog.read_text(encoding="utf-8") == "# Changelog\n\n## 1.1.0 (2025-01-01)\n"


def test_missing_spec_exits_2_without_touching_the_changelog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = export_pair(COMPATIBLE_CASES[0], tmp_path)
    changelog = tmp_path / "CHANGELOG.md"

    assert main([str(old), str(tmp_path / "gone.json"), "--changelog", str(changelog)]) == 2

    assert "cannot read OpenAPI spec" in capsys.readouterr().err
    assert not changelog.exists()


def test_render_section_lists_each_level_under_its_heading() -> None:
    changes = [
        Change("endpoint-added", 1, "GET", "/a", "endpoint added"),
        Change("request-property-removed", 2, "POST", "/b", "removed the request property `x`"),
        Change("api-path-removed-without-deprecation", 3, "DELETE", "/c", "api path removed"),
    ]

    section = render_section(changes, "2.0.0", "1.3.0", dt.date(2025, 5, 6))

    assert section == (
        "## 2.0.0 (2025-05-06)\n\n"
        "Compared with API version 1.3.0.\n\n"
        "### Breaking changes\n- `DELETE /c`: api path removed\n\n"
        "### Changes that may break some clients\n"
        "- `POST /b`: removed the request property `x`\n\n"
        "### Other changes\n- `GET /a`: endpoint added\n"
    )


def test_has_section_matches_whole_versions_only() -> None:
    text = "# Changelog\n\n## 1.10.0 (2025-01-01)\n"

    assert has_section(text, "1.10.0")
    assert not has_section(text, "1.1")
