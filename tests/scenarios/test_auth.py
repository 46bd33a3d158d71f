"""login (password and refresh-token grants) and revoke_token: the sessions a token
belongs to, their rotation, reuse detection and logout; the login throttle."""

from __future__ import annotations

import jwt
import pytest

from tests.support.databases import SECRET_KEY
from tests.support.drivers import ApiFailure
from tests.support.factories import Api


def _claims(token: str, audience: str) -> dict[str, object]:
    return dict(jwt.decode(token, SECRET_KEY, algorithms=["HS256"], audience=audience))


def test_login_issues_a_pinned_expiring_token_pair(api: Api) -> None:
    account = api.register()
    token = api.anonymous.login(account.user["email"].upper(), account.password)
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 900
    header = jwt.get_unverified_header(token["access_token"])
    assert header["alg"] == "HS256"
    audience = api.app.state.storefront.tokens.audience
    claims = _claims(token["access_token"], audience)
    assert claims["sub"] == str(account.user["id"])
    assert claims["iss"] == claims["aud"] == audience
    assert claims["exp"] - claims["iat"] == 900  # type: ignore[operator]
    refresh = _claims(token["refresh_token"], audience)
    assert refresh["use"] == "refresh"
    assert refresh["sub"] == str(account.user["id"])


def test_unknown_email_and_wrong_password_look_the_same(api: Api) -> None:
    account = api.register()
    failures = []
    for username, password in [
        (account.user["email"], "wrong-password-1"),
        ("nobody@example.com", "wrong-password-1"),
    ]:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(username, password)
        failures.append(failure.value)
    bodies = [{k: v for k, v in f.problem.items() if k != "request_id"} for f in failures]
    assert bodies[0] == bodies[1]
    assert [f.status for f in failures] == [401, 401]
    assert bodies[0]["detail"] == "Incorrect email or password."


def test_repeated_failures_are_throttled_only_for_that_account(api: Api) -> None:
    account = api.register()
    other = api.register()
    for _ in range(5):
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(account.user["email"], "wrong-password-1")
        assert failure.value.status == 401
    with pytest.raises(ApiFailure) as failure:
        # From the address that failed, even the right password waits out the window.
        api.anonymous.login(account.user["email"], account.password)
    assert failure.value.status == 429
    assert 1 <= int(failure.value.headers["retry-after"]) <= 15 * 60
    assert api.anonymous.login(other.user["email"], other.password)["token_type"] == "bearer"


def test_a_deactivated_users_right_password_fails_like_a_wrong_one(api: Api) -> None:
    admin = api.superuser()
    account = api.register()
    admin.api.deactivate_user(account.user["id"])
    with pytest.raises(ApiFailure) as right:
        api.anonymous.login(account.user["email"], account.password)
    with pytest.raises(ApiFailure) as wrong:
        api.anonymous.login(account.user["email"], "wrong-password-1")
    assert right.value.status == wrong.value.status == 401
    assert right.value.problem["detail"] == wrong.value.problem["detail"]


def test_unknown_emails_are_throttled_too(api: Api) -> None:
    for _ in range(5):
        with pytest.raises(ApiFailure):
            api.anonymous.login("ghost@example.com", "wrong-password-1")
    with pytest.raises(ApiFailure) as failure:
        api.anonymous.login("ghost@example.com", "wrong-password-1")
    assert failure.value.status == 429


@pytest.mark.parametrize(
    ("username", "password"), [("", "x"), ("a@example.com", ""), ("a\x00@x.com", "p")]
)
def test_invalid_form(api: Api, username: str, password: str) -> None:
    with pytest.raises(ApiFailure) as failure:
        api.anonymous.login(username, password)
    assert failure.value.status == 422


class TestRefresh:
    def test_rotates_and_keeps_the_session(self, api: Api) -> None:
        account = api.register()
        first = api.anonymous.refresh(account.refresh_token)
        assert first["refresh_token"] != account.refresh_token
        second = api.anonymous.refresh(first["refresh_token"])
        me = api.anonymous.with_token(second["access_token"]).get_current_user()
        assert me == account.user
        assert account.api.get_current_user() == account.user  # earlier access tokens live on

    def test_reuse_revokes_the_family_and_the_sessions(self, api: Api) -> None:
        account = api.register()
        rotated = api.anonymous.refresh(account.refresh_token)
        # The first refresh token again: a copy is in someone else's hands.
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.refresh(account.refresh_token)
        assert failure.value.status == 401
        # The family is revoked (the newest token too) and the sessions ended.
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.refresh(rotated["refresh_token"])
        assert failure.value.status == 401
        for token in (account.token, rotated["access_token"]):
            with pytest.raises(ApiFailure) as failure:
                api.anonymous.with_token(token).get_current_user()
            assert failure.value.status == 401
        # The owner logs in again with the password.
        assert api.log_in(account.user, account.password).api.get_current_user() == account.user

    @pytest.mark.parametrize("token", ["garbage", "access"])
    def test_not_a_refresh_token(self, api: Api, token: str) -> None:
        account = api.register()
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.refresh(account.token if token == "access" else "not-a-token")
        assert failure.value.status == 401
        # An access token is not a refresh token, and a refresh token not an access token.
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.with_token(account.refresh_token).get_current_user()
        assert failure.value.status == 401


class TestRevoke:
    @pytest.mark.parametrize("which", ["access", "refresh"])
    def test_logout_ends_the_sessions(self, api: Api, which: str) -> None:
        account = api.register()
        other = api.log_in(account.user, account.password)
        token = account.token if which == "access" else account.refresh_token
        api.anonymous.revoke_token(token, token_type_hint=f"{which}_token")
        for session in (account, other):
            with pytest.raises(ApiFailure) as failure:
                session.api.get_current_user()
            assert failure.value.status == 401
            with pytest.raises(ApiFailure) as failure:
                api.anonymous.refresh(session.refresh_token)
            assert failure.value.status == 401
        assert api.log_in(account.user, account.password).api.get_current_user() == account.user

    def test_invalid_or_revoked_tokens_are_not_errors(self, api: Api) -> None:
        # RFC 7009 section 2.2: the answer does not tell a valid token from another.
        account = api.register()
        api.anonymous.revoke_token("not-a-token")
        api.anonymous.revoke_token(account.token)
        api.anonymous.revoke_token(account.token)
        with pytest.raises(ApiFailure) as failure:
            account.api.get_current_user()
        assert failure.value.status == 401

    @pytest.mark.parametrize("body", [{"token": ""}, {"token": "x", "token_type_hint": "id"}])
    def test_invalid_form(self, api: Api, body: dict[str, str]) -> None:
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.revoke_token(body["token"], token_type_hint=body.get("token_type_hint"))
        assert failure.value.status == 422
