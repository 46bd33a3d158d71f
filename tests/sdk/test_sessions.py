"""The resource client keeps a login's session going: it renews the access token with
the refresh token (before it runs out, and once after a 401), serialises renewals so a
refresh token is never redeemed twice, and ``logout()`` ends the session on the server.

Against the real app in-process, on both engines, with access tokens that live 2 s and
no clock leeway, so a token that was not renewed really is refused.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from storefront_client import AsyncStorefront, Storefront, errors
from storefront_client.models import ItemCreate

from server.config import Settings
from tests.support.databases import fast_settings
from tests.support.leaks import remember_password

LIFETIME = 2
BASE_URL = "http://testserver"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return fast_settings(database_url, access_token_expire_seconds=LIFETIME, token_leeway_seconds=0)


class Grants:
    """Counts the token endpoint's grants the SDK sends, by kind."""

    def __init__(self) -> None:
        self.password = 0
        self.refresh = 0

    def __call__(self, request: httpx.Request) -> None:
        if request.url.path == "/v1/auth/token":
            body = request.read()
            if b"grant_type=refresh_token" in body:
                self.refresh += 1
            else:
                self.password += 1


@pytest.fixture
def account(client: TestClient) -> tuple[str, str]:
    email = f"{uuid.uuid4().hex[:12]}@example.com"
    password = remember_password(f"Vq7-{uuid.uuid4().hex[:16]}-horse")
    assert client.post("/v1/users", json={"email": email, "password": password}).status_code == 201
    return email, password


def _storefront(client: TestClient, grants: Grants) -> Storefront:
    http = httpx.Client(
        base_url=BASE_URL, transport=client._transport, event_hooks={"request": [grants]}
    )
    return Storefront(base_url=BASE_URL, http_client=http, max_retries=0)


def test_a_long_running_program_never_needs_the_password_again(
    client: TestClient, account: tuple[str, str]
) -> None:
    email, password = account
    grants = Grants()
    with _storefront(client, grants) as storefront:
        first = storefront.login(email, password).access_token
        del password  # the program keeps no password from here on
        for n in range(4):
            assert storefront.users.me().email == email
            sku = f"LONG-RUN-{uuid.uuid4().hex[:8].upper()}"
            storefront.items.create(body=ItemCreate(sku=sku, name=f"n{n}", price_cents=100))
            time.sleep(LIFETIME + 0.3)  # waits out the access token of the moment
        assert storefront.users.me().email == email
    assert grants.password == 1
    assert grants.refresh >= 4
    # The first access token really ran out: only the renewals kept the program going.
    expired = client.get("/v1/users/me", headers={"Authorization": f"Bearer {first}"})
    assert expired.status_code == 401


def test_a_401_is_answered_by_one_renewal_and_a_retry(
    client: TestClient, account: tuple[str, str]
) -> None:
    email, password = account
    grants = Grants()
    with _storefront(client, grants) as storefront:
        storefront.login(email, password)
        session = storefront.client.session  # type: ignore[attr-defined]
        session.renew_at = float("inf")  # no renewal ahead of time: the 401 must do it
        time.sleep(LIFETIME + 0.3)
        assert storefront.users.me().email == email
        assert grants.refresh == 1


def test_logout_ends_the_session_on_the_server(
    client: TestClient, account: tuple[str, str]
) -> None:
    email, password = account
    with _storefront(client, Grants()) as storefront:
        token = storefront.login(email, password)
        storefront.logout()
        assert storefront.token is None
        with pytest.raises(errors.AuthenticationError):
            storefront.users.me()
    for access in (token.access_token,):
        refused = client.get("/v1/users/me", headers={"Authorization": f"Bearer {access}"})
        assert refused.status_code == 401
    renewal = client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": token.refresh_token},
    )
    assert renewal.status_code == 401


def test_an_ended_session_is_not_renewed(client: TestClient, account: tuple[str, str]) -> None:
    email, password = account
    grants = Grants()
    with _storefront(client, grants) as storefront:
        token = storefront.login(email, password)
        # Ended elsewhere (another device logs out): the refresh token is refused too.
        assert client.post("/v1/auth/revoke", data={"token": token.access_token}).status_code == 200
        with pytest.raises(errors.AuthenticationError):
            storefront.users.me()
        assert grants.refresh == 1


def test_concurrent_async_calls_renew_once(
    app: FastAPI, client: TestClient, account: tuple[str, str]
) -> None:
    email, password = account
    grants = Grants()

    async def program() -> list[str]:
        async def hook(request: httpx.Request) -> None:
            grants(request)

        http = httpx.AsyncClient(
            base_url=BASE_URL,
            transport=httpx.ASGITransport(app=app),
            event_hooks={"request": [hook]},
        )
        try:
            async with AsyncStorefront(
                base_url=BASE_URL, http_client=http, max_retries=0
            ) as storefront:
                await storefront.login(email, password)
                await asyncio.sleep(LIFETIME + 0.3)
                users = await asyncio.gather(*(storefront.users.me() for _ in range(5)))
                return [user.email for user in users]
        finally:
            await app.state.storefront.db.aclose()

    # A renewal redeemed twice would end the session: all five succeed on one renewal.
    assert asyncio.run(program()) == [email] * 5
    assert grants.refresh == 1
