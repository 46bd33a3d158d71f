"""What sync()/asyncio() return and raise for each kind of answer, and what the
*_detailed() functions return instead (respx: no server)."""

from __future__ import annotations

import httpx
import pytest
import respx
from storefront_client import Client, errors
from storefront_client.api.items import delete_item, get_item, list_items
from storefront_client.models import Item, Problem
from storefront_client.types import UNSET, Unset

from tests.sdk.conftest import BASE_URL, Mode, item_json, problem_json, run


def client() -> Client:
    return Client(base_url=BASE_URL, max_retries=0)


def fetch(mode: Mode, c: Client, if_none_match: str | Unset = UNSET) -> Item:
    return run(
        mode,
        lambda: get_item.sync(1, client=c, if_none_match=if_none_match),
        lambda: get_item.asyncio(1, client=c, if_none_match=if_none_match),
    )


def test_success_returns_the_model_itself(mock: respx.MockRouter, mode: Mode) -> None:
    mock.get("/v1/items/1").mock(return_value=httpx.Response(200, json=item_json()))
    item = fetch(mode, client())
    assert isinstance(item, Item)
    assert item.to_dict()["created_at"].startswith("2025-01-02T03:04:05")


def test_no_content_returns_none(mock: respx.MockRouter, mode: Mode) -> None:
    mock.delete("/v1/items/1").mock(return_value=httpx.Response(204))
    c = Client(base_url=BASE_URL)
    result = run(
        mode,
        lambda: delete_item.sync(1, client=c),  # type: ignore[arg-type]
        lambda: delete_item.asyncio(1, client=c),  # type: ignore[arg-type]
    )
    assert result is None


def test_a_declared_error_status_raises_its_typed_error(mock: respx.MockRouter, mode: Mode) -> None:
    body = problem_json(404, "Not Found")
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(404, json=body, headers={"X-Request-ID": "req-42"})
    )
    with pytest.raises(errors.NotFoundError) as failure:
        fetch(mode, client())
    error = failure.value
    assert isinstance(error, errors.ApiError)
    assert error.status == 404
    assert isinstance(error.problem, Problem)
    assert error.problem.to_dict() == body
    assert error.request_id == "req-42"
    assert isinstance(error.response, httpx.Response)
    assert str(error) == f"HTTP 404 Not Found: {body['detail']} (request id req-42)"


def test_request_id_falls_back_to_the_problem_body(mock: respx.MockRouter) -> None:
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(404, json=problem_json(404, "Not Found"))
    )
    with pytest.raises(errors.NotFoundError) as failure:
        fetch("sync", client())
    assert failure.value.request_id == "req-from-body"


def test_validation_error_lists_each_invalid_input(mock: respx.MockRouter, mode: Mode) -> None:
    invalid = {"loc": ["query", "limit"], "msg": "too big", "type": "less_than_equal"}
    mock.get("/v1/items").mock(
        return_value=httpx.Response(
            422, json=problem_json(422, "Validation Error", errors=[invalid])
        )
    )
    c = client()
    with pytest.raises(errors.ValidationError) as failure:
        run(
            mode,
            lambda: list_items.sync(client=c, limit=1000),
            lambda: list_items.asyncio(client=c, limit=1000),
        )
    problem = failure.value.problem
    assert problem is not None
    assert isinstance(problem.errors, list)
    assert [e.to_dict() for e in problem.errors] == [invalid]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (412, errors.PreconditionFailedError),
        (413, errors.PayloadTooLargeError),
        (422, errors.ValidationError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
    ],
)
def test_each_status_has_its_class(
    mock: respx.MockRouter, status: int, error: type[errors.ApiError]
) -> None:
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(status, json=problem_json(status, "Title"))
    )
    with pytest.raises(errors.ApiError) as failure:
        fetch("sync", client())
    assert type(failure.value) is error
    assert failure.value.status == status


def test_an_undeclared_520_raises_server_error_not_a_crash(
    mock: respx.MockRouter, mode: Mode
) -> None:
    mock.get("/v1/items/1").mock(return_value=httpx.Response(520, text="<html>origin error</html>"))
    with pytest.raises(errors.ServerError) as failure:
        fetch(mode, client())
    assert isinstance(failure.value, errors.ApiError)
    assert failure.value.status == 520
    assert failure.value.problem is None
    assert failure.value.response.text == "<html>origin error</html>"


@pytest.mark.parametrize("status", [418, 202, 301])
def test_other_unexpected_statuses_raise_api_error(
    mock: respx.MockRouter, mode: Mode, status: int
) -> None:
    mock.get("/v1/items/1").mock(return_value=httpx.Response(status, json={"odd": True}))
    with pytest.raises(errors.ApiError) as failure:
        fetch(mode, client())
    assert type(failure.value) is errors.ApiError
    assert failure.value.status == status


def test_malformed_json_in_an_error_leaves_problem_empty(
    mock: respx.MockRouter, mode: Mode
) -> None:
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(
            409, content=b"{not json", headers={"Content-Type": "application/problem+json"}
        )
    )
    with pytest.raises(errors.ConflictError) as failure:
        fetch(mode, client())
    assert failure.value.problem is None
    assert str(failure.value) == "HTTP 409: {not json"  # a body that is no problem: quoted


@pytest.mark.parametrize("content", [b"{not json", b'{"id": 1}', b"[]"])
def test_a_malformed_success_body_raises_malformed_response(
    mock: respx.MockRouter, mode: Mode, content: bytes
) -> None:
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(
            200, content=content, headers={"Content-Type": "application/json"}
        )
    )
    with pytest.raises(errors.MalformedResponseError) as failure:
        fetch(mode, client())
    assert not isinstance(failure.value, errors.ApiError)
    assert isinstance(failure.value, errors.StorefrontError)
    assert failure.value.__cause__ is not None


def test_not_modified_raises_not_modified(mock: respx.MockRouter, mode: Mode) -> None:
    route = mock.get("/v1/items/1").mock(return_value=httpx.Response(304, headers={"ETag": '"3"'}))
    with pytest.raises(errors.NotModified) as failure:
        fetch(mode, client(), if_none_match='"3"')
    assert failure.value.etag == '"3"'
    assert not isinstance(failure.value, errors.ApiError)
    assert route.calls.last.request.headers["If-None-Match"] == '"3"'


def test_detailed_functions_return_the_response_and_never_raise(
    mock: respx.MockRouter,
) -> None:
    route = mock.get("/v1/items/1")
    c = client()
    route.mock(return_value=httpx.Response(404, json=problem_json(404, "Not Found")))
    response = get_item.sync_detailed(1, client=c)
    assert response.status_code == 404
    assert isinstance(response.parsed, Problem)
    route.mock(return_value=httpx.Response(520, text="oops"))
    response = get_item.sync_detailed(1, client=c)
    assert (response.status_code, response.parsed, response.content) == (520, None, b"oops")
    route.mock(return_value=httpx.Response(304))
    assert get_item.sync_detailed(1, client=c).parsed is None
    route.mock(return_value=httpx.Response(200, json=item_json()))
    assert isinstance(get_item.sync_detailed(1, client=c).parsed, Item)


@pytest.mark.asyncio
async def test_async_detailed_returns_the_response(mock: respx.MockRouter) -> None:
    mock.get("/v1/items/1").mock(
        return_value=httpx.Response(503, json=problem_json(503, "Service Unavailable"))
    )
    async with Client(base_url=BASE_URL, max_retries=0) as c:
        response = await get_item.asyncio_detailed(1, client=c)
    assert response.status_code == 503
    assert isinstance(response.parsed, Problem)
