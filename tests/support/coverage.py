"""Which (operation, status) pairs each driver produced during the session.

Recording a response also holds its headers to the schema (``tests.support.headers``),
so every pair the scenario suite produces has its headers checked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tests.support import headers as response_headers

OBSERVED: defaultdict[str, set[tuple[str, int]]] = defaultdict(set)


def record(
    driver: str, operation: str, status: int, headers: Iterable[tuple[str, str]] | None = None
) -> None:
    """Note the pair, and check the headers. Today's drivers always pass them; a released
    SDK's driver (scripts/compat.py runs it against today's suite) may predate them."""
    OBSERVED[driver].add((operation, status))
    if headers is not None:
        response_headers.check(operation, status, headers)
