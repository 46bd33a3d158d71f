"""The token endpoint's response."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def _refresh_token_optional(schema: dict[str, Any]) -> None:
    # Always sent; stated as optional so an SDK of this major still reads the token
    # answers of a server from before refresh tokens (2.x), as the compatibility job
    # checks (today's SDK against the last release's server).
    schema["required"] = [name for name in schema.get("required", []) if name != "refresh_token"]


class Token(BaseModel):
    model_config = ConfigDict(json_schema_extra=_refresh_token_optional)

    access_token: str = Field(description="Send as `Authorization: Bearer <access_token>`.")
    token_type: Literal["bearer"] = Field(default="bearer", description="Always `bearer`.")
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(
        description=(
            "Redeem it once at this endpoint (`grant_type=refresh_token`) for a new access "
            "token and the next refresh token. Redeeming one twice ends the session."
        ),
        json_schema_extra={"format": "password"},
    )
