"""Printed, a commitment's page and a monitoring report's page give their content and nothing
that needs a screen: no menu, search, languages, breadcrumbs, buttons or forms; nothing wider
than an A4 page; the page's address and date once, at the bottom."""

from tests.browser.conftest import assert_no_horizontal_overflow, expect
from tests.monitoring.reports import build_results_report

# An A4 page less print.css's 15 mm margins, in CSS pixels (96 to the inch): 680 px.
PRINTED = {"width": round((210 - 2 * 15) / 25.4 * 96), "height": round(297 / 25.4 * 96)}
SCREEN_ONLY = ".site-menu, .language-switcher, nav, form, button, .button, .site-footer a"


def print_preview(page, url: str) -> None:
    page.set_viewport_size(PRINTED)
    page.emulate_media(media="print")
    page.goto(url)


def shown_screen_parts(page) -> list[str]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((element) => element.checkVisibility())
            .map((element) => element.outerHTML.slice(0, 80))""",
        SCREEN_ONLY,
    )


def test_a_printed_commitment_page_is_its_content_within_the_page(page, live_server, demo_plan):
    url = f"{live_server.url}/en/commitments/KGBSK0001/"
    print_preview(page, url)
    assert shown_screen_parts(page) == []
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".milestones > li").first).to_be_visible()
    # The timeline prints as its list, not as a chart of coloured bars.
    expect(page.locator(".tl-chart")).to_be_hidden()
    expect(page.locator(".tl-text li").first).to_be_visible()
    # Badges are drawn in ink: a border, no fill.
    badge = page.locator(".milestones .badge").first
    expect(badge).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    expect(badge).to_have_css("border-top-style", "solid")
    expect(page.locator(".print-source")).to_contain_text(url)
    assert_no_horizontal_overflow(page)


def test_a_printed_report_page_keeps_each_assessment_whole(page, live_server, demo_plan):
    report = build_results_report(demo_plan)
    print_preview(page, live_server.url + report.get_absolute_url())
    assert shown_screen_parts(page) == []
    assessments = page.locator(".assessment")
    expect(assessments).to_have_count(3)
    for index in range(3):
        expect(assessments.nth(index)).to_be_visible()
        expect(assessments.nth(index)).to_have_css("break-inside", "avoid")
    expect(page.locator(".checklist")).to_be_visible()
    assert_no_horizontal_overflow(page)
