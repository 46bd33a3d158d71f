"""scripts/breaking_gate.py: the pure decision, and runs against throwaway git repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from breaking_gate import ACK_FILE, NO_BASE, decide, major_of
from check_breaking import OASDIFF_ENV, REPO_ROOT, Change, parse_ack_lines

from .schema_apps import BREAKING_CASES, COMPATIBLE_CASES, Case, export

GATE = REPO_ROOT / "scripts" / "breaking_gate.py"
REMOVED_SKU = Change(
    check_id="response-required-property-removed",
    level=3,
    operation="GET",
    path="/items/{item_id}",
    text="removed the required property `sku` from the response with the `200` status",
)
ACK_SKU = "response-required-property-removed GET /items/{item_id} | sku moved to /skus"


# --- the pure decision -------------------------------------------------------------------


def test_acknowledged_breaks_with_a_major_bump_pass() -> None:
    decision = decide([REMOVED_SKU], parse_ack_lines([ACK_SKU]), "1.4.2", "2.0.0", "2.0.0")

    assert decision.ok
    assert decision.summary.startswith("breaking-change gate: PASS, 1 acknowledged")
    assert "sku moved to /skus" in "\n".join(decision.details)


def test_acknowledged_breaks_without_a_major_bump_fail() -> None:
    decision = decide([REMOVED_SKU], parse_ack_lines([ACK_SKU]), "1.4.2", "1.5.0", "1.5.0")

    assert not decision.ok
    assert decision.summary.startswith("breaking-change gate: FAIL")
    failures = [line for line in decision.details if line.startswith("FAIL:")]
    assert failures == [
        "FAIL: breaking changes need a major version bump: info.version is 1.5.0 and the base "
        "is 1.4.2; set the FastAPI app's version to 2.0.0 and re-export openapi.json."
    ]


def test_unacknowledged_breaks_fail_and_print_the_line_to_add() -> None:
    decision = decide([REMOVED_SKU], [], "1.4.2", "2.0.0", "2.0.0")

    assert not decision.ok
    details = "\n".join(decision.details)
    assert REMOVED_SKU.ack_line() in details
    assert f"add the lines above to {ACK_FILE}" in details


def test_one_unacknowledged_break_among_acknowledged_ones_fails() -> None:
    other = Change("new-required-request-parameter", 3, "GET", "/search", "added `q`")

    decision = decide([REMOVED_SKU, other], parse_ack_lines([ACK_SKU]), "1.0.0", "2.0.0", "2.0.0")

    assert not decision.ok
    assert "1 of 2 breaking change(s) are not acknowledged" in "\n".join(decision.details)


def test_sdk_version_must_equal_the_new_api_version() -> None:
    decision = decide([REMOVED_SKU], parse_ack_lines([ACK_SKU]), "1.0.0", "2.0.0", "1.0.0")

    assert not decision.ok
    assert (
        "FAIL: SDK version is 1.0.0 but info.version is 2.0.0: set [project] version in "
        "client/pyproject.toml to 2.0.0 and regenerate the SDK."
    ) in decision.details


def test_missing_sdk_pyproject_skips_the_sdk_check_with_a_note() -> None:
    decision = decide([REMOVED_SKU], parse_ack_lines([ACK_SKU]), "1.0.0", "2.0.0", None)

    assert decision.ok
    assert "note: client/pyproject.toml not found; SDK version check skipped." in decision.details


def test_no_breaking_changes_pass_without_any_bump() -> None:
    decision = decide([], [], "1.0.0", "1.0.0", "1.0.0")

    assert decision.ok
    assert decision.summary == "breaking-change gate: PASS, no breaking changes (1.0.0 -> 1.0.0)"


def test_unparseable_new_version_fails() -> None:
    decision = decide([REMOVED_SKU], parse_ack_lines([ACK_SKU]), "1.0.0", "next", "next")

    assert not decision.ok
    assert "is not MAJOR.MINOR.PATCH" in "\n".join(decision.details)


@pytest.mark.parametrize(
    ("version", "major"),
    [("1.2.3", 1), ("v2.0.0", 2), ("10.0.0rc1", 10), ("3.0.0-beta.1", 3), ("1", 1), ("x.1", None)],
)
def test_major_of(version: str, major: int | None) -> None:
    assert major_of(version) == major


# --- end to end on throwaway git repositories ---------------------------------------------


class Repo:
    """A throwaway git repository holding an ``openapi.json``."""

    def __init__(self, root: Path, git: str, *, init: bool = True) -> None:
        self.root = root
        self.git_exe = git
        if init:
            root.mkdir(parents=True, exist_ok=True)
            self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            [
                self.git_exe,
                "-c",
                "user.name=Gate Test",
                "-c",
                "user.email=gate@example.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false",
                *args,
            ],
            cwd=self.root,
            env=clean_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout

    def write_schema(self, case: Case, *, new: bool, version: str) -> None:
        factory = case.new if new else case.old
        export(factory(version), self.root / "openapi.json")

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> None:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)

    def run_gate(self, oasdiff: Path | str) -> subprocess.CompletedProcess[str]:
        env = {**clean_env(), OASDIFF_ENV: str(oasdiff)}
        return subprocess.run(
            [sys.executable, str(GATE), "--repo", str(self.root)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )


def clean_env() -> dict[str, str]:
    """The environment without GIT_* variables (e.g. GIT_DIR when run from a git hook)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def sdk_pyproject(version: str) -> str:
    return f'[project]\nname = "storefront-client"\nversion = "{version}"\n'


REMOVED_SKU_CASE = next(c for c in BREAKING_CASES if c.name == "response-property-removed")


@pytest.fixture
def released_then_broken(tmp_path: Path, git: str) -> Repo:
    """Commit 1: schema 1.0.0; commit 2: ``sku`` removed from a response, version 2.0.0."""
    repo = Repo(tmp_path / "repo", git)
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    repo.write("client/pyproject.toml", sdk_pyproject("1.0.0"))
    repo.commit("first schema")
    repo.write_schema(REMOVED_SKU_CASE, new=True, version="2.0.0")
    repo.write("client/pyproject.toml", sdk_pyproject("2.0.0"))
    repo.commit("drop sku")
    return repo


def test_gate_fails_on_an_unacknowledged_break_in_the_last_commit(
    released_then_broken: Repo, oasdiff: Path
) -> None:
    proc = released_then_broken.run_gate(oasdiff)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "response-required-property-removed GET /items/{item_id} removed" in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("breaking-change gate: FAIL, 1 breaking")


def test_gate_passes_once_the_break_is_acknowledged(
    released_then_broken: Repo, oasdiff: Path
) -> None:
    released_then_broken.write(ACK_FILE, f"# header\n{ACK_SKU}\n")

    proc = released_then_broken.run_gate(oasdiff)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    last = proc.stdout.splitlines()[-1]
    assert last == (
        "breaking-change gate: PASS, 1 acknowledged breaking change(s), major bump "
        "1.0.0 -> 2.0.0, SDK 2.0.0"
    )


def test_gate_uses_the_latest_release_tag_as_base(tmp_path: Path, git: str, oasdiff: Path) -> None:
    repo = Repo(tmp_path / "repo", git)
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    repo.commit("release")
    repo.git("tag", "v1.0.0")
    repo.write_schema(REMOVED_SKU_CASE, new=True, version="1.0.1")
    repo.commit("break it")
    repo.write("README.md", "unrelated\n")
    repo.commit("later commit that does not touch openapi.json")

    proc = repo.run_gate(oasdiff)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "with openapi.json at tag v1.0.0 (1.0.0)" in proc.stdout
    assert "need a major version bump" in proc.stdout
    assert "client/pyproject.toml not found; SDK version check skipped" in proc.stdout


def test_gate_passes_a_compatible_change(tmp_path: Path, git: str, oasdiff: Path) -> None:
    repo = Repo(tmp_path / "repo", git)
    repo.write_schema(COMPATIBLE_CASES[0], new=False, version="1.0.0")
    repo.commit("first")
    repo.write_schema(COMPATIBLE_CASES[0], new=True, version="1.1.0")
    repo.commit("add optional note")

    proc = repo.run_gate(oasdiff)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == (
        "breaking-change gate: PASS, no breaking changes (1.0.0 -> 1.1.0)"
    )


def test_gate_checks_uncommitted_changes_against_the_last_commit(
    tmp_path: Path, git: str, oasdiff: Path
) -> None:
    repo = Repo(tmp_path / "repo", git)
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    repo.commit("only commit")
    repo.write_schema(REMOVED_SKU_CASE, new=True, version="1.0.0")

    proc = repo.run_gate(oasdiff)

    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_gate_deepens_a_shallow_clone(
    released_then_broken: Repo, tmp_path: Path, git: str, oasdiff: Path
) -> None:
    clone = tmp_path / "shallow"
    source = released_then_broken.root.as_uri()
    subprocess.run(
        [git, "clone", "--quiet", "--depth=1", source, str(clone)],
        env=clean_env(),
        capture_output=True,
        check=True,
    )

    result = Repo(clone, git, init=False).run_gate(oasdiff)

    assert "shallow clone" in result.stdout
    assert result.returncode == 1, result.stdout + result.stderr


def test_single_commit_has_no_base(tmp_path: Path, git: str) -> None:
    repo = Repo(tmp_path / "repo", git)
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    repo.commit("first schema")

    proc = repo.run_gate(tmp_path / "oasdiff-not-needed")

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert NO_BASE in proc.stdout


def test_repository_without_commits_has_no_base(tmp_path: Path, git: str) -> None:
    repo = Repo(tmp_path / "repo", git)
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")

    proc = repo.run_gate(tmp_path / "oasdiff-not-needed")

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert NO_BASE in proc.stdout


def test_schema_added_after_the_first_commit_has_no_base(tmp_path: Path, git: str) -> None:
    repo = Repo(tmp_path / "repo", git)
    repo.write("README.md", "hello\n")
    repo.commit("no schema yet")
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    repo.commit("add schema")

    proc = repo.run_gate(tmp_path / "oasdiff-not-needed")

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert NO_BASE in proc.stdout


def test_missing_openapi_json_is_an_error(tmp_path: Path, git: str) -> None:
    repo = Repo(tmp_path / "repo", git)

    proc = repo.run_gate(tmp_path / "oasdiff-not-needed")

    assert proc.returncode == 2
    assert "openapi.json not found" in proc.stderr
    assert proc.stdout.splitlines()[-1] == "breaking-change gate: ERROR, could not run (see above)"


def test_gate_exits_2_with_install_hint_when_oasdiff_is_missing(
    released_then_broken: Repo, tmp_path: Path
) -> None:
    proc = released_then_broken.run_gate(tmp_path / "no-oasdiff-here")

    assert proc.returncode == 2
    assert "npm ci --prefix tools/oasdiff" in proc.stderr


# --- the base is the last release in the record ---------------------------------------------


def record_release(repo: Repo, case: Case, version: str) -> None:
    """Record ``case``'s old schema as release ``version`` (what scripts/release.py writes)."""
    export(case.old(version), repo.root / "releases" / version / "openapi.json")
    entry = {
        "version": version,
        "date": "2026-01-01",
        "commit": "0" * 40,
        "server_version": version,
        "sdk_version": version,
        "previous": None,
        "bump": "first",
    }
    repo.write("releases/index.json", json.dumps({"releases": [entry]}))


def test_gate_judges_every_commit_since_the_last_release_as_a_whole(
    tmp_path: Path, git: str, oasdiff: Path
) -> None:
    repo = Repo(tmp_path / "repo", git)
    (repo.root / "releases" / "1.0.0").mkdir(parents=True)
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    record_release(repo, REMOVED_SKU_CASE, "1.0.0")
    repo.commit("release 1.0.0")
    repo.write_schema(REMOVED_SKU_CASE, new=True, version="1.0.0")
    repo.commit("break it")
    repo.write_schema(REMOVED_SKU_CASE, new=True, version="1.0.1")
    repo.commit("a later commit that changes openapi.json compatibly")

    proc = repo.run_gate(oasdiff)

    # The previous committed schema has no sku either: only the release shows the break.
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "with release 1.0.0 (releases/index.json) (1.0.0)" in proc.stdout
    assert "response-required-property-removed GET /items/{item_id}" in proc.stdout


def test_gate_prefers_the_record_to_a_release_tag(tmp_path: Path, git: str, oasdiff: Path) -> None:
    repo = Repo(tmp_path / "repo", git)
    (repo.root / "releases" / "1.0.0").mkdir(parents=True)
    repo.write_schema(REMOVED_SKU_CASE, new=True, version="1.0.0")
    repo.commit("an old tag without sku")
    repo.git("tag", "v0.9.0")
    repo.write_schema(REMOVED_SKU_CASE, new=False, version="1.0.0")
    record_release(repo, REMOVED_SKU_CASE, "1.0.0")
    repo.commit("release 1.0.0")

    proc = repo.run_gate(oasdiff)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == (
        "breaking-change gate: PASS, no breaking changes (1.0.0 -> 1.0.0)"
    )


def test_gate_fails_a_version_lower_than_the_last_release(
    tmp_path: Path, git: str, oasdiff: Path
) -> None:
    repo = Repo(tmp_path / "repo", git)
    (repo.root / "releases" / "1.2.0").mkdir(parents=True)
    record_release(repo, COMPATIBLE_CASES[0], "1.2.0")
    repo.write_schema(COMPATIBLE_CASES[0], new=True, version="1.1.0")
    repo.commit("version went back")

    proc = repo.run_gate(oasdiff)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "info.version 1.1.0 is lower than the base's 1.2.0" in proc.stdout
