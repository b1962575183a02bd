"""A citizen rates a service on a phone, follows the tracking link, reads the answer, confirms."""

import re

from feedback.models import Feedback
from feedback.services import answer_feedback
from tests.browser.conftest import assert_no_axe_violations, assert_no_horizontal_overflow, expect


def test_citizen_submits_feedback_and_confirms_the_resolution(
    phone_page, live_server, transactional_db
):
    page = phone_page
    page.goto(f"{live_server.url}/en/feedback/")
    assert_no_horizontal_overflow(page)
    assert_no_axe_violations(page)

    page.get_by_label("Service").select_option(label="Street lighting")
    page.get_by_label("District").select_option(label="Oktyabrsky district")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("What happened?").fill("Three lamps on our street have been dark for a week.")
    # A person takes a few seconds; the form refuses anything faster.
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Send").click()

    link = page.locator(".tracking-link a")
    expect(link).to_be_visible()
    tracking_url = link.get_attribute("href")
    assert re.search(r"/en/feedback/track/[\w-]{32,}/$", tracking_url)
    # The copy button appears once its script runs, and copies the link itself.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_role("status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == tracking_url

    feedback = Feedback.objects.get()
    answer_feedback(
        feedback=feedback, status="resolved", answer="The lamps were replaced on Tuesday."
    )

    page.goto(tracking_url)
    expect(page.locator("main")).to_contain_text("The lamps were replaced on Tuesday.")
    assert_no_axe_violations(page)
    page.get_by_role("group", name="Was the problem really solved?").get_by_label("Yes").check()
    page.get_by_role("group", name="How good was the city's answer?").get_by_label("5").check()
    page.get_by_role("button", name="Send").click()

    expect(page.locator("main")).to_contain_text("You confirmed that the problem was solved.")
    feedback.refresh_from_db()
    assert (feedback.citizen_confirmed, feedback.answer_rating) == (True, 5)
