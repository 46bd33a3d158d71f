"""Crash test: clients create items with Idempotency-Keys while the server is killed.

Clients POST /v1/items without pause, each request under its own key, while the
whole ``storefront serve`` process group (supervisor and workers) is killed with
SIGKILL at a random moment of each round and started again. A request that got no
2xx is retried later under the same key, as a client (or the SDK) would. After the
last kill the server is started once more and the run checks that

- every acknowledged item (a 2xx was received) exists, unchanged: nothing was lost;
- every key sent again, acknowledged or not, answers 201 with one item: acknowledged
  keys replay their first response; keys whose commit beat the kill but whose
  answer was lost replay too; the rest are created now;
- the database then holds exactly one item and one stored key per distinct key:
  nothing was written twice.

Usage (from the repository root):

    uv run --frozen python bench/crash.py --engine sqlite --rounds 10 --clients 8
    uv run --frozen python bench/crash.py --engine postgres [--database-url URL]

Without ``--database-url`` SQLite uses a new file in a temporary directory and
PostgreSQL a new database on ``STOREFRONT_TEST_POSTGRES_URL`` (default: the local
server), dropped afterwards. Exit status 0 when the checks hold, 1 otherwise.
SQLite runs in WAL mode with synchronous=NORMAL, which keeps every commit through a
process crash (not through a power loss: that needs SQLITE_SYNCHRONOUS=FULL).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from server.config import Settings  # noqa: E402
from server.db import build_engine  # noqa: E402
from server.idempotency.models import IdempotencyRecord  # noqa: E402
from server.idempotency.service import REPLAY_HEADER  # noqa: E402
from server.items.models import Item  # noqa: E402
from tests.support.live import LiveServer, free_port  # noqa: E402

PASSWORD = "crash-test-password-1"
# Requests that reached a server which died before answering, as httpx reports them.
CUT_OFF = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.ReadTimeout)


@dataclass
class Report:
    """What a run did and found; ``ok`` when nothing was lost or doubled."""

    engine: str
    workers: int
    rounds: int
    clients: int
    seed: int
    kills: int = 0
    seconds: float = 0.0
    start_seconds: list[float] = field(default_factory=list)
    keys: int = 0
    attempts: int = 0
    acknowledged: int = 0
    replayed_during_run: int = 0
    cut_off: int = 0
    refused: int = 0
    unavailable: int = 0
    unacknowledged: int = 0
    committed_unacknowledged: int = 0
    created_on_retry: int = 0
    lost: int = 0
    replay_mismatches: int = 0
    duplicates: int = 0
    rows: int = 0
    stored_keys: int = 0
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.kills == self.rounds
            and self.lost == 0
            and self.duplicates == 0
            and self.replay_mismatches == 0
            and self.rows == self.keys == self.stored_keys
            and not self.unexpected
        )

    def lines(self) -> list[str]:
        return [
            f"crash test on {self.engine}, {self.workers} worker(s), {self.clients} clients, "
            f"seed {self.seed}: {self.kills}/{self.rounds} SIGKILLs in {self.seconds:.1f} s "
            f"(a start takes {max(self.start_seconds, default=0):.1f} s at most)",
            f"  {self.attempts} requests for {self.keys} keys: {self.refused} refused while down, "
            f"{self.cut_off} cut off by a kill, {self.unavailable} answered 503",
            f"  {self.acknowledged} keys acknowledged during the run, {self.replayed_during_run} "
            "of them by a replay (an earlier attempt had committed, its answer was lost)",
            f"  acknowledged but lost: {self.lost}; acknowledged keys that did not replay the "
            f"same response after restart: {self.replay_mismatches}",
            f"  {self.unacknowledged} unacknowledged keys retried: "
            f"{self.committed_unacknowledged} had committed before the kill (replayed), "
            f"{self.created_on_retry} created now, {self.duplicates} doubled (409)",
            f"  rows {self.rows}, stored keys {self.stored_keys}, distinct keys {self.keys}"
            + (f"; unexpected answers: {self.unexpected[:5]}" if self.unexpected else ""),
            "  OK: nothing lost, nothing doubled" if self.ok else "  FAILED",
        ]


@dataclass
class Sent:
    """One key's request body and, once a 2xx came back, that answer."""

    body: dict[str, Any]
    item_id: int | None = None
    answer: bytes | None = None


class CrashClient(threading.Thread):
    """Creates items under new keys; retries unacknowledged keys now and then."""

    def __init__(self, number: int, run: str, base_url: str, token: str, seed: int) -> None:
        super().__init__(name=f"crash-client-{number}", daemon=True)
        self.number = number
        self.run_id = run
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.keys: dict[str, Sent] = {}
        self.pending: list[str] = []
        self.counts = dict.fromkeys(
            ["attempts", "cut_off", "refused", "unavailable", "replayed"], 0
        )
        self.unexpected: list[str] = []
        self.refused_last = False

    def new_key(self) -> str:
        n = len(self.keys)
        key = f"{self.run_id}-{self.number}-{n}"
        self.keys[key] = Sent(
            {
                "sku": f"CR-{key}".upper(),
                "name": f"Crash {self.run_id}",
                "price_cents": 100 + n,
                "stock": n % 7,
                "tags": ["crash", f"client-{self.number}"],
            }
        )
        return key

    def send(self, http: httpx.Client, key: str) -> httpx.Response | None:
        """POST ``key``'s body; the response, or None when the server gave none."""
        self.counts["attempts"] += 1
        self.refused_last = False
        try:
            return http.post(
                "/v1/items",
                json=self.keys[key].body,
                headers={**self.headers, "Idempotency-Key": key},
            )
        except httpx.ConnectError:
            self.counts["refused"] += 1
            self.refused_last = True
        except CUT_OFF:
            self.counts["cut_off"] += 1
        return None

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=httpx.Timeout(15, connect=2)) as http:
            key: str | None = None
            while not self.stop.is_set():
                if key is None:
                    retry = self.pending and self.rng.random() < 0.5
                    key = self.pending.pop(0) if retry else self.new_key()
                response = self.send(http, key)
                if response is None and self.refused_last:
                    time.sleep(0.05)  # down or restarting: the request never arrived
                    continue
                if response is not None and response.status_code == 201:
                    sent = self.keys[key]
                    sent.item_id, sent.answer = response.json()["id"], response.content
                    if response.headers.get(REPLAY_HEADER) == "true":
                        self.counts["replayed"] += 1  # an earlier attempt committed
                elif response is None or response.status_code == 503:
                    self.pending.append(key)  # cut off or unavailable: retry it later
                    if response is not None:
                        self.counts["unavailable"] += 1
                else:
                    self.unexpected.append(f"{response.status_code} {response.text[:200]}")
                key = None


def _register(base_url: str) -> str:
    email = f"crash-{uuid.uuid4().hex[:10]}@example.com"
    with httpx.Client(base_url=base_url, timeout=30) as http:
        created = http.post("/v1/users", json={"email": email, "password": PASSWORD})
        created.raise_for_status()
        login = http.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
        login.raise_for_status()
        token: str = login.json()["access_token"]
        return token


def _resend(http: httpx.Client, client: CrashClient, key: str) -> httpx.Response:
    """Send ``key`` again until the (stable) server answers."""
    for _ in range(50):
        response = client.send(http, key)
        if response is not None and response.status_code != 503:
            return response
        time.sleep(0.1)
    raise RuntimeError(f"the restarted server never answered for key {key}")


def _verify(report: Report, clients: list[CrashClient], base_url: str, database_url: str) -> None:
    sent = {key: s for c in clients for key, s in c.keys.items()}
    acknowledged = {key: s for key, s in sent.items() if s.item_id is not None}
    report.keys, report.acknowledged = len(sent), len(acknowledged)
    run_id = clients[0].run_id
    engine = build_engine(Settings(database_url=database_url))
    try:
        # 1. Every acknowledged item exists, as acknowledged (before anything is retried).
        with engine.connect() as connection:
            rows = {
                row.id: row.sku
                for row in connection.execute(
                    select(Item.id, Item.sku).where(Item.sku.like(f"CR-{run_id}-%".upper()))
                )
            }
        report.lost = sum(
            1 for s in acknowledged.values() if rows.get(s.item_id or 0) != s.body["sku"]
        )
        # 2. Every key sent again: acknowledged ones replay, the others replay or create.
        with httpx.Client(base_url=base_url, timeout=30) as http:
            for client in clients:
                for key, s in client.keys.items():
                    response = _resend(http, client, key)
                    replayed = response.headers.get(REPLAY_HEADER) == "true"
                    if s.item_id is not None:
                        if not replayed or response.content != s.answer:
                            report.replay_mismatches += 1
                    elif response.status_code == 409:
                        report.duplicates += 1
                    elif response.status_code != 201:
                        report.unexpected.append(f"{response.status_code} {response.text[:200]}")
                    elif replayed:
                        report.committed_unacknowledged += 1
                    else:
                        report.created_on_retry += 1
        report.unacknowledged = len(sent) - len(acknowledged)
        # 3. One row and one stored key per distinct key.
        with engine.connect() as connection:
            report.rows = connection.execute(
                select(func.count()).where(Item.sku.like(f"CR-{run_id}-%".upper()))
            ).scalar_one()
            report.stored_keys = connection.execute(
                select(func.count()).where(IdempotencyRecord.key.like(f"{run_id}-%"))
            ).scalar_one()
    finally:
        engine.dispose()


def run(
    database_url: str,
    *,
    engine: str,
    rounds: int = 10,
    clients: int = 8,
    workers: int = 2,
    min_uptime: float = 0.3,
    max_uptime: float = 2.0,
    seed: int | None = None,
    log: Path | None = None,
) -> Report:
    """Run the crash test against ``database_url`` (a migrated or empty database)."""
    seed = random.randrange(2**32) if seed is None else seed
    rng = random.Random(seed)
    report = Report(engine=engine, workers=workers, rounds=rounds, clients=clients, seed=seed)
    run_id = uuid.UUID(int=rng.getrandbits(128)).hex[:8]
    server = LiveServer(database_url, workers=workers, port=free_port(), log=log)

    def start() -> None:
        begun = time.monotonic()
        server.start(timeout=60)
        report.start_seconds.append(time.monotonic() - begun)

    started = time.monotonic()
    start()
    crash_clients: list[CrashClient] = []
    try:
        token = _register(server.url)
        crash_clients = [
            CrashClient(n, run_id, server.url, token, rng.randrange(2**32)) for n in range(clients)
        ]
        for client in crash_clients:
            client.start()
        for round_ in range(rounds):
            time.sleep(rng.uniform(min_uptime, max_uptime))
            server.kill()
            report.kills += 1
            if round_ < rounds - 1:
                start()
        for client in crash_clients:
            client.stop.set()
        for client in crash_clients:
            client.join(timeout=60)
        start()
        _verify(report, crash_clients, server.url, database_url)
    finally:
        for client in crash_clients:
            client.stop.set()
        server.stop()
    report.seconds = time.monotonic() - started
    for client in crash_clients:
        report.attempts += client.counts["attempts"]
        report.cut_off += client.counts["cut_off"]
        report.refused += client.counts["refused"]
        report.unavailable += client.counts["unavailable"]
        report.replayed_during_run += client.counts["replayed"]
        report.unexpected.extend(client.unexpected)
    return report


@contextmanager
def _database(engine: str, url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
    elif engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="storefront-crash-") as directory:
            yield f"sqlite:///{directory}/crash.sqlite"
    else:
        from tests.support.databases import PostgresDatabase

        database = PostgresDatabase()
        try:
            yield database.url
        finally:
            database.drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="use this database instead of a new one")
    parser.add_argument("--rounds", type=int, default=10, help="SIGKILLs (at least 1)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--min-uptime", type=float, default=0.3, help="seconds before a kill")
    parser.add_argument("--max-uptime", type=float, default=2.0, help="seconds before a kill")
    parser.add_argument("--seed", type=int, help="for the kill times and client choices")
    parser.add_argument("--log", type=Path, help="append the server's output to this file")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.clients < 1 or not 0 < args.min_uptime <= args.max_uptime:
        parser.error("need --rounds >= 1, --clients >= 1 and 0 < --min-uptime <= --max-uptime")
    with _database(args.engine, args.database_url) as url:
        report = run(
            url,
            engine=args.engine,
            rounds=args.rounds,
            clients=args.clients,
            workers=args.workers,
            min_uptime=args.min_uptime,
            max_uptime=args.max_uptime,
            seed=args.seed,
            log=args.log,
        )
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
