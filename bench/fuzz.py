"""The long Schemathesis run: more examples and several seeds against a live server.

    uv run --frozen python bench/fuzz.py [--engine sqlite|postgres|both]
        [--seeds 1,2,3] [--max-examples 100] [--max-steps 20] [--max-time 120]

The same engine, checks and tuning as ``tests/hostile/test_schemathesis.py`` (see
``tests/hostile/fuzzing.py``), but over HTTP against one ``storefront serve`` process
per database (a SQLite file; a fresh database on the PostgreSQL server at
``STOREFRONT_TEST_POSTGRES_URL``, dropped afterwards), loopback only. Each seed
registers its own pair of peers and an admin on the same server. Prints, per engine
and seed: cases, failures (each described, with a curl line to replay it), errors
and status counts; exits 1 when any seed found a failure or an error. Over HTTP the
engine keeps cycling its fuzzing and stateful phases until ``--max-time``, so that bounds
each seed (stop reason ``max_time`` is the normal end).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import checks, fuzzing  # noqa: E402
from tests.support.live import LiveServer  # noqa: E402

ADMIN_URL = os.environ.get(
    "STOREFRONT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def fuzz_engine(engine: str, args: argparse.Namespace, workdir: Path) -> list[fuzzing.FuzzResult]:
    database = None
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'fuzz.sqlite'}"
    else:
        database = f"storefront_fuzz_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        url = f"{ADMIN_URL.rsplit('/', 1)[0]}/{database}"
    # As in CI: failed logins of the fuzzer would otherwise become 429s.
    env = {"LOGIN_MAX_FAILURES": "1000000"}
    results = []
    try:
        with LiveServer(url, env=env, log=workdir / f"{engine}-server.log") as server:
            for seed in args.seeds:
                with httpx.Client(base_url=server.url, timeout=30) as http:
                    identities = fuzzing.register_identities(http, url, f"s{seed}")
                cfg = fuzzing.config(
                    identities=identities,
                    seed=seed,
                    max_examples=args.max_examples,
                    max_steps=args.max_steps,
                    max_time=args.max_time,
                    wfc_path=fuzzing.write_wfc(identities, workdir),
                    base_url=server.url,
                )
                result = fuzzing.run(cfg)
                results.append(result)
                print(f"{engine} {result.summary()} probes={checks.STATE.probes}", flush=True)
                for failure in result.failures:
                    print(f"--- failure\n{failure}", flush=True)
                for error in result.errors:
                    print(f"--- error\n{error}", flush=True)
        log = (workdir / f"{engine}-server.log").read_text(encoding="utf-8", errors="replace")
        tracebacks = log.count("Traceback")
        print(f"{engine}: server log has {tracebacks} traceback(s)", flush=True)
        if tracebacks:
            results[-1].errors.append(f"server log has {tracebacks} traceback(s)")
    finally:
        if database is not None:
            with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seeds", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 3])
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--max-steps", type=int, default=20)
    parser.add_argument("--max-time", type=float, default=120.0, help="seconds per seed")
    args = parser.parse_args(argv)
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    totals = {"runs": 0, "cases": 0, "failures": 0, "errors": 0}
    with tempfile.TemporaryDirectory(prefix="storefront-fuzz-") as tmp:
        for engine in engines:
            for result in fuzz_engine(engine, args, Path(tmp)):
                totals["runs"] += 1
                totals["cases"] += result.cases
                totals["failures"] += len(result.failures)
                totals["errors"] += len(result.errors)
    print(
        f"total: {totals['runs']} runs ({len(engines)} engines x seeds {args.seeds}), "
        f"{totals['cases']} cases, {totals['failures']} failures, {totals['errors']} errors"
    )
    return 1 if totals["failures"] or totals["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
