"""Users in and out. ``password`` exists only on input; no output model has it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from server.fields import Storable, StrictInput, storable_text

Password = Annotated[
    str,
    Field(
        min_length=8,
        max_length=128,
        description="8 to 128 characters.",
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


def _normalise_email(value: str) -> str:
    return storable_text(value).lower()


Email = Annotated[
    EmailStr,
    Field(
        max_length=254,
        description="The sign-in email (at most 254 characters); compared case-insensitively, "
        "stored lower-cased.",
    ),
    AfterValidator(_normalise_email),
]


class UserCreate(StrictInput):
    email: Email
    password: Password
    full_name: FullName | None = Field(
        default=None, description="How the user is addressed: 1 to 200 characters; null for none."
    )


# The default of an omittable field that takes no null: never validated, so leaving
# the field out is allowed while an explicit null is a 422 (as in ItemUpdate).
OMITTED: Any = None


class UserUpdate(StrictInput):
    """Fields to change; omitted fields are left as they are (only full_name takes null)."""

    full_name: FullName | None = Field(
        default=None, description="How the user is addressed: 1 to 200 characters; null for none."
    )
    password: Password = OMITTED


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
