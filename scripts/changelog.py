"""Append the API changes between two OpenAPI documents to CHANGELOG.md (oasdiff 1.15.0).

Usage::

    python scripts/changelog.py OLD.json NEW.json [--changelog CHANGELOG.md] [--date YYYY-MM-DD]

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

DEFAULT_CHANGELOG = REPO_ROOT / "CHANGELOG.md"
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


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from exc


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Append the changes between two OpenAPI documents to CHANGELOG.md."
    )
    parser.add_argument("old", type=Path, help="the previous OpenAPI JSON")
    parser.add_argument(
        "new", type=Path, help="the new OpenAPI JSON (its info.version heads the section)"
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
    args = _build_parser().parse_args(argv)
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
