"""/v1/auth: the OAuth 2.0 token endpoint (password and refresh-token grants) and
token revocation (RFC 7009)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Form, Response
from fastapi.exceptions import RequestValidationError

from server.auth import service
from server.auth.schemas import Token
from server.context import ContextDep
from server.errors import problem_responses, retry_after_responses
from server.fields import Storable
from server.openapi import NO_STORE, no_store_headers
from server.routing import CompiledRouter
from server.throttle.dependencies import ClientAddress

router = CompiledRouter(prefix="/v1/auth", tags=["auth"])
NO_STORE_HEADERS = no_store_headers("`no-store`: responses carrying tokens are never cached.")
# The default of a form field that one grant needs and the other does not: never
# validated, so the schema states a plain optional string (no null to send).
ABSENT: Any = None


def _required(value: str | None, name: str) -> str:
    # The same 422 a required form field gets (so a JSON body is still told to send a form).
    if value is None:
        raise RequestValidationError(
            [{"type": "missing", "loc": ("body", name), "msg": "Field required", "input": None}]
        )
    return value


@router.post(
    "/token",
    summary="Log in",
    response_model=Token,
    responses={
        200: {"headers": NO_STORE_HEADERS, "description": "Successful Response"},
        **problem_responses(401, 413, 422),
        **retry_after_responses(
            {
                429: "Too many attempts from this client address, or too many failed "
                "logins for this account (from this address, or from all of them).",
                503: "The database is unreachable, or the server is too busy checking "
                "passwords to take this one in time.",
            }
        ),
    },
)
async def login(
    ctx: ContextDep,
    client: ClientAddress,
    response: Response,
    grant_type: Annotated[
        Literal["password", "refresh_token"],
        Form(description="`password` (the default) or `refresh_token`."),
    ] = "password",
    username: Annotated[
        str,
        Form(min_length=1, max_length=254, description="Your email (grant_type=password)."),
        Storable,
    ] = ABSENT,
    password: Annotated[
        str,
        Form(
            min_length=1,
            max_length=128,
            description="Your password (grant_type=password).",
            json_schema_extra={"format": "password"},
        ),
        Storable,
    ] = ABSENT,
    refresh_token: Annotated[
        str,
        Form(
            min_length=1,
            max_length=4096,
            description="The newest refresh token of the session (grant_type=refresh_token).",
            json_schema_extra={"format": "password"},
        ),
        Storable,
    ] = ABSENT,
) -> Token:
    """Exchange an email and password, or a refresh token, for a bearer access token and
    a refresh token."""
    if grant_type == "password":
        session = await service.login(
            ctx,
            _required(username, "username"),
            _required(password, "password"),
            client,
        )
    else:
        session = await service.refresh(ctx, _required(refresh_token, "refresh_token"))
    response.headers.update(NO_STORE)
    return Token(
        access_token=session.access_token,
        expires_in=ctx.tokens.lifetime_seconds,
        refresh_token=session.refresh_token,
    )


@router.post(
    "/revoke",
    summary="Log out (revoke a token)",
    status_code=200,
    response_class=Response,
    responses={
        200: {
            "headers": NO_STORE_HEADERS,
            "description": "Revoked, or the token was not valid (RFC 7009 section 2.2).",
        },
        **problem_responses(413, 422),
        **retry_after_responses({503: "The database is unreachable."}),
    },
)
async def revoke_token(
    ctx: ContextDep,
    token: Annotated[
        str,
        Form(
            min_length=1,
            max_length=4096,
            description="An access or refresh token of the session to end.",
            json_schema_extra={"format": "password"},
        ),
        Storable,
    ],
    token_type_hint: Annotated[
        Literal["access_token", "refresh_token"],
        Form(description="Which kind `token` is; either is recognised without it."),
    ] = ABSENT,
) -> Response:
    """Log out: end the session a token belongs to (every session of its user)."""
    del token_type_hint  # both kinds are told apart by the token itself
    await service.revoke(ctx, token)
    return Response(status_code=200, headers=NO_STORE)
