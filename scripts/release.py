"""Cut a release of the server and the SDK, or set the version without releasing.

Usage (from a clean work tree)::

    python scripts/release.py VERSION [--date YYYY-MM-DD] [--note TEXT]... [--sdk-note TEXT]...
                                      [--no-build]
    python scripts/release.py --set-version VERSION

Cutting ``VERSION``:

1. Checks the version against the last release in the record (``releases/index.json``)
   and the contract's changes since then (oasdiff, as the breaking gate does):
   acknowledged breaks need the next major (``X+1.0.0``), any other API change the next
   minor at least, no API change the next patch at least. A larger bump is allowed (an
   SDK-only addition is a minor, an SDK-only break a major: the API's diff cannot see
   those), a skipped number is not. An unacknowledged break refuses the release.
2. Sets the version where it lives (``server/__init__.py``, ``pyproject.toml``,
   ``scripts/sdk/config.yaml``), re-exports ``openapi.json``, regenerates ``client/`` and
   sets the two local packages' versions in ``uv.lock``.
3. Records the release: ``releases/<version>/openapi.json`` and an entry in
   ``releases/index.json`` (API changes, acknowledged breaks with their reasons, the SDK's
   changes: commits that touched ``scripts/sdk/`` since the last release, and notes).
   The acknowledgements move from ``openapi-breaking-ack.txt`` into the record.
4. Regenerates ``CHANGELOG.md`` and the SDK README's release lines from the record.
5. Commits that as ``Release VERSION``, then writes that commit's id into the record
   and commits again (``Record release VERSION``): the recorded commit holds exactly
   the released ``openapi.json`` and ``client/``.
6. Builds the server's and the SDK's wheel and sdist with ``uv build`` into
   ``dist/VERSION/`` (ignored by git) unless ``--no-build``.

``--set-version`` does step 2 only: a change that breaks the contract sets the next major
in the same change, as the breaking gate asks.

Exit codes: 0 done; 1 refused (the message says why and what to do); 2 could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from changelog import changelog_changes, write_from_record
from check_breaking import (
    EXIT_BREAKING,
    EXIT_ERROR,
    EXIT_OK,
    REPO_ROOT,
    Change,
    ToolError,
    breaking_changes,
    format_report,
    match_acks,
    parse_ack_file,
)
from release_record import (
    BUMPS,
    SDK_CONFIG,
    Record,
    RecordError,
    Release,
    bump_of,
    next_version,
    parse_version,
    read_versions,
    write_versions,
)

ACK_FILE = "openapi-breaking-ack.txt"
SCHEMA_FILE = "openapi.json"
DIST_DIR = "dist"
SDK_PATHSPEC = ("scripts/sdk", ":(exclude)scripts/sdk/templates/release_notes.md")
# The line of scripts/sdk/config.yaml that release.py and --set-version write.
VERSION_LINE = re.compile(r"package_version_override:|# The SDK's version")
LOCAL_PACKAGES = ("storefront", "storefront-client")


class Refused(Exception):
    """The release is not allowed as asked; the message says what to do."""


@dataclass(frozen=True)
class Assessment:
    """What changed in the contract since the last release, and the smallest bump for it."""

    changes: list[Change]
    breaks: list[Change]
    acknowledged: list[tuple[Change, str]]
    required: str

    def describe(self) -> str:
        if self.breaks:
            return f"{len(self.breaks)} acknowledged breaking change(s)"
        if self.changes:
            return f"{len(self.changes)} compatible API change(s)"
        return "no API change"


def required_bump(breaks: Sequence[Change], changes: Sequence[Change]) -> str:
    """The smallest bump: major for breaks, minor for any other API change, else patch."""
    if breaks:
        return "major"
    return "minor" if changes else "patch"


def check_version(version: str, previous: str | None, required: str) -> str:
    """The bump ``version`` makes over ``previous``; :class:`Refused` when not allowed."""
    parse_version(version)
    if previous is None:
        return "first"
    allowed = BUMPS[: BUMPS.index(required) + 1]
    bump = bump_of(previous, version)
    choices = ", ".join(f"{next_version(previous, b)} ({b})" for b in allowed)
    if bump is None:
        raise Refused(
            f"{version} does not follow the last release {previous}; the next version is one "
            f"of: {choices}."
        )
    if bump not in allowed:
        raise Refused(
            f"{version} is a {bump} release but the changes since {previous} need a "
            f"{required} one: use {choices}."
        )
    return bump


def _run(command: Sequence[str], root: Path) -> str:
    proc = subprocess.run(list(command), cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ToolError(f"`{' '.join(command)}` failed: {(proc.stderr or proc.stdout).strip()}")
    return proc.stdout


def _git(root: Path, *args: str) -> str:
    return _run(["git", *args], root)


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        raise ToolError("uv is not on PATH; run `bash scripts/bootstrap.sh`.")
    return uv


def set_version(root: Path, version: str) -> None:
    """Write ``version`` into its three files; re-export, regenerate and re-lock."""
    write_versions(root, version)
    regenerate(root)
    relock(root, version)


def relock(root: Path, version: str) -> None:
    """Set the versions of the two local packages in ``uv.lock``, the only lines a version
    change alters: what ``uv lock`` writes, without re-resolving (which needs the network)."""
    path = root / "uv.lock"
    text = path.read_text(encoding="utf-8")
    for name in LOCAL_PACKAGES:
        entry = re.compile(rf'(\[\[package\]\]\nname = "{re.escape(name)}"\nversion = )"[^"]*"')
        text, found = entry.subn(rf'\g<1>"{version}"', text)
        if found != 1:
            raise ToolError(f"uv.lock has {found} entries for {name}, expected one; run `uv lock`.")
    path.write_text(text, encoding="utf-8")


def regenerate(root: Path) -> None:
    _run([sys.executable, str(root / "scripts" / "export_openapi.py")], root)
    _run([sys.executable, str(root / "scripts" / "generate_client.py")], root)


def assess(root: Path, record: Record) -> Assessment:
    """Compare ``openapi.json`` with the last release's contract (no record: nothing)."""
    last = record.last
    if last is None:
        return Assessment([], [], [], "patch")
    new = root / SCHEMA_FILE
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        old = Path(tmp) / "released-openapi.json"
        old.write_bytes(record.contract(last.version))
        breaks = breaking_changes(old, new)
        changes = changelog_changes(old, new)
    ack_path = root / ACK_FILE
    acks = parse_ack_file(ack_path) if ack_path.is_file() else []
    report = match_acks(breaks, acks)
    if report.unacknowledged:
        raise Refused(
            "\n".join(
                [
                    *format_report(report, ACK_FILE),
                    f"{len(report.unacknowledged)} breaking change(s) since {last.version} are "
                    f"not acknowledged: undo them, or acknowledge them in {ACK_FILE}.",
                ]
            )
        )
    acknowledged = [(change, ack.reason) for change, ack in report.acknowledged]
    return Assessment(changes, breaks, acknowledged, required_bump(breaks, changes))


def _change_json(change: Change) -> dict[str, object]:
    return {
        "check_id": change.check_id,
        "level": change.level,
        "operation": change.operation,
        "path": change.path,
        "text": change.text,
    }


def sdk_changes(root: Path, since: str | None) -> list[str]:
    """Subjects of the commits since ``since`` (the last release's commit), oldest first,
    that changed the SDK's templates or configuration: the SDK-only changes. Release
    commits, the generated release lines and a version bump alone do not count."""
    if since is None:
        return []
    log = _git(root, "log", "--reverse", "--no-merges", "--format=%H %s", f"{since}..HEAD")
    subjects = []
    for line in log.splitlines():
        commit, _, subject = line.partition(" ")
        if subject.startswith(("Release ", "Record release ")):
            continue
        diff = _git(root, "diff", "-U0", f"{commit}^", commit, "--", *SDK_PATHSPEC)
        changed = [
            text
            for text in diff.splitlines()
            if text[:1] in "+-" and not text.startswith(("+++", "---"))
        ]
        if any(not VERSION_LINE.match(text[1:]) for text in changed):
            subjects.append(subject)
    return subjects


def reset_ack_file(root: Path) -> None:
    """Keep the acknowledgement file's header; the acknowledgements now live in the record."""
    path = root / ACK_FILE
    if not path.is_file():
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.strip() or line.lstrip().startswith("#")]
    path.write_text("".join(kept).rstrip("\n") + "\n", encoding="utf-8")


def build(root: Path, version: str) -> list[Path]:
    """``uv build`` the server and the SDK (wheel and sdist) into ``dist/<version>/``."""
    out = root / DIST_DIR / version
    if out.exists():
        shutil.rmtree(out)
    for project in (root, root / "client"):
        _run([_uv(), "build", "--quiet", "--offline", "--out-dir", str(out), str(project)], root)
    return sorted(path for path in out.iterdir() if not path.name.startswith("."))


def cut(
    root: Path,
    version: str,
    *,
    date: dt.date,
    notes: Sequence[str] = (),
    sdk_notes: Sequence[str] = (),
    do_build: bool = True,
) -> Release:
    """Cut ``version`` in the repository at ``root`` (see the module docstring)."""
    if _git(root, "status", "--porcelain", "--untracked-files=normal").strip():
        raise Refused(
            "the work tree has uncommitted changes: commit or stash them first, so the "
            "recorded commit is exactly what is released."
        )
    record = Record.load(root)
    last = record.last
    if any(release.version == version for release in record.releases):
        raise Refused(f"{version} is already released (see releases/index.json).")
    # openapi.json must be the server's: --check fails (a ToolError) when it is stale.
    _run([sys.executable, str(root / "scripts" / "export_openapi.py"), "--check"], root)
    assessment = assess(root, record)
    bump = check_version(version, last.version if last else None, assessment.required)
    print(
        f"release {version}: {bump} release"
        + (f" over {last.version}, {assessment.describe()}" if last else "")
    )

    set_version(root, version)
    versions = read_versions(root)
    mismatch = versions.mismatch()
    if mismatch:
        raise ToolError(mismatch)
    release = Release(
        version=version,
        date=date.isoformat(),
        commit=None,
        server_version=versions.server,
        sdk_version=versions.sdk or version,
        previous=last.version if last else None,
        bump=bump,
        api_changes=[_change_json(change) for change in assessment.changes],
        acknowledged_breaks=[
            {**_change_json(change), "reason": reason} for change, reason in assessment.acknowledged
        ],
        sdk_changes=[*sdk_changes(root, last.commit if last else None), *sdk_notes],
        notes=list(notes),
    )
    contract = record.contract_path(version)
    contract.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / SCHEMA_FILE, contract)
    record.releases.append(release)
    record.save()
    reset_ack_file(root)
    write_from_record(root)
    regenerate(root)  # the SDK README includes the release lines just written

    _git(root, "add", "--all")
    _git(root, "commit", "--quiet", "-m", f"Release {version}")
    release.commit = _git(root, "rev-parse", "HEAD").strip()
    record.save()
    write_from_record(root)
    _git(root, "add", "--all")
    _git(
        root,
        "commit",
        "--quiet",
        "-m",
        f"Record release {version}: cut from commit {release.commit[:12]}",
    )
    print(f"recorded {version} at commit {release.commit} (releases/index.json, CHANGELOG.md)")
    if do_build:
        for artifact in build(root, version):
            print(f"built {artifact.relative_to(root)}")
    return release


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Cut a release (record, changelog, versions, artifacts) or set the version."
    )
    parser.add_argument("version", nargs="?", help="the version to release, MAJOR.MINOR.PATCH")
    parser.add_argument(
        "--set-version",
        metavar="VERSION",
        help=f"only set the version (server, pyproject, {SDK_CONFIG}), re-export and regenerate",
    )
    parser.add_argument("--date", type=dt.date.fromisoformat, help="release date (default today)")
    parser.add_argument("--note", action="append", default=[], help="a line for the changelog")
    parser.add_argument(
        "--sdk-note", action="append", default=[], help="a line for the changelog's SDK part"
    )
    parser.add_argument("--no-build", action="store_true", help="skip `uv build`")
    args = parser.parse_args(argv)
    if (args.version is None) == (args.set_version is None):
        parser.error("give VERSION to cut a release, or --set-version VERSION")
    root = REPO_ROOT
    try:
        if args.set_version is not None:
            parse_version(args.set_version)
            set_version(root, args.set_version)
            print(f"version set to {args.set_version}; commit the change")
            return EXIT_OK
        cut(
            root,
            args.version,
            date=args.date or dt.datetime.now(dt.UTC).date(),
            notes=args.note,
            sdk_notes=args.sdk_note,
            do_build=not args.no_build,
        )
    except Refused as exc:
        print(f"release refused: {exc}", file=sys.stderr)
        return EXIT_BREAKING
    except (RecordError, ToolError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
