"""What to tell a user whose ``DATABASE_URL`` points at a database that cannot be used.

The drivers' messages are precise but long (SQLAlchemy adds the statement, a link and,
through the CLI, a traceback of a hundred lines). ``describe`` turns the failures a user
causes — no server answering, a missing role or database, a wrong password, a SQLite
file that cannot be opened — into one line that names ``DATABASE_URL`` and says what to
do. Anything else is not the user's doing and is left to the caller (None).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_POSTGRES_AT = re.compile(r'connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+)')
_POSTGRES_SOCKET = re.compile(r'connection to server on socket "([^"]+)"')
_ROLE = re.compile(r'role "([^"]+)" does not exist')
_DATABASE = re.compile(r'database "([^"]+)" does not exist')
_PASSWORD = re.compile(r'password authentication failed for user "([^"]+)"')
_UNREACHABLE = (
    "Connection refused",
    "timeout expired",
    "could not translate host name",
    "No route to host",
    "Name or service not known",
    "Network is unreachable",
    "No such file or directory",  # a Unix socket that is not there
)


def describe(exc: BaseException, database_url: str | None = None) -> str | None:
    """A one-line explanation of ``exc`` when the database in DATABASE_URL is unusable."""
    original = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    module = type(original).__module__.split(".", 1)[0]
    text = str(original).strip()
    if module == "psycopg" and type(original).__name__ in {"OperationalError", "ConnectionTimeout"}:
        return _postgres(text, database_url)
    if module in {"sqlite3", "_sqlite3"} and "unable to open database file" in text:
        return (
            "cannot open the SQLite file in DATABASE_URL: make sure its directory exists "
            "and is writable, or point DATABASE_URL elsewhere"
        )
    if type(original).__name__ == "NoSuchModuleError" or (
        isinstance(original, ModuleNotFoundError) and type(exc).__module__.startswith("sqlalchemy")
    ):
        return (
            "DATABASE_URL names a database this server has no driver for; use "
            "sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
        )
    return None


def _postgres(text: str, database_url: str | None) -> str:
    url = urlsplit(database_url or "")
    try:
        port = url.port or 5432
    except ValueError:
        port = 5432
    where = _POSTGRES_AT.search(text)
    socket = _POSTGRES_SOCKET.search(text)
    if where:
        server = f"PostgreSQL at {where[1]}:{where[2]}"
    elif socket:
        server = f"PostgreSQL on {socket[1]}"
    elif url.hostname:
        server = f"PostgreSQL at {url.hostname}:{port}"
    else:
        server = "PostgreSQL"
    owner = url.username or "OWNER"
    # The hints connect where DATABASE_URL does: without -h, psql and createdb use the
    # local socket, where a stock install's peer authentication refuses `-U postgres`.
    if where:
        at = f"-h {where[1]} " + (f"-p {where[2]} " if where[2] != "5432" else "")
    elif url.hostname and not socket:
        at = f"-h {url.hostname} " + (f"-p {port} " if port != 5432 else "")
    else:
        at = ""
    if role := _ROLE.search(text):
        return (
            f'{server} has no role "{role[1]}" (the user in DATABASE_URL): create it, e.g. '
            f"`psql {at}-U postgres -c \"CREATE ROLE {role[1]} LOGIN PASSWORD '...'\"`, "
            "or fix DATABASE_URL"
        )
    if database := _DATABASE.search(text):
        return (
            f'{server} has no database "{database[1]}" (the one in DATABASE_URL): create it, '
            f"e.g. `createdb {at}-U postgres -O {owner} {database[1]}`, or fix DATABASE_URL"
        )
    if user := _PASSWORD.search(text):
        return f'{server} refused the password of user "{user[1]}": fix it in DATABASE_URL'
    if any(sign in text for sign in _UNREACHABLE):
        return f"no {server} answers: start it, or fix the host and port in DATABASE_URL"
    # Another refusal (pg_hba.conf, too many connections...): the server's own words.
    reason = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return f"{server} failed for DATABASE_URL: {reason}"
