"""Which (operation, status) pairs each driver produced during the session."""

from __future__ import annotations

from collections import defaultdict

OBSERVED: defaultdict[str, set[tuple[str, int]]] = defaultdict(set)


def record(driver: str, operation: str, status: int) -> None:
    OBSERVED[driver].add((operation, status))
