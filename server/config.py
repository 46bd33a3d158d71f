"""Settings, read once from the environment (pydantic-settings)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import sys
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./storefront.db"
DEV_KEY_FILENAME = ".storefront-secret-key"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# The URL schemes the server has a driver for (a plain postgresql:// URL uses psycopg 3).
DATABASE_SCHEMES = frozenset(
    {"sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg"}
)
NEW_KEY_HINT = "export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and what to do."""


class Settings(BaseSettings):
    """Everything the server reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = Field(default=None, min_length=32)
    # NORMAL survives a process crash; FULL also survives power loss.
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    # Access tokens are short-lived; a refresh token (rotated on use) renews them.
    access_token_expire_seconds: int = Field(default=900, ge=1, le=24 * 3600)
    refresh_token_expire_seconds: int = Field(default=30 * 24 * 3600, ge=60, le=365 * 24 * 3600)
    # Clock skew tolerated between the servers that issue and check tokens.
    token_leeway_seconds: int = Field(default=60, ge=0, le=300)
    # Issuer and audience of this deployment's tokens (default: derived from the database
    # and the key, see ``server.security.deployment_audience``). Set it when one
    # deployment reaches its database under several URLs.
    token_audience: str | None = Field(default=None, min_length=1, max_length=200)
    idempotency_key_ttl_seconds: int = Field(default=24 * 3600, ge=60)
    # Failed logins (and wrong current passwords) per account AND client address, and a far
    # higher ceiling per account from all clients together (NIST SP 800-63B: at most 100).
    login_max_failures: int = Field(default=5, ge=1)
    login_account_max_failures: int = Field(default=100, ge=1)
    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    # Argon2 work factors (pwdlib/argon2-cffi defaults); tests lower them for speed.
    argon2_time_cost: int = Field(default=3, ge=1, le=10)
    argon2_memory_cost_kib: int = Field(default=65536, ge=1024, le=262144)
    db_pool_size: int = Field(default=20, ge=1)
    db_connect_timeout_seconds: int = Field(default=3, ge=1)
    # Browser origins allowed to call the API, comma-separated; none by default.
    cors_origins: str | None = None
    # Password hashing runs at most this many at once per process (0: from the cores and
    # the memory budget, see ``password_hash_slots``); a request waits at most
    # PASSWORD_HASH_MAX_WAIT_SECONDS for a slot, then gets 503 with Retry-After.
    password_hash_concurrency: int = Field(default=0, ge=0, le=256)
    password_hash_memory_budget_mib: int = Field(default=256, ge=1)
    password_hash_max_wait_seconds: float = Field(default=2.0, ge=0, le=60)
    # Anonymous expensive operations (login, registration) per client address and window.
    client_max_attempts: int = Field(default=30, ge=1)
    client_attempt_window_seconds: int = Field(default=60, ge=1)
    # Peers whose X-Forwarded-For names the client: comma-separated addresses or networks.
    trusted_proxies: str | None = None
    # Connections (server.serving): seconds a request head may take to arrive (from the
    # connection's opening or the end of the previous response), seconds its body may
    # take after the head, seconds an idle keep-alive connection stays open, and open
    # connections per process (0: from the process's descriptor limit, leaving a reserve;
    # see ``server.serving.max_connections``).
    http_head_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    http_body_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    http_keep_alive_seconds: int = Field(default=5, ge=1, le=300)
    max_connections: int = Field(default=0, ge=0, le=1_000_000)
    # Logs: text (uvicorn's shape, with request_id=...) or one JSON object a line.
    log_format: Literal["text", "json"] = "text"
    access_log: bool = False
    # Prometheus metrics on their own port (server.metrics); off when unset. The host is
    # loopback unless set: the metrics are never public by accident.
    metrics_port: int | None = Field(default=None, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"

    @field_validator("secret_key", "cors_origins", "metrics_port", "token_audience", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        if scheme not in DATABASE_SCHEMES:
            named = f"the scheme {scheme}:// is not supported" if scheme else "not a URL"
            raise ValueError(
                f"{named}; use sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
            )
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: str | None) -> str | None:
        for origin in (value or "*").split(","):
            origin = origin.strip()
            if origin != "*" and not _is_origin(origin):
                raise ValueError(
                    "list origins separated by commas, each as scheme://host[:port] with no "
                    "path (e.g. https://app.example.com,http://localhost:3000), or * for any"
                )
        return value

    @property
    def cors_origin_list(self) -> list[str]:
        """The allowed browser origins (empty: CORS is off)."""
        return [o.strip().rstrip("/") for o in (self.cors_origins or "").split(",") if o.strip()]

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str | None) -> str | None:
        for entry in (value or "").split(","):
            if entry.strip():
                try:
                    ipaddress.ip_network(entry.strip(), strict=False)
                except ValueError:
                    raise ValueError(
                        f"{entry.strip()!r} is not an IP address or network "
                        "(e.g. 10.0.0.1, 10.0.0.0/8, ::1)"
                    ) from None
        return value

    @cached_property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(entry.strip(), strict=False)
            for entry in (self.trusted_proxies or "").split(",")
            if entry.strip()
        )

    @property
    def password_hash_slots(self) -> int:
        """Hashes that may run at once in one process: the setting, else one fewer than the
        process's cores (one is left to the event loop and the database), but no more than
        fit in the memory budget; at least one."""
        if self.password_hash_concurrency:
            return self.password_hash_concurrency
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        cores = cores or os.cpu_count() or 1
        per_hash_mib = max(1, self.argon2_memory_cost_kib // 1024)
        return max(1, min(cores - 1, self.password_hash_memory_budget_mib // per_hash_mib))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlalchemy_url(self) -> str:
        """The URL SQLAlchemy gets: a plain ``postgresql://`` URL uses psycopg 3."""
        url = self.database_url
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    def database_identity(self) -> str:
        """The database this deployment serves, as text that holds no password: a SQLite
        file by its absolute path, a PostgreSQL database by user, host, port and name."""
        from sqlalchemy.engine import make_url

        if self.is_sqlite:
            path = self.database_url.split("///", 1)[-1]
            if path and path != ":memory:" and "://" in self.database_url:
                return "sqlite:" + str(Path(path).resolve())
            return "sqlite:memory"
        url = make_url(self.sqlalchemy_url)
        return f"postgresql:{url.username}@{url.host}:{url.port or 5432}/{url.database}"

    def dev_key_path(self) -> Path:
        """Where a generated development key is kept: beside the SQLite file, else here."""
        if self.is_sqlite:
            db_path = self.database_url.split("///", 1)[-1]
            if db_path and db_path != ":memory:":
                return Path(db_path).resolve().parent / DEV_KEY_FILENAME
        return Path.cwd() / DEV_KEY_FILENAME


def _is_origin(text: str) -> bool:
    scheme, separator, rest = text.partition("://")
    rest = rest.rstrip("/")
    return (
        scheme in {"http", "https"}
        and bool(separator)
        and bool(rest)
        and not any(c in rest for c in "/?#@ *")
    )


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this machine only."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_secret_key(settings: Settings, *, bind_host: str | None, create: bool) -> str:
    """Return the signing key: ``SECRET_KEY``, else the development key file.

    A server bound to a non-loopback address always needs ``SECRET_KEY``: a development
    key file beside the database is never used there, even when one exists. On loopback
    the file is read, or created once when ``create`` is set. ``bind_host`` None (the app
    built inside a worker, whose parent already resolved the key) reads the file only.
    """
    if settings.secret_key:
        return settings.secret_key
    if bind_host is not None and not is_loopback(bind_host):
        raise ConfigError(
            f"SECRET_KEY is not set, and --host {bind_host} is not a loopback address (the "
            f"development key is only for 127.0.0.1). Set SECRET_KEY to a random string of "
            f"at least 32 characters, the same for every server: {NEW_KEY_HINT}"
        )
    path = settings.dev_key_path()
    if path.exists():
        return _read_key(path)
    if create and bind_host is not None:
        return _create_key(path)
    raise ConfigError(
        "SECRET_KEY is not set. Set SECRET_KEY to a random string of at least 32 characters "
        f"({NEW_KEY_HINT}); `storefront serve` on a loopback address generates a "
        "development key instead."
    )


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise ConfigError(
            f"the development key file {path} is damaged (shorter than 32 characters): "
            "delete it to have a new one generated, or set SECRET_KEY"
        )
    return key


def _create_key(path: Path) -> str:
    """Write a new key to ``path`` whole (a temporary file linked into place): a server
    starting at the same moment reads either no file or the complete one, never half."""
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _read_key(path)  # another server made one first: use it
    finally:
        temporary.unlink(missing_ok=True)
    # stderr, flushed: seen when it happens, before the server's start-up lines (stdout
    # into a pipe or a file would hold it until the process ends).
    print(
        f"storefront: no SECRET_KEY set; generated a development key in {path}",
        file=sys.stderr,
        flush=True,
    )
    return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
