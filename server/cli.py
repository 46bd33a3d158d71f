"""The ``storefront`` command: serve, migrate, create-superuser, seed, export-openapi."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from server import API_VERSION
from server.config import ConfigError, Settings, get_settings, resolve_secret_key
from server.db import Database, build_engine


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from server import migrate
    from server.serving import CoalescingHttpToolsProtocol

    key = resolve_secret_key(settings, bind_host=args.host, create=True)
    os.environ["SECRET_KEY"] = key  # workers inherit it, so they all agree
    engine = build_engine(settings)
    if args.migrate:
        migrate.upgrade(engine)
    else:
        current, head = migrate.pending(engine)
        if current != head:
            print(
                f"storefront: the database is at revision {current or 'none'}, the code needs "
                f"{head}. Run `storefront migrate` first (or serve without --no-migrate).",
                file=sys.stderr,
            )
            return 2
    engine.dispose()
    uvicorn.run(
        "server.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        log_level="info",
        proxy_headers=False,
        http=CoalescingHttpToolsProtocol,
    )
    return 0


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from server import migrate

    migrate.upgrade(build_engine(settings))
    print("storefront: database is at the latest revision")
    return 0


def _create_superuser(args: argparse.Namespace, settings: Settings) -> int:
    from pydantic import ValidationError

    from server.errors import Conflict
    from server.security import Passwords
    from server.users import repository
    from server.users.schemas import UserCreate

    password = os.environ.get("STOREFRONT_SUPERUSER_PASSWORD") or getpass.getpass("Password: ")
    try:
        data = UserCreate(email=args.email, password=password, full_name=args.full_name)
    except ValidationError as exc:
        for err in exc.errors():
            print(f"storefront: {'.'.join(map(str, err['loc']))}: {err['msg']}", file=sys.stderr)
        return 2
    db = Database(settings)
    hashed = Passwords(settings).hash(data.password)
    try:
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
        print(f"storefront: {exc.detail}", file=sys.stderr)
        return 1
    print(f"storefront: superuser {user.email} created (id {user.id})")
    return 0


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from server.items.seed import seed_items
    from server.security import Passwords

    count = seed_items(Database(settings), Passwords(settings), args.items, batch=args.batch)
    print(f"storefront: seeded {count} items")
    return 0


def _export_openapi(args: argparse.Namespace, _settings: Settings) -> int:
    from server.main import openapi_document

    with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(openapi_document())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storefront", description=__doc__)
    parser.add_argument("--version", action="version", version=f"storefront {API_VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate the database, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--no-migrate",
        dest="migrate",
        action="store_false",
        help="do not migrate; refuse to start when the database is behind the code",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(handler=_serve)

    commands.add_parser("migrate", help="bring the database to the latest revision").set_defaults(
        handler=_migrate
    )

    superuser = commands.add_parser(
        "create-superuser",
        help="create a superuser (password from STOREFRONT_SUPERUSER_PASSWORD or a prompt)",
    )
    superuser.add_argument("--email", required=True)
    superuser.add_argument("--full-name", default=None)
    superuser.set_defaults(handler=_create_superuser)

    seed = commands.add_parser("seed", help="bulk-insert a demo catalog (not through the API)")
    seed.add_argument("--items", type=int, required=True)
    seed.add_argument("--batch", type=int, default=20_000)
    seed.set_defaults(handler=_seed)

    export = commands.add_parser("export-openapi", help="write the OpenAPI document")
    export.add_argument("--output", default="openapi.json")
    export.set_defaults(handler=_export_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(map(str, err["loc"])).upper()
            print(f"storefront: setting {name} is invalid: {err['msg']}", file=sys.stderr)
        return 2
    try:
        result: int = args.handler(args, settings)
    except ConfigError as exc:
        print(f"storefront: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
