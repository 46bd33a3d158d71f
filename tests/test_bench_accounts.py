"""The benchmarks' accounts pass today's password policy: a refused registration made
``bench/run.py``'s memory and SDK rounds stop at their first login, and every password
change of ``bench/password_stall.py`` a 422, from the day the policy came (3.0.0)."""

from __future__ import annotations

import pytest

from bench import crash, load, password_stall
from bench._server import BENCH_PASSWORD
from server.users.policy import refusal


@pytest.mark.parametrize(
    ("password", "email"),
    [
        (BENCH_PASSWORD, "bench@storefront.example"),  # bench/run.py, BenchServer.token
        (BENCH_PASSWORD, "changer0@storefront.example"),  # bench/password_stall.py
        (password_stall.changed_password(1), "changer0@storefront.example"),
        (password_stall.changed_password(999_999), "changer7@storefront.example"),
        (crash.PASSWORD, "crash-0123456789@example.com"),
        (load.PASSWORD, "load-1-01234567@example.com"),
    ],
)
def test_a_bench_password_is_one_the_server_takes(password: str, email: str) -> None:
    assert refusal(password, email) is None


def test_each_change_is_to_a_new_password() -> None:
    assert len({password_stall.changed_password(n) for n in range(1, 100)}) == 99
