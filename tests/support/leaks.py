"""Every response the suite receives is checked for secrets as it arrives.

A response leaks when a JSON object in it has a key naming a password or hash,
when any text in it (body or header) holds an Argon2 hash, or when it contains a
password the suite submitted. The words themselves may appear as values (a 422's
``loc`` of ``["body", "password"]``, "Incorrect email or password."): they name a
field, they do not carry a secret. The OpenAPI document and docs pages describe the
request fields and are not checked for key names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

SECRET_KEY_WORDS = ("password", "hashed", "secret")
ARGON2_MARK = "$argon2"
SUBMITTED_PASSWORDS: set[str] = set()
DOCUMENT_PATHS = ("/openapi.json", "/docs", "/redoc")
CHECKED = {"responses": 0}


class LeakError(AssertionError):
    pass


def remember_password(password: str) -> str:
    SUBMITTED_PASSWORDS.add(password)
    return password


def _keys(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def find_leaks(path: str, headers: Iterable[tuple[str, str]], body: bytes) -> list[str]:
    problems = []
    text = body.decode("utf-8", errors="replace")
    texts = [("body", text), *((f"header {k}", v) for k, v in headers)]
    for where, value in texts:
        if ARGON2_MARK in value:
            problems.append(f"{where} holds an Argon2 hash")
        for password in SUBMITTED_PASSWORDS:
            if password in value:
                problems.append(f"{where} holds a submitted password")
    if not path.startswith(DOCUMENT_PATHS) and text[:1] in "{[":
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        for key in _keys(document):
            if any(word in key.lower() for word in SECRET_KEY_WORDS):
                problems.append(f"body has a key {key!r}")
    return problems


def check_response(response: httpx.Response) -> None:
    response.read()
    CHECKED["responses"] += 1
    problems = find_leaks(response.request.url.path, response.headers.items(), response.content)
    if problems:
        raise LeakError(
            f"{response.request.method} {response.request.url.path} -> {response.status_code} "
            f"leaks: {'; '.join(problems)}"
        )


async def acheck_response(response: httpx.Response) -> None:
    await response.aread()
    check_response(response)


def watch(client: httpx.Client) -> httpx.Client:
    """Check every response ``client`` receives."""
    client.event_hooks["response"] = [*client.event_hooks["response"], check_response]
    return client


def awatch(client: httpx.AsyncClient) -> httpx.AsyncClient:
    client.event_hooks["response"] = [*client.event_hooks["response"], acheck_response]
    return client
