"""Constrained input types shared by the request models.

Every text input is checked for what a database cannot store (NUL characters,
lone surrogates) so hostile input is a 422, never a driver error.
"""

from __future__ import annotations

from typing import Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict

# Request bodies: unknown fields rejected, no silent coercion ("1" is not 1).
STRICT_INPUT = ConfigDict(extra="forbid", strict=True)


def storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no lone surrogates)") from None
    return value


def storable_optional_text(value: str | None) -> str | None:
    return None if value is None else storable_text(value)


# Use as ``Annotated[str, StringConstraints(...), Storable]``.
Storable = AfterValidator(storable_text)


def _whole_number(value: Any) -> Any:
    # JSON has one number type: 5.0 is the integer 5 (JSON Schema agrees), while 5.5,
    # NaN, Infinity and "5" stay errors under strict validation.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Use as ``Annotated[int, Field(...), WholeNumber]`` on integer body fields (after the
# Field, so its bounds stay `minimum`/`maximum` in the schema).
WholeNumber = BeforeValidator(_whole_number)
