"""``CompiledRoute``: FastAPI's ``APIRoute`` with each route's parameters and dependencies
solved by a plan compiled once, from the route's own declarations; ``CompiledRouter``:
FastAPI's ``APIRouter`` whose routes are matched once per request, with ``CompiledRoute``
as its route class.

FastAPI solves a route per request by walking its dependency tree and inspecting every
declared parameter again (is it a sequence, a model, a JSON field, which alias does the
request use...): most of what a small route costs (docs/performance.md). The route class
is FastAPI's extension point for that work (``APIRoute.get_route_handler``); this one
does the inspection when the route is built and keeps, per route:

- every path, query and header parameter of the route and its dependencies, with the
  key the request carries it under and FastAPI's own ``ModelField`` for it: a value is
  validated by that field (the same pydantic ``TypeAdapter`` FastAPI builds from the
  declaration), a missing optional one takes the declared default;
- the JSON body's ``ModelField``, validated the same way;
- the dependency calls in the order FastAPI makes them, with FastAPI's cache keys.

A request the plan cannot answer exactly as FastAPI would is handed, untouched, to the
handler FastAPI builds for the same route: any value a field refuses (so every 422 is
FastAPI's own ``RequestValidationError``, byte for byte), a body that is not plain
``application/json`` or not parsed by orjson, dependency overrides (tests), and
OpenTelemetry tracing when the application turned it on. No dependency has run by then,
so none runs twice. Routes whose declarations need more than the plan knows (generator
or sync dependencies, cookies, forms, sequences, parameter models, streaming, ...) keep
FastAPI's handler for every request. Limits stay where they are declared, on the route:
this module holds none of them, and ``openapi.json`` is built from the same route.

FastAPI (0.163) matches the routes of an included router twice per request: the
application's router asks each included router whether it ``matches`` the request, then
the chosen one's ``handle`` runs the same match again to pick the route. A
``CompiledRouter`` keeps the first match in the request's scope, and its ``handle`` goes
on from there as FastAPI's ``_handle_selected`` does (a request whose path or method
changed in between is matched again). The routes, their order and every rule of
matching (404, 405, redirects) stay FastAPI's.

The plan is built with FastAPI's own helpers (some private: how it reads an alias, its
cache keys, the included route's context), pinned with FastAPI by ``uv.lock``.
``tests/test_routing.py`` holds every answer to FastAPI's own handler's, byte for byte,
so a FastAPI upgrade that changes them fails there.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import Enum
from typing import Any

import orjson
from fastapi import params
from fastapi._compat import ModelField
from fastapi._compat.shared import field_annotation_is_sequence
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import (
    Dependant,
    _get_cache_key,
    _is_async_gen_callable,
    _is_coroutine_callable,
    _is_gen_callable,
)
from fastapi.dependencies.utils import (
    _get_param_aliases,
    _get_param_model,
    _is_json_field,
    _should_embed_body_fields,
)
from fastapi.routing import (
    _FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY,
    APIRoute,
    APIRouter,
    _effective_route_context_var,
    _extract_endpoint_context,
    _get_fastapi_scope,
    _get_scope_included_router,
    _IncludedRouter,
    serialize_response,
)
from fastapi.telemetry._api import _route_selected
from fastapi.utils import is_body_allowed_for_status_code
from starlette import routing as starlette_routing
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

Handler = Callable[[Request], Coroutine[Any, Any, Response]]

# Where a value comes from: another step's result, a parameter slot, the request.
_STEP, _PARAM, _REQUEST, _RESPONSE = 0, 1, 2, 3
# Defaults that are safe to share between requests (FastAPI deep-copies a default).
_IMMUTABLE = (type(None), bool, int, float, str, bytes, Enum)


class _Unsupported(Exception):
    """The route declares something the plan does not handle: FastAPI solves it."""


@dataclass(frozen=True, slots=True)
class _Param:
    kind: str  # "path", "query" or "header"
    key: str  # what the request carries it under (lower-case for a header)
    field: ModelField
    required: bool
    shared_default: bool
    default: Any


@dataclass(frozen=True, slots=True)
class _Step:
    call: Callable[..., Any]
    key: Any  # FastAPI's dependency cache key
    use_cache: bool
    args: tuple[tuple[str, int, int], ...]  # (argument, source, index)


@dataclass(frozen=True, slots=True)
class _Plan:
    params: tuple[_Param, ...]
    body: ModelField | None
    body_slot: int
    steps: tuple[_Step, ...]
    endpoint_args: tuple[tuple[str, int, int], ...]


class _Compiler:
    def __init__(self) -> None:
        self.params: list[_Param] = []
        self.steps: list[_Step] = []
        self.body: ModelField | None = None
        self.body_slot = -1

    def node_args(self, dependant: Dependant, *, root: bool) -> tuple[tuple[str, int, int], ...]:
        """Steps for ``dependant``'s sub-dependencies (FastAPI's order), then its own
        arguments: what ``solve_dependencies`` would pass it."""
        args: list[tuple[str, int, int]] = []
        for sub in dependant.dependencies:
            sub_args = self.node_args(sub, root=False)
            call = sub.call
            if (
                call is None
                or sub.concurrency is not None
                or _is_gen_callable(call)
                or _is_async_gen_callable(call)
                or not _is_coroutine_callable(call)
            ):
                raise _Unsupported(f"dependency {call!r}")
            self.steps.append(_Step(call, _get_cache_key(dependant=sub), sub.use_cache, sub_args))
            if sub.name is not None:
                args.append((sub.name, _STEP, len(self.steps) - 1))
        if dependant.response_param_name and root:
            # The endpoint's own ``response: Response`` (headers it adds, as FastAPI's
            # sub-response carries them); a dependency's is left to FastAPI.
            args.append((dependant.response_param_name, _RESPONSE, 0))
        elif dependant.response_param_name:
            raise _Unsupported("a response parameter in a dependency")
        if (
            dependant.cookie_params
            or dependant.websocket_param_name
            or dependant.background_tasks_param_name
            or dependant.security_scopes_param_name
        ):
            raise _Unsupported("cookie, background or security-scope parameters")
        for kind, fields in (
            ("path", dependant.path_params),
            ("query", dependant.query_params),
            ("header", dependant.header_params),
        ):
            for field in fields:
                args.append((field.name, _PARAM, self.param(kind, field)))
        if dependant.body_params:
            if not root or len(dependant.body_params) != 1 or self.body is not None:
                raise _Unsupported("body parameters outside the endpoint")
            self.body = dependant.body_params[0]
            self.body_slot = len(self.params)
            self.params.append(_Param("body", "", self.body, True, True, None))  # a slot only
            args.append((self.body.name, _PARAM, self.body_slot))
        for name in (dependant.http_connection_param_name, dependant.request_param_name):
            if name:
                args.append((name, _REQUEST, 0))
        return tuple(args)

    def param(self, kind: str, field: ModelField) -> int:
        info = field.field_info
        annotation = info.annotation
        if (
            _get_param_model(field) is not None
            or _is_json_field(field)
            or field_annotation_is_sequence(annotation)
            or info.validate_default
            or info.default_factory is not None
        ):
            raise _Unsupported(f"parameter {field.name}")
        aliases = _get_param_aliases(field)
        if len(aliases) != 1:
            raise _Unsupported(f"parameter {field.name} with several aliases")
        key = aliases[0][1]
        if kind == "header":
            key = key.lower()
        required = info.is_required()
        default = None if required else field.default
        self.params.append(
            _Param(kind, key, field, required, isinstance(default, _IMMUTABLE), default)
        )
        return len(self.params) - 1


def _compile(route: Any) -> _Plan:
    dependant: Dependant = route.dependant
    call = dependant.call
    body = route.body_field
    if (
        call is None
        or not _is_coroutine_callable(call)
        or _is_gen_callable(call)
        or _is_async_gen_callable(call)
        or route.is_sse_stream
        or route.is_json_stream
        or route.stream_item_field is not None
        or route._embed_body_fields
        or not isinstance(route.strict_content_type, DefaultPlaceholder | bool)
    ):
        raise _Unsupported("endpoint")
    compiler = _Compiler()
    endpoint_args = compiler.node_args(dependant, root=True)
    if compiler.body is not None:
        if (
            body is None
            or isinstance(body.field_info, params.Form)
            or _should_embed_body_fields(dependant.body_params)
        ):
            raise _Unsupported("body")
    elif body is not None:
        raise _Unsupported("body declared by a dependency")
    return _Plan(
        tuple(compiler.params),
        compiler.body,
        compiler.body_slot,
        tuple(compiler.steps),
        endpoint_args,
    )


class _Fallback(Exception):
    """This request goes to FastAPI's own handler (nothing has run yet)."""


_JSON = b"application/json"


class CompiledRoute(APIRoute):
    """``APIRoute`` whose handler runs the route's compiled plan (see the module doc)."""

    def get_route_handler(self) -> Handler:
        fastapi_handler = super().get_route_handler()
        route: Any = self
        # The route as included (prefix, the router's dependencies), as FastAPI's own
        # ``get_route_handler`` resolves it.
        effective = _effective_route_context_var.get()
        if effective is not None and effective.original_route is self:
            route = effective
        try:
            plan = _compile(route)
        except _Unsupported:
            return fastapi_handler
        return _handler(route, plan, fastapi_handler)


def _handler(route: Any, plan: _Plan, fastapi_handler: Handler) -> Handler:
    endpoint = route.dependant.call
    overrides = route.dependency_overrides_provider
    status_code = route.status_code
    response_field = route.response_field
    response_class = route.response_class
    use_dump_json = response_field is not None and isinstance(response_class, DefaultPlaceholder)
    actual_response_class = (
        response_class.value if isinstance(response_class, DefaultPlaceholder) else response_class
    )
    response_args: dict[str, Any] = {"background": None}
    if status_code is not None:
        response_args["status_code"] = status_code
    param_specs = plan.params
    body_field = plan.body
    body_slot = plan.body_slot
    steps = plan.steps
    endpoint_args = plan.endpoint_args
    path_template = route.dependant.path

    def values_of(request: Request) -> list[Any]:
        scope = request.scope
        values: list[Any] = []
        query = None
        for spec in param_specs:
            kind = spec.kind
            if kind == "path":
                raw = scope["path_params"].get(spec.key)
            elif kind == "query":
                if query is None:
                    query = request.query_params
                raw = query.get(spec.key)
            elif kind == "header":
                raw = None
                key = spec.key.encode("latin-1")
                for name, value in scope["headers"]:
                    if name == key:
                        raw = value.decode("latin-1")
                        break
            else:  # the body's slot, filled by the caller
                values.append(None)
                continue
            if raw is None:
                if spec.required:
                    raise _Fallback
                values.append(spec.default if spec.shared_default else copy.deepcopy(spec.default))
                continue
            value, errors = spec.field.validate(raw, {}, loc=(kind, spec.key))
            if errors:
                raise _Fallback
            values.append(value)
        return values

    async def handle(request: Request) -> Response:
        scope = request.scope
        if scope.get("fastapi.telemetry") is not None or (
            overrides is not None and overrides.dependency_overrides
        ):
            return await fastapi_handler(request)
        try:
            values = values_of(request)
            if body_field is not None:
                content_type = None
                for name, value in scope["headers"]:
                    if name == b"content-type":
                        content_type = value
                        break
                if content_type != _JSON:
                    raise _Fallback
                try:
                    raw_body = await request.body()
                except Exception:
                    # A disconnect (or a body over the limit, ended by the body-limit
                    # middleware): FastAPI's handler says what that is (400).
                    raise _Fallback from None
                if not raw_body:
                    raise _Fallback
                try:
                    parsed = orjson.loads(raw_body)
                except orjson.JSONDecodeError:
                    raise _Fallback from None
                value, errors = body_field.validate(parsed, {}, loc=("body",))
                if errors:
                    raise _Fallback
                values[body_slot] = value
        except _Fallback:
            return await fastapi_handler(request)

        results: list[Any] = []
        cache: dict[Any, Any] = {}
        for step in steps:
            if step.use_cache and step.key in cache:
                solved = cache[step.key]
            else:
                kwargs = {
                    name: results[i]
                    if source == _STEP
                    else request
                    if source == _REQUEST
                    else values[i]
                    for name, source, i in step.args
                }
                solved = await step.call(**kwargs)
            results.append(solved)
            if step.key not in cache:
                cache[step.key] = solved
        sub_response: Response | None = None
        kwargs = {}
        for name, source, i in endpoint_args:
            if source == _RESPONSE:
                # As FastAPI's solve_dependencies makes it: no length, no status of its own.
                sub_response = Response()
                del sub_response.headers["content-length"]
                sub_response.status_code = None  # type: ignore[assignment]
                kwargs[name] = sub_response
            else:
                kwargs[name] = (
                    results[i] if source == _STEP else request if source == _REQUEST else values[i]
                )
        raw_response = await endpoint(**kwargs)
        if isinstance(raw_response, Response):
            return raw_response
        endpoint_ctx = _extract_endpoint_context(endpoint)
        mount_path = scope.get("root_path", "").rstrip("/")
        endpoint_ctx["path"] = f"{request.method} {mount_path}{path_template}"
        content = await serialize_response(
            field=response_field,
            response_content=raw_response,
            include=route.response_model_include,
            exclude=route.response_model_exclude,
            by_alias=route.response_model_by_alias,
            exclude_unset=route.response_model_exclude_unset,
            exclude_defaults=route.response_model_exclude_defaults,
            exclude_none=route.response_model_exclude_none,
            is_coroutine=True,
            endpoint_ctx=endpoint_ctx,
            dump_json=use_dump_json,
        )
        args = response_args
        if sub_response is not None and sub_response.status_code:
            args = {**response_args, "status_code": sub_response.status_code}
        if use_dump_json:
            response = Response(content=content, media_type="application/json", **args)
        else:
            response = actual_response_class(content, **args)
        if sub_response is not None:
            response.headers.raw.extend(sub_response.headers.raw)
        if not is_body_allowed_for_status_code(response.status_code):
            response.body = b""
        return response

    return handle


# Where a CompiledRouter keeps its match for the request: {id(included router): (the
# included router, (path, method), FastAPI's match)}.
_MATCHED = "storefront.matched"
_Found = tuple[Match, Scope, BaseRoute | None, Any]


class CompiledRouter(APIRouter):
    """``APIRouter`` matched once per request (see the module doc); its routes are
    ``CompiledRoute`` unless it is given another ``route_class``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("route_class", CompiledRoute)
        super().__init__(*args, **kwargs)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        included = _get_scope_included_router(scope)
        if not (isinstance(included, _IncludedRouter) and included.original_router is self):
            return super().matches(scope)
        found: _Found = included._match(scope)
        key = (scope.get("path"), scope.get("method"))
        scope.setdefault(_MATCHED, {})[id(included)] = (included, key, found)
        return found[0], found[1]

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        included = _get_scope_included_router(scope)
        if isinstance(included, _IncludedRouter) and included.original_router is self:
            kept = scope.get(_MATCHED, {}).pop(id(included), None)
            if (
                kept is not None
                and kept[0] is included
                and kept[1] == (scope.get("path"), scope.get("method"))
            ):
                await _handle_found(included, kept[2], scope, receive, send)
                return
        await super().handle(scope, receive, send)


async def _handle_found(
    included: _IncludedRouter, found: _Found, scope: Scope, receive: Receive, send: Send
) -> None:
    """FastAPI's ``_IncludedRouter._handle_selected`` after its match, with ``found``."""
    match, child_scope, route, effective_context = found
    if match == Match.NONE or route is None:
        await included.original_router.default(scope, receive, send)
        return
    scope.update(child_scope)
    if isinstance(route, _IncludedRouter):
        await route.handle(scope, receive, send)
        return
    if effective_context is not None:
        _route_selected(
            scope=scope,
            path=getattr(effective_context.starlette_route, "path_format", None)
            or effective_context.path_format,
            mount=isinstance(route, starlette_routing.Mount),
        )
        _get_fastapi_scope(scope)[_FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY] = effective_context
        original_route = effective_context.original_route
        if isinstance(original_route, APIRoute):
            scope["route"] = original_route
            await original_route.handle(scope, receive, send)
            return
    await route.handle(scope, receive, send)
