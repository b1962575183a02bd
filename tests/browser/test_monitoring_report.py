"""The monitoring body's report on a phone: readable in every language, accessible, and the
README's picture of it."""

from tests.browser.conftest import assert_no_axe_violations, assert_no_horizontal_overflow, expect
from tests.browser.test_phone import SCREENSHOTS
from tests.monitoring.reports import build_results_report


def test_report_page_reads_on_a_phone_in_every_language(phone_page, live_server, demo_plan):
    report = build_results_report(demo_plan)
    for language in ("ky", "ru", "en"):
        phone_page.goto(f"{live_server.url}/{language}{report.get_absolute_url()[3:]}")
        expect(phone_page.locator("h1")).to_be_visible()
        assert_no_horizontal_overflow(phone_page)
        assert_no_axe_violations(phone_page)
    expect(phone_page.locator(".response").nth(1)).to_contain_text("Partly accepted")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=SCREENSHOTS / "monitoring-report.png", full_page=True)
