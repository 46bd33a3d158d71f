"""The ``storefront`` command: serve, migrate, create-superuser, deactivate-user,
reactivate-user, revoke-sessions, seed, export-openapi.

A failure the user can cause (a setting, an argument, a database that is missing or
does not answer, no terminal to ask for a password) ends in one or two lines on stderr
that name the setting or input and say what to do, with a non-zero exit. A traceback
is printed only under ``--debug`` or for an internal error.

Module-level imports stay light: ``serve --workers N`` starts each worker with
multiprocessing's *spawn*, which imports this module again in every worker before the
worker can answer uvicorn's health check (see ``_serve``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from server import API_VERSION

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from server.config import Settings

DESCRIPTION = "Storefront: the catalog API server and its administration commands."
# Seconds a starting worker has to answer uvicorn's supervisor before it is killed and
# replaced. uvicorn's default (5 s) is shorter than four workers need to start together
# on a busy two-core machine; a hung worker is still replaced, only later.
WORKER_HEALTHCHECK_SECONDS = 60
EXIT_USAGE = 2  # argparse's status for a bad argument; used for every bad input
EXIT_FAILURE = 1


class UserError(Exception):
    """Something the user can fix; the message says what and how."""

    def __init__(self, message: str, *, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from server import logs
    from server.config import get_settings, resolve_secret_key
    from server.serving import GuardedHttpToolsProtocol

    # The flags reach every worker as the settings they stand for.
    if args.access_log:
        os.environ["ACCESS_LOG"] = "1"
    if args.log_format:
        os.environ["LOG_FORMAT"] = args.log_format
    if args.metrics_port is not None:
        os.environ["METRICS_PORT"] = str(args.metrics_port)
    get_settings.cache_clear()
    settings = get_settings()
    log_config = logs.logging_config(settings.log_format)
    logs.configure(settings.log_format)
    key = resolve_secret_key(settings, bind_host=args.host, create=True)
    _check_address(args.host, args.port)
    if settings.metrics_port is not None:
        _check_address(settings.metrics_host, settings.metrics_port, flag="METRICS_PORT")
    os.environ["SECRET_KEY"] = key  # workers inherit it, so they all agree
    # Migrate (or check) once, here, before any worker starts: workers never migrate.
    engine = _engine(settings)
    try:
        if args.migrate:
            _upgrade(engine)
        else:
            _require_current(engine, hint="serve without --no-migrate")
    finally:
        engine.dispose()
    stop_metrics = _serve_metrics(settings)
    try:
        uvicorn.run(
            "server.main:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=log_config,
            # ``storefront.access`` (server.middleware) logs requests, with more in it.
            access_log=False,
            log_level="info",
            proxy_headers=False,
            server_header=False,
            http=GuardedHttpToolsProtocol,
            timeout_keep_alive=settings.http_keep_alive_seconds,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        )
    finally:
        stop_metrics()
    return 0


def _serve_metrics(settings: Settings) -> Callable[[], None]:
    """With METRICS_PORT: the workers' shared metrics directory, and the metrics served
    from this process on their own port. The function that stops both."""
    if settings.metrics_port is None:
        return lambda: None
    from server import metrics

    created = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
    directory = metrics.prepare_directory()
    stop = metrics.serve_metrics(settings.metrics_host, settings.metrics_port)

    def stop_both() -> None:
        stop()
        if created:
            metrics.remove_directory(directory)

    return stop_both


def _check_address(host: str, port: int, *, flag: str = "--port") -> None:
    """Refuse, in one line, an address the server could not listen on (uvicorn would say
    so among its start-up lines, after migrating). It binds as uvicorn does, then lets go."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserError(f"--host {host}: not an address of this machine ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise UserError(
                f"cannot listen on {host}:{port} ({exc.strerror}): stop what uses it, "
                f"or choose another {flag} or --host"
            ) from None


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    engine = _engine(settings)
    try:
        _upgrade(engine)
    finally:
        engine.dispose()
    print("storefront: database is at the latest revision")
    return 0


def _create_superuser(args: argparse.Namespace, settings: Settings) -> int:
    from pydantic import ValidationError

    from server.db import Database
    from server.errors import Conflict
    from server.security import Passwords
    from server.users import repository
    from server.users.schemas import UserCreate

    password = _superuser_password(args)
    try:
        data = UserCreate(email=args.email, password=password, full_name=args.full_name)
    except ValidationError as exc:
        names = {"email": "--email", "password": "the password", "full_name": "--full-name"}
        lines = [
            f"{names.get(str(err['loc'][0]), err['loc'][0]) if err['loc'] else 'input'}: "
            f"{err['msg']}"
            for err in exc.errors()
        ]
        raise UserError("; ".join(lines)) from None
    db = Database(settings)
    try:
        _require_current(db.engine)
        hashed = Passwords(settings).hash(data.password)
        user = db.write_blocking(
            lambda connection: repository.insert_user(
                connection,
                email=data.email,
                hashed_password=hashed,
                full_name=data.full_name,
                is_superuser=True,
            )
        )
    except Conflict as exc:
        raise UserError(str(exc.detail), status=EXIT_FAILURE) from None
    finally:
        db.dispose()
    print(f"storefront: superuser {user.email} created (id {user.id})")
    return 0


ACCESS_CHANGES = {
    # command: (is_active after it, or None to leave it; what is printed)
    "deactivate-user": (False, "deactivated; their sessions ended"),
    "reactivate-user": (True, "reactivated (earlier sessions stay ended)"),
    "revoke-sessions": (None, "signed out everywhere (every session ended)"),
}


def _change_access(args: argparse.Namespace, settings: Settings) -> int:
    """deactivate-user, reactivate-user, revoke-sessions: what the superusers' API
    operations do, for an operator with the database (the last superuser included)."""
    from server.db import Connection, Database
    from server.users import repository
    from server.users.policy import normalise_email
    from server.users.schemas import User

    active, done = ACCESS_CHANGES[args.command]
    email = normalise_email(args.email.strip())
    changes: dict[str, object] = {} if active is None else {"is_active": active}

    async def unit(connection: Connection) -> User | None:
        user = await repository.get_by_email(connection, email)
        if user is None:
            return None
        updated = await repository.update_user(connection, user.id, changes, end_sessions=True)
        return None if updated is None else updated[0]

    db = Database(settings)
    try:
        _require_current(db.engine)
        user = db.write_blocking(unit)
    finally:
        db.dispose()
    if user is None:
        raise UserError(f"--email {args.email}: no user has this email", status=EXIT_FAILURE)
    print(f"storefront: {user.email} (id {user.id}) {done}")
    return 0


def _superuser_password(args: argparse.Namespace) -> str:
    """The password from the environment, stdin (--password-stdin) or a prompt."""
    import getpass

    from_env = os.environ.get("STOREFRONT_SUPERUSER_PASSWORD")
    if from_env:
        return from_env
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UserError("--password-stdin: stdin gave no password (send it as one line)")
        return line
    if not sys.stdin.isatty():
        raise UserError(
            "no terminal to ask for the password: set STOREFRONT_SUPERUSER_PASSWORD, "
            "or pipe it with --password-stdin"
        )
    try:
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password (again): ")
    except EOFError:
        raise UserError("no password given (end of input at the prompt)") from None
    if password != again:
        raise UserError("the two passwords differ; run the command again")
    return password


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from server.db import Database
    from server.items.seed import seed_items
    from server.security import Passwords

    db = Database(settings)
    try:
        _require_current(db.engine)
        count = seed_items(db, Passwords(settings), args.items, batch=args.batch)
    finally:
        db.dispose()
    print(f"storefront: seeded {count} items")
    return 0


def _export_openapi(args: argparse.Namespace, _settings: Settings) -> int:
    from server.main import openapi_document

    try:
        with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(openapi_document())
    except OSError as exc:
        raise UserError(f"--output {args.output}: cannot write it ({exc.strerror})") from None
    return 0


def _engine(settings: Settings) -> Engine:
    from server.db import build_engine

    return build_engine(settings)


def _upgrade(engine: Engine) -> None:
    from alembic.util import CommandError

    from server import migrate

    current, head = migrate.pending(engine)
    _refuse_newer(current, head)
    if current != head:
        # Said before it happens (a first migration takes a moment): on stderr, flushed,
        # so it comes before the server's own lines whatever stdout is.
        start = "an empty database" if current is None else f"the database from {current}"
        print(f"storefront: migrating {start} to revision {head}", file=sys.stderr, flush=True)
    try:
        migrate.upgrade(engine)
    except CommandError as exc:
        raise UserError(
            f"cannot migrate the database in DATABASE_URL: {exc}",
            status=EXIT_FAILURE,
        ) from None


def _refuse_newer(current: str | None, head: str) -> None:
    from server import migrate

    if current is not None and current != head and not migrate.is_known(current):
        raise UserError(
            f"the database in DATABASE_URL is at revision {current}, which this code does "
            "not know: was it migrated by a newer version of Storefront?",
            status=EXIT_FAILURE,
        )


def _require_current(engine: Engine, *, hint: str | None = None) -> None:
    """Refuse a database that is not at the code's revision, saying what to run."""
    from server import migrate

    current, head = migrate.pending(engine)
    _refuse_newer(current, head)
    if current != head:
        state = (
            "has no tables yet"
            if current is None
            else f"is at revision {current}, the code needs {head}"
        )
        also = f" (or {hint})" if hint else ""
        raise UserError(
            f"the database in DATABASE_URL {state}. Run `storefront migrate` first{also}."
        )


def _positive(name: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
        return value

    parse.__name__ = name  # argparse names the type in its messages
    return parse


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a port number, not {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 0 and 65535, not {value}")
    return value


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's help ends with its default (when it has one)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.nargs == 0 or action.required:
            return action.help
        return super()._get_help_string(action)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storefront",
        description=DESCRIPTION,
        epilog="Settings come from the environment (DATABASE_URL, SECRET_KEY, ...): see README.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "--debug", action="store_true", help="print the full traceback when a command fails"
    )
    parser.add_argument("--version", action="version", version=f"storefront {API_VERSION}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=summary, formatter_class=_HelpFormatter
        )

    serve = command("serve", "migrate the database, then serve the API")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on; any non-loopback address needs SECRET_KEY",
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="TCP port to listen on (0: any free port)"
    )
    serve.add_argument(
        "--workers",
        type=_positive("workers"),
        default=1,
        help="server processes sharing the port (PostgreSQL for more than one writer)",
    )
    serve.add_argument(
        "--no-migrate",
        dest="migrate",
        action="store_false",
        help="do not migrate; refuse to start when the database is behind the code",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (request id, method, route, status, duration, client)",
    )
    serve.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=None,
        metavar="FMT",
        help="text (the default) or json: one JSON object a line (LOG_FORMAT)",
    )
    serve.add_argument(
        "--metrics-port",
        type=_port,
        default=None,
        metavar="N",
        help="serve Prometheus metrics on this port of METRICS_HOST (loopback unless set); "
        "off by default (METRICS_PORT)",
    )
    serve.set_defaults(handler=_serve)

    command("migrate", "bring the database to the latest revision").set_defaults(handler=_migrate)

    superuser = command(
        "create-superuser",
        "create a superuser (password from STOREFRONT_SUPERUSER_PASSWORD, "
        "--password-stdin or a prompt)",
    )
    superuser.add_argument("--email", required=True, help="the superuser's email (the login)")
    superuser.add_argument("--full-name", default=None, help="the superuser's name (optional)")
    superuser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin instead of a prompt",
    )
    superuser.set_defaults(handler=_create_superuser)

    for name, summary in [
        ("deactivate-user", "deactivate a user: no more logins, every session ends"),
        ("reactivate-user", "let a deactivated user log in again"),
        ("revoke-sessions", "end every session of a user (their tokens are refused)"),
    ]:
        access = command(name, summary)
        access.add_argument("--email", required=True, help="the user's email (the login)")
        access.set_defaults(handler=_change_access)

    seed = command("seed", "bulk-insert a demo catalog (not through the API)")
    seed.add_argument(
        "--items", type=_positive("items"), required=True, help="how many items to add"
    )
    seed.add_argument(
        "--batch",
        type=_positive("batch"),
        default=20_000,
        help="SQLite: items per transaction",
    )
    seed.set_defaults(handler=_seed)

    export = command("export-openapi", "write the OpenAPI document")
    export.add_argument("--output", default="openapi.json", help="the file to write")
    export.set_defaults(handler=_export_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = database_problem(exc)
        if message is None:
            # An internal error: the traceback is for a bug report.
            traceback.print_exc()
            print(
                "storefront: internal error (the traceback above is for a bug report)",
                file=sys.stderr,
            )
            return EXIT_FAILURE
        if args.debug:
            traceback.print_exc()
        print(f"storefront: {message}", file=sys.stderr)
        return EXIT_FAILURE


def _run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from server.config import ConfigError, get_settings

    try:
        settings = get_settings()
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(map(str, err["loc"])).upper()
            message = str(err["msg"]).removeprefix("Value error, ")
            print(f"storefront: setting {name} is invalid: {message}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result: int = args.handler(args, settings)
    except (ConfigError, UserError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"storefront: {exc}", file=sys.stderr)
        return exc.status if isinstance(exc, UserError) else EXIT_USAGE
    return result


def database_problem(exc: BaseException) -> str | None:
    """One line for a database the user pointed at that cannot be used; None otherwise."""
    from server.config import get_settings
    from server.dberrors import describe

    try:
        database_url: str | None = get_settings().database_url
    except Exception:  # the settings were read before; this only names the server
        database_url = None
    return describe(exc, database_url)


if __name__ == "__main__":
    sys.exit(main())
