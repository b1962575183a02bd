"""On a 360x740 phone nothing scrolls sideways; the screenshots in the README come from here,
with the home page on a 1280x800 desktop screen beside them."""

from pathlib import Path

import pytest

from tests.browser.conftest import assert_no_horizontal_overflow, expect
from tests.browser.test_accessibility import PAGES

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.parametrize(
    ("path", "screenshot"),
    [
        ("/en/", "home.png"),
        ("/en/commitments/KGBSK0001/", "commitment.png"),
        ("/en/feedback/stats/", "feedback-statistics.png"),
    ],
)
def test_page_fits_a_phone_screen(phone_page, live_server, demo_plan, path, screenshot):
    phone_page.goto(live_server.url + path)
    expect(phone_page.locator("h1")).to_be_visible()
    assert phone_page.evaluate("window.innerWidth") == 360
    assert_no_horizontal_overflow(phone_page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=SCREENSHOTS / screenshot, full_page=True)


def test_home_page_fits_a_desktop_screen(page, live_server, demo_plan):
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("h1")).to_be_visible()
    assert page.viewport_size == {"width": 1280, "height": 800}
    assert_no_horizontal_overflow(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home-desktop.png")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_a_phone_screen_in_kyrgyz(phone_page, live_server, demo_plan, path):
    # Kyrgyz words run longest of the three languages.
    phone_page.goto(live_server.url + path.format(lang="ky"))
    assert_no_horizontal_overflow(phone_page)
