"""Fixtures of the breaking-change tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .tooling import require_git, require_oasdiff


@pytest.fixture(scope="session")
def oasdiff() -> Path:
    """The pinned oasdiff binary (skips, or fails under STOREFRONT_REQUIRE_TOOLS=1)."""
    return require_oasdiff()


@pytest.fixture(scope="session")
def git() -> str:
    """The git executable (skips, or fails under STOREFRONT_REQUIRE_TOOLS=1)."""
    return require_git()
