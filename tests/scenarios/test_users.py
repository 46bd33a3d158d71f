"""create_user, get_current_user, update_current_user, list_users."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.drivers import ApiFailure
from tests.support.factories import DEFAULT_PASSWORD, Api, unique

PUBLIC_USER_KEYS = {"id", "email", "full_name", "is_active", "is_superuser", "created_at"}


class TestCreateUser:
    def test_valid(self, api: Api) -> None:
        email = f"{unique('Mixed.Case')}@Example.COM"
        user = api.anonymous.create_user(
            {"email": email, "password": DEFAULT_PASSWORD, "full_name": "Ada"}
        )
        assert set(user) == PUBLIC_USER_KEYS
        assert user["email"] == email.lower()
        assert user["full_name"] == "Ada"
        assert user["is_active"] is True
        assert user["is_superuser"] is False
        assert datetime.fromisoformat(user["created_at"]).utcoffset() == timedelta(0)

    def test_email_taken_any_case(self, api: Api) -> None:
        account = api.register()
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_user(
                {"email": account.user["email"].upper(), "password": DEFAULT_PASSWORD}
            )
        assert failure.value.status == 409
        assert "already exists" in failure.value.problem["detail"]

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"email": "not-an-email", "password": DEFAULT_PASSWORD}, "email"),
            ({"email": "a@example.com", "password": "short"}, "password"),
            ({"email": "a@example.com", "password": "x" * 129}, "password"),
            ({"email": "a@example.com"}, "password"),
            (
                {"email": "a@example.com", "password": DEFAULT_PASSWORD, "is_superuser": True},
                "is_superuser",
            ),
            (
                {"email": "a@example.com", "password": DEFAULT_PASSWORD, "full_name": "x" * 201},
                "full_name",
            ),
            (
                {"email": "a@example.com", "password": DEFAULT_PASSWORD, "full_name": "nul\x00"},
                "full_name",
            ),
        ],
    )
    def test_invalid(self, api: Api, body: dict[str, object], field: str) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_user(body)
        assert failure.value.status == 422
        assert [e["loc"][-1] for e in failure.value.problem["errors"]] == [field]
        # Nothing was stored: the same email registers fine afterwards.
        api.anonymous.create_user({"email": "a@example.com", "password": DEFAULT_PASSWORD})

    def test_idempotent_replay(self, api: Api) -> None:
        body = {"email": f"{unique('idem')}@example.com", "password": DEFAULT_PASSWORD}
        first = api.anonymous.create_user(body, idempotency_key="register-1")
        again = api.anonymous.create_user(body, idempotency_key="register-1")
        assert again == first
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_user(
                {**body, "full_name": "Changed"}, idempotency_key="register-1"
            )
        assert failure.value.status == 422
        assert failure.value.problem["errors"][0]["type"] == "idempotency_key_reused"


class TestCurrentUser:
    def test_anonymous(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.get_current_user()
        assert failure.value.status == 401
        assert failure.value.headers["www-authenticate"] == "Bearer"

    def test_garbage_token(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.with_token("not-a-jwt").get_current_user()
        assert failure.value.status == 401

    def test_valid(self, api: Api) -> None:
        account = api.register(full_name="Grace")
        assert account.api.get_current_user() == account.user

    def test_update_name_and_password(self, api: Api) -> None:
        account = api.register()
        updated = account.api.update_current_user({"full_name": "Renamed"})
        assert updated["full_name"] == "Renamed"
        assert updated["id"] == account.user["id"]
        new_password = "a-brand-new-password"
        from tests.support.leaks import remember_password

        remember_password(new_password)
        account.api.update_current_user({"password": new_password})
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(account.user["email"], account.password)
        assert failure.value.status == 401
        assert api.anonymous.login(account.user["email"], new_password)["token_type"] == "bearer"

    def test_update_clears_name(self, api: Api) -> None:
        account = api.register(full_name="Someone")
        assert account.api.update_current_user({"full_name": None})["full_name"] is None

    @pytest.mark.parametrize(
        "body",
        [
            {"password": "short"},
            {"password": None},
            {"is_superuser": True},
            {"email": "x@example.com"},
        ],
    )
    def test_update_invalid(self, api: Api, body: dict[str, object]) -> None:
        account = api.register()
        with pytest.raises(ApiFailure) as failure:
            account.api.update_current_user(body)
        assert failure.value.status == 422
        assert account.api.get_current_user() == account.user

    def test_update_anonymous(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.update_current_user({"full_name": "x"})
        assert failure.value.status == 401


class TestListUsers:
    def test_anonymous(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.list_users()
        assert failure.value.status == 401

    def test_forbidden_for_regular_user(self, api: Api) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.register().api.list_users()
        assert failure.value.status == 403

    def test_superuser_pages_through_everyone(self, api: Api) -> None:
        admin = api.superuser()
        created = [api.register().user for _ in range(5)]
        seen, cursor = [], None
        while True:
            page = admin.api.list_users(limit=2, **({"cursor": cursor} if cursor else {}))
            assert len(page["items"]) <= 2
            seen.extend(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert [u["id"] for u in seen] == sorted(u["id"] for u in seen)
        assert {u["id"] for u in created} <= {u["id"] for u in seen}
        assert admin.user["id"] in {u["id"] for u in seen}
        assert all(set(u) == PUBLIC_USER_KEYS for u in seen)

    @pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"cursor": "!!"}])
    def test_invalid_query(self, api: Api, query: dict[str, object]) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.superuser().api.list_users(**query)
        assert failure.value.status == 422
