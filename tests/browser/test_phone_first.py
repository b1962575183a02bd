"""Phone first, at 360x740 in the three languages: the page's title shows without scrolling,
nothing scrolls sideways, nothing to tap is under 24x24 px, and axe finds nothing, including
its "region" and "heading-order" rules."""

import pytest

from tests.browser.conftest import (
    LANGUAGES,
    PHONE,
    WCAG_22_AA,
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    close_page,
    expect,
    new_page,
)

PAGES = [
    "/{lang}/",
    "/{lang}/commitments/KGBSK0001/",
    "/{lang}/feedback/",
    "/{lang}/feedback/stats/",
]
FOLD = 740


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_first_on_a_phone_in_every_language(phone_page, live_server, demo_plan, path):
    page = phone_page
    for language in LANGUAGES:
        page.goto(live_server.url + path.format(lang=language))
        expect(page.locator("html")).to_have_attribute("lang", language)
        box = page.locator("h1").bounding_box()
        assert box["y"] + box["height"] <= FOLD, (
            f"{page.url}: title ends at {box['y'] + box['height']} px"
        )
        assert_no_horizontal_overflow(page)
        assert_no_axe_violations(page, WCAG_22_AA, rules=("region", "heading-order"))


def test_menu_opens_without_a_script(
    browser, live_server, demo_plan, django_db_serialized_rollback
):
    context, page = new_page(browser, live_server, viewport=PHONE, scripts=False)
    try:
        page.goto(f"{live_server.url}/en/")
        link = page.get_by_role("link", name="Consultations")
        expect(link).to_be_hidden()
        page.locator(".site-menu > summary").click()
        expect(link).to_be_visible()
        expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    finally:
        close_page(context, page)


def test_wide_screens_show_the_menu_open(page, live_server, demo_plan):
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Consultations")).to_be_visible()


def test_rating_is_five_large_labelled_buttons(phone_page, live_server, demo_plan):
    phone_page.goto(f"{live_server.url}/en/feedback/")
    choices = phone_page.locator(".rating label")
    expect(choices).to_have_count(5)
    for index in range(5):
        box = choices.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    phone_page.get_by_label("4", exact=True).check()
    expect(choices.nth(3)).to_have_css("color", "rgb(255, 255, 255)")
