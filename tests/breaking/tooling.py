"""Skip-or-fail policy for tests that need an external tool (oasdiff, git).

A missing tool skips the test with the reason, unless ``STOREFRONT_REQUIRE_TOOLS=1``
is set (as CI should), in which case the test fails with the same reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest
from check_breaking import OASDIFF_VERSION, ToolError, check_oasdiff_version, find_oasdiff

REQUIRE_ENV = "STOREFRONT_REQUIRE_TOOLS"


def tool_missing(reason: str) -> NoReturn:
    """Skip the current test, or fail it when ``STOREFRONT_REQUIRE_TOOLS=1``."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: required tools must be installed)", pytrace=False)
    pytest.skip(f"{reason} (set {REQUIRE_ENV}=1 to make this a failure)")


def require_oasdiff() -> Path:
    """The oasdiff binary the scripts would use, checked to be version 1.15.0."""
    try:
        binary = find_oasdiff()
        check_oasdiff_version(binary)
    except ToolError as exc:
        tool_missing(f"oasdiff {OASDIFF_VERSION} is not available: {exc}")
    return binary


def require_git() -> str:
    """Path of the ``git`` executable."""
    git = shutil.which("git")
    if git is None:
        tool_missing("git is not installed (apt-get install git)")
    return git
