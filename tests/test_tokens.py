"""Access tokens: the cache of verified tokens never outlives a token or admits a bad one."""

from __future__ import annotations

import time

import jwt
import pytest

from server.security import JWT_ALGORITHM, Tokens

KEY = "k" * 48


def test_a_cached_token_still_expires() -> None:
    tokens = Tokens(KEY, lifetime_seconds=1)
    token = tokens.issue(7)
    assert tokens.subject(token) == 7
    assert token in tokens._verified
    assert tokens.subject(token) == 7  # from the cache
    time.sleep(1.1)
    assert tokens.subject(token) is None
    assert token not in tokens._verified


def test_only_verified_tokens_are_remembered() -> None:
    tokens = Tokens(KEY, lifetime_seconds=60)
    token = tokens.issue(7)
    forged = jwt.encode({"sub": "8", "exp": time.time() + 60}, "x" * 48, algorithm=JWT_ALGORITHM)
    no_exp = jwt.encode({"sub": "8"}, KEY, algorithm=JWT_ALGORITHM)
    for bad in [forged, no_exp, token + "x", token[:-1], ""]:
        assert tokens.subject(bad) is None
        assert tokens.subject(bad) is None
    assert tokens.subject(token) == 7
    # Another key does not accept what this one remembered.
    assert Tokens("z" * 48, lifetime_seconds=60).subject(token) is None


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Tokens, "CACHE_SIZE", 3)
    tokens = Tokens(KEY, lifetime_seconds=60)
    issued = [tokens.issue(n) for n in range(1, 6)]
    assert [tokens.subject(t) for t in issued] == [1, 2, 3, 4, 5]
    assert len(tokens._verified) == 3
    assert next(iter(tokens._verified.values()))[0] == 3  # the oldest were forgotten
    assert [tokens.subject(t) for t in issued] == [1, 2, 3, 4, 5]  # and are checked again
