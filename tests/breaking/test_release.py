"""scripts/release.py and scripts/release_record.py: the version rules, the record, the
changelog rendered from it, and a release cut end to end in a clone of this repository."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from changelog import render_changelog, render_release_notes
from check_breaking import OASDIFF_ENV, REPO_ROOT, Change
from release import Refused, check_version, required_bump, reset_ack_file, sdk_changes
from release_record import (
    Record,
    RecordError,
    Release,
    bump_of,
    next_version,
    read_versions,
    write_versions,
)

from .test_gate import clean_env

ADDED = Change("response-optional-property-added", 1, "POST", "/v1/auth/token", "added `scope`")
BROKEN = Change("response-required-property-removed", 3, "POST", "/v1/auth/token", "removed")


def release(version: str, **fields: object) -> Release:
    values: dict[str, object] = {
        "version": version,
        "date": "2026-01-02",
        "commit": "a" * 40,
        "server_version": version,
        "sdk_version": version,
        "previous": None,
        "bump": "first",
    }
    values.update(fields)
    return Release(**values)  # type: ignore[arg-type]


# --- the version rules ---------------------------------------------------------------------


def test_breaks_need_a_major_additions_a_minor_anything_else_a_patch() -> None:
    assert required_bump([BROKEN], [BROKEN, ADDED]) == "major"
    assert required_bump([], [ADDED]) == "minor"
    assert required_bump([], []) == "patch"


@pytest.mark.parametrize(
    ("version", "required", "bump"),
    [
        ("2.0.0", "major", "major"),
        ("1.5.0", "minor", "minor"),
        ("2.0.0", "minor", "major"),
        ("1.4.3", "patch", "patch"),
        ("1.5.0", "patch", "minor"),
    ],
)
def test_the_next_version_at_the_required_level_or_above_is_allowed(
    version: str, required: str, bump: str
) -> None:
    assert check_version(version, "1.4.2", required) == bump


@pytest.mark.parametrize(
    ("version", "required", "message"),
    [
        ("1.4.3", "minor", "need a minor one: use 2.0.0 (major), 1.5.0 (minor)"),
        ("1.5.0", "major", "need a major one: use 2.0.0 (major)"),
        ("1.6.0", "minor", "does not follow the last release 1.4.2"),
        ("1.4.2", "patch", "does not follow"),
        ("1.4.1", "patch", "does not follow"),
    ],
)
def test_a_smaller_or_skipping_version_is_refused(
    version: str, required: str, message: str
) -> None:
    with pytest.raises(Refused, match=re.escape(message)):
        check_version(version, "1.4.2", required)


def test_the_first_release_takes_any_version_but_not_garbage() -> None:
    assert check_version("1.0.0", None, "patch") == "first"
    with pytest.raises(RecordError, match=r"MAJOR\.MINOR\.PATCH"):
        check_version("1.0", None, "patch")


def test_next_version_and_bump_of() -> None:
    assert [next_version("1.4.2", b) for b in ("major", "minor", "patch")] == [
        "2.0.0",
        "1.5.0",
        "1.4.3",
    ]
    assert bump_of("1.4.2", "1.5.0") == "minor"
    assert bump_of("1.4.2", "1.5.1") is None


# --- the record and the files rendered from it ---------------------------------------------


def test_the_record_is_read_in_version_order_and_written_back(tmp_path: Path) -> None:
    record = Record(tmp_path, [release("1.10.0"), release("1.9.0"), release("2.0.0")])
    record.save()

    loaded = Record.load(tmp_path)

    assert [r.version for r in loaded.releases] == ["1.9.0", "1.10.0", "2.0.0"]
    assert loaded.last is not None
    assert loaded.last.version == "2.0.0"
    assert [r.version for r in loaded.of_major(1)] == ["1.9.0", "1.10.0"]
    assert [r.version for r in loaded.after("1.9.0")] == ["1.10.0", "2.0.0"]


def test_an_unknown_field_in_the_record_is_an_error(tmp_path: Path) -> None:
    entry = release("1.0.0").to_json() | {"tag": "v1"}
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "index.json").write_text(json.dumps({"releases": [entry]}))

    with pytest.raises(RecordError, match=r"unknown field\(s\) \['tag'\]"):
        Record.load(tmp_path)


def test_versions_are_written_to_and_read_from_their_three_files(tmp_path: Path) -> None:
    for name in ("server/__init__.py", "pyproject.toml", "scripts/sdk/config.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / name, tmp_path / name)

    write_versions(tmp_path, "7.8.9")

    versions = read_versions(tmp_path)
    assert (versions.server, versions.pyproject, versions.sdk) == ("7.8.9", "7.8.9", "7.8.9")
    assert versions.mismatch() is None
    assert "requires-python" in (tmp_path / "pyproject.toml").read_text()  # nothing else lost
    (tmp_path / "server/__init__.py").write_text('API_VERSION = "7.8.8"\n')
    assert "API_VERSION 7.8.8" in (read_versions(tmp_path).mismatch() or "")


def test_the_ack_file_keeps_its_header_once_the_acks_are_recorded(tmp_path: Path) -> None:
    (tmp_path / "openapi-breaking-ack.txt").write_text(
        "# header\n#   example | reason\n\nresponse-required-property-removed POST /x | why\n"
    )

    reset_ack_file(tmp_path)

    assert (tmp_path / "openapi-breaking-ack.txt").read_text() == (
        "# header\n#   example | reason\n"
    )


def test_the_changelog_lists_api_and_sdk_changes_and_acknowledged_breaks(tmp_path: Path) -> None:
    first = release("1.0.0")
    minor = release(
        "1.1.0",
        previous="1.0.0",
        bump="minor",
        api_changes=[{"level": 1, "operation": "POST", "path": "/v1/auth/token", "text": "added"}],
        sdk_changes=["templates: a finite default timeout"],
    )
    major = release(
        "2.0.0",
        commit=None,
        previous="1.1.0",
        bump="major",
        api_changes=[{"level": 3, "operation": "POST", "path": "/v1/auth/token", "text": "gone"}],
        acknowledged_breaks=[
            {"operation": "POST", "path": "/v1/auth/token", "text": "gone", "reason": "unused"}
        ],
    )
    patch = release("2.0.1", previous="2.0.0", bump="patch", notes=["Faster pages."])
    record = Record(tmp_path, [first, minor, major, patch])

    text = render_changelog(record)
    notes = render_release_notes(record)

    assert text.index("## 2.0.1") < text.index("## 2.0.0") < text.index("## 1.1.0")
    assert (
        "Minor release; compared with 1.0.0. Server 1.1.0, SDK 1.1.0, cut from commit aaaaaaaaaaaa."
        in text
    )
    assert "#### Other changes\n- `POST /v1/auth/token`: added\n" in text
    assert "- templates: a finite default timeout" in text
    assert (
        "#### Breaking changes (acknowledged)\n"
        "- `POST /v1/auth/token`: gone (acknowledged: unused)\n"
    ) in text
    assert "cut from the release commit" in text  # 2.0.0's commit is not recorded yet
    assert "### API\n\n- No change to the API contract." in text
    assert notes.splitlines()[3:] == [
        "- 2.0.1 (2026-01-02), patch: Faster pages.",
        "- 2.0.0 (2026-01-02), major: 1 breaking API change(s).",
        "- 1.1.0 (2026-01-02), minor: 1 other API change(s), 1 SDK change(s).",
        "- 1.0.0 (2026-01-02), first: first release.",
    ]


# --- end to end: cut releases in a clone of this repository ----------------------------------


class Clone:
    """A ``git clone`` of this repository's HEAD, released with its own scripts."""

    def __init__(self, root: Path, oasdiff: Path) -> None:
        self.root = root
        self.env = {**clean_env(), OASDIFF_ENV: str(oasdiff)}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            list(args), cwd=self.root, env=self.env, capture_output=True, text=True, check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
        return proc

    def script(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, f"scripts/{name}", *args, check=check)

    def git(self, *args: str) -> str:
        return self.run(
            "git", "-c", "user.name=Release Test", "-c", "user.email=r@example.invalid", *args
        ).stdout

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer has {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit_change(self, message: str) -> None:
        self.script("export_openapi.py")
        self.script("generate_client.py")
        self.git("commit", "--quiet", "--all", "-m", message)


TOKEN_FIELD = '    expires_in: int = Field(description="Seconds until the access token expires.")\n'
SCOPE_FIELD = '    scope: str = Field(default="catalog", description="What the token grants.")\n'


@pytest.fixture
def clone(tmp_path: Path, git: str, oasdiff: Path) -> Clone:
    root = tmp_path / "repo"
    subprocess.run(
        [git, "clone", "--quiet", str(REPO_ROOT), str(root)],
        env=clean_env(),
        capture_output=True,
        check=True,
    )
    made = Clone(root, oasdiff)
    made.git("config", "user.name", "Release Test")
    made.git("config", "user.email", "r@example.invalid")
    # The scripts under test are this work tree's, committed or not.
    for script in (REPO_ROOT / "scripts").glob("*.py"):
        shutil.copyfile(script, root / "scripts" / script.name)
    made.git("add", "scripts")
    made.git("commit", "--quiet", "--allow-empty", "-m", "the scripts under test")
    return made


def test_cut_an_addition_as_a_minor_then_refuse_an_unacknowledged_break(clone: Clone) -> None:
    last = Record.load(clone.root).last
    assert last is not None, "this repository has no release: cut 1.0.0"
    clone.edit("server/auth/schemas.py", TOKEN_FIELD, TOKEN_FIELD + SCOPE_FIELD)
    clone.commit_change("add the token's scope")
    patch, minor = next_version(last.version, "patch"), next_version(last.version, "minor")

    refused = clone.script("release.py", patch, "--no-build", check=False)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert f"need a minor one: use {next_version(last.version, 'major')} (major)" in refused.stderr
    assert clone.git("status", "--porcelain") == ""

    # An SDK-only change is listed (after those already made since the last release);
    # setting the version beforehand is not an SDK change.
    pending = sdk_changes(clone.root, last.commit)
    clone.edit("scripts/sdk/templates/README.md.jinja", "## Releases\n", "## Releases\n\nNew.\n")
    clone.commit_change("sdk: a README line")
    clone.script("release.py", "--set-version", minor)
    clone.git("commit", "--quiet", "--all", "-m", "set the version")

    cut = clone.script("release.py", minor, "--no-build", "--date", "2026-02-03")
    assert f"release {minor}: minor release over {last.version}" in cut.stdout
    record = Record.load(clone.root)
    new = record.get(minor)
    assert (new.previous, new.bump, new.date) == (last.version, "minor", "2026-02-03")
    # The scope, beside whatever the tree added since the last release (none of it a break).
    recorded = [c["check_id"] for c in new.api_changes]
    assert "response-optional-property-added" in recorded
    assert not {"response-property-removed", "request-property-became-required"} & set(recorded)
    assert new.sdk_changes == [*pending, "sdk: a README line"]
    assert "set the version" not in new.sdk_changes
    assert new.commit is not None
    subjects = clone.git("log", "--format=%s", "-2").splitlines()
    assert subjects == [
        f"Record release {minor}: cut from commit {new.commit[:12]}",
        f"Release {minor}",
    ]
    # The recorded commit holds exactly the released contract and SDK.
    assert clone.git("show", f"{new.commit}:openapi.json") == (
        record.contract_path(minor).read_text(encoding="utf-8")
    )
    assert f'version = "{minor}"' in clone.git("show", f"{new.commit}:client/pyproject.toml")
    assert f'__version__ = "{minor}"' in clone.git(
        "show", f"{new.commit}:client/storefront_client/_version.py"
    )
    sdk_count = len(pending) + 1
    changes = len(new.api_changes)
    line = (
        f"- {minor} (2026-02-03), minor: {changes} other API change(s), {sdk_count} SDK change(s)."
    )
    assert line in clone.git("show", f"{new.commit}:client/README.md")
    changelog = (clone.root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {minor} (2026-02-03)" in changelog
    assert "added the optional property `scope`" in changelog
    assert clone.script("breaking_gate.py").stdout.splitlines()[-1] == (
        f"breaking-change gate: PASS, no breaking changes ({minor} -> {minor})"
    )

    clone.edit("server/auth/schemas.py", TOKEN_FIELD, "")
    clone.edit("server/auth/router.py", "        expires_in=ctx.tokens.lifetime_seconds,\n", "")
    clone.commit_change("drop the token's expires_in")
    major = next_version(minor, "major")
    gate = clone.script("breaking_gate.py", check=False)
    assert gate.returncode == 1
    assert f"with release {minor} (releases/index.json)" in gate.stdout
    refused = clone.script("release.py", major, "--no-build", check=False)
    assert refused.returncode == 1
    assert "response-required-property-removed POST /v1/auth/token" in refused.stderr
    assert "not acknowledged" in refused.stderr
    assert Record.load(clone.root).last == record.last
