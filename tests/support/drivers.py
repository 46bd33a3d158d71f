"""Scenario drivers: the same operations, spoken as raw HTTP or through the SDK.

Scenarios call a ``Driver`` and compare plain JSON-shaped dicts; error statuses
raise ``ApiFailure`` whichever driver is used. Each call records the operation id
and the status it produced, for the coverage gate (``tests/support/coverage.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support import coverage

JSON = dict[str, Any]


@dataclass
class ApiFailure(Exception):
    """An error status, as any driver reports it."""

    status: int
    problem: JSON
    headers: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status}: {self.problem.get('detail')}"


class Driver(ABC):
    """One way of calling the API; ``kind`` names it in test ids and coverage."""

    kind: str

    @abstractmethod
    def with_token(self, token: str | None) -> Driver:
        """The same driver, sending ``token`` as the bearer (None: anonymous)."""

    @abstractmethod
    def create_user(self, body: JSON, *, idempotency_key: str | None = None) -> JSON: ...

    @abstractmethod
    def login(self, username: str, password: str) -> JSON: ...

    @abstractmethod
    def refresh(self, refresh_token: str) -> JSON:
        """``login`` with ``grant_type=refresh_token``: the next access and refresh tokens."""

    @abstractmethod
    def revoke_token(self, token: str, *, token_type_hint: str | None = None) -> None: ...

    @abstractmethod
    def deactivate_user(self, user_id: int) -> JSON: ...

    @abstractmethod
    def reactivate_user(self, user_id: int) -> JSON: ...

    @abstractmethod
    def revoke_user_sessions(self, user_id: int) -> None: ...

    @abstractmethod
    def get_current_user(self) -> JSON: ...

    @abstractmethod
    def update_current_user(self, body: JSON) -> JSON: ...

    @abstractmethod
    def list_users(self, **query: Any) -> JSON: ...

    @abstractmethod
    def create_item(self, body: JSON, *, idempotency_key: str | None = None) -> JSON: ...

    @abstractmethod
    def list_items(self, **query: Any) -> JSON: ...

    @abstractmethod
    def get_item(self, item_id: int, *, if_none_match: str | None = None) -> JSON | None:
        """The item, or None for 304 Not Modified."""

    @abstractmethod
    def replace_item(self, item_id: int, body: JSON, *, if_match: str | None = None) -> JSON: ...

    @abstractmethod
    def update_item(self, item_id: int, body: JSON, *, if_match: str | None = None) -> JSON: ...

    @abstractmethod
    def delete_item(self, item_id: int, *, if_match: str | None = None) -> None: ...


class HttpDriver(Driver):
    """Raw HTTP with httpx: status codes, headers and JSON exactly as sent."""

    kind = "http"

    def __init__(self, client: httpx.Client, token: str | None = None) -> None:
        self.client = client
        self.token = token
        self.last: httpx.Response | None = None

    def with_token(self, token: str | None) -> HttpDriver:
        return HttpDriver(self.client, token)

    def _send(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        ok: tuple[int, ...],
        headers: Mapping[str, str | None] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        sent = {k: v for k, v in (headers or {}).items() if v is not None}
        if self.token is not None:
            sent["Authorization"] = f"Bearer {self.token}"
        response = self.client.request(method, path, headers=sent, **kwargs)
        self.last = response
        coverage.record(self.kind, operation, response.status_code, response.headers.multi_items())
        if response.status_code in ok:
            return response
        if response.status_code >= 400:
            assert response.headers["content-type"] == "application/problem+json", response.text
            raise ApiFailure(response.status_code, response.json(), dict(response.headers))
        raise AssertionError(f"{operation}: unexpected {response.status_code} {response.text}")

    def create_user(self, body: JSON, *, idempotency_key: str | None = None) -> JSON:
        r = self._send(
            "create_user",
            "POST",
            "/v1/users",
            ok=(201,),
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        assert r.headers["location"] == "/v1/users/me"
        return dict(r.json())

    def login(self, username: str, password: str) -> JSON:
        r = self._send(
            "login",
            "POST",
            "/v1/auth/token",
            ok=(200,),
            data={"username": username, "password": password},
        )
        assert r.headers["cache-control"] == "no-store"
        return dict(r.json())

    def refresh(self, refresh_token: str) -> JSON:
        r = self._send(
            "login",
            "POST",
            "/v1/auth/token",
            ok=(200,),
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        )
        assert r.headers["cache-control"] == "no-store"
        return dict(r.json())

    def revoke_token(self, token: str, *, token_type_hint: str | None = None) -> None:
        data = {"token": token}
        if token_type_hint is not None:
            data["token_type_hint"] = token_type_hint
        r = self._send("revoke_token", "POST", "/v1/auth/revoke", ok=(200,), data=data)
        assert r.content == b""
        assert r.headers["cache-control"] == "no-store"

    def deactivate_user(self, user_id: int) -> JSON:
        path = f"/v1/users/{user_id}/deactivate"
        return dict(self._send("deactivate_user", "POST", path, ok=(200,)).json())

    def reactivate_user(self, user_id: int) -> JSON:
        path = f"/v1/users/{user_id}/reactivate"
        return dict(self._send("reactivate_user", "POST", path, ok=(200,)).json())

    def revoke_user_sessions(self, user_id: int) -> None:
        path = f"/v1/users/{user_id}/revoke-sessions"
        r = self._send("revoke_user_sessions", "POST", path, ok=(204,))
        assert r.content == b""

    def get_current_user(self) -> JSON:
        r = self._send("get_current_user", "GET", "/v1/users/me", ok=(200,))
        assert r.headers["cache-control"] == "no-store"
        return dict(r.json())

    def update_current_user(self, body: JSON) -> JSON:
        r = self._send("update_current_user", "PATCH", "/v1/users/me", ok=(200,), json=body)
        return dict(r.json())

    def list_users(self, **query: Any) -> JSON:
        return dict(self._send("list_users", "GET", "/v1/users", ok=(200,), params=query).json())

    def create_item(self, body: JSON, *, idempotency_key: str | None = None) -> JSON:
        r = self._send(
            "create_item",
            "POST",
            "/v1/items",
            ok=(201,),
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        item = dict(r.json())
        assert r.headers["location"] == f"/v1/items/{item['id']}"
        assert r.headers["etag"] == f'"{item["version"]}"'
        return item

    def list_items(self, **query: Any) -> JSON:
        return dict(self._send("list_items", "GET", "/v1/items", ok=(200,), params=query).json())

    def get_item(self, item_id: int, *, if_none_match: str | None = None) -> JSON | None:
        r = self._send(
            "get_item",
            "GET",
            f"/v1/items/{item_id}",
            ok=(200, 304),
            headers={"If-None-Match": if_none_match},
        )
        if r.status_code == 304:
            assert r.content == b""
            return None
        item = dict(r.json())
        assert r.headers["etag"] == f'"{item["version"]}"'
        return item

    def replace_item(self, item_id: int, body: JSON, *, if_match: str | None = None) -> JSON:
        r = self._send(
            "replace_item",
            "PUT",
            f"/v1/items/{item_id}",
            ok=(200,),
            json=body,
            headers={"If-Match": if_match},
        )
        item = dict(r.json())
        assert r.headers["etag"] == f'"{item["version"]}"'
        return item

    def update_item(self, item_id: int, body: JSON, *, if_match: str | None = None) -> JSON:
        r = self._send(
            "update_item",
            "PATCH",
            f"/v1/items/{item_id}",
            ok=(200,),
            json=body,
            headers={"If-Match": if_match},
        )
        item = dict(r.json())
        assert r.headers["etag"] == f'"{item["version"]}"'
        return item

    def delete_item(self, item_id: int, *, if_match: str | None = None) -> None:
        r = self._send(
            "delete_item",
            "DELETE",
            f"/v1/items/{item_id}",
            ok=(204,),
            headers={"If-Match": if_match},
        )
        assert r.content == b""
