"""Log lines an operator can use: each names its request, one JSON object a line on demand.

``REQUEST_ID`` holds the id of the request being served (set by ``server.middleware``);
``RequestIdFilter`` copies it onto every record, whoever logs it (the server's own
loggers, uvicorn's, SQLAlchemy's). ``LOG_FORMAT=text`` (the default) keeps uvicorn's
``LEVEL:    message`` shape with ``request_id=...`` appended inside a request;
``LOG_FORMAT=json`` writes one JSON object a line with ``time``, ``level``, ``logger``,
``message``, ``request_id`` and the record's structured fields (``extra=``), plus
``traceback`` when there is one. Everything goes to stderr.

``logging_config`` is the ``logging.config.dictConfig`` the server runs with; ``storefront
serve`` passes it to uvicorn, so every worker configures itself the same way.
"""

from __future__ import annotations

import contextvars
import logging
import time
from typing import Any, Literal

import orjson

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "storefront_request_id", default=None
)
LogFormat = Literal["text", "json"]
ACCESS_LOGGER = "storefront.access"
# A record's own attributes: anything else on it came from ``extra=`` and is logged as is.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "request_id", "color_message", "taskName"}
)


class RequestIdFilter(logging.Filter):
    """Put the current request's id (or None outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    """uvicorn's ``LEVEL:    message``, then ``key=value`` for the request id and fields."""

    def format(self, record: logging.LogRecord) -> str:
        level = f"{record.levelname}:"
        line = f"{level:<9} {record.getMessage()}"
        request_id = getattr(record, "request_id", None)
        if request_id:
            line += f" request_id={request_id}"
        for key, value in _fields(record).items():
            line += f" {key}={value}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(_fields(record))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def logging_config(log_format: LogFormat, *, level: str = "INFO") -> dict[str, Any]:
    """The ``dictConfig`` for the server: every logger through one stderr handler."""
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        # One handler, on the root: every logger's records reach it (and pytest's caplog).
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"level": level},
            # uvicorn's own access log is off: ``storefront.access`` says more.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},
            "storefront": {"handlers": [], "level": level, "propagate": True},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


def configure(log_format: LogFormat, *, level: str = "INFO") -> None:
    """Configure logging in this process (a command outside ``serve``, a test)."""
    import logging.config

    logging.config.dictConfig(logging_config(log_format, level=level))
