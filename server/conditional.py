"""Strong ETags from a row's version, and the If-Match / If-None-Match checks."""

from __future__ import annotations

import re

from server.errors import PreconditionFailed

PRECONDITION_FAILED = (
    "If-Match does not match the item's current ETag: it changed since you read it. "
    "GET the item again and retry with its new ETag."
)


# Our tags exactly as ``etag`` writes them: strong comparison is byte for byte, so
# "01" or a non-ASCII digit is another tag, never version 1.
_OUR_TAG = re.compile(r'"(0|[1-9][0-9]{0,17})"')


def etag(version: int) -> str:
    return f'"{version}"'


def _tags(header: str) -> list[str]:
    return [t.strip() for t in header.split(",") if t.strip()]


def if_match_versions(header: str | None) -> list[int] | None:
    """The versions an ``If-Match`` header accepts; None when any version will do.

    Weak tags and tags that are not ours can never match, so a header with no
    usable tag fails at once with 412.
    """
    if header is None or header.strip() == "*":
        return None
    versions = []
    for tag in _tags(header):
        ours = _OUR_TAG.fullmatch(tag)
        if ours is not None:
            versions.append(int(ours.group(1)))
    if not versions:
        raise PreconditionFailed(PRECONDITION_FAILED)
    return versions


def none_match(header: str | None, version: int) -> bool:
    """True when ``If-None-Match`` lists the current tag (weak comparison)."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    current = etag(version)
    return any(t.removeprefix("W/") == current for t in _tags(header))
