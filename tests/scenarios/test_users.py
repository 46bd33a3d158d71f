"""create_user, get_current_user, update_current_user, list_users, and the superusers'
deactivate_user, reactivate_user and revoke_user_sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.support.drivers import ApiFailure, Driver
from tests.support.factories import DEFAULT_PASSWORD, Api, strong_password, unique
from tests.support.leaks import remember_password

# A bound on any page walk: a keyset bug that loops fails the test instead of hanging it.
MAX_PAGES = 50

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

    @pytest.mark.parametrize(
        ("password", "says"),
        [
            ("password", "too common"),
            ("12345678", "too common"),
            ("Password1!", "too common"),
            ("        ", "repeated character"),
            ("abcdefghij", "keyboard or number run"),
            ("carol@example.com!", "must not contain your email"),
            ("my name is carol", "must not contain your email"),
        ],
    )
    def test_password_policy(self, api: Api, password: str, says: str) -> None:
        # Not remembered for the leak check: "password" is also the field's name.
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_user({"email": "carol@example.com", "password": password})
        assert failure.value.status == 422
        [error] = failure.value.problem["errors"]
        assert error["loc"] == ["body", "password"]
        assert says in error["msg"]
        assert error["type"] == "password_policy"

    def test_passphrases_in_any_script_are_welcome(self, api: Api) -> None:
        password = remember_password(f"безопасный пароль {unique('п')} 🐎")
        email = f"{unique('unicode')}@example.com"
        api.anonymous.create_user({"email": email, "password": password})
        assert api.anonymous.login(email, password)["token_type"] == "bearer"

    def test_lookalike_email_is_the_same_account(self, api: Api) -> None:
        name = unique("alice")
        api.anonymous.create_user({"email": f"{name}@example.com", "password": strong_password()})
        # Full-width letters (U+FF41...) are the same address after NFKC normalisation.
        lookalike = "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in name)
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.create_user(
                {"email": f"{lookalike}@example.com", "password": strong_password()}
            )
        assert failure.value.status == 409

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
        other_session = api.log_in(account.user, account.password)
        updated = account.api.update_current_user({"full_name": "Renamed"})
        assert updated["full_name"] == "Renamed"
        assert updated["id"] == account.user["id"]
        assert other_session.api.get_current_user()["full_name"] == "Renamed"  # no session ended
        new_password = strong_password()
        changed = account.api.update_current_user(
            {"password": new_password, "current_password": account.password}
        )
        assert changed["id"] == account.user["id"]
        # Every earlier session ended: this one, another, and their refresh tokens.
        for session in (account, other_session):
            with pytest.raises(ApiFailure) as failure:
                session.api.get_current_user()
            assert failure.value.status == 401
            with pytest.raises(ApiFailure) as failure:
                api.anonymous.refresh(session.refresh_token)
            assert failure.value.status == 401
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(account.user["email"], account.password)
        assert failure.value.status == 401
        assert (
            api.log_in(account.user, new_password).api.get_current_user()["id"]
            == (account.user["id"])
        )

    def test_stolen_token_cannot_change_the_password(self, api: Api) -> None:
        account = api.register()
        thief = api.anonymous.with_token(account.token)
        for body, field in [
            ({"password": strong_password()}, "current_password"),
            ({"password": strong_password(), "current_password": "a guess at it"}, None),
        ]:
            with pytest.raises(ApiFailure) as failure:
                thief.update_current_user(body)
            assert failure.value.status == 422
            [error] = failure.value.problem["errors"]
            assert error["loc"] == ["body", "current_password"]
            assert field is None or error["type"] == "missing"
        # Nothing changed: the owner's password and session still work.
        assert account.api.get_current_user()["id"] == account.user["id"]
        assert api.anonymous.login(account.user["email"], account.password)["token_type"]

    def test_wrong_current_passwords_are_throttled(self, api: Api) -> None:
        account = api.register()
        for _ in range(5):
            with pytest.raises(ApiFailure) as failure:
                account.api.update_current_user(
                    {"password": strong_password(), "current_password": "not it at all"}
                )
            assert failure.value.status == 422
        with pytest.raises(ApiFailure) as failure:
            # Even the right current password waits: the guesses are counted per account.
            account.api.update_current_user(
                {"password": strong_password(), "current_password": account.password}
            )
        assert failure.value.status == 429
        assert int(failure.value.headers["retry-after"]) >= 1

    def test_update_clears_name(self, api: Api) -> None:
        account = api.register(full_name="Someone")
        assert account.api.update_current_user({"full_name": None})["full_name"] is None

    @pytest.mark.parametrize(
        "body",
        [
            {"password": "short", "current_password": "irrelevant"},
            {"password": None},
            {"password": "password1", "current_password": "irrelevant"},
            {"current_password": "only this"},
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

    def test_new_password_must_not_contain_the_email(self, api: Api) -> None:
        account = api.register()
        with pytest.raises(ApiFailure) as failure:
            account.api.update_current_user(
                {
                    "password": f"{account.user['email']}-2026",
                    "current_password": account.password,
                }
            )
        assert failure.value.status == 422
        assert failure.value.problem["errors"][0]["loc"] == ["body", "password"]
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
        for _ in range(MAX_PAGES):
            page = admin.api.list_users(limit=2, **({"cursor": cursor} if cursor else {}))
            assert len(page["items"]) <= 2
            seen.extend(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        else:
            pytest.fail(f"still a next page after {MAX_PAGES} pages")
        ids = [u["id"] for u in seen]
        # Each user exactly once, in order (a page boundary repeated would show here).
        assert ids == sorted(set(ids))
        assert len(ids) == 6
        assert {u["id"] for u in created} <= set(ids)
        assert admin.user["id"] in {u["id"] for u in seen}
        assert all(set(u) == PUBLIC_USER_KEYS for u in seen)

    @pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"cursor": "!!"}])
    def test_invalid_query(self, api: Api, query: dict[str, object]) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.superuser().api.list_users(**query)
        assert failure.value.status == 422


class TestAdministration:
    """deactivate_user, reactivate_user, revoke_user_sessions: superusers only."""

    def test_deactivate_ends_sessions_and_logins_until_reactivated(self, api: Api) -> None:
        admin = api.superuser()
        account = api.register()
        deactivated = admin.api.deactivate_user(account.user["id"])
        assert deactivated == {**account.user, "is_active": False}
        with pytest.raises(ApiFailure) as failure:
            account.api.get_current_user()
        assert failure.value.status == 401
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.refresh(account.refresh_token)
        assert failure.value.status == 401
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(account.user["email"], account.password)
        assert failure.value.status == 401
        assert admin.api.reactivate_user(account.user["id"]) == account.user
        # No earlier session comes back; a new login works.
        with pytest.raises(ApiFailure) as failure:
            account.api.get_current_user()
        assert failure.value.status == 401
        assert api.log_in(account.user, account.password).api.get_current_user() == account.user

    def test_revoke_sessions(self, api: Api) -> None:
        admin = api.superuser()
        account = api.register()
        admin.api.revoke_user_sessions(account.user["id"])
        with pytest.raises(ApiFailure) as failure:
            account.api.get_current_user()
        assert failure.value.status == 401
        # Still active: the user logs in again.
        assert api.log_in(account.user, account.password).api.get_current_user() == account.user
        assert admin.api.get_current_user() == admin.user  # the admin's own session stands

    @pytest.mark.parametrize("operation", ["deactivate", "reactivate", "revoke"])
    def test_not_for_regular_users_or_anonymous(self, api: Api, operation: str) -> None:
        account = api.register()
        victim = api.register()
        for caller, status in [(account.api, 403), (api.anonymous, 401)]:
            with pytest.raises(ApiFailure) as failure:
                _administer(caller, operation, victim.user["id"])
            assert failure.value.status == status
        assert victim.api.get_current_user() == victim.user

    @pytest.mark.parametrize("operation", ["deactivate", "reactivate", "revoke"])
    def test_unknown_and_invalid_ids(self, api: Api, operation: str) -> None:
        admin = api.superuser()
        with pytest.raises(ApiFailure) as failure:
            _administer(admin.api, operation, 10**9)
        assert failure.value.status == 404
        with pytest.raises(ApiFailure) as failure:
            _administer(admin.api, operation, 0)
        assert failure.value.status == 422

    def test_a_superuser_cannot_deactivate_themselves(self, api: Api) -> None:
        admin = api.superuser()
        with pytest.raises(ApiFailure) as failure:
            admin.api.deactivate_user(admin.user["id"])
        assert failure.value.status == 409
        assert admin.api.get_current_user()["is_active"] is True


def _administer(driver: Driver, operation: str, user_id: int) -> object:
    if operation == "deactivate":
        return driver.deactivate_user(user_id)
    if operation == "reactivate":
        return driver.reactivate_user(user_id)
    driver.revoke_user_sessions(user_id)
    return None
