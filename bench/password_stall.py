"""Password changes beside a create load on SQLite: do the creates stall?

    uv run --frozen python bench/password_stall.py [--seconds 8] [--changers 2]

A password change hashes the new password (Argon2 at the server's default cost: 64 MiB,
~100 ms of a core). If that ran inside the write transaction, every create would wait
for the hash behind SQLite's one write lock. This starts one ``storefront serve`` (one
worker, a fresh SQLite file, default Argon2 cost), measures create latency under wrk
(or the Python loop) alone, then again while ``--changers`` clients change their
password in a loop, and prints both p99s and their ratio. Pass (exit 0): the ratio is
at most 2, every password change answered 200, and no create failed. A benchmark,
not a test: it is never run by the suite.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._load import Measurement, create_items  # noqa: E402
from bench._server import BENCH_PASSWORD, BenchServer  # noqa: E402

MAX_RATIO = 2.0


def changed_password(n: int) -> str:
    """The ``n``-th new password of a changer (the policy refuses one with the email)."""
    return f"rotated-{n:06d}-ember-meadow-signal"


def _changer(url: str, email: str, stop: threading.Event, statuses: list[int]) -> None:
    # Since 3.0.0 a change needs the current password and ends the session, so each round
    # is a change and a login with the new password (three hashes).
    current = BENCH_PASSWORD
    with httpx.Client(base_url=url, timeout=60) as client:
        n = 0
        while not stop.is_set():
            n += 1
            login = client.post("/v1/auth/token", data={"username": email, "password": current})
            login.raise_for_status()
            token = login.json()["access_token"]
            new = changed_password(n)
            response = client.patch(
                "/v1/users/me",
                json={"password": new, "current_password": current},
                headers={"Authorization": f"Bearer {token}"},
            )
            statuses.append(response.status_code)
            if response.status_code == 200:
                current = new


def measure(
    seconds: int, changers: int, connections: int
) -> tuple[Measurement, Measurement, list[int]]:
    with (
        tempfile.TemporaryDirectory(prefix="storefront-stall-") as tmp,
        # The changers' logins and changes are not what is limited here.
        BenchServer(
            f"sqlite:///{tmp}/stall.sqlite", cpu=None, env={"CLIENT_MAX_ATTEMPTS": "1000000"}
        ) as server,
    ):
        token = server.token()
        emails = [f"changer{n}@storefront.example" for n in range(changers)]
        for email in emails:
            server.token(email)
        create_items(server, token, "WARM", seconds=2, connections=connections, client_cpu=None)
        alone = create_items(
            server, token, "ALONE", seconds=seconds, connections=connections, client_cpu=None
        )
        stop, statuses = threading.Event(), list[int]()
        threads = [
            threading.Thread(target=_changer, args=(server.url, e, stop, statuses)) for e in emails
        ]
        for thread in threads:
            thread.start()
        try:
            mixed = create_items(
                server, token, "MIXED", seconds=seconds, connections=connections, client_cpu=None
            )
        finally:
            stop.set()
            for thread in threads:
                thread.join()
    return alone, mixed, statuses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--changers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    alone, mixed, statuses = measure(args.seconds, args.changers, args.connections)
    if alone.p99_ms is None or mixed.p99_ms is None:
        print("wrk is needed for latency percentiles (apt-get install wrk)")
        return 2
    ratio = mixed.p99_ms / alone.p99_ms
    changed = sum(1 for s in statuses if s == 200)
    print("| creates | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|")
    for name, m in (("alone", alone), (f"beside {args.changers} password changers", mixed)):
        print(f"| {name} | {m.rps:,.0f} | {m.p50_ms:.2f} | {m.p99_ms:.2f} | {m.errors} |")
    print(f"\npassword changes: {changed} answered 200 of {len(statuses)}")
    print(f"create p99 with changes / without: {ratio:.2f} (at most {MAX_RATIO})")
    ok = ratio <= MAX_RATIO and changed == len(statuses) > 0 and not alone.errors + mixed.errors
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
