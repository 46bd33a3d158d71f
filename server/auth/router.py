"""/v1/auth/token: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form

from server.auth import service
from server.auth.schemas import Token
from server.context import ContextDep
from server.errors import problem_responses, retry_after_responses
from server.fields import Storable
from server.routing import CompiledRoute
from server.throttle.dependencies import ClientAddress

router = APIRouter(prefix="/v1/auth", tags=["auth"], route_class=CompiledRoute)


@router.post(
    "/token",
    summary="Log in",
    response_model=Token,
    responses={
        **problem_responses(401, 413, 422),
        **retry_after_responses(
            {
                429: "Too many failed logins for this account, or too many attempts from "
                "this client address.",
                503: "The database is unreachable, or the server is too busy checking "
                "passwords to take this one in time.",
            }
        ),
    },
)
async def login(
    ctx: ContextDep,
    client: ClientAddress,
    username: Annotated[
        str,
        Form(min_length=1, max_length=254, description="Your email."),
        Storable,
    ],
    password: Annotated[
        str,
        Form(
            min_length=1,
            max_length=128,
            description="Your password.",
            json_schema_extra={"format": "password"},
        ),
        Storable,
    ],
) -> Token:
    """Exchange an email and password for a bearer access token."""
    user = await service.authenticate(ctx, username, password, client)
    return Token(
        access_token=ctx.tokens.issue(user.id),
        expires_in=ctx.tokens.lifetime_seconds,
    )
