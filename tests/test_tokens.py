"""Access and refresh tokens: pinned algorithm, issuer and audience of this deployment,
about a minute of clock leeway, neither kind passing for the other, and a cache of
verified tokens that never outlives a token or admits a bad one."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from server.config import Settings
from server.security import JWT_ALGORITHM, Caller, Tokens, deployment_audience

KEY = "k" * 48
AUDIENCE = "storefront:test"


def tokens(lifetime: int = 60, *, leeway: int = 60, audience: str = AUDIENCE) -> Tokens:
    return Tokens(KEY, lifetime, audience=audience, leeway_seconds=leeway)


def test_a_cached_token_still_expires() -> None:
    issuer = tokens(1, leeway=0)
    token = issuer.issue(7, 3)
    assert issuer.subject(token) == Caller(7, 3)
    assert token in issuer._verified
    assert issuer.subject(token) == Caller(7, 3)  # from the cache
    time.sleep(1.1)
    assert issuer.subject(token) is None
    assert token not in issuer._verified


def test_only_verified_tokens_are_remembered() -> None:
    issuer = tokens()
    token = issuer.issue(7)
    claims = {"sub": "8", "exp": time.time() + 60, "iat": time.time(), "ver": 0}
    claims |= {"use": "access", "iss": AUDIENCE, "aud": AUDIENCE}
    forged = jwt.encode(claims, "x" * 48, algorithm=JWT_ALGORITHM)
    no_exp = jwt.encode({k: v for k, v in claims.items() if k != "exp"}, KEY, JWT_ALGORITHM)
    no_aud = jwt.encode({k: v for k, v in claims.items() if k != "aud"}, KEY, JWT_ALGORITHM)
    no_iss = jwt.encode({k: v for k, v in claims.items() if k != "iss"}, KEY, JWT_ALGORITHM)
    old_style = jwt.encode({"sub": "8", "exp": time.time() + 60}, KEY, JWT_ALGORITHM)
    for bad in [forged, no_exp, no_aud, no_iss, old_style, token + "x", token[:-1], ""]:
        assert issuer.subject(bad) is None
        assert issuer.subject(bad) is None
    assert issuer.subject(jwt.encode(claims, KEY, JWT_ALGORITHM)) == Caller(8, 0)
    assert issuer.subject(token) == Caller(7, 0)
    # Another key, or another deployment with the same key, does not accept it.
    assert Tokens("z" * 48, 60, audience=AUDIENCE).subject(token) is None
    assert tokens(audience="storefront:another").subject(token) is None


def test_access_and_refresh_tokens_do_not_pass_for_each_other() -> None:
    issuer = tokens()
    access, refresh = issuer.issue(7, 2), issuer.issue_refresh(7, 2, family=5, generation=1)
    assert issuer.subject(refresh) is None
    assert issuer.refresh_claims(access) is None
    claims = issuer.refresh_claims(refresh)
    assert claims is not None
    assert (claims.user_id, claims.version, claims.family, claims.generation) == (7, 2, 5, 1)


def test_about_a_minute_of_clock_skew_is_tolerated() -> None:
    issuer = tokens()
    now = time.time()
    base = {"sub": "7", "ver": 0, "use": "access", "iss": AUDIENCE, "aud": AUDIENCE}
    # Issued "in the future" by a replica whose clock runs 2 s ahead, or just expired.
    ahead = jwt.encode({**base, "iat": now + 2, "exp": now + 62}, KEY, JWT_ALGORITHM)
    just_expired = jwt.encode({**base, "iat": now - 70, "exp": now - 10}, KEY, JWT_ALGORITHM)
    long_expired = jwt.encode({**base, "iat": now - 200, "exp": now - 100}, KEY, JWT_ALGORITHM)
    assert issuer.subject(ahead) == Caller(7, 0)
    assert issuer.subject(just_expired) == Caller(7, 0)
    assert issuer.subject(long_expired) is None


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Tokens, "CACHE_SIZE", 3)
    issuer = tokens()
    issued = [issuer.issue(n) for n in range(1, 6)]
    assert [issuer.subject(t) for t in issued] == [Caller(n, 0) for n in range(1, 6)]
    assert len(issuer._verified) == 3
    assert next(iter(issuer._verified.values()))[0] == Caller(3, 0)  # the oldest forgotten
    assert [issuer.subject(t) for t in issued] == [Caller(n, 0) for n in range(1, 6)]


def test_the_audience_is_tied_to_the_deployment(tmp_path: Path) -> None:
    def audience(url: str, key: str = KEY, **settings: str) -> str:
        return deployment_audience(Settings(database_url=url, **settings), key)  # type: ignore[arg-type]

    one, two = f"sqlite:///{tmp_path}/one.db", f"sqlite:///{tmp_path}/two.db"
    # Two SQLite databases in one directory share the key file, not the audience.
    assert audience(one) != audience(two)
    assert audience(one) == audience(one)
    # Two PostgreSQL deployments given the same key; the password is not part of it.
    pg = "postgresql://app:secret@db-1:5432/storefront"
    assert audience(pg) == audience(pg.replace("secret", "rotated"))
    assert audience(pg) != audience(pg.replace("db-1", "db-2"))
    assert audience(pg) != audience(pg, key="q" * 48)
    assert audience(pg, token_audience="shop-eu") == "shop-eu"
