"""CI gate: fail when ``openapi.json`` breaks its clients without the release rules.

Usage (CI runs it from the repository root with no arguments)::

    python scripts/breaking_gate.py [--repo DIR]

NEW is ``openapi.json`` in the working tree of ``--repo`` (default: this repository).
OLD, the base, is the contract of the LAST RELEASE in the release record
(``releases/index.json``, the highest version; its ``releases/<version>/openapi.json``).
The record is committed, so a clean clone without tags has it, and everything changed
since that release, over however many commits, is judged as a whole.

Before the first release (no record yet) the base is found with git, as it was before
releases were recorded:

1. the newest ``v*`` tag (by version order) that is an ancestor of HEAD, if any:
   ``openapi.json`` as released there.  If that tag has no ``openapi.json``, nothing
   was released, so there is nothing to compare.
2. otherwise the most recent committed version of ``openapi.json`` that differs from
   NEW, walking ``git log HEAD -- openapi.json`` newest first.

No commits, no earlier version, or a file that did not exist before: prints
``no base schema, nothing to compare`` and exits 0.  A shallow clone is deepened with
``git fetch --unshallow --tags`` first; if that fails the gate exits 2 and says so.

Breaking changes are those of :mod:`check_breaking` (oasdiff ERR and WARN).  With
breaking changes the gate passes only when ALL of these hold:

* every change is acknowledged in ``openapi-breaking-ack.txt`` at the repository root
  (format and matching: see that file's header and :mod:`check_breaking`);
* the major of NEW's ``info.version`` is greater than OLD's;
* the SDK version, ``[project] version`` in ``client/pyproject.toml``, equals NEW's
  ``info.version`` (skipped with a note when that file does not exist).

With or without breaking changes, NEW's ``info.version`` may not be lower than OLD's.

Exit codes: 0 pass, 1 fail (the message says what to do), 2 the gate could not run
(oasdiff missing: ``npm ci --prefix tools/oasdiff``; no ``openapi.json``; git problems;
a malformed acknowledgement file or release record).  The last line printed is a
one-line summary.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from check_breaking import (
    EXIT_BREAKING,
    EXIT_ERROR,
    EXIT_OK,
    REPO_ROOT,
    Ack,
    Change,
    ToolError,
    breaking_changes,
    format_report,
    load_spec,
    match_acks,
    parse_ack_file,
    spec_version,
)
from release_record import INDEX_FILE, Record, RecordError, parse_version

SCHEMA_FILE = "openapi.json"
ACK_FILE = "openapi-breaking-ack.txt"
SDK_PYPROJECT = "client/pyproject.toml"
NO_BASE = "no base schema, nothing to compare"


@dataclass(frozen=True)
class Base:
    """The schema NEW is compared with, and where it came from."""

    content: bytes
    label: str


@dataclass(frozen=True)
class Decision:
    """Outcome of the gate: pass/fail, explanation lines, and a one-line summary."""

    ok: bool
    summary: str
    details: list[str] = field(default_factory=list)


def major_of(version: str) -> int | None:
    """Major number of a ``MAJOR.MINOR.PATCH`` (optionally ``v``-prefixed) version."""
    match = re.fullmatch(r"\s*v?(\d+)(\.\d+)*([-+.].*)?\s*", version)
    return int(match.group(1)) if match else None


def decide(
    changes: Sequence[Change],
    acks: Sequence[Ack],
    old_version: str,
    new_version: str,
    sdk_version: str | None,
) -> Decision:
    """Pure decision of the gate.

    ``sdk_version`` is ``None`` when ``client/pyproject.toml`` does not exist (the SDK
    check is then skipped with a note).
    """
    report = match_acks(changes, acks)
    details = format_report(report, ACK_FILE)
    versions = f"{old_version or '?'} -> {new_version or '?'}"
    lower = _lower(new_version, old_version)
    if lower:
        details.append(f"FAIL: {lower}")
        summary = f"breaking-change gate: FAIL, the version went back ({versions})"
        return Decision(False, summary, details)
    if not changes:
        if sdk_version is not None and sdk_version != new_version:
            details.append(
                f"note: SDK version {sdk_version} ({SDK_PYPROJECT}) differs from info.version "
                f"{new_version}; not a failure without breaking changes."
            )
        return Decision(
            True, f"breaking-change gate: PASS, no breaking changes ({versions})", details
        )

    problems: list[str] = []
    if report.unacknowledged:
        problems.append(
            f"{len(report.unacknowledged)} of {len(changes)} breaking change(s) are not "
            f"acknowledged: undo them, or add the lines above to {ACK_FILE} with a reason."
        )
    old_major, new_major = major_of(old_version), major_of(new_version)
    if new_major is None:
        problems.append(
            f"NEW info.version {new_version!r} is not MAJOR.MINOR.PATCH; set the FastAPI app's "
            "version to one and re-export openapi.json."
        )
    elif old_major is None:
        problems.append(
            f"the base info.version {old_version!r} is not MAJOR.MINOR.PATCH, so the major "
            "bump cannot be verified; release NEW with a proper version tag (vMAJOR.MINOR.PATCH)."
        )
    elif new_major <= old_major:
        problems.append(
            f"breaking changes need a major version bump: info.version is {new_version} and "
            f"the base is {old_version}; set the FastAPI app's version to {old_major + 1}.0.0 "
            "and re-export openapi.json."
        )
    if sdk_version is None:
        details.append(f"note: {SDK_PYPROJECT} not found; SDK version check skipped.")
    elif sdk_version != new_version:
        problems.append(
            f"SDK version is {sdk_version or '(unset)'} but info.version is {new_version}: set "
            f"[project] version in {SDK_PYPROJECT} to {new_version} and regenerate the SDK."
        )
    details.extend(f"FAIL: {problem}" for problem in problems)
    n = len(changes)
    if problems:
        return Decision(
            False,
            f"breaking-change gate: FAIL, {n} breaking change(s) ({versions}), "
            f"{len(problems)} problem(s) to fix",
            details,
        )
    return Decision(
        True,
        f"breaking-change gate: PASS, {n} acknowledged breaking change(s), major bump "
        f"{versions}" + (f", SDK {sdk_version}" if sdk_version else ""),
        details,
    )


def _lower(new_version: str, old_version: str) -> str | None:
    """Why NEW's version is lower than the base's; None when it is not (or unparseable)."""
    try:
        lower = parse_version(new_version) < parse_version(old_version)
    except RecordError:
        return None
    if not lower:
        return None
    return (
        f"info.version {new_version} is lower than the base's {old_version}; "
        "a version only goes up (set it with `python scripts/release.py --set-version X`)."
    )


def record_base(repo: Path) -> Base | None:
    """The contract of the last release in the record; None when nothing is recorded."""
    try:
        record = Record.load(repo)
        last = record.last
        if last is None:
            return None
        return Base(record.contract(last.version), f"release {last.version} ({INDEX_FILE})")
    except RecordError as exc:
        raise ToolError(str(exc)) from exc


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as exc:
        raise ToolError(f"cannot run git: {exc}; install git.") from exc


def _git_text(repo: Path, *args: str) -> str | None:
    proc = _git(repo, *args)
    return proc.stdout.decode("utf-8", "replace").strip() if proc.returncode == 0 else None


def _ensure_full_history(repo: Path) -> None:
    if _git_text(repo, "rev-parse", "--is-shallow-repository") != "true":
        return
    print("note: shallow clone; fetching full history and tags to find the base schema")
    proc = _git(repo, "fetch", "--quiet", "--unshallow", "--tags")
    if proc.returncode != 0:
        raise ToolError(
            "this is a shallow clone and `git fetch --unshallow --tags` failed "
            f"({proc.stderr.decode('utf-8', 'replace').strip()}); the base schema cannot be "
            "found. Clone with full history (e.g. fetch-depth: 0) and tags."
        )


def _show(repo: Path, rev: str) -> bytes | None:
    proc = _git(repo, "show", f"{rev}:{SCHEMA_FILE}")
    return proc.stdout if proc.returncode == 0 else None


def find_base(repo: Path, new_content: bytes) -> Base | str:
    """The base schema, or a string saying why there is none."""
    if _git_text(repo, "rev-parse", "--is-inside-work-tree") != "true":
        raise ToolError(f"{repo} is not a git work tree; pass --repo with the repository root.")
    if _git_text(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
        return "no commits yet"
    _ensure_full_history(repo)
    tags = _git_text(repo, "tag", "--merged", "HEAD", "--list", "v*", "--sort=-v:refname")
    if tags:
        tag = tags.splitlines()[0]
        content = _show(repo, f"refs/tags/{tag}")
        if content is None:
            return f"latest release tag {tag} has no {SCHEMA_FILE}"
        return Base(content, f"{SCHEMA_FILE} at tag {tag}")
    log = _git_text(repo, "log", "--format=%H", "HEAD", "--", SCHEMA_FILE)
    if log is None:
        raise ToolError(f"`git log -- {SCHEMA_FILE}` failed in {repo}.")
    for commit in log.split():
        content = _show(repo, commit)
        if content is None:
            return f"{SCHEMA_FILE} did not exist before commit {commit[:12]}"
        if content != new_content:
            return Base(content, f"{SCHEMA_FILE} at commit {commit[:12]}")
    return f"no earlier committed version of {SCHEMA_FILE}"


def read_sdk_version(repo: Path) -> str | None:
    """``[project] version`` of ``client/pyproject.toml``; ``None`` if the file is absent."""
    path = repo / SDK_PYPROJECT
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ToolError(f"cannot read {SDK_PYPROJECT}: {exc}") from exc
    project = data.get("project")
    version = project.get("version") if isinstance(project, dict) else None
    return version if isinstance(version, str) else ""


def run_gate(repo: Path, *, oasdiff: Path | None = None) -> int:
    """Run the gate on ``repo``; print the details and a summary; return the exit code."""
    new_path = repo / SCHEMA_FILE
    if not new_path.is_file():
        raise ToolError(
            f"{SCHEMA_FILE} not found at the root of {repo}; export the app's schema there."
        )
    new_version = spec_version(load_spec(new_path))
    base = record_base(repo) or find_base(repo, new_path.read_bytes())
    if isinstance(base, str):
        print(f"breaking-change gate: {NO_BASE} ({base})")
        return EXIT_OK
    ack_path = repo / ACK_FILE
    acks = parse_ack_file(ack_path) if ack_path.is_file() else []
    with tempfile.TemporaryDirectory(prefix="breaking-gate-") as tmp:
        old_path = Path(tmp) / "base-openapi.json"
        old_path.write_bytes(base.content)
        old_version = spec_version(load_spec(old_path))
        changes = breaking_changes(old_path, new_path, oasdiff=oasdiff)
    print(
        f"comparing {SCHEMA_FILE} ({new_version or '?'}) with {base.label} ({old_version or '?'})"
    )
    decision = decide(changes, acks, old_version, new_version, read_sdk_version(repo))
    for line in decision.details:
        print(line)
    print(decision.summary)
    return EXIT_OK if decision.ok else EXIT_BREAKING


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(
        description="Fail CI on unacknowledged or unversioned breaking changes to openapi.json."
    )
    parser.add_argument(
        "--repo",
        type=Path,
        default=REPO_ROOT,
        help="repository to check (default: the one this script is in)",
    )
    args = parser.parse_args(argv)
    try:
        return run_gate(args.repo.resolve())
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("breaking-change gate: ERROR, could not run (see above)")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
