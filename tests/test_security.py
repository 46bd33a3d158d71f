"""The hashing bound (``server.security.HashingGate``): at most ``slots`` hashes at once,
a bounded wait for a slot, and a 503 with Retry-After before anything is hashed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

import pytest

from server.config import Settings
from server.errors import ServiceUnavailable
from server.security import HashingGate


class Blocker:
    """A stand-in for a hash that holds its slot until released, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> str:
        self.calls += 1
        self.entered.set()
        assert self.release.wait(30), "never released"
        return "hashed"


@pytest.fixture
def blocker() -> Iterator[Blocker]:
    block = Blocker()
    yield block
    block.release.set()


def occupy(gate: HashingGate, block: Blocker) -> threading.Thread:
    """Start ``block`` in the gate from another event loop; return once it holds a slot."""
    thread = threading.Thread(target=asyncio.run, args=(gate.run(block),))
    thread.start()
    assert block.entered.wait(10)
    return thread


def counted() -> tuple[list[int], Callable[[], str]]:
    calls: list[int] = []

    def work() -> str:
        calls.append(1)
        return "hashed"

    return calls, work


def test_a_full_gate_refuses_at_once_before_hashing(blocker: Blocker) -> None:
    gate = HashingGate(slots=1, max_wait=0.5, estimate=2.0)
    thread = occupy(gate, blocker)
    calls, work = counted()
    with pytest.raises(ServiceUnavailable) as refused:
        gate.check()
    assert refused.value.status == 503
    with pytest.raises(ServiceUnavailable) as refused:
        asyncio.run(gate.run(work))
    assert calls == []
    assert refused.value.headers is not None
    # The expected wait (one hash ahead, of about the estimate's length) to twice it.
    assert 2 <= int(refused.value.headers["Retry-After"]) <= 4
    blocker.release.set()
    thread.join()
    assert asyncio.run(gate.run(work)) == "hashed"
    assert calls == [1]


def test_a_queued_hash_that_does_not_start_in_time_never_runs(blocker: Blocker) -> None:
    # The estimate says the wait is short, so the hash is queued; the slot stays taken.
    gate = HashingGate(slots=1, max_wait=0.2, estimate=0.01)
    thread = occupy(gate, blocker)
    calls, work = counted()
    with pytest.raises(ServiceUnavailable) as refused:
        asyncio.run(gate.run(work))
    assert refused.value.headers is not None
    assert int(refused.value.headers["Retry-After"]) >= 1
    blocker.release.set()
    thread.join()
    assert calls == []  # taken out of the queue, not run late
    assert asyncio.run(gate.run(work)) == "hashed"
    assert calls == [1]


def test_no_more_than_slots_run_at_once() -> None:
    gate = HashingGate(slots=2, max_wait=30, estimate=0.01)
    running, most = 0, 0
    lock = threading.Lock()
    released = threading.Event()

    def work() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            if running == 2:
                released.set()
        released.wait(10)
        with lock:
            running -= 1

    async def many() -> None:
        await asyncio.gather(*(gate.run(work) for _ in range(8)))

    asyncio.run(many())
    assert most == 2


def test_slots_follow_cores_and_the_memory_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda _: {0, 1, 2, 3, 4, 5, 6, 7})

    def slots(**values: int) -> int:
        return Settings(secret_key="k" * 32, **values).password_hash_slots  # type: ignore[arg-type]

    assert slots() == 4  # 256 MiB / 64 MiB
    assert slots(password_hash_memory_budget_mib=1024) == 7  # one core left to the loop
    assert slots(password_hash_memory_budget_mib=10) == 1
    assert slots(password_hash_concurrency=3) == 3
    monkeypatch.setattr("os.sched_getaffinity", lambda _: {0, 1})
    assert slots() == 1
    monkeypatch.setattr("os.sched_getaffinity", lambda _: {0})
    assert slots() == 1
