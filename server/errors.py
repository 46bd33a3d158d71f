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
from fastapi import FastAPI, Request, params
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

    loc: list[str | int] = Field(description="Where the input is: `body`, `query`... then names.")
    msg: str = Field(description="What is wrong with it.")
    type: str = Field(description="A machine-readable kind of error, e.g. `missing`.")


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


JSON_MEDIA_TYPE = "application/json"
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _is_json(media_type: str) -> bool:
    return media_type == JSON_MEDIA_TYPE or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _takes_form(request: Request) -> bool:
    """Whether the matched route reads its body as a form (the login)."""
    body_field = getattr(request.scope.get("route"), "body_field", None)
    return body_field is not None and isinstance(body_field.field_info, params.Form)


def _line_and_column(document: object, position: object) -> tuple[int, int] | None:
    if not isinstance(document, str) or not isinstance(position, int):
        return None
    before = document[:position]
    line = before.count("\n") + 1
    return line, position - (before.rfind("\n") + 1) + 1


def _wrong_body_format(request: Request, exc: RequestValidationError) -> FieldError | None:
    """The one error to report when the body was not sent in the format the route reads.

    FastAPI validates such a body anyway and reports what that leads to ("Input should
    be a valid dictionary", "Field required" for fields that were sent): true, but it
    points at the fields instead of the header that has to change.
    """
    media_type = _media_type(request)
    errors = exc.errors()
    if _takes_form(request):
        sent_body = request.headers.get("content-length", "0") != "0" or (
            "transfer-encoding" in request.headers
        )
        if media_type in FORM_MEDIA_TYPES or not errors or not (media_type or sent_body):
            return None
        sent = (
            "JSON"
            if _is_json(media_type)
            else "no Content-Type"
            if not media_type
            else "another Content-Type"
        )
        return FieldError(
            loc=["body"],
            msg="This operation takes a form: send its fields with Content-Type: "
            f"application/x-www-form-urlencoded (or multipart/form-data); this request sent "
            f"{sent}.",
            type="content_type_invalid",
        )
    if not isinstance(exc.body, bytes) or _is_json(media_type):
        return None  # the body was parsed as JSON (or there was none)
    if not any(tuple(err.get("loc", ())) == ("body",) for err in errors):
        return None
    said = "without a Content-Type" if not media_type else "with another Content-Type"
    return FieldError(
        loc=["body"],
        msg=f"The body was sent {said}: send it as JSON with Content-Type: application/json.",
        type="content_type_invalid",
    )


def _message(err: Mapping[str, Any]) -> tuple[str, str]:
    """The message and type of one pydantic error, in the terms of the input."""
    kind = str(err.get("type", "value_error"))
    msg = str(err.get("msg", "invalid value"))
    ctx = err.get("ctx") or {}
    if kind in {"too_long", "too_short"} and isinstance(err.get("input"), str):
        # A constrained string (text checked after its length constraints) is measured
        # in characters; pydantic's generic wording counts "items".
        bound = "at most" if kind == "too_long" else "at least"
        limit = ctx.get("max_length" if kind == "too_long" else "min_length")
        if isinstance(limit, int):
            unit = "character" if limit == 1 else "characters"
            return f"String should have {bound} {limit} {unit}", f"string_{kind}"
    return msg, kind


# A 422 lists at most this many errors, and says how many more there were: a body with
# 62,000 unknown keys gets an answer of a few kilobytes, not megabytes.
MAX_LISTED_ERRORS = 20


def _validation_errors(
    request: Request, exc: RequestValidationError
) -> tuple[list[FieldError], int]:
    """The errors to list (at most MAX_LISTED_ERRORS) and how many there were in all."""
    wrong_format = _wrong_body_format(request, exc)
    if wrong_format is not None:
        return [wrong_format], 1
    errors = []
    found = exc.errors()
    for err in found[:MAX_LISTED_ERRORS]:
        # Never the submitted value ("input") or the context, only where and what.
        loc = [p if isinstance(p, int) else str(p) for p in err.get("loc", ())]
        msg, kind = _message(err)
        if kind == "json_invalid":
            # FastAPI puts the decoder's character offset in ``loc`` (["body", 22]),
            # where it reads like a field: say line and column in the message instead.
            where = _line_and_column(exc.body, loc[-1] if len(loc) > 1 else None)
            reason = str((err.get("ctx") or {}).get("error", "")).strip()
            msg = "The body is not valid JSON"
            if reason:
                msg += f": {reason[0].lower()}{reason[1:]}"
            if where:
                msg += f" at line {where[0]}, column {where[1]}"
            msg += "."
            loc = ["body"]
        errors.append(FieldError(loc=loc, msg=msg, type=kind))
    return errors, len(found)


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
    errors, total = _validation_errors(request, exc)
    where = ", ".join(".".join(str(p) for p in e.loc) for e in errors[:5])
    detail = f"The request is invalid: see `errors` ({where})."
    if total > len(errors):
        detail += f" {total:,} errors in all; the first {len(errors)} are listed."
    return problem_response(
        request,
        422,
        detail,
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
    # The one log line of a 500: the request id comes from server.logs.REQUEST_ID.
    route = request.scope.get("route")
    logger.error(
        "unhandled error on %s %s",
        request.method,
        getattr(route, "path", None) or "unmatched",
        exc_info=exc,
        extra={"operation": getattr(route, "name", None) or "unmatched"},
    )
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
