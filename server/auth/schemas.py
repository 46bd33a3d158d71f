"""The token endpoint's response."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme's name
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(
        description=(
            "Redeem it once at this endpoint (`grant_type=refresh_token`) for a new access "
            "token and the next refresh token. Redeeming one twice ends the session."
        ),
        json_schema_extra={"format": "password"},
    )
