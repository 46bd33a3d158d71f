"""Constrained input types shared by the request models.

Every text input is checked for what a database cannot store (NUL characters,
lone surrogates) so hostile input is a 422, never a driver error. The NUL rule is also
stated in the schema (``NO_NUL_PATTERN``), so generated clients and fuzzers know it;
JSON Schema has no way to say "no lone surrogates", so that one stays server-side.
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# Request bodies: unknown fields rejected, no silent coercion ("1" is not 1).
STRICT_INPUT = ConfigDict(extra="forbid", strict=True)
# More keys than this in a request body is refused as a whole, before its fields are
# checked: each unknown key would otherwise be an error of its own, and 62,000 of them
# cost the event loop half a second to list (docs/performance.md).
MAX_BODY_KEYS = 64


class StrictInput(BaseModel):
    """A request body: ``STRICT_INPUT``, and at most MAX_BODY_KEYS keys."""

    model_config = STRICT_INPUT

    @model_validator(mode="before")
    @classmethod
    def _few_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and len(data) > MAX_BODY_KEYS:
            raise PydanticCustomError(
                "too_many_keys",
                "The object has {count} keys; a request body has at most {limit}. Send only "
                "the documented fields.",
                {"count": len(data), "limit": MAX_BODY_KEYS},
            )
        return data


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


# A pattern (ECMA-262 and Python alike) that refuses the NUL character.
NO_NUL_PATTERN = "^[^\\x00]*$"


class _Storable:
    """``Annotated`` metadata: validate with ``storable_text`` and state the NUL rule in
    the JSON Schema as ``NO_NUL_PATTERN`` (the validator stays the one that decides, so
    the 422 says what is wrong in words)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(storable_text, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = NO_NUL_PATTERN
        return json_schema


# Use as ``Annotated[str, StringConstraints(...), Storable]`` (after the constraints).
Storable = _Storable()


def _whole_number(value: Any) -> Any:
    # JSON has one number type: 5.0 is the integer 5 (JSON Schema agrees), while 5.5,
    # NaN, Infinity and "5" stay errors under strict validation.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Use as ``Annotated[int, Field(...), WholeNumber]`` on integer body fields (after the
# Field, so its bounds stay `minimum`/`maximum` in the schema).
WholeNumber = BeforeValidator(_whole_number)
