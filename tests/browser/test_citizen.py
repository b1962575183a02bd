"""A citizen reads the portal in a real browser, in each of its languages."""

import re

import pytest

from tests.browser.conftest import LANGUAGES, expect, switch_language


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_is_served_in_each_language(page, live_server, demo_plan, language):
    page.goto(f"{live_server.url}/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator('main a[href$="/commitments/KGBSK0001/"]')).to_be_visible()


def test_citizen_switches_language_with_the_language_switcher(page, live_server, demo_plan):
    page.goto(f"{live_server.url}/en/")
    switch_language(page, "ky")
    expect(page).to_have_url(f"{live_server.url}/ky/")
    switch_language(page, "ru")
    expect(page).to_have_url(f"{live_server.url}/ru/")
    switch_language(page, "en")
    expect(page).to_have_url(f"{live_server.url}/en/")


def test_language_switcher_keeps_the_citizen_on_the_same_page(page, live_server, demo_plan):
    page.goto(f"{live_server.url}/en/commitments/KGBSK0001/")
    switch_language(page, "ru")
    expect(page).to_have_url(f"{live_server.url}/ru/commitments/KGBSK0001/")
    expect(page.locator("main")).to_contain_text("KGBSK0001")


def test_citizen_opens_a_commitment_from_the_home_page_and_sees_milestone_statuses(
    page, live_server, demo_plan
):
    page.goto(f"{live_server.url}/en/")
    page.locator('main a[href$="/commitments/KGBSK0001/"]').click()
    expect(page).to_have_url(f"{live_server.url}/en/commitments/KGBSK0001/")
    expect(page.locator("h1")).to_be_visible()

    milestones = page.locator("main ol.milestones > li")
    expect(milestones).to_have_count(3)
    # The demo data: the first milestone is done, the second under way, the third not begun.
    for milestone, status, progress in zip(
        milestones.all(), ["Completed", "In progress", "Not started"], [100, 60, 0], strict=True
    ):
        expect(milestone).to_contain_text(status)
        expect(milestone).to_contain_text(re.compile(rf"(?<!\d){progress}\s?%"))
