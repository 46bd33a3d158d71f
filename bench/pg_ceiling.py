"""The PostgreSQL ceiling for creates: pgbench running what a create runs.

    uv run --frozen python bench/pg_ceiling.py --database-url URL [--connections 32 20]
        [--seconds 8] [--client-cpu 1] [--harness-results RESULTS_JSON]

A create on PostgreSQL waits for the server's durable COMMIT, so the database's commit
rate bounds it, however fast the application is. This runs ``pgbench`` (prepared
statements, one client thread pinned like wrk) three ways:

- **one INSERT**: a bare one-row ``INSERT`` into ``items`` in autocommit, the ceiling of
  any create on this database (one round trip, one commit);
- **the create's statement**: what a create without an Idempotency-Key runs, copied from
  the items repository (``_INSERT`` compiled for PostgreSQL: the owner check, the
  ``INSERT ... RETURNING`` and the tag rows in one statement);
- **the old five-statement transaction**: ``BEGIN``; the caller's active-user check; the
  item's ``INSERT ... RETURNING``; one ``item_tags`` insert per tag; ``COMMIT`` (what a
  create ran before it was one statement).

Each runs at every ``--connections`` count: wrk's 32, and by default also the server's
pool (``DB_POOL_SIZE``, 20): a server process never has more statements in flight than
its pool, and PostgreSQL shares one WAL flush among the commits that wait for it.

Every create inserts two tags, as the shared harness sends. The database must be
migrated and hold a user (the harness's login made one). With ``--harness-results`` (the
shared harness's results.json from the same run) it prints Storefront's PostgreSQL
create req/s over each ceiling.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

# The API's timestamp format, with its colons as chr(58): pgbench reads ":MI" as a variable.
_AS_API = (
    "concat(replace(to_char(timezone('UTC', {0}),"
    " 'YYYY-MM-DD\"T\"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US'), '.000000', ''), 'Z')"
)
_TAG = (
    "INSERT INTO item_tags (item_id, tag)\n"
    "  VALUES (currval(pg_get_serial_sequence('items', 'id')), '{0}');"
)
# pgbench (PostgreSQL 10+) reads a statement up to its semicolon, across lines.
ONE_INSERT = (
    "INSERT INTO items (sku, name, description, price_cents, currency, stock, tags,\n"
    "  owner_id, version, created_at, updated_at)\n"
    "  VALUES ('PGB-' || nextval('bench_sku'), 'Load item', 'created by the create scenario',\n"
    "  1999, 'USD', 7, '[\"bench\", \"load\"]', {owner}, 1, now(), now());\n"
)
FIVE_STATEMENTS = "\n".join(
    [
        "BEGIN;",
        "SELECT id, email, full_name, is_active, is_superuser, created_at FROM users",
        "  WHERE id = {owner};",
        "INSERT INTO items (sku, name, description, price_cents, currency, stock, tags,",
        "  owner_id, version, created_at, updated_at)",
        "  VALUES ('PGB-' || nextval('bench_sku'), 'Load item', 'created by the create scenario',",
        "  1999, 'USD', 7, '[\"bench\", \"load\"]', {owner}, 1, now(), now())",
        "  RETURNING id, sku, name, description, price_cents, currency, stock, tags, owner_id,",
        "  version, " + _AS_API.format("created_at") + ", " + _AS_API.format("updated_at") + ";",
        _TAG.format("bench"),
        _TAG.format("load"),
        "COMMIT;",
        "",
    ]
)


def create_statement(owner: int, session_version: int) -> str:
    """The items repository's create statement for PostgreSQL, with this run's values."""
    from server.items.repository import _INSERT

    compiled = _INSERT.compiled("postgresql")
    values = {
        "tag_list": "ARRAY['bench', 'load']",
        "sku": "'PGB-' || nextval('bench_sku')",
        "name": "'Load item'",
        "description": "'created by the create scenario'",
        "price_cents": "1999",
        "currency": "'USD'",
        "stock": "7",
        "tags": '\'["bench", "load"]\'',
        "version": "1",
        "created_at": "now()",
        "updated_at": "now()",
        "owner_id": str(owner),
        "session_version": str(session_version),
    }
    sql = compiled.sql
    # $10 before $1: replace the longest placeholders first.
    for position in sorted(range(1, len(compiled.names) + 1), reverse=True):
        sql = sql.replace(f"${position}", f"({values[compiled.names[position - 1]]})")
    # pgbench reads ":NAME" as a variable: the timestamp format's colons as chr(58).
    sql = sql.replace("HH24:MI:SS", "HH24' || chr(58) || 'MI' || chr(58) || 'SS")
    return sql + ";\n"


def pgbench_tps(
    url: str, script_text: str, *, connections: int, seconds: int, client_cpu: int | None
) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(script_text)
    command = ["pgbench", "-n", "-M", "prepared", "-c", str(connections), "-j", "1"]
    command += ["-T", str(seconds), "-f", script.name, url]
    if client_cpu is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(client_cpu), *command]
    try:
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink()
    match = re.search(r"tps = ([0-9.]+)", out)
    if match is None:
        raise SystemExit(f"pgbench printed no tps:\n{out}")
    return float(match.group(1))


def harness_create_rps(results: Path, label: str) -> float | None:
    """The median create req/s of target ``label`` in the shared harness's results.json."""
    summary = json.loads(results.read_text()).get("summary", {})
    rps = summary.get(label, {}).get("create", {}).get("rps")
    return None if rps is None else float(rps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--connections", type=int, nargs="+", default=[32, 20])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--harness-results", type=Path)
    parser.add_argument("--label", default="project.postgres")
    args = parser.parse_args(argv)
    if shutil.which("pgbench") is None:
        print("pgbench is not installed (Debian: postgresql-contrib / postgresql-client)")
        return 2
    with psycopg.connect(args.database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT id, session_version FROM users ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            raise SystemExit("the database holds no user: log in through the API first")
        connection.execute("CREATE SEQUENCE IF NOT EXISTS bench_sku")
        owner, session_version = int(row[0]), int(row[1])
    ceilings = {
        "one INSERT": ONE_INSERT.format(owner=owner),
        "the create's statement": create_statement(owner, session_version),
        "the old five-statement transaction": FIVE_STATEMENTS.format(owner=owner),
    }
    rps = None
    if args.harness_results is not None:
        rps = harness_create_rps(args.harness_results, args.label)
        if rps is None:
            print(f"no create figure for {args.label} in {args.harness_results}")
            return 1
        print(f"Storefront on PostgreSQL, create: {rps:,.0f} req/s")
    for connections in args.connections:
        for name, script_text in ceilings.items():
            tps = pgbench_tps(
                args.database_url,
                script_text,
                connections=connections,
                seconds=args.seconds,
                client_cpu=args.client_cpu,
            )
            line = f"pgbench, {name} at {connections} connections: {tps:,.0f} tps"
            if rps is not None:
                line += f" (Storefront's create: {rps / tps:.2f}x)"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
