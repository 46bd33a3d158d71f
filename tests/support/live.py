"""Real server processes for tests that need them (several workers, kill -9, browsers).

``LiveServer`` runs ``storefront serve`` in a subprocess on a free loopback port,
waits until ``/healthz`` answers, and stops it (SIGTERM, then SIGKILL) on exit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

import httpx

from tests.support.databases import SECRET_KEY, TEST_CONNECT_TIMEOUT_SECONDS

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 1,
        port: int | None = None,
        env: Mapping[str, str] | None = None,
        log: Path | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = dict(env or {})
        self.log = log
        # Runs in the server's process before it starts (a resource limit, say).
        self.preexec_fn = preexec_fn
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> LiveServer:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": SECRET_KEY,
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST_KIB": "1024",
            "DB_CONNECT_TIMEOUT_SECONDS": str(TEST_CONNECT_TIMEOUT_SECONDS),
            **self.extra_env,
        }
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=self.preexec_fn,
        )
        if not isinstance(out, int):
            out.close()  # the child holds its own descriptor
        deadline = time.monotonic() + timeout
        # One client for all polls: a new one per poll (httpx.get) costs ~25 ms of CPU
        # building its TLS context, which slows the very start it is waiting for.
        with httpx.Client(timeout=1) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"server exited with {self.process.returncode} (log: {self.log})"
                    )
                try:
                    if http.get(f"{self.url}/healthz").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer on {self.url} within {timeout}s")

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown handlers run."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()
