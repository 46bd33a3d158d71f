"""The ASGI application: ``create_app()`` builds it; ``app`` is the one uvicorn serves."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import API_VERSION, health
from server.auth.router import router as auth_router
from server.config import Settings, get_settings, resolve_secret_key
from server.context import AppContext
from server.db import Database
from server.errors import install_error_handlers
from server.items.router import router as items_router
from server.metrics import Metrics
from server.middleware import BodyLimitMiddleware, CorsMiddleware, FrontDoor
from server.openapi import install_openapi, render
from server.security import Passwords, Tokens, deployment_audience
from server.throttle.door import ThrottleDoor
from server.users.router import router as users_router

DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
# The docs pages load everything from this server (fastapi-offline's assets) and must
# work with no internet. Redoc's sidebar footer still asks cdn.redoc.ly for its logo;
# this policy keeps the browser from contacting anyone but us (the logo is then hidden).
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'self'"
)


class DocsPolicyMiddleware:
    """Send ``DOCS_CONTENT_SECURITY_POLICY`` with the /docs and /redoc pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in DOCS_PATHS:
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
            await send(message)

        await self.app(scope, receive, send_with_policy)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    ctx: AppContext = app.state.storefront
    sampling = None
    if ctx.metrics is not None:
        sampling = asyncio.get_running_loop().create_task(_sample_forever(ctx, ctx.metrics))
    yield
    if sampling is not None:
        sampling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampling
        ctx.metrics.mark_dead()  # type: ignore[union-attr]
    await ctx.db.aclose()
    ctx.passwords.gate.shutdown()


async def _sample_forever(ctx: AppContext, metrics: Metrics) -> None:
    """Every SAMPLE_SECONDS, the pool, the hashing bound and the connections into the metrics."""
    from server import serving
    from server.metrics import SAMPLE_SECONDS

    book = serving.BOOK
    while True:
        metrics.sample(
            pool=ctx.db.pool_stats(),
            hashing=ctx.passwords.gate.stats(),
            connections=(
                book.open,
                book.refused,
                book.evicted,
                book.timed_out,
                book.body_timed_out,
            ),
        )
        await asyncio.sleep(SAMPLE_SECONDS)


def create_app(settings: Settings | None = None, *, secret_key: str | None = None) -> FastAPI:
    """Build the application for ``settings`` (default: the environment)."""
    settings = settings or get_settings()
    key = secret_key or resolve_secret_key(settings, bind_host=None, create=False)
    app = FastAPIOffline(
        title="Storefront API",
        version=API_VERSION,
        swagger_ui_init_oauth={"usePkceWithAuthorizationCodeGrant": False},
        # A bearer token typed into /docs lives only as long as the page: never in the
        # browser's localStorage, where any script on the origin could read it later.
        swagger_ui_parameters={"persistAuthorization": False},
        # Operation ids are the route function names: the SDK's module names.
        generate_unique_id_function=lambda route: route.name,
        lifespan=_lifespan,
    )
    ctx = AppContext(
        settings=settings,
        db=Database(settings),
        passwords=Passwords(settings),
        tokens=Tokens(
            key,
            settings.access_token_expire_seconds,
            audience=deployment_audience(settings, key),
            refresh_lifetime_seconds=settings.refresh_token_expire_seconds,
            leeway_seconds=settings.token_leeway_seconds,
        ),
        secret_key=key,
        metrics=Metrics() if settings.metrics_port is not None else None,
    )
    app.state.storefront = ctx
    install_error_handlers(app)
    # Routes are matched in this order: the catalog, the busiest, first.
    for router in (items_router, users_router, auth_router, health.router):
        app.include_router(router)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(DocsPolicyMiddleware)
    install_openapi(app)
    build_stack = app.build_middleware_stack

    def build_middleware_stack() -> ASGIApp:
        # The front door goes outside Starlette's own error middleware, so the 500 it
        # answers carries the request id and headers too, and is counted and logged once;
        # CORS outside it, so even a refusal at the door is readable from an allowed origin.
        stack: ASGIApp = FrontDoor(
            build_stack(),
            door=ThrottleDoor(ctx),
            metrics=ctx.metrics,
            access_log=settings.access_log,
        )
        if settings.cors_origin_list:
            # A preflight is answered before anything else looks at it.
            stack = CorsMiddleware(stack, origins=settings.cors_origin_list)
        return stack

    app.build_middleware_stack = build_middleware_stack  # type: ignore[method-assign]
    return app


def openapi_document() -> str:
    """The committed ``openapi.json``: a default-configured app's (no database is opened)."""
    key = "openapi-export-" + "x" * 32
    return render(create_app(Settings(database_url="sqlite://", secret_key=key), secret_key=key))


def __getattr__(name: str) -> FastAPI:
    # `server.main:app` is built on first access, so importing this module has no side effects.
    if name == "app":
        application = create_app()
        globals()["app"] = application
        # The served app and everything built with it (modules, routes, models: ~10^5
        # objects) live as long as the process: keep them out of the collector's full
        # passes, which would walk all of them every few thousand requests (the effect on
        # create p99 is in docs/performance.md).
        gc.collect()
        gc.freeze()
        return application
    raise AttributeError(name)
