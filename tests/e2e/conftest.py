"""Browser tests: a real headless Chromium (Debian's package) driven by Playwright against the live server.

Every page a test visits can be checked with axe-core (`axe_check(page)`), which fails on any serious
or critical accessibility violation and saves a screenshot under test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CAREPATH_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = Path(os.environ.get("CAREPATH_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the test command of the README (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets axe-core be injected; the app itself runs under its normal CSP headers.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def sign_in():
    def _sign_in(page, email: str, password: str = PASSWORD):
        page.goto("/accounts/sign-in/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return _sign_in


def no_sideways_scroll(page) -> None:
    """Nothing on the page may be wider than the screen (a phone must never scroll sideways)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    screen = page.evaluate("document.documentElement.clientWidth")
    assert width <= screen + 1, f"{page.url} scrolls sideways: {width}px of content on a {screen}px screen"


def in_first_screen(page, locator) -> bool:
    """The element is on the first screen, without scrolling."""
    box = locator.bounding_box()
    viewport = page.viewport_size
    return (
        bool(box)
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] >= 0
        and (box["x"] + box["width"] <= viewport["width"])
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "page"


@pytest.fixture
def axe_check(request):
    """Run axe-core on the current page; fail on serious or critical violations; save a screenshot."""
    shots = OUTPUT / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def _check(page, name: str | None = None):
        counter["n"] += 1
        label = name or page.title()
        page.screenshot(
            path=str(shots / f"{_slug(request.node.name)}-{counter['n']:02d}-{_slug(label)}.png"), full_page=True
        )
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations'], "
            "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        no_sideways_scroll(page)
        bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
        detail = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad
        )
        assert not bad, f"accessibility violations on {page.url}:\n{detail}"
        return result

    return _check
