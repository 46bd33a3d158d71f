"""What one application instance holds: settings, database, hashing and tokens."""

from __future__ import annotations

from dataclasses import dataclass

from server.config import Settings
from server.db import Database
from server.security import Passwords, Tokens


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    db: Database
    passwords: Passwords
    tokens: Tokens
    secret_key: str
