"""This repository's release record: each release's commit holds what the record says,
the versions reported by ``storefront --version`` and ``storefront_client.__version__``
are the tree's one version, and CHANGELOG.md is what the record renders."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import storefront_client
from changelog import RELEASE_NOTES_FILE, render_changelog, render_release_notes
from check_breaking import REPO_ROOT
from release_record import Record, Release, parse_version, read_versions

from server import API_VERSION

RECORD = Record.load(REPO_ROOT)


def git_show(git: str, commit: str, path: str) -> str:
    proc = subprocess.run(
        [git, "show", f"{commit}:{path}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, (
        f"{commit[:12]}:{path} cannot be read ({proc.stderr.strip()}); the record needs the "
        "full history (clone without --depth)"
    )
    return proc.stdout


def test_there_is_a_release() -> None:
    assert RECORD.last is not None


@pytest.mark.parametrize("release", RECORD.releases, ids=lambda r: r.version)
def test_the_recorded_commit_holds_the_released_contract_and_versions(
    release: Release, git: str
) -> None:
    assert release.commit is not None
    assert re.fullmatch(r"[0-9a-f]{40}", release.commit)
    assert release.server_version == release.sdk_version == release.version  # one number
    contract = RECORD.contract(release.version)
    assert git_show(git, release.commit, "openapi.json").encode() == contract
    assert json.loads(contract)["info"]["version"] == release.version
    assert f'API_VERSION = "{release.version}"' in git_show(
        git, release.commit, "server/__init__.py"
    )
    client_pyproject = git_show(git, release.commit, "client/pyproject.toml")
    assert f'\nversion = "{release.sdk_version}"\n' in client_pyproject


def test_the_tree_has_one_version_at_or_after_the_last_release() -> None:
    versions = read_versions(REPO_ROOT)
    assert versions.mismatch() is None
    assert RECORD.last is not None
    assert parse_version(versions.server) >= parse_version(RECORD.last.version)
    openapi = json.loads((REPO_ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert openapi["info"]["version"] == versions.server


def test_storefront_and_the_sdk_report_the_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "server.cli", "--version"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout == f"storefront {API_VERSION}\n"
    assert storefront_client.__version__ == API_VERSION == read_versions(REPO_ROOT).sdk


def test_changelog_and_sdk_release_lines_are_rendered_from_the_record() -> None:
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    notes = (REPO_ROOT / RELEASE_NOTES_FILE).read_text(encoding="utf-8")
    hint = "run `python scripts/changelog.py --from-record` (or cut releases with release.py)"
    assert changelog == render_changelog(RECORD), hint
    assert notes == render_release_notes(RECORD), hint
    readme = (REPO_ROOT / "client" / "README.md").read_text(encoding="utf-8")
    assert notes in readme
