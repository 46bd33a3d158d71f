"""The compatibility job: released SDKs against today's server, and back.

Usage (``scripts/test.sh`` runs it with no arguments)::

    python scripts/compat.py [--drivers sdk-sync,sdk-async] [--engines sqlite,postgres]

From the release record (``releases/index.json``), with no network:

* FORWARD, for each release of the current major (the last release's major): its SDK,
  built with ``uv build`` from ``client/`` of the release's recorded commit
  (``git archive``), installed in a venv of its own beside the project's locked
  dependencies, runs TODAY's SDK scenario suite (``tests/scenarios`` with the SDK
  drivers) against TODAY's server (the work tree), on SQLite and PostgreSQL. The calls
  are made by the release's own ``tests/support/sdk_drivers.py``: how that SDK is used.
* BACKWARD, against the last release: TODAY's SDK (``uv build`` of ``client/``) runs
  the release's scenario suite against the release's server (the whole tree of its
  recorded commit), for the operations both have.

A scenario needing an operation the SDK does not have is listed (``not in this SDK``).
A scenario that passed only because the driver sent a raw body the SDK's typed model
cannot hold (a field the model lacks, ``Model.field``) is a change SDK users feel: it
must be listed in ``compat-expected.txt`` with the reason (then it is listed as
affected), or it fails the job; an entry no run needs is reported as stale.
A failing scenario that called an operation with an acknowledged break since the SDK's
release (in a later release of the record, or pending in ``openapi-breaking-ack.txt``)
is listed with that acknowledgement. Anything else that fails or skips fails the job.

The default is the focused subset the test command runs: the sync SDK driver
(``sdk-sync``) on both engines; the async driver runs the same generated models, and
``--drivers sdk-sync,sdk-async`` runs both.

Exit codes: 0 compatible; 1 an unacknowledged failure; 2 the job could not run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from check_breaking import EXIT_BREAKING, EXIT_ERROR, EXIT_OK, REPO_ROOT, ToolError, parse_ack_file
from compat_plugin import NOT_IN_SDK
from release_record import Record, RecordError, Release

ACK_FILE = "openapi-breaking-ack.txt"
EXPECTED_FILE = "compat-expected.txt"
SDK_DRIVERS = "tests/support/sdk_drivers.py"
SUITE = "tests/scenarios"
PLUGIN = Path(__file__).resolve().parent / "compat_plugin.py"
SERVER_SIDE = ("server", "tests", "pyproject.toml", "openapi.json")


@dataclass(frozen=True)
class Ack:
    """An acknowledged break on one operation, and where it was acknowledged."""

    method: str
    path: str
    check_id: str
    reason: str
    where: str


@dataclass(frozen=True)
class Expected:
    """A change users of the SDKs before ``before`` are expected to feel, with the reason:
    their typed ``model`` has no ``field`` that today's requests need."""

    before: str
    name: str  # Model.field
    reason: str


def parse_expected(text: str) -> list[Expected]:
    """``compat-expected.txt``: ``<SDK versions before> <Model>.<field> | <reason>``."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        head, bar, reason = stripped.rpartition("|")
        fields = head.split()
        if not bar or not reason.strip() or len(fields) != 2 or "." not in fields[1]:
            raise ToolError(
                f"{EXPECTED_FILE}:{number}: expected `<version> <Model>.<field> | <reason>`"
            )
        entries.append(Expected(fields[0], fields[1], reason.strip()))
    return entries


def expected_for(version: str, entries: Iterable[Expected]) -> list[Expected]:
    """The entries that apply to SDK ``version``: those of a later ``before``."""
    return [entry for entry in entries if _key(version) < _key(entry.before)]


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@dataclass
class Outcome:
    """One direction's result."""

    title: str
    passed: int = 0
    not_in_sdk: dict[str, list[str]] = field(default_factory=dict)
    acknowledged: list[tuple[str, Ack]] = field(default_factory=list)
    affected: list[tuple[str, Expected]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self) -> list[str]:
        out = [
            f"{self.title}: {'PASS' if self.ok else 'FAIL'}, {self.passed} passed, "
            f"{sum(map(len, self.not_in_sdk.values()))} not in this SDK, "
            f"{len(self.acknowledged)} acknowledged break(s), "
            f"{len(self.affected)} expected to be affected, {len(self.failures)} failure(s) "
            f"in {self.seconds:.0f} s"
        ]
        for operation, tests in sorted(self.not_in_sdk.items()):
            out.append(f"  not in this SDK: {operation} ({len(tests)} scenario(s))")
        by_ack: dict[Ack, list[str]] = {}
        for nodeid, ack in self.acknowledged:
            by_ack.setdefault(ack, []).append(nodeid)
        for ack, nodeids in by_ack.items():
            out.append(
                f"  acknowledged break ({ack.where}): {ack.check_id} {ack.method} {ack.path}: "
                f"{ack.reason}; {len(nodeids)} scenario(s):"
            )
            out.extend(f"    {nodeid}" for nodeid in nodeids)
        by_expected: dict[Expected, list[str]] = {}
        for nodeid, expected in self.affected:
            by_expected.setdefault(expected, []).append(nodeid)
        for expected, nodeids in by_expected.items():
            out.append(
                f"  affected, as expected (before {expected.before}): the SDK's typed "
                f"{expected.name} is missing: {expected.reason}; {len(nodeids)} scenario(s):"
            )
            out.extend(f"    {nodeid}" for nodeid in nodeids)
        out.extend(f"  note: {note}" for note in self.notes)
        out.extend(f"  FAIL: {failure}" for failure in self.failures)
        return out


def _run(command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        list(command), cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise ToolError(f"`{' '.join(command)}` failed:\n{(proc.stderr or proc.stdout).strip()}")
    return proc.stdout


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        raise ToolError("uv is not on PATH; run `bash scripts/bootstrap.sh`.")
    return uv


def archive(commit: str, paths: Sequence[str], destination: Path) -> None:
    """Extract ``paths`` as they are in ``commit`` (``git archive``) into ``destination``."""
    proc = subprocess.run(
        ["git", "archive", "--format=tar", commit, *paths],
        cwd=REPO_ROOT,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise ToolError(
            f"git archive {commit[:12]} failed: {proc.stderr.decode(errors='replace').strip()}"
            " (CI needs the full history: the recorded commits are in main's history)"
        )
    destination.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        extract(tar, destination)


def extract(tar: tarfile.TarFile, destination: Path) -> None:
    """Extract ``tar`` into ``destination``, refusing what would land outside it.

    Python 3.11.4 and later do that with ``filter="data"``; 3.11.0 to 3.11.3 (Debian 12
    has 3.11.2) have no filters, so the same refusal is made here first.
    """
    if hasattr(tarfile, "data_filter"):
        tar.extractall(destination, filter="data")
        return
    root = destination.resolve()
    for member in tar.getmembers():
        target = (root / member.name).resolve()
        if member.islnk() or member.issym():
            link = (target.parent / member.linkname).resolve()
        else:
            link = target
        safe = member.isfile() or member.isdir() or member.issym() or member.islnk()
        if not safe or not target.is_relative_to(root) or not link.is_relative_to(root):
            raise ToolError(f"refusing to extract {member.name!r}: it is not a file inside {root}")
    tar.extractall(destination)  # noqa: S202 (every member was checked above)


def copy_work_tree(paths: Sequence[str], destination: Path) -> None:
    """Copy today's files under ``paths`` (tracked or new, not ignored) to ``destination``."""
    listed = _run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *paths],
        cwd=REPO_ROOT,
    )
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def build_sdk(client_dir: Path, out: Path) -> Path:
    """``uv build`` the SDK's wheel from ``client_dir``; its path."""
    _run(
        [_uv(), "build", "--offline", "--quiet", "--wheel", "--out-dir", str(out), "."],
        cwd=client_dir,
    )
    wheels = sorted(out.glob("storefront_client-*.whl"))
    if len(wheels) != 1:
        raise ToolError(f"expected one SDK wheel in {out}, found {[w.name for w in wheels]}")
    return wheels[0]


def make_venv(venv: Path, wheel: Path) -> Path:
    """A venv with the project's locked dependencies (not the project, not the SDK) and
    ``wheel``, from uv's cache; its python."""
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
    _run(
        [
            _uv(),
            "sync",
            "--frozen",
            "--offline",
            "--quiet",
            "--no-install-project",
            "--no-install-package",
            "storefront-client",
            "--python",
            sys.executable,
        ],
        cwd=REPO_ROOT,
        env=env,
    )
    python = venv / "bin" / "python"
    _run(
        [
            _uv(),
            "pip",
            "install",
            "--offline",
            "--quiet",
            "--no-deps",
            "--python",
            str(python),
            str(wheel),
        ],
        cwd=REPO_ROOT,
    )
    return python


def run_suite(python: Path, tree: Path, selection: str, report: Path) -> dict[str, dict[str, Any]]:
    """Run the scenario suite of ``tree`` with ``python``; the plugin's per-test report."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")},
        "PYTHONPATH": os.pathsep.join([str(tree), str(PLUGIN.parent)]),
        "STOREFRONT_COMPAT_REPORT": str(report),
    }
    proc = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            SUITE,
            "-p",
            "compat_plugin",
            "-p",
            "no:cacheprovider",
            "-q",
            "-k",
            selection,
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if not report.is_file() or proc.returncode not in (0, 1):
        raise ToolError(
            f"the scenario suite did not run in {tree.name} (exit {proc.returncode}):\n"
            + "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
        )
    results: dict[str, dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))
    return results


def operation_paths(contract: bytes) -> dict[str, tuple[str, str]]:
    """operationId -> (METHOD, path) of an OpenAPI document."""
    doc = json.loads(contract)
    found: dict[str, tuple[str, str]] = {}
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method.upper(), path)
    return found


def acknowledgements(record: Record, since: str, *, pending: bool) -> list[Ack]:
    """Breaks acknowledged after release ``since``: by later releases, and (``pending``)
    in today's acknowledgement file."""
    acks = [
        Ack(
            str(entry.get("operation", "")).upper(),
            str(entry.get("path", "")),
            str(entry.get("check_id", "")),
            str(entry.get("reason", "")),
            f"release {release.version}",
        )
        for release in record.after(since)
        for entry in release.acknowledged_breaks
    ]
    ack_path = REPO_ROOT / ACK_FILE
    if pending and ack_path.is_file():
        acks += [
            Ack(ack.operation, ack.path, ack.check_id, ack.reason, f"pending, {ack.source}")
            for ack in parse_ack_file(ack_path)
        ]
    return acks


def judge(
    title: str,
    results: dict[str, dict[str, Any]],
    operations: dict[str, tuple[str, str]],
    acks: Iterable[Ack],
    expected: Iterable[Expected] = (),
) -> Outcome:
    outcome = Outcome(title)
    by_name = {entry.name: entry for entry in expected}
    needed: set[str] = set()
    by_operation: dict[tuple[str, str], Ack] = {}
    for ack in acks:
        by_operation.setdefault((ack.method, ack.path), ack)
    for nodeid, result in sorted(results.items()):
        if not nodeid:
            continue
        if result["outcome"] == "passed":
            outcome.passed += 1
            for name in result.get("untyped", []):
                needed.add(name)
                if name in by_name:
                    outcome.affected.append((nodeid, by_name[name]))
                else:
                    outcome.failures.append(
                        f"{nodeid} passed only through a raw body: this SDK's typed {name} "
                        f"is missing (add it to {EXPECTED_FILE} with the reason, or fix it)"
                    )
        elif result["outcome"] == "skipped" and NOT_IN_SDK in result.get("reason", ""):
            operation = result["reason"].rsplit(":", 1)[-1].strip()
            outcome.not_in_sdk.setdefault(operation, []).append(nodeid)
        elif result["outcome"] == "skipped":
            outcome.failures.append(f"{nodeid} skipped: {result.get('reason', '')}")
        else:
            called = [operations.get(name) for name in result.get("operations", [])]
            hit = next((by_operation[op] for op in called if op in by_operation), None)
            if hit is not None:
                outcome.acknowledged.append((nodeid, hit))
            else:
                error = " ".join(result.get("error", []))
                outcome.failures.append(f"{nodeid}: {error}")
    if outcome.passed == 0 and not outcome.failures:
        outcome.failures.append("no scenario passed: the selection ran nothing")
    for name in sorted(set(by_name) - needed):
        outcome.notes.append(f"{EXPECTED_FILE} lists {name}, which no scenario needed here")
    return outcome


def say(line: str) -> None:
    """A progress line: each run builds an SDK and a venv, then runs a suite, silently."""
    print(f"compatibility: {line}", flush=True)


def expected_entries() -> list[Expected]:
    path = REPO_ROOT / EXPECTED_FILE
    return parse_expected(path.read_text(encoding="utf-8")) if path.is_file() else []


def forward(release: Release, record: Record, work: Path, selection: str) -> Outcome:
    """Release ``release``'s SDK against today's server and scenarios."""
    assert release.commit is not None
    say(
        f"SDK {release.version} against today's server: building the SDK, its venv "
        "(from uv's cache), then running today's scenarios..."
    )
    base = work / f"sdk-{release.version}"
    started = time.monotonic()
    archive(release.commit, ["client", SDK_DRIVERS], base / "source")
    python = make_venv(base / "venv", build_sdk(base / "source" / "client", base / "dist"))
    tree = base / "tree"
    copy_work_tree(SERVER_SIDE, tree)
    shutil.copyfile(base / "source" / SDK_DRIVERS, tree / SDK_DRIVERS)
    results = run_suite(python, tree, selection, base / "report.json")
    outcome = judge(
        f"SDK {release.version} (commit {release.commit[:12]}) against today's server",
        results,
        operation_paths(record.contract(release.version)),
        acknowledgements(record, release.version, pending=True),
        expected_for(release.version, expected_entries()),
    )
    outcome.seconds = time.monotonic() - started
    return outcome


def backward(release: Release, record: Record, work: Path, selection: str) -> Outcome:
    """Today's SDK against release ``release``'s server and scenarios."""
    assert release.commit is not None
    say(
        f"today's SDK against the server of {release.version}: building the SDK, its venv "
        f"(from uv's cache), then running the scenarios of {release.version}..."
    )
    base = work / f"server-{release.version}"
    started = time.monotonic()
    today = base / "today"
    copy_work_tree(["client", SDK_DRIVERS], today)
    python = make_venv(base / "venv", build_sdk(today / "client", base / "dist"))
    tree = base / "tree"
    archive(release.commit, list(SERVER_SIDE), tree)
    shutil.copyfile(today / SDK_DRIVERS, tree / SDK_DRIVERS)
    results = run_suite(python, tree, selection, base / "report.json")
    outcome = judge(
        f"today's SDK against the server of {release.version} (commit {release.commit[:12]})",
        results,
        operation_paths(record.contract(release.version)),
        [],
    )
    outcome.seconds = time.monotonic() - started
    return outcome


def selection_of(drivers: Sequence[str], engines: Sequence[str]) -> str:
    return f"({' or '.join(drivers)}) and ({' or '.join(engines)})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Released SDKs of the current major against today's server, and today's "
        "SDK against the last release's server."
    )
    parser.add_argument("--drivers", default="sdk-sync", help="comma-separated SDK drivers")
    parser.add_argument("--engines", default="sqlite,postgres", help="comma-separated engines")
    args = parser.parse_args(argv)
    selection = selection_of(args.drivers.split(","), args.engines.split(","))
    started = time.monotonic()
    try:
        record = Record.load(REPO_ROOT)
        last = record.last
        if last is None:
            print("compatibility: no release recorded yet, nothing to check")
            return EXIT_OK
        unrecorded = [r.version for r in record.releases if r.commit is None]
        if unrecorded:
            raise ToolError(f"releases without a recorded commit: {', '.join(unrecorded)}")
        outcomes = []
        releases = record.of_major(last.major)
        say(
            f"{len(releases) + 1} run(s) of `{selection}`: each released SDK of major "
            f"{last.major} against today's server, and today's SDK against {last.version}'s"
        )
        with tempfile.TemporaryDirectory(prefix="storefront-compat-") as tmp:
            work = Path(tmp)
            for release in releases:
                outcomes.append(forward(release, record, work, selection))
                print("\n".join(outcomes[-1].lines()), flush=True)
            outcomes.append(backward(last, record, work, selection))
            print("\n".join(outcomes[-1].lines()), flush=True)
            say("removing the runs' venvs and trees...")  # a few hundred MB: it takes a while
    except (ToolError, RecordError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("compatibility: ERROR, could not run (see above)")
        return EXIT_ERROR
    ok = all(outcome.ok for outcome in outcomes)
    print(
        f"compatibility: {'PASS' if ok else 'FAIL'}, {len(outcomes)} run(s) of `{selection}` "
        f"in {time.monotonic() - started:.0f} s"
    )
    return EXIT_OK if ok else EXIT_BREAKING


if __name__ == "__main__":
    sys.exit(main())
