"""Scenario drivers that speak through the generated SDK (``client/``), sync and async.

They call ``sync()`` / ``asyncio()`` the way a user would: typed models in, typed
models out, typed exceptions for error statuses. Models become plain dicts
(``to_dict()``) and ``storefront_client.errors.ApiError`` becomes ``ApiFailure``, so the
scenarios compare the same shapes whichever driver runs them. Each call records the
operation and the status it produced for the coverage gate.

Both run against the same in-process app as ``HttpDriver``: the sync SDK client sends
through the TestClient's transport (``transport=``), the async one through an
``httpx.ASGITransport`` on an event loop kept for the whole test (an anyio blocking
portal), set with ``set_async_httpx_client``. In both the bearer token is applied by the
SDK on each request. Retries are off (``max_retries=0``): a scenario states what the API
answers to one request; the retry behaviour has its own tests in ``tests/sdk/``.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

import httpx
from anyio.from_thread import BlockingPortal
from storefront_client import AuthenticatedClient, Client, errors
from storefront_client.api.auth import login, revoke_token
from storefront_client.api.items import (
    create_item,
    delete_item,
    get_item,
    list_items,
    replace_item,
    update_item,
)
from storefront_client.api.users import (
    create_user,
    deactivate_user,
    get_current_user,
    list_users,
    reactivate_user,
    revoke_user_sessions,
    update_current_user,
)
from storefront_client.models import (
    ItemCreate,
    ItemUpdate,
    LoginForm,
    RevokeForm,
    UserCreate,
    UserUpdate,
)
from storefront_client.testing import FakeServer
from storefront_client.types import UNSET, Unset

from tests.support import coverage
from tests.support.drivers import JSON, ApiFailure, Driver
from tests.support.leaks import acheck_response, check_response

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M", ItemCreate, ItemUpdate, UserCreate, UserUpdate)
BASE_URL = "http://testserver"


class RawBody:
    """A body the SDK's types cannot express (a required field missing, say): what a
    caller who builds dicts by hand would send. It quacks like a model (``to_dict``)."""

    def __init__(self, body: JSON) -> None:
        self.body = body

    def to_dict(self) -> JSON:
        return dict(self.body)


def as_model(model: type[M], body: JSON) -> M:
    """The typed model for ``body``; a RawBody in its clothes when the model cannot hold
    it exactly (invalid bodies are what the 422 scenarios send)."""
    try:
        typed = model.from_dict(body)
    except (KeyError, TypeError, ValueError):
        return cast(M, RawBody(body))
    return typed if typed.to_dict() == body else cast(M, RawBody(body))


def failure(operation: str, error: errors.ApiError) -> ApiFailure:
    """The ApiFailure for a typed SDK error, checking the error's own fields first."""
    assert error.problem is not None, f"{operation}: {error.status} without a problem"
    problem = error.problem.to_dict()
    assert problem == error.response.json(), "the Problem model lost or changed fields"
    assert error.request_id == error.response.headers["x-request-id"]
    return ApiFailure(error.status, problem, dict(error.response.headers))


def check_not_modified(not_modified: errors.NotModified, if_none_match: str | None) -> None:
    assert not_modified.status == 304
    assert not_modified.etag == if_none_match


def key(value: str | None) -> str | Unset:
    return UNSET if value is None else value


class SdkDriver(Driver):
    """What both SDK drivers share; subclasses say how a call is run."""

    def __init__(self, sdk: Client, responses: list[httpx.Response]) -> None:
        self.sdk = sdk
        # Every response the SDK's httpx client saw, in order (event hook).
        self.responses = responses

    @property
    def authed(self) -> AuthenticatedClient:
        # Anonymous calls to protected operations are what the 401 scenarios send; the
        # SDK's types would refuse them, so the anonymous client is passed as it is.
        return cast(AuthenticatedClient, self.sdk)

    @abstractmethod
    def _run(
        self,
        sync: Callable[P, T],
        asyncio: Callable[P, Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T: ...

    def _call(
        self,
        operation: str,
        sync: Callable[P, T],
        asyncio: Callable[P, Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        seen = len(self.responses)
        try:
            return self._run(sync, asyncio, *args, **kwargs)
        except errors.ApiError as error:
            raise failure(operation, error) from error
        finally:
            assert len(self.responses) == seen + 1, "one call, one response (no retries here)"
            last = self.responses[-1]
            coverage.record(self.kind, operation, last.status_code, last.headers.multi_items())

    def create_user(self, body: JSON, *, idempotency_key: str | None = None) -> JSON:
        user = self._call(
            "create_user",
            create_user.sync,
            create_user.asyncio,
            client=self.sdk,
            body=as_model(UserCreate, body),
            idempotency_key=key(idempotency_key),
        )
        return user.to_dict()

    def login(self, username: str, password: str) -> JSON:
        token = self._call(
            "login",
            login.sync,
            login.asyncio,
            client=self.sdk,
            body=LoginForm(username=username, password=password),
        )
        return token.to_dict()

    def refresh(self, refresh_token: str) -> JSON:
        token = self._call(
            "login",
            login.sync,
            login.asyncio,
            client=self.sdk,
            body=LoginForm(grant_type="refresh_token", refresh_token=refresh_token),
        )
        return token.to_dict()

    def revoke_token(self, token: str, *, token_type_hint: str | None = None) -> None:
        form = (
            RevokeForm(token=token)
            if token_type_hint is None
            else RevokeForm(token=token, token_type_hint=cast(Any, token_type_hint))
        )
        result = self._call(
            "revoke_token", revoke_token.sync, revoke_token.asyncio, client=self.sdk, body=form
        )
        assert result is None

    def deactivate_user(self, user_id: int) -> JSON:
        user = self._call(
            "deactivate_user",
            deactivate_user.sync,
            deactivate_user.asyncio,
            user_id,
            client=self.authed,
        )
        return user.to_dict()

    def reactivate_user(self, user_id: int) -> JSON:
        user = self._call(
            "reactivate_user",
            reactivate_user.sync,
            reactivate_user.asyncio,
            user_id,
            client=self.authed,
        )
        return user.to_dict()

    def revoke_user_sessions(self, user_id: int) -> None:
        result = self._call(
            "revoke_user_sessions",
            revoke_user_sessions.sync,
            revoke_user_sessions.asyncio,
            user_id,
            client=self.authed,
        )
        assert result is None

    def get_current_user(self) -> JSON:
        user = self._call(
            "get_current_user", get_current_user.sync, get_current_user.asyncio, client=self.authed
        )
        return user.to_dict()

    def update_current_user(self, body: JSON) -> JSON:
        user = self._call(
            "update_current_user",
            update_current_user.sync,
            update_current_user.asyncio,
            client=self.authed,
            body=as_model(UserUpdate, body),
        )
        return user.to_dict()

    def list_users(self, **query: Any) -> JSON:
        page = self._call(
            "list_users", list_users.sync, list_users.asyncio, client=self.authed, **query
        )
        return page.to_dict()

    def create_item(self, body: JSON, *, idempotency_key: str | None = None) -> JSON:
        item = self._call(
            "create_item",
            create_item.sync,
            create_item.asyncio,
            client=self.authed,
            body=as_model(ItemCreate, body),
            idempotency_key=key(idempotency_key),
        )
        return item.to_dict()

    def list_items(self, **query: Any) -> JSON:
        page = self._call(
            "list_items", list_items.sync, list_items.asyncio, client=self.sdk, **query
        )
        return page.to_dict()

    def get_item(self, item_id: int, *, if_none_match: str | None = None) -> JSON | None:
        try:
            item = self._call(
                "get_item",
                get_item.sync,
                get_item.asyncio,
                item_id,
                client=self.sdk,
                if_none_match=key(if_none_match),
            )
        except errors.NotModified as not_modified:
            check_not_modified(not_modified, if_none_match)
            return None
        return item.to_dict()

    def replace_item(self, item_id: int, body: JSON, *, if_match: str | None = None) -> JSON:
        item = self._call(
            "replace_item",
            replace_item.sync,
            replace_item.asyncio,
            item_id,
            client=self.authed,
            body=as_model(ItemCreate, body),
            if_match=key(if_match),
        )
        return item.to_dict()

    def update_item(self, item_id: int, body: JSON, *, if_match: str | None = None) -> JSON:
        item = self._call(
            "update_item",
            update_item.sync,
            update_item.asyncio,
            item_id,
            client=self.authed,
            body=as_model(ItemUpdate, body),
            if_match=key(if_match),
        )
        return item.to_dict()

    def delete_item(self, item_id: int, *, if_match: str | None = None) -> None:
        self._call(
            "delete_item",
            delete_item.sync,
            delete_item.asyncio,
            item_id,
            client=self.authed,
            if_match=key(if_match),
        )


class SyncSdkDriver(SdkDriver):
    """``sync()`` through the TestClient's transport, as ``transport=`` on the SDK client."""

    kind = "sdk-sync"

    def __init__(
        self,
        transport: httpx.BaseTransport,
        token: str | None = None,
        responses: list[httpx.Response] | None = None,
    ) -> None:
        self.transport = transport
        responses = [] if responses is None else responses

        def record(response: httpx.Response) -> None:
            responses.append(response)

        hooks = {"response": [check_response, record]}
        options: dict[str, Any] = {
            "transport": transport,
            "max_retries": 0,
            "httpx_args": {"event_hooks": hooks},
        }
        sdk = (
            Client(base_url=BASE_URL, **options)
            if token is None
            else AuthenticatedClient(base_url=BASE_URL, token=token, **options)
        )
        super().__init__(sdk, responses)

    def with_token(self, token: str | None) -> SyncSdkDriver:
        return SyncSdkDriver(self.transport, token, self.responses)

    def _run(
        self,
        sync: Callable[P, T],
        asyncio: Callable[P, Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        return sync(*args, **kwargs)


class AsyncSdkDriver(SdkDriver):
    """``asyncio()`` on one event loop for the whole test (``portal``), through one
    ``httpx.AsyncClient`` on the app's ASGI transport, shared by every SDK client."""

    kind = "sdk-async"

    def __init__(
        self,
        portal: BlockingPortal,
        http: httpx.AsyncClient,
        token: str | None = None,
        responses: list[httpx.Response] | None = None,
    ) -> None:
        self.portal = portal
        self.http = http
        sdk = (
            Client(base_url=BASE_URL, max_retries=0)
            if token is None
            else AuthenticatedClient(base_url=BASE_URL, token=token, max_retries=0)
        )
        sdk.set_async_httpx_client(http)
        super().__init__(sdk, [] if responses is None else responses)

    @classmethod
    def open(cls, portal: BlockingPortal, transport: httpx.AsyncBaseTransport) -> AsyncSdkDriver:
        responses: list[httpx.Response] = []

        async def record(response: httpx.Response) -> None:
            responses.append(response)

        async def make() -> httpx.AsyncClient:
            hooks = {"response": [acheck_response, record]}
            return httpx.AsyncClient(transport=transport, base_url=BASE_URL, event_hooks=hooks)

        return cls(portal, portal.call(make), None, responses)

    def close(self) -> None:
        self.portal.call(self.http.aclose)

    def with_token(self, token: str | None) -> AsyncSdkDriver:
        return AsyncSdkDriver(self.portal, self.http, token, self.responses)

    def _run(
        self,
        sync: Callable[P, T],
        asyncio: Callable[P, Awaitable[T]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        async def call() -> T:
            return await asyncio(*args, **kwargs)

        return self.portal.call(call)


class FakeSdkDriver(SyncSdkDriver):
    """``sync()`` against ``storefront_client.testing.FakeServer`` instead of the app: the
    scenarios it runs prove the fake answers as the server does (the ones it does not
    model are listed in ``tests/scenarios/conftest.py``)."""

    kind = "sdk-fake"

    def __init__(
        self,
        fake: FakeServer,
        token: str | None = None,
        responses: list[httpx.Response] | None = None,
    ) -> None:
        self.fake = fake
        super().__init__(fake.transport(), token, responses)

    def with_token(self, token: str | None) -> FakeSdkDriver:
        return FakeSdkDriver(self.fake, token, self.responses)
