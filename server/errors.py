"""Domain errors and their one translation into RFC 9457 problem details.

Services raise the errors below; ``install_error_handlers`` turns them, request
validation failures, HTTP errors and unexpected exceptions into
``application/problem+json`` bodies. Nothing submitted is echoed back and no
stack trace ever leaves the server.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from types import MappingProxyType
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

logger = logging.getLogger("storefront")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://storefront.example/problems/"


class FieldError(BaseModel):
    """One invalid input: where it is, what is wrong, and the error type."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    model_config = ConfigDict(title="Problem")

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request and what to do.")
    instance: str | None = Field(default=None, description="The request path.")
    request_id: str | None = Field(default=None, description="The request's X-Request-ID.")
    errors: list[FieldError] | None = Field(
        default=None, description="For 422: each invalid input."
    )


class DomainError(Exception):
    """Base of the errors services raise; each maps to one status and problem type."""

    status: int = 400
    slug: str = "bad-request"
    headers: Mapping[str, str] | None = None

    def __init__(self, detail: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if headers is not None:
            self.headers = headers


class NotFound(DomainError):
    status, slug = 404, "not-found"


class Conflict(DomainError):
    status, slug = 409, "conflict"


class Forbidden(DomainError):
    status, slug = 403, "forbidden"


class Unauthorized(DomainError):
    status, slug = 401, "unauthorized"
    headers: Mapping[str, str] | None = MappingProxyType({"WWW-Authenticate": "Bearer"})


class PreconditionFailed(DomainError):
    status, slug = 412, "precondition-failed"


class Unprocessable(DomainError):
    """A semantic input error found by a service (not by the request model)."""

    status, slug = 422, "validation-error"

    def __init__(self, detail: str, *, loc: Sequence[str | int], type_: str) -> None:
        super().__init__(detail)
        self.errors = [FieldError(loc=list(loc), msg=detail, type=type_)]


class TooManyRequests(DomainError):
    status, slug = 429, "too-many-requests"


class ServiceUnavailable(DomainError):
    status, slug = 503, "service-unavailable"
    headers: Mapping[str, str] | None = MappingProxyType({"Retry-After": "1"})


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: Sequence[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Build the problem+json response for ``status``."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or phrase.lower().replace(" ", "-")),
        "title": phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = [e.model_dump() for e in errors]
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _validation_errors(exc: RequestValidationError) -> list[FieldError]:
    errors = []
    for err in exc.errors():
        # Never the submitted value ("input") or the context, only where and what.
        loc = [p if isinstance(p, int) else str(p) for p in err.get("loc", ())]
        msg = str(err.get("msg", "invalid value"))
        if err.get("type") == "json_invalid":
            msg = "The body is not valid JSON."
        errors.append(FieldError(loc=loc, msg=msg, type=str(err.get("type", "value_error"))))
    return errors


async def _on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return problem_response(
        request,
        exc.status,
        exc.detail,
        slug=exc.slug,
        errors=getattr(exc, "errors", None),
        headers=exc.headers,
    )


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    where = ", ".join(".".join(str(p) for p in e.loc) for e in errors[:5])
    return problem_response(
        request,
        422,
        f"The request is invalid: see `errors` ({where}).",
        slug="validation-error",
        errors=errors,
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> str:
    """Every method some route serves on this path (Starlette lists only one route's)."""
    allowed = []
    for method in _METHODS:
        scope = {
            "type": "http",
            "path": request.scope["path"],
            "root_path": request.scope.get("root_path", ""),
            "method": method,
            "headers": [],
        }
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 304:
        return Response(status_code=304, headers=exc.headers)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = dict(exc.headers or {})
    if exc.status_code == 400:
        # Only body parsing raises 400 (invalid UTF-8, a multipart body without its
        # boundary): answer as for any other malformed body, with the 422 routes declare.
        # The parser's own message may quote the input, so it is not passed on.
        msg = "The body could not be decoded: check its Content-Type and encoding."
        error = FieldError(loc=["body"], msg=msg, type="body_invalid")
        return problem_response(
            request,
            422,
            "The request is invalid: see `errors` (body).",
            slug="validation-error",
            errors=[error],
        )
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"No route matches {request.method} {request.url.path}."
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    return problem_response(request, exc.status_code, detail, headers=headers or None)


async def _on_unexpected_error(request: Request, exc: Exception) -> Response:
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        request,
        500,
        "An unexpected error occurred. Retry later; if it persists, report the request_id.",
        slug="internal-error",
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entry declaring each status with the problem schema.

    The schema's media type is rewritten to ``application/problem+json`` when the
    document is built (see ``server.openapi``).
    """
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase} for status in statuses
    }


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before sending the request again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def retry_after_responses(descriptions: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """Like ``problem_responses``, for statuses that always carry ``Retry-After``."""
    return {
        status: {"model": Problem, "description": description, "headers": RETRY_AFTER}
        for status, description in descriptions.items()
    }
