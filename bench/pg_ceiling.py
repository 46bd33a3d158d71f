"""The PostgreSQL ceiling for creates: pgbench running a create's transaction.

    uv run --frozen python bench/pg_ceiling.py --database-url URL [--connections 32]
        [--seconds 8] [--client-cpu 1] [--harness-results RESULTS_JSON]

A create on PostgreSQL waits for the server's durable COMMIT, so the database's commit
rate bounds it, however fast the application is. This runs ``pgbench`` (prepared
statements, one client thread pinned like wrk) with the transaction a create runs,
statement for statement: ``BEGIN``; the caller's active-user check; the item's
``INSERT ... RETURNING`` (timestamps rendered as the API writes them); one
``item_tags`` insert per tag (two, as the shared harness sends); ``COMMIT``. The
database must be migrated and hold a user (the harness's login made one). With
``--harness-results`` (the shared harness's results.json from the same run) it prints
Storefront's PostgreSQL create req/s over pgbench's tps beside it.
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
SCRIPT = "\n".join(
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


def pgbench_tps(url: str, *, connections: int, seconds: int, client_cpu: int | None) -> float:
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT min(id) FROM users").fetchone()
        if row is None or row[0] is None:
            raise SystemExit("the database holds no user: log in through the API first")
        connection.execute("CREATE SEQUENCE IF NOT EXISTS bench_sku")
        owner = int(row[0])
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(SCRIPT.format(owner=owner))
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
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--harness-results", type=Path)
    parser.add_argument("--label", default="project.postgres")
    args = parser.parse_args(argv)
    if shutil.which("pgbench") is None:
        print("pgbench is not installed (Debian: postgresql-contrib / postgresql-client)")
        return 2
    tps = pgbench_tps(
        args.database_url,
        connections=args.connections,
        seconds=args.seconds,
        client_cpu=args.client_cpu,
    )
    print(f"pgbench, a create's transaction at {args.connections} connections: {tps:,.0f} tps")
    if args.harness_results is not None:
        rps = harness_create_rps(args.harness_results, args.label)
        if rps is None:
            print(f"no create figure for {args.label} in {args.harness_results}")
            return 1
        print(f"Storefront on PostgreSQL, create: {rps:,.0f} req/s = {rps / tps:.2f}x pgbench")
    return 0


if __name__ == "__main__":
    sys.exit(main())
