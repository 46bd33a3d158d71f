"""The token endpoint's response."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Token(BaseModel):
    access_token: str = Field(description="Send as `Authorization: Bearer <access_token>`.")
    token_type: Literal["bearer"] = Field(default="bearer", description="Always `bearer`.")
    expires_in: int = Field(description="Seconds until the token expires.")
