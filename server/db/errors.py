"""The database errors the layers above handle: a unique constraint that refused a row
(repositories map it, by the constraint's name, to their domain's conflict), and a
database that cannot be reached (503). Any other driver error is a bug, and stays a 500."""

from __future__ import annotations

from server.errors import ServiceUnavailable

UNAVAILABLE = "The database is unavailable. Retry shortly."


class UniqueViolation(Exception):
    """A unique constraint refused a row; ``constraint`` is its name in the schema."""

    def __init__(self, constraint: str | None) -> None:
        super().__init__(f"unique constraint {constraint or '(unknown)'} violated")
        self.constraint = constraint


class DatabaseUnavailable(ServiceUnavailable):
    """The database did not answer (down, unreachable, out of connections, locked): 503."""

    def __init__(self, detail: str = UNAVAILABLE) -> None:
        super().__init__(detail)
