"""Measure Storefront's own scenarios and print a markdown table.

    uv run --frozen python bench/run.py [--engines sqlite,postgres] [--items 1000000]

Growth: two catalogs per engine, ``--small`` (10,000) and ``--items`` (1,000,000) rows
loaded by ``storefront seed``, each served by its own ``storefront serve`` (one worker,
pinned to one core). The same requests go to both servers in alternation, so drift on
a shared machine hits both; the figure is server CPU per request (user + system time
from /proc), and the ratio large/small must stay within 1.2: a page deep in the
catalog (by cursor, for every sort order) costs what it costs at 10,000 rows.
Memory: resident size of the server across rounds of create load (it must stay flat).
SDK overhead: client CPU of ``get_item`` through ``storefront_client`` against the same
request made with plain httpx (target: at most 1.25x).

Load comes from wrk when it is installed (pinned to another core), else from a
sequential Python loop; CPU per request is meaningful either way. PostgreSQL runs
need ``--postgres-url`` (a server where the user may create and drop databases).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/run.py`: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench import _load
from bench._server import BenchServer, storefront
from server.items.models import Item
from server.items.schemas import ItemSort
from server.pagination import encode_cursor

SORT_COLUMNS: dict[ItemSort, tuple[Any, bool]] = {
    ItemSort.created_at: (Item.created_at, False),
    ItemSort.created_at_desc: (Item.created_at, True),
    ItemSort.price_cents: (Item.price_cents, False),
    ItemSort.price_cents_desc: (Item.price_cents, True),
    ItemSort.name: (Item.name, False),
}
PAGE = 50
GROWTH_LIMIT = 1.2
SDK_LIMIT = 1.25


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- databases
@contextmanager
def database(engine: str, label: str, postgres_url: str) -> Iterator[str]:
    """A fresh, empty database URL for ``engine``; removed afterwards."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="storefront-bench-") as tmp:
            yield f"sqlite:///{Path(tmp, label + '.sqlite')}"
        return
    name = f"storefront_bench_{label}_{os.getpid()}"
    admin_url = make_url(postgres_url).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(drivername="postgresql", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, count: int) -> float:
    storefront(["migrate"], url)
    started = time.monotonic()
    storefront(["seed", "--items", str(count)], url)
    return time.monotonic() - started


def deep_paths(url: str, depth: float = 0.9) -> dict[ItemSort, str]:
    """Per sort order, the page that starts ``depth`` of the way into the catalog.

    The cursor is the one the server would have handed out after walking there: the
    sort key of the row just before the page.
    """
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    paths: dict[ItemSort, str] = {}
    with engine.connect() as connection:
        total = connection.scalar(text("SELECT count(*) FROM items")) or 0
        for sort, (column, descending) in SORT_COLUMNS.items():
            order = (column.desc(), Item.id.desc()) if descending else (column, Item.id)
            query = select(column, Item.id).order_by(*order).offset(int(total * depth)).limit(1)
            row = connection.execute(query).one()
            key = row[0].isoformat() if isinstance(row[0], datetime) else row[0]
            cursor = encode_cursor(sort.value, [key, row[1]])
            paths[sort] = f"/v1/items?limit={PAGE}&sort={sort.value}&cursor={cursor}"
    engine.dispose()
    return paths


# ----------------------------------------------------------------------------- measuring
@dataclass
class Paired:
    """Alternating measurements of one scenario on the small and the large catalog."""

    small: list[float]
    large: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(b / a for a, b in zip(self.small, self.large, strict=True))


def paired(
    small: BenchServer,
    large: BenchServer,
    measure: Callable[[BenchServer], _load.Measurement],
    rounds: int,
) -> Paired:
    result = Paired([], [])
    for n in range(rounds):
        order = [(small, result.small), (large, result.large)]
        for server, into in order if n % 2 == 0 else reversed(order):
            m = measure(server)
            if m.errors:
                raise RuntimeError(f"{m.errors} failed requests during the measurement")
            into.append(m.cpu_us_per_request)
    return result


def growth(args: argparse.Namespace, engine: str) -> list[tuple[str, Paired]]:
    rows: list[tuple[str, Paired]] = []
    with (
        database(engine, "small", args.postgres_url) as small_url,
        database(engine, "large", args.postgres_url) as large_url,
    ):
        for url, count in ((small_url, args.small), (large_url, args.items)):
            seconds = seed(url, count)
            log(f"{engine}: seeded {count:,} items in {seconds:.1f} s ({count / seconds:,.0f}/s)")
        deep = {url: deep_paths(url) for url in (small_url, large_url)}
        with BenchServer(small_url) as small, BenchServer(large_url) as large:
            ids = {small: args.small, large: args.items}
            paths = {small: deep[small_url], large: deep[large_url]}

            def get(server: BenchServer) -> _load.Measurement:
                # Uniform ids over the whole catalog: the large one is mostly cold rows.
                rng = random.Random(7)
                sample = [f"/v1/items/{rng.randint(1, ids[server])}" for _ in range(20_000)]
                return _load.get_paths(server, sample, seconds=args.seconds)

            def first(server: BenchServer) -> _load.Measurement:
                return _load.get_paths(server, [f"/v1/items?limit={PAGE}"], seconds=args.seconds)

            scenarios: list[tuple[str, Callable[[BenchServer], _load.Measurement]]] = [
                ("get_by_id", get),
                (f"list first page ({PAGE})", first),
            ]
            for sort in SORT_COLUMNS:

                def deep_page(server: BenchServer, sort: ItemSort = sort) -> _load.Measurement:
                    return _load.get_paths(server, [paths[server][sort]], seconds=args.seconds)

                scenarios.append((f"deep page, sort={sort.value}", deep_page))
            for name, measure in scenarios:
                measure(small)  # warm-up: caches, connections, compiled SQL
                measure(large)
                rows.append((name, paired(small, large, measure, args.rounds)))
                log(f"{engine}: {name}: x{rows[-1][1].ratio:.2f}")
    return rows


def memory(args: argparse.Namespace, engine: str) -> tuple[list[int], int]:
    """RSS (KiB) after each round of create load, and how many items were created."""
    with database(engine, "memory", args.postgres_url) as url:
        storefront(["migrate"], url)
        with BenchServer(url) as server:
            token = server.token()
            prefix = f"MEM-{uuid.uuid4().hex[:8].upper()}"
            samples, created = [], 0
            for n in range(args.memory_rounds):
                # Let the requests wrk abandoned at the end of a round finish first: on
                # SQLite a burst of writers meeting them can stall in the busy handler.
                time.sleep(3)
                m = _load.create_items(server, token, f"{prefix}-{n}", seconds=args.seconds)
                if m.errors:
                    raise RuntimeError(f"{m.errors} failed creates")
                created += m.requests
                log(
                    f"{engine}: create round {n + 1}: "
                    f"{m.cpu_us_per_request:,.0f} µs/req, p99 {m.p99_ms} ms"
                )
                samples.append(server.rss_kib())
    return samples, created


def sdk_overhead(args: argparse.Namespace) -> tuple[float, float] | None:
    """Client CPU µs per ``get_item``: (plain httpx, SDK); None when there is no SDK."""
    try:
        from storefront_client import Client
        from storefront_client.api.items import get_item
    except ImportError:
        return None
    with database("sqlite", "sdk", args.postgres_url) as url:
        seed(url, 1000)
        with BenchServer(url) as server:
            ids = list(range(1, 1001))
            with httpx.Client(base_url=server.url) as plain:

                def raw(item_id: int) -> None:
                    response = plain.get(f"/v1/items/{item_id}")
                    response.raise_for_status()
                    response.json()

                sdk_client = Client(base_url=server.url)

                def sdk(item_id: int) -> None:
                    get_item.sync(item_id, client=sdk_client)

                def cpu(call: Callable[[int], None]) -> float:
                    count: int = args.sdk_requests
                    started = time.process_time()
                    for n in range(count):
                        call(ids[n % len(ids)])
                    return (time.process_time() - started) / count * 1e6

                raw(1)
                sdk(1)
                plain_us, sdk_us = [], []
                for _ in range(args.rounds):
                    plain_us.append(cpu(raw))
                    sdk_us.append(cpu(sdk))
    return statistics.median(plain_us), statistics.median(sdk_us)


# ----------------------------------------------------------------------------- report
def verdict(ok: bool) -> str:
    return "ok" if ok else "**MISSED**"


def report(
    args: argparse.Namespace,
    growth_rows: dict[str, list[tuple[str, Paired]]],
    memory_rows: dict[str, tuple[list[int], int]],
    sdk: tuple[float, float] | None,
) -> str:
    out = [
        f"# Storefront bench ({time.strftime('%Y-%m-%d %H:%M')}, load by "
        f"{'wrk' if _load.have_wrk() else 'a Python loop'}, {args.rounds} rounds, "
        f"{args.seconds} s each)",
        "",
        f"## Growth: server CPU per request, {args.small:,} vs {args.items:,} items",
        "",
        f"| engine | scenario | µs/req at {args.small:,} | µs/req at {args.items:,} "
        f"| ratio (median of paired rounds) | ≤ {GROWTH_LIMIT} |",
        "|---|---|---|---|---|---|",
    ]
    for engine, rows in growth_rows.items():
        for name, p in rows:
            out.append(
                f"| {engine} | {name} | {statistics.median(p.small):,.0f} "
                f"| {statistics.median(p.large):,.0f} | {p.ratio:.2f} "
                f"| {verdict(p.ratio <= GROWTH_LIMIT)} |"
            )
    out += [
        "",
        "## Memory under create load (server RSS after each round)",
        "",
        "| engine | items created | RSS MiB per round | growth after round 1 |",
        "|---|---|---|---|",
    ]
    for engine, (samples, created) in memory_rows.items():
        mib = [s / 1024 for s in samples]
        out.append(
            f"| {engine} | {created:,} | {' → '.join(f'{m:.1f}' for m in mib)} "
            f"| {mib[-1] - mib[0]:+.1f} MiB |"
        )
    out += ["", "## SDK overhead: client CPU per get_item", ""]
    if "sdk" in args.skip:
        out.append("Skipped (--skip sdk).")
    elif sdk is None:
        out.append("storefront_client is not installed: no SDK measurement.")
    else:
        plain_us, sdk_us = sdk
        ratio = sdk_us / plain_us
        out += [
            f"| plain httpx µs | SDK µs | ratio | ≤ {SDK_LIMIT} |",
            "|---|---|---|---|",
            f"| {plain_us:,.0f} | {sdk_us:,.0f} | {ratio:.2f} | {verdict(ratio <= SDK_LIMIT)} |",
        ]
    return "\n".join(out) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--engines", default="sqlite", help="comma-separated: sqlite,postgres")
    parser.add_argument("--items", type=int, default=1_000_000, help="the large catalog")
    parser.add_argument("--small", type=int, default=10_000, help="the small catalog")
    parser.add_argument("--rounds", type=int, default=3, help="paired rounds per scenario")
    parser.add_argument("--seconds", type=int, default=4, help="per measurement")
    parser.add_argument("--memory-rounds", type=int, default=6)
    parser.add_argument("--sdk-requests", type=int, default=2000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL server whose user may create databases (env BENCH_POSTGRES_URL)",
    )
    parser.add_argument("--skip", default="", help="comma-separated: growth,memory,sdk")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown engines {sorted(unknown)}: use sqlite and/or postgres")
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    growth_rows: dict[str, list[tuple[str, Paired]]] = {}
    memory_rows: dict[str, tuple[list[int], int]] = {}
    for engine in args.engines:
        if "growth" not in args.skip:
            growth_rows[engine] = growth(args, engine)
        if "memory" not in args.skip:
            memory_rows[engine] = memory(args, engine)
            log(f"{engine}: memory {memory_rows[engine][0]} KiB")
    sdk = None if "sdk" in args.skip else sdk_overhead(args)
    table = report(args, growth_rows, memory_rows, sdk)
    print(table)
    if args.output:
        args.output.write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
