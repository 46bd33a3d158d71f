"""pytest fixtures for code that uses the SDK; opt in from a ``conftest.py``::

    pytest_plugins = ["storefront_client.pytest_plugin"]

``storefront_fake`` is a fresh :class:`~storefront_client.testing.FakeServer` per test;
``storefront_client`` is a ``Storefront`` bound to it (closed after the test).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .testing import FakeServer

if TYPE_CHECKING:
    from .api import Storefront


@pytest.fixture
def storefront_fake() -> FakeServer:
    """A fresh in-memory fake of the API."""
    return FakeServer()


@pytest.fixture
def storefront_client(storefront_fake: FakeServer) -> Iterator[Storefront]:
    """An anonymous ``Storefront`` on ``storefront_fake`` (``client.login(...)`` or
    ``storefront_fake.client(token=...)`` for a signed-in one)."""
    with storefront_fake.client() as client:
        yield client
