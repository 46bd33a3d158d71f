"""The release record: what was released, from which commit, at which versions.

The record lives in the repository, so a clean clone without tags has it::

    releases/index.json            one entry per release, oldest first
    releases/<version>/openapi.json  the API contract as released

An entry (see :class:`Release`) holds the version, the date, the commit the release was
cut from (its ``client/`` is the SDK as released), the server's and the SDK's version,
the previous release, the kind of bump, the API changes against the previous release
(oasdiff's findings), the breaking changes it acknowledged and the SDK's changes.

The version lives in three files, all set by ``scripts/release.py``:
``server/__init__.py`` (``API_VERSION``: the server's version and the contract's
``info.version``), ``pyproject.toml`` (``[project] version``) and ``scripts/sdk/config.yaml``
(``package_version_override``: the SDK's version, which the generator writes into
``client/pyproject.toml`` and ``storefront_client.__version__``).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RELEASES_DIR = "releases"
INDEX_FILE = "releases/index.json"
SERVER_INIT = "server/__init__.py"
SERVER_PYPROJECT = "pyproject.toml"
SDK_CONFIG = "scripts/sdk/config.yaml"
BUMPS = ("major", "minor", "patch")

_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_API_VERSION_LINE = re.compile(r'^API_VERSION = "([^"]*)"$', re.MULTILINE)
_PYPROJECT_VERSION_LINE = re.compile(r'^version = "([^"]*)"$', re.MULTILINE)
_SDK_VERSION_LINE = re.compile(r"^package_version_override: *(\S*)$", re.MULTILINE)


class RecordError(Exception):
    """The record or a version file cannot be read or does not say what it must."""


def parse_version(text: str) -> tuple[int, int, int]:
    """``MAJOR.MINOR.PATCH`` as a tuple; anything else is a :class:`RecordError`."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise RecordError(f"{text!r} is not a version of the form MAJOR.MINOR.PATCH (e.g. 1.2.0)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def next_version(version: str, bump: str) -> str:
    """The version after ``version`` for a ``major``, ``minor`` or ``patch`` bump."""
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"unknown bump {bump!r}")


def bump_of(previous: str, version: str) -> str | None:
    """Which bump leads from ``previous`` to ``version``; None when none does exactly."""
    return next((bump for bump in BUMPS if next_version(previous, bump) == version), None)


@dataclass
class Release:
    """One entry of ``releases/index.json``."""

    version: str
    date: str
    commit: str | None
    server_version: str
    sdk_version: str
    previous: str | None
    bump: str
    api_changes: list[dict[str, Any]] = field(default_factory=list)
    acknowledged_breaks: list[dict[str, Any]] = field(default_factory=list)
    sdk_changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Release:
        known = {name for name in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            raise RecordError(f"{INDEX_FILE}: unknown field(s) {sorted(unknown)} in a release")
        try:
            release = cls(**data)
        except TypeError as exc:
            raise RecordError(f"{INDEX_FILE}: a release is incomplete: {exc}") from exc
        parse_version(release.version)
        return release

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def major(self) -> int:
        return parse_version(self.version)[0]


@dataclass
class Record:
    """The whole record of a repository, releases ordered by version."""

    root: Path
    releases: list[Release]

    @classmethod
    def load(cls, root: Path) -> Record:
        """The record of the repository at ``root`` (empty when there is none yet)."""
        path = root / INDEX_FILE
        if not path.is_file():
            return cls(root, [])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RecordError(f"cannot read {INDEX_FILE}: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
            raise RecordError(f'{INDEX_FILE} must be an object with a "releases" list')
        releases = [Release.from_json(entry) for entry in data["releases"]]
        releases.sort(key=lambda release: parse_version(release.version))
        return cls(root, releases)

    def save(self) -> None:
        path = self.root / INDEX_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"releases": [release.to_json() for release in self.releases]}
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @property
    def last(self) -> Release | None:
        """The release with the highest version."""
        return self.releases[-1] if self.releases else None

    def get(self, version: str) -> Release:
        for release in self.releases:
            if release.version == version:
                return release
        raise RecordError(f"version {version} is not in {INDEX_FILE}")

    def contract_path(self, version: str) -> Path:
        return self.root / RELEASES_DIR / version / "openapi.json"

    def contract(self, version: str) -> bytes:
        """The ``openapi.json`` released as ``version``."""
        path = self.contract_path(version)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise RecordError(
                f"release {version} has no {path.relative_to(self.root)}: {exc.strerror}"
            ) from exc

    def of_major(self, major: int) -> list[Release]:
        return [release for release in self.releases if release.major == major]

    def after(self, version: str) -> list[Release]:
        """The releases with a higher version than ``version``."""
        key = parse_version(version)
        return [release for release in self.releases if parse_version(release.version) > key]


@dataclass(frozen=True)
class Versions:
    """The version as each of its three files states it."""

    server: str
    pyproject: str
    sdk: str | None

    def mismatch(self) -> str | None:
        """A sentence naming the files that disagree, or None when all agree."""
        if self.server == self.pyproject == self.sdk:
            return None
        return (
            f"the versions disagree: {SERVER_INIT} API_VERSION {self.server}, "
            f"{SERVER_PYPROJECT} {self.pyproject}, {SDK_CONFIG} package_version_override "
            f"{self.sdk or '(unset)'}; set them with `python scripts/release.py --set-version X`"
        )


def _read(root: Path, relative: str) -> str:
    try:
        return (root / relative).read_text(encoding="utf-8")
    except OSError as exc:
        raise RecordError(f"cannot read {relative}: {exc.strerror}") from exc


def read_versions(root: Path) -> Versions:
    server = _API_VERSION_LINE.search(_read(root, SERVER_INIT))
    pyproject = _PYPROJECT_VERSION_LINE.search(_read(root, SERVER_PYPROJECT))
    sdk = _SDK_VERSION_LINE.search(_read(root, SDK_CONFIG))
    if server is None:
        raise RecordError(f'{SERVER_INIT} has no line API_VERSION = "X.Y.Z"')
    if pyproject is None:
        raise RecordError(f'{SERVER_PYPROJECT} has no line version = "X.Y.Z"')
    return Versions(server.group(1), pyproject.group(1), sdk.group(1) if sdk else None)


def write_versions(root: Path, version: str) -> None:
    """Set ``version`` in the three files that hold it (the first match of each)."""
    parse_version(version)
    edits = (
        (SERVER_INIT, _API_VERSION_LINE, f'API_VERSION = "{version}"'),
        (SERVER_PYPROJECT, _PYPROJECT_VERSION_LINE, f'version = "{version}"'),
    )
    for relative, pattern, line in edits:
        text = _read(root, relative)
        if pattern.search(text) is None:
            raise RecordError(f"{relative} has no version line to set")
        (root / relative).write_text(pattern.sub(line, text, count=1), encoding="utf-8")
    config = _read(root, SDK_CONFIG)
    line = f"package_version_override: {version}"
    if _SDK_VERSION_LINE.search(config):
        config = _SDK_VERSION_LINE.sub(line, config, count=1)
    else:
        comment = "# The SDK's version (scripts/release.py sets it)."
        config = f"{config.rstrip()}\n{comment}\n{line}\n"
    (root / SDK_CONFIG).write_text(config, encoding="utf-8")
