"""A citizen on a phone, in Russian, goes from the home page to a milestone's page and reads its
evidence and why its due date last moved."""

import datetime

from django.utils import translation

from commitments.models import Milestone
from commitments.services import save_milestone
from tests.browser.conftest import assert_no_horizontal_overflow, expect

REASON = "Анализ продлён: добавлены обращения граждан за 2024 год."


def test_citizen_reads_a_milestones_evidence_and_the_reason_for_its_date_change(
    phone_page, live_server, demo_plan
):
    milestone = Milestone.objects.get(commitment__code="KGBSK0001", order=1)
    milestone.ends_on = datetime.date(2025, 5, 15)
    with translation.override("ru"):  # a committee member writing in Russian
        save_milestone(milestone=milestone, by=None, reason=REASON)
    page = phone_page

    page.goto(f"{live_server.url}/ru/")
    page.locator('main .cards a[href$="/commitments/KGBSK0001/"]').click()
    expect(page).to_have_url(f"{live_server.url}/ru/commitments/KGBSK0001/")
    page.locator('.milestones a[href$="/commitments/KGBSK0001/milestones/1/"]').click()
    expect(page).to_have_url(f"{live_server.url}/ru/commitments/KGBSK0001/milestones/1/")

    expect(page.locator("h1")).to_contain_text("KGBSK0001.1")
    evidence = page.locator(".evidence a").first
    expect(evidence).to_be_visible()
    expect(evidence).to_have_attribute("href", "https://example.org/demo/kgbsk0001-1")
    reason = page.locator(f'ul.changes .change-reason [lang="ru"]:has-text("{REASON}")')
    expect(reason).to_be_visible()
    expect(page.locator("ul.changes")).to_contain_text("Причина")  # "Reason:" in Russian
    assert_no_horizontal_overflow(page)
