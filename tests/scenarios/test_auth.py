"""login: the OAuth2 password flow, its failures and its throttle."""

from __future__ import annotations

import jwt
import pytest

from tests.support.databases import SECRET_KEY
from tests.support.drivers import ApiFailure
from tests.support.factories import Api


def test_login_issues_a_pinned_expiring_token(api: Api) -> None:
    account = api.register()
    token = api.anonymous.login(account.user["email"].upper(), account.password)
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 3600
    header = jwt.get_unverified_header(token["access_token"])
    assert header["alg"] == "HS256"
    claims = jwt.decode(token["access_token"], SECRET_KEY, algorithms=["HS256"])
    assert claims["sub"] == str(account.user["id"])
    assert claims["exp"] - claims["iat"] == 3600


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


def test_repeated_failures_are_throttled_then_lift_only_for_that_account(api: Api) -> None:
    account = api.register()
    other = api.register()
    for _ in range(5):
        with pytest.raises(ApiFailure) as failure:
            api.anonymous.login(account.user["email"], "wrong-password-1")
        assert failure.value.status == 401
    with pytest.raises(ApiFailure) as failure:
        # Even the right password waits out the window.
        api.anonymous.login(account.user["email"], account.password)
    assert failure.value.status == 429
    assert 1 <= int(failure.value.headers["retry-after"]) <= 15 * 60
    assert api.anonymous.login(other.user["email"], other.password)["token_type"] == "bearer"


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
