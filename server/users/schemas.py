"""Users in and out. ``password`` exists only on input; no output model has it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from server.fields import Storable, StrictInput, storable_text
from server.users.policy import normalise_email, refusal


def password_refusal(password: str, email: str | None = None) -> PydanticCustomError | None:
    """The 422 error for a refused password (one sentence), or None."""
    reason = refusal(password, email)
    return None if reason is None else PydanticCustomError("password_policy", reason)


def _acceptable(value: str) -> str:
    error = password_refusal(value)
    if error is not None:
        raise error
    return value


Password = Annotated[
    str,
    Field(
        min_length=8,
        max_length=128,
        description=(
            "8 to 128 characters, any Unicode (passphrases welcome). Refused: common or "
            "breached passwords, repeated characters or keyboard runs, and passwords "
            "containing your email."
        ),
        json_schema_extra={"format": "password", "writeOnly": True},
    ),
    Storable,
    AfterValidator(_acceptable),
]
# What the caller proves they know: checked against the stored hash, never the policy.
CurrentPassword = Annotated[
    str,
    Field(
        min_length=1,
        max_length=128,
        description="Your password now: required to set a new one.",
        json_schema_extra={"format": "password", "writeOnly": True},
    ),
    Storable,
]
FullName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    Storable,
    Field(description="How the user is addressed: 1 to 200 characters."),
]


def _nfkc(value: object) -> object:
    # Before the address is parsed, so a full-width lookalike parses as its plain form.
    return normalise_email(value) if isinstance(value, str) else value


def _storable_email(value: str) -> str:
    return normalise_email(storable_text(value))


Email = Annotated[
    EmailStr,
    Field(
        max_length=254,
        description="The sign-in email (at most 254 characters); compared after NFKC "
        "normalisation and case folding, and stored so.",
    ),
    BeforeValidator(_nfkc),
    AfterValidator(_storable_email),
]


class UserCreate(StrictInput):
    email: Email
    password: Password
    full_name: FullName | None = Field(
        default=None, description="How the user is addressed: 1 to 200 characters; null for none."
    )

    @field_validator("password")
    @classmethod
    def _password_not_email(cls, password: str, info: ValidationInfo) -> str:
        # ``email`` is validated first (field order); absent when it was itself refused.
        email = info.data.get("email")
        error = password_refusal(password, email if isinstance(email, str) else None)
        if error is not None:
            raise error
        return password


# The default of an omittable field that takes no null: never validated, so leaving
# the field out is allowed while an explicit null is a 422 (as in ItemUpdate).
OMITTED: Any = None


class UserUpdate(StrictInput):
    """Fields to change; omitted fields are left as they are (only full_name takes null)."""

    full_name: FullName | None = Field(
        default=None, description="How the user is addressed: 1 to 200 characters; null for none."
    )
    password: Password = OMITTED
    current_password: CurrentPassword = OMITTED


class User(BaseModel):
    """A user as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int = Field(description="The user's id, assigned by the server.")
    email: str = Field(description="The sign-in email, lower-cased.")
    full_name: str | None = Field(description="How the user is addressed; null for none.")
    is_active: bool = Field(description="False once deactivated: the user cannot sign in.")
    is_superuser: bool = Field(description="May list users and change any item.")
    created_at: datetime = Field(description="When the user registered (RFC 3339, UTC).")


class UserPage(BaseModel):
    """One page of users, oldest first."""

    items: list[User] = Field(description="The users of this page (at most `limit`).")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )
