"""CHANGELOG.md: generated from the release record, or a section from two documents.

``render_changelog`` writes the whole ``CHANGELOG.md`` from the release record
(``releases/index.json``, see :mod:`release_record`), API and SDK, one section per
release; ``render_release_notes`` writes the one-line-per-release list that the SDK's
README includes (``scripts/sdk/templates/release_notes.md``). ``scripts/release.py``
calls both; ``python scripts/changelog.py --from-record`` rewrites the two files.

The older use, one section appended from two OpenAPI documents (oasdiff 1.15.0)::

    python scripts/changelog.py OLD.json NEW.json [--changelog CHANGELOG.md] [--date YYYY-MM-DD]
    python scripts/changelog.py --from-record

Runs ``oasdiff changelog OLD NEW --format json`` and appends one section to the
changelog (default: ``CHANGELOG.md`` at the repository root, created with a
``# Changelog`` title if missing)::

    ## 2.0.0 (2025-01-31)

    Compared with API version 1.4.0.

    ### Breaking changes
    - `DELETE /items/{item_id}`: api path removed without deprecation
    ### Changes that may break some clients
    - ...
    ### Other changes
    - `GET /items/search`: endpoint added

The heading is NEW's ``info.version`` and the date (today, UTC, unless ``--date``).
Groups follow oasdiff's levels: ERR, WARN, INFO.  When there are no changes the
file is left alone and ``no schema changes`` is printed.

Exit codes: 0 -- section appended or nothing to do; 2 -- could not run (oasdiff
missing -- install it with ``npm ci --prefix tools/oasdiff`` --, a spec unreadable,
NEW without ``info.version``, or the changelog already has a section for that version).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from check_breaking import (
    EXIT_ERROR,
    EXIT_OK,
    REPO_ROOT,
    Change,
    ToolError,
    apply_levels,
    load_spec,
    run_oasdiff,
    severity_levels_option,
    spec_version,
)
from release_record import Record, RecordError, Release

DEFAULT_CHANGELOG = REPO_ROOT / "CHANGELOG.md"
CHANGELOG_FILE = "CHANGELOG.md"
RELEASE_NOTES_FILE = "scripts/sdk/templates/release_notes.md"
CHANGELOG_TITLE = "# Changelog\n"
GROUPS = (
    (3, "Breaking changes"),
    (2, "Changes that may break some clients"),
    (1, "Other changes"),
)


def changelog_changes(old: Path, new: Path, *, oasdiff: Path | None = None) -> list[Change]:
    """Every change oasdiff reports between ``old`` and ``new`` (all levels, with the
    project's severity levels, so a change the gate calls breaking is listed as one)."""
    with severity_levels_option() as option:
        changes = run_oasdiff("changelog", old, new, extra=option, oasdiff=oasdiff)
    return [c for c in apply_levels(changes) if c.level > 0]


def _bullet(change: Change) -> str:
    where = f"`{change.where}`" if change.operation or change.path else change.where
    return f"- {where}: {change.text}"


def render_section(
    changes: Sequence[Change], new_version: str, old_version: str, date: dt.date
) -> str:
    """The Markdown section for one release (ends with a newline)."""
    lines = [f"## {new_version} ({date.isoformat()})", ""]
    if old_version:
        lines += [f"Compared with API version {old_version}.", ""]
    for level, title in GROUPS:
        group = [c for c in changes if c.level == level]
        if group:
            lines.append(f"### {title}")
            lines.extend(_bullet(c) for c in group)
            lines.append("")
    others = [c for c in changes if c.level not in {level for level, _ in GROUPS}]
    if others:
        lines.append("### Unclassified changes")
        lines.extend(_bullet(c) for c in others)
        lines.append("")
    return "\n".join(lines)


def has_section(changelog_text: str, version: str) -> bool:
    """Whether the changelog already has a ``## <version>`` heading."""
    return re.search(rf"^## {re.escape(version)}(\s|$)", changelog_text, re.MULTILINE) is not None


def append_section(changelog: Path, section: str, version: str) -> None:
    """Append ``section`` to ``changelog``; refuse a second section for ``version``."""
    existing = changelog.read_text(encoding="utf-8") if changelog.exists() else CHANGELOG_TITLE
    if has_section(existing, version):
        raise ToolError(
            f"{changelog} already has a section for version {version}. Bump info.version "
            "in the new schema (it is the FastAPI app's version), or delete that section "
            "to regenerate it."
        )
    if not existing.endswith("\n"):
        existing += "\n"
    changelog.write_text(f"{existing}\n{section}", encoding="utf-8")


def _change_bullet(change: dict[str, object]) -> str:
    operation, path = str(change.get("operation") or ""), str(change.get("path") or "")
    where = f"`{operation or '-'} {path or '-'}`" if operation or path else "(whole document)"
    return f"- {where}: {change.get('text', '')}"


def _api_lines(release: Release) -> list[str]:
    if release.previous is None:
        return [
            f"- First recorded release: the contract is `releases/{release.version}/openapi.json`."
        ]
    if not release.api_changes and not release.acknowledged_breaks:
        return ["- No change to the API contract."]
    lines: list[str] = []
    if release.acknowledged_breaks:
        lines.append("#### Breaking changes (acknowledged)")
        lines.extend(
            f"{_change_bullet(ack)} (acknowledged: {ack.get('reason', '')})"
            for ack in release.acknowledged_breaks
        )
    groups = [
        (level, title) for level, title in GROUPS if level < 3 or not release.acknowledged_breaks
    ]
    for level, title in groups:
        group = [c for c in release.api_changes if c.get("level") == level]
        if group:
            lines.append(f"#### {title}")
            lines.extend(_change_bullet(c) for c in group)
    return lines


def _sdk_lines(release: Release) -> list[str]:
    lines = [
        f"- `storefront-client` {release.sdk_version}, generated from this contract"
        + (": every API change above is in its models and operations." if release.previous else ".")
    ]
    lines.extend(f"- {change}" for change in release.sdk_changes)
    return lines


def render_changelog(record: Record) -> str:
    """The whole CHANGELOG.md for ``record``, newest release first (ends with a newline)."""
    lines = [
        CHANGELOG_TITLE.rstrip("\n"),
        "",
        "Generated from the release record (`releases/index.json`) by `scripts/release.py`;",
        "do not edit. The server and the SDK (`storefront-client`) share one version number;",
        "`docs/releasing.md` says what each kind of bump means.",
    ]
    for release in reversed(record.releases):
        origin = f"commit {release.commit[:12]}" if release.commit else "the release commit"
        compared = f"; compared with {release.previous}" if release.previous else ""
        lines += [
            "",
            f"## {release.version} ({release.date})",
            "",
            f"{release.bump.capitalize()} release{compared}. Server {release.server_version}, "
            f"SDK {release.sdk_version}, cut from {origin}.",
        ]
        if release.notes:
            lines += ["", *(f"- {note}" for note in release.notes)]
        lines += ["", "### API", "", *_api_lines(release), "", "### SDK", "", *_sdk_lines(release)]
    return "\n".join(lines) + "\n"


def release_summary(release: Release) -> str:
    """One line's worth of what a release changed."""
    if release.notes:
        return release.notes[0]
    parts = []
    if release.previous is None:
        parts.append("first release")
    elif release.acknowledged_breaks:
        parts.append(f"{len(release.acknowledged_breaks)} breaking API change(s)")
    if release.api_changes and release.previous is not None:
        others = [c for c in release.api_changes if c.get("level") != 3]
        if others:
            parts.append(f"{len(others)} other API change(s)")
    if release.previous is not None and not release.api_changes:
        parts.append("no API change")
    if release.sdk_changes:
        parts.append(f"{len(release.sdk_changes)} SDK change(s)")
    return ", ".join(parts)


def render_release_notes(record: Record) -> str:
    """The SDK README's list: one line per release, newest first (ends with a newline)."""
    lines = [
        "The SDK and the API share one version number (the API's `info.version`); the",
        "project's `CHANGELOG.md` lists every change. One line per release, newest first:",
        "",
    ]
    lines += [
        f"- {release.version} ({release.date}), {release.bump}: "
        f"{release_summary(release).rstrip('.')}."
        for release in reversed(record.releases)
    ]
    if not record.releases:
        lines.append("- No release yet.")
    return "\n".join(lines) + "\n"


def write_from_record(root: Path) -> Record:
    """Rewrite CHANGELOG.md and the SDK's release notes under ``root`` from its record."""
    record = Record.load(root)
    (root / CHANGELOG_FILE).write_text(render_changelog(record), encoding="utf-8")
    (root / RELEASE_NOTES_FILE).write_text(render_release_notes(record), encoding="utf-8")
    return record


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from exc


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Append the changes between two OpenAPI documents to CHANGELOG.md."
    )
    parser.add_argument("old", type=Path, nargs="?", help="the previous OpenAPI JSON")
    parser.add_argument(
        "new",
        type=Path,
        nargs="?",
        help="the new OpenAPI JSON (its info.version heads the section)",
    )
    parser.add_argument(
        "--from-record",
        action="store_true",
        help=f"rewrite {CHANGELOG_FILE} and {RELEASE_NOTES_FILE} from releases/index.json",
    )
    parser.add_argument(
        "--changelog",
        type=Path,
        default=DEFAULT_CHANGELOG,
        help="changelog file to append to (default: CHANGELOG.md at the repository root)",
    )
    parser.add_argument(
        "--date",
        type=_parse_date,
        default=None,
        help="date for the heading, YYYY-MM-DD (default: today, UTC)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.from_record:
        try:
            record = write_from_record(REPO_ROOT)
        except RecordError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        print(f"wrote {CHANGELOG_FILE} and {RELEASE_NOTES_FILE}: {len(record.releases)} release(s)")
        return EXIT_OK
    if args.old is None or args.new is None:
        parser.error("give OLD and NEW, or --from-record")
    date: dt.date = args.date or dt.datetime.now(dt.UTC).date()
    try:
        new_version = spec_version(load_spec(args.new))
        old_version = spec_version(load_spec(args.old))
        if not new_version:
            raise ToolError(
                f"{args.new} has no info.version; set the FastAPI app's version and re-export."
            )
        changes = changelog_changes(args.old, args.new)
        if not changes:
            print("no schema changes")
            return EXIT_OK
        append_section(
            args.changelog, render_section(changes, new_version, old_version, date), new_version
        )
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"appended {len(changes)} change(s) for version {new_version} to {args.changelog}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
