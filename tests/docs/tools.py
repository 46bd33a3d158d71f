"""External tools the docs tests need (Chromium), with the suite's skip-or-fail policy.

A missing tool skips the test with the reason, unless ``STOREFRONT_REQUIRE_TOOLS=1`` is
set (as ``.ci/run`` does), in which case the test fails with the same reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_ENV = "STOREFRONT_REQUIRE_TOOLS"
CHROMIUM_ENV = "STOREFRONT_CHROMIUM"


def tool_missing(reason: str) -> NoReturn:
    """Skip the current test, or fail it when ``STOREFRONT_REQUIRE_TOOLS=1``."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: required tools must be installed)", pytrace=False)
    pytest.skip(f"{reason} (set {REQUIRE_ENV}=1 to make this a failure)")


def find_chromium() -> Path:
    """Debian's Chromium (``apt-get install chromium``), or the one ``STOREFRONT_CHROMIUM`` names.

    Playwright drives it through ``executable_path``; ``playwright install`` is never used.
    """
    named = os.environ.get(CHROMIUM_ENV)
    candidates = [named] if named else ["chromium", "chromium-browser"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return Path(found)
    where = f"{CHROMIUM_ENV}={named}" if named else "chromium on PATH"
    tool_missing(f"Chromium is not installed ({where} not found; apt-get install chromium)")


def find_curl() -> str:
    """The ``curl`` executable the README's session uses."""
    found = shutil.which("curl")
    if found is None:
        tool_missing("curl is not installed (apt-get install curl)")
    return found
