"""Browser tests: Playwright drives the system's Chromium against pytest-django's live server.

Chromium is the distribution's package (Debian: `apt-get install chromium`), never a browser build
downloaded by `playwright install`. Without it these tests skip with a message, or fail under
REQUIRE_SERVICES=1 (CI), like the tests that need PostgreSQL or Redis.

The browser is started once per session; every test gets a fresh context (cookies, storage,
language) and page. Pages may only reach the live server: any other request is aborted and fails
the test.
"""

import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback.models import Feedback
from tests.factories import FeedbackFactory

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # reported by the `browser` fixture, with the fail/skip rule below
    Axe = expect = sync_playwright = None
    PlaywrightError = Exception

# Playwright's sync API runs an asyncio event loop in the test thread for as long as the browser is
# open (the whole session), so Django's async-safety check would refuse every ORM call made by the
# tests and fixtures, even the non-browser tests that run after them, as if it came from async
# code. Nothing here runs Django code inside that loop; the live server answers in its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server listens on the IPv4 loopback address, never on a name that might resolve
# elsewhere. An explicit --liveserver or environment value still wins.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

__all__ = [
    "LANGUAGES",
    "assert_no_axe_violations",
    "assert_no_horizontal_overflow",
    "expect",
    "switch_language",
]

LANGUAGES = ["ky", "ru", "en"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home (updates, safe browsing, sync): the tests must
    # never reach anything but the live server.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# WCAG 2.2 AA adds target size (2.5.8): nothing to tap smaller than 24x24 CSS px.
WCAG_22_AA = [*WCAG_21_AA, "wcag22aa"]


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return None


def require(message: str) -> None:
    """Fail under REQUIRE_SERVICES=1 (CI), else skip: the rule of tests/conftest.py."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (REQUIRE_SERVICES=1 makes this a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if sync_playwright is None:
        require("browser tests need playwright and axe-playwright-python: pip install -e '.[dev]'")
    executable = find_chromium()
    if executable is None:
        require("browser tests need Chromium: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            require(f"Chromium at {executable} did not start: {error}")
        yield chromium
        chromium.close()


def new_page(browser, live_server, *, viewport=DESKTOP, locale="en", scripts=True):
    """A page in a fresh context, with every request outside the live server aborted."""
    context = browser.new_context(
        viewport=viewport,
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
        java_script_enabled=scripts,
    )
    context.set_default_timeout(10_000)
    server = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def only_the_live_server(route):
        url = route.request.url
        if urlsplit(url).netloc == server or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    page.outside_requests = outside
    return context, page


def close_page(context, page) -> None:
    outside = page.outside_requests
    context.close()
    if outside:
        pytest.fail(
            "The page requested addresses outside the test server (aborted):\n  "
            + "\n  ".join(sorted(set(outside))),
            pytrace=False,
        )


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    """A desktop page whose browser prefers English.

    The live server makes this a transactional test: tables are emptied after it. The serialized
    rollback restores what migrations put there (roles, OGP values) before each browser test.
    """
    context, page = new_page(browser, live_server)
    yield page
    close_page(context, page)


@pytest.fixture
def phone_page(browser, live_server, django_db_serialized_rollback):
    """A 360x740 phone-sized page whose browser prefers English."""
    context, page = new_page(browser, live_server, viewport=PHONE)
    yield page
    close_page(context, page)


def switch_language(page, code: str) -> None:
    """Use the page's language switcher, links or form, to go to the same page in `code`."""
    links = f'a[hreflang="{code}"], a[lang="{code}"]'
    for scope in ('nav, [role="navigation"]', "header, [role='banner']", "body"):
        candidates = page.locator(scope).locator(links)
        if candidates.count():
            with page.expect_navigation():
                candidates.first.click()
            break
    else:
        select = page.locator('form select[name="language"]')
        if not select.count():
            raise AssertionError(f"No language switcher (links or form) leads to {code!r}.")
        select.first.select_option(code)
        form = select.first.locator("xpath=ancestor::form")
        with page.expect_navigation():
            form.locator('[type="submit"]').first.click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def assert_no_axe_violations(page, tags=WCAG_21_AA, rules=()) -> None:
    """Run axe-core (bundled with axe-playwright-python) on the page; list what it finds.

    `rules` adds rules outside the tags (best practices such as "region").
    """
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    if rules:
        options["rules"] = {rule: {"enabled": True} for rule in rules}
    results = Axe().run(page, options=options)
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility rule(s) violated on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary}")
    raise AssertionError("\n".join(lines))


def assert_no_horizontal_overflow(page) -> None:
    """The page is not wider than the viewport: nothing to scroll sideways on a phone."""
    # Measure with the stylesheets applied (a page shown after a form's POST can be measured
    # before they are) and in the bundled font, not in a fallback shown before it has loaded.
    page.wait_for_load_state("load")
    page.evaluate("async () => { await document.fonts.ready; }")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width <= inner_width:
        return
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                 + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)')"""
    )
    raise AssertionError(
        f"{page.url} is {scroll_width}px wide in a {inner_width}px viewport; "
        f"elements past the edge: {', '.join(widest) or 'none found'}"
    )


@pytest.fixture
def demo_plan(plan):
    """The official plan with the illustrative demo data, as `make run` shows it, and enough
    answered feedback on one service for the statistics to show figures and charts."""
    call_command("load_demo_data", stdout=io.StringIO())
    now = timezone.now()
    for rating in [1, 2, 3, 4, 5, 5, 4, 4, 2, 5, 3, 4]:
        FeedbackFactory(
            rating=rating,
            moderation=Feedback.Moderation.APPROVED,
            status=Feedback.Status.RESOLVED,
            public_answer="The road surface was repaired.",
            first_answered_at=now,
            resolved_at=now,
        )
    return plan
