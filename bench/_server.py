"""One ``storefront serve`` process for a benchmark: start, seed, log in, CPU and memory.

The server runs pinned to one core (``taskset``, when present) with one worker, exactly
as a user would start it; the figures read from ``/proc`` are the server's own CPU time
(user + system) and resident memory, so they do not depend on how fast the client is.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import httpx

ROOT = Path(__file__).resolve().parents[1]
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE_KIB


def storefront(
    args: list[str],
    database_url: str,
    *,
    env: Mapping[str, str] | None = None,
    root: Path = ROOT,
) -> str:
    """Run one ``storefront`` command (of the checkout at ``root``) to completion; its output."""
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        cwd=root,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": BENCH_SECRET_KEY,
            **(env or {}),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"storefront {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


# Strong enough for the password policy, and free of every email the benchmarks use.
BENCH_PASSWORD = "quartz-lantern-harbour-0123456789"


class BenchServer:
    """``storefront serve`` on a free loopback port, pinned to ``cpu``.

    ``root`` is the checkout whose server runs (another worktree, say, to measure a
    change against the code before it); ``env`` adds to its environment.
    """

    def __init__(
        self,
        database_url: str,
        *,
        cpu: int | None = 0,
        root: Path = ROOT,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.cpu = cpu
        self.root = root
        self.extra_env = dict(env or {})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="storefront-bench-", suffix=".log")  # noqa: SIM115

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 60.0) -> BenchServer:
        command = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)]
        if self.cpu is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(self.cpu), *command]
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": BENCH_SECRET_KEY,
            # One login per run: keep the default cost, it is not what is measured.
            "ACCESS_TOKEN_EXPIRE_SECONDS": str(24 * 3600),
            **self.extra_env,
        }
        self.process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{Path(self.log.name).read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer in {timeout} s")

    def token(self, email: str = "bench@storefront.example") -> str:
        """Register ``email`` (once) and log in; the bearer token."""
        registered = httpx.post(
            self.url + "/v1/users", json={"email": email, "password": BENCH_PASSWORD}
        )
        if registered.status_code not in (201, 409):  # 409: registered before
            raise RuntimeError(f"registering {email}: {registered.status_code} {registered.text}")
        response = httpx.post(
            self.url + "/v1/auth/token",
            data={"username": email, "password": BENCH_PASSWORD},
            timeout=30,
        )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    def rss_kib(self) -> int:
        return rss_kib(self.pid)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def __enter__(self) -> BenchServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        self.log.close()
