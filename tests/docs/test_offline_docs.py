"""/docs and /redoc without a browser: every asset is served by us, and the pages carry
a Content-Security-Policy that keeps the browser from contacting anyone else."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from server.main import DOCS_CONTENT_SECURITY_POLICY, create_app
from tests.support.databases import SECRET_KEY, fast_settings

ASSET = re.compile(r"""(?:src|href|url)\s*[=:(]\s*['"]([^'"]+)['"]""")


@pytest.fixture(scope="module")
def docs_client() -> Iterator[TestClient]:
    app = create_app(fast_settings("sqlite://"), secret_key=SECRET_KEY)
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_only_local_assets(docs_client: TestClient, path: str) -> None:
    response = docs_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == DOCS_CONTENT_SECURITY_POLICY
    assets = ASSET.findall(response.text)
    assert "/openapi.json" in assets
    assert [url for url in assets if not url.startswith("/")] == []
    for url in assets:
        assert docs_client.get(url).status_code == 200, url


def test_api_responses_have_no_docs_policy(docs_client: TestClient) -> None:
    response = docs_client.get("/healthz")
    assert "content-security-policy" not in response.headers


def test_docs_do_not_keep_the_bearer_token(docs_client: TestClient) -> None:
    # Swagger UI's persistAuthorization keeps an authorised token in localStorage, where
    # it outlives the page; /docs must ask for it on every visit instead.
    page = docs_client.get("/docs").text
    assert re.search(r'"persistAuthorization":\s*false', page), page
    assert not re.search(r'"persistAuthorization":\s*true', page)
