"""/docs and /redoc in a real browser with no internet: headless Chromium, every
non-loopback request aborted, against a real ``storefront serve``.

Debian's ``chromium`` is driven by Playwright's Python package through
``executable_path`` (``playwright install`` is never used). Screenshots go to
``artifacts/screenshots/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Request, Route, sync_playwright

from tests.docs.tools import find_chromium
from tests.support.databases import SqliteTemplate
from tests.support.live import ROOT, LiveServer, free_port

# Playwright's routing sees only what pages request; these flags keep Chromium's own
# background traffic (updates, sync, safe browsing, metrics) from trying the network.
# --no-sandbox: as root (CI), Chromium refuses to start without it. Pages are waited for
# (TIMEOUT_MS), as README's headless line waits with --virtual-time-budget: Swagger UI
# draws the operations with scripts after the page has loaded.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-pings",
]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob"})
TIMEOUT_MS = 15_000
PASSWORD = "docs-browser-password-1"


# Redoc's sidebar footer ("API docs by Redocly") always asks for this image; the docs
# pages' Content-Security-Policy refuses it in the browser, so it never leaves the machine.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@dataclass
class OfflinePage:
    """A page whose non-loopback requests are aborted and recorded, with its script errors.

    ``blocked``: requests that tried the network and were aborted by the route handler.
    ``refused``: requests the server's Content-Security-Policy stopped inside the browser.
    """

    page: Page
    blocked: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_failed(self, request: Request) -> None:
        if request.failure in ("csp", "net::ERR_BLOCKED_BY_CSP"):
            self.refused.append(request.url)
        elif request.url not in self.blocked:
            self.errors.append(
                f"request failed ({request.failure}): {request.method} {request.url}"
            )

    def assert_worked_offline(self, *, refusals: frozenset[str] = frozenset()) -> None:
        assert self.blocked == [], f"the page needed the internet: {self.blocked}"
        assert set(self.refused) <= refusals, f"the page asked for: {self.refused}"
        assert self.errors == [], f"the page had errors: {self.errors}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def offline(browser: Browser) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    offline = OfflinePage(page)

    def only_loopback(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            offline.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_loopback)
    page.on("pageerror", lambda error: offline.errors.append(f"script error: {error}"))
    page.on("requestfailed", offline.on_failed)
    yield offline
    context.close()


def committed_operations() -> dict[str, str]:
    """operationId -> tag, for every operation of the committed ``openapi.json``."""
    document = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    return {
        operation["operationId"]: operation["tags"][0]
        for path_item in document["paths"].values()
        for operation in path_item.values()
    }


def register(server: LiveServer, email: str) -> dict[str, Any]:
    response = httpx.post(
        f"{server.url}/v1/users", json={"email": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 201, response.text
    user: dict[str, Any] = response.json()
    return user


def open_swagger(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/docs")
    page.locator(".opblock").first.wait_for()


def try_it_out(operation: Locator) -> Locator:
    """Expand an operation and press "Try it out"; returns the operation's block."""
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    return operation


def execute(operation: Locator) -> tuple[str, str]:
    """Press "Execute" and return the status and body the page shows."""
    operation.locator("button.execute").click()
    live = operation.locator(".live-responses-table .response").first
    live.wait_for()
    status = live.locator(".response-col_status").inner_text().strip()
    body = live.locator(".highlight-code pre").first.inner_text()
    return status, body


def test_swagger_ui_renders_every_operation(
    offline: OfflinePage, live_server: LiveServer, screenshots: Path
) -> None:
    page = offline.page
    open_swagger(page, live_server)

    assert page.locator(".info .title").inner_text().startswith("Storefront API")
    shown = {
        block_id
        for block_id in page.locator(".opblock").evaluate_all("blocks => blocks.map(b => b.id)")
    }
    expected = {f"operations-{tag}-{op}" for op, tag in committed_operations().items()}
    assert shown == expected
    page.screenshot(path=screenshots / "docs-operations.png", full_page=True)
    offline.assert_worked_offline()


def test_swagger_ui_authorize_then_try_it_out(
    offline: OfflinePage, live_server: LiveServer, screenshots: Path
) -> None:
    page = offline.page
    user = register(live_server, "swagger@example.com")
    open_swagger(page, live_server)

    # The password flow's form posts username/password to the tokenUrl, /v1/auth/token.
    page.locator(".auth-wrapper button.authorize").click()
    modal = page.locator(".modal-ux")
    modal.locator("#oauth_username").fill("swagger@example.com")
    modal.locator("#oauth_password").fill("not-the-password")
    modal.locator("button.authorize").click()
    assert "Unauthorized" in modal.locator(".errors").inner_text()

    modal.locator("#oauth_password").fill(PASSWORD)
    with page.expect_response(f"{live_server.url}/v1/auth/token") as login:
        modal.locator("button.authorize").click()
    assert login.value.status == 200
    modal.get_by_text("Authorized").wait_for()
    modal.locator("button.authorize", has_text="Logout").wait_for()
    modal.screenshot(path=screenshots / "docs-authorized.png")
    modal.locator("button.btn-done").click()

    create = try_it_out(page.locator("#operations-items-create_item"))
    body = {
        "sku": "DOCS-SHIRT-1",
        "name": "Shirt made in the browser",
        "price_cents": 1999,
        "tags": ["docs"],
    }
    create.locator("textarea.body-param__text").fill(json.dumps(body, indent=2))
    status, shown = execute(create)
    assert status == "201", shown
    created = json.loads(shown)
    assert created["sku"] == "DOCS-SHIRT-1"
    assert created["owner_id"] == user["id"]  # the token the page got is this user's
    create.screenshot(path=screenshots / "docs-create-item-201.png")

    listing = try_it_out(page.locator("#operations-items-list_items"))
    listing.locator("tr[data-param-name='q'] input").fill("browser")
    status, shown = execute(listing)
    assert status == "200", shown
    assert [item["id"] for item in json.loads(shown)["items"]] == [created["id"]]
    listing.screenshot(path=screenshots / "docs-list-items-200.png")
    offline.assert_worked_offline()


def test_redoc_renders_every_operation(
    offline: OfflinePage, live_server: LiveServer, screenshots: Path
) -> None:
    page = offline.page
    page.goto(f"{live_server.url}/redoc")
    page.locator("h1", has_text="Storefront API").wait_for()

    for operation_id in committed_operations():
        section = page.locator(f"[data-section-id='operation/{operation_id}']")
        assert section.count() == 1, f"{operation_id} is missing from /redoc"
    page.screenshot(path=screenshots / "redoc.png")
    offline.assert_worked_offline(refusals=frozenset({REDOC_LOGO}))


CROSS_ORIGIN_CREATE = """async ([api, token]) => {
  try {
    const response = await fetch(api + "/v1/items", {
      method: "POST",
      headers: {
        "Authorization": "Bearer " + token,
        "Content-Type": "application/json",
        "Idempotency-Key": "cors-browser-1",
      },
      body: JSON.stringify({sku: "CORS-1", name: "From another origin", price_cents: 100}),
    });
    return {status: response.status, location: response.headers.get("location"),
            requestId: response.headers.get("x-request-id")};
  } catch (error) {
    return {error: String(error)};
  }
}"""


def test_a_listed_origin_may_call_the_api_and_others_may_not(
    browser: Browser, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    """A real browser's preflight (the create sends Authorization and a JSON body):
    ``CORS_ORIGINS`` lists http://localhost:PORT, so a page there may create an item on
    http://127.0.0.1:PORT and read its exposed headers; a page on http://127.0.0.1:PORT
    may not call http://localhost:PORT (not listed), and the browser refuses."""
    port = free_port()
    listed, other = f"http://localhost:{port}", f"http://127.0.0.1:{port}"
    url = sqlite_template.fresh(tmp_path)
    with LiveServer(url, port=port, env={"CORS_ORIGINS": listed}, log=tmp_path / "log") as server:
        register(server, "cors@example.com")
        token = httpx.post(
            f"{server.url}/v1/auth/token",
            data={"username": "cors@example.com", "password": PASSWORD},
            timeout=10,
        ).json()["access_token"]
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{listed}/healthz")
            created = page.evaluate(CROSS_ORIGIN_CREATE, [other, token])
            assert created["status"] == 201, created
            assert created["location"].startswith("/v1/items/")
            assert created["requestId"]
            page.goto(f"{other}/healthz")
            refused = page.evaluate(CROSS_ORIGIN_CREATE, [listed, token])
            assert "error" in refused, refused  # TypeError: Failed to fetch
        finally:
            context.close()
