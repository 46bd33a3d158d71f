"""/v1/auth/token: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form

from server.auth import service
from server.auth.schemas import Token
from server.context import ContextDep
from server.errors import problem_responses
from server.fields import Storable

router = APIRouter(prefix="/v1/auth", tags=["auth"])


@router.post("/token", response_model=Token, responses=problem_responses(401, 413, 422, 429, 503))
async def login(
    ctx: ContextDep,
    username: Annotated[
        str,
        Form(min_length=1, max_length=254, description="Your email."),
        Storable,
    ],
    password: Annotated[
        str,
        Form(min_length=1, max_length=128, json_schema_extra={"format": "password"}),
        Storable,
    ],
) -> Token:
    """Exchange an email and password for a bearer access token."""
    user = await service.authenticate(ctx, username, password)
    return Token(
        access_token=ctx.tokens.issue(user.id),
        expires_in=ctx.tokens.lifetime_seconds,
    )
