"""A committee member records progress in the back office; citizens see it on the public page."""

import io
import re

import pytest
from django.core.management import call_command

from commitments.models import Milestone
from tests import factories
from tests.browser.conftest import expect
from tests.browser.test_phone import SCREENSHOTS

PASSWORD = "a-long-test-password"


@pytest.fixture
def hearings(plan):
    """A demo milestone not started yet: KGBSK0001's district hearings."""
    call_command("load_demo_data", stdout=io.StringIO())
    milestone = Milestone.objects.get(commitment__code="KGBSK0001", order=3)
    assert (milestone.status, milestone.progress) == ("not_started", 0)
    return milestone


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    expect(page).to_have_url(f"{live_server.url}/admin/")


def test_committee_member_records_progress_that_citizens_then_see(page, live_server, hearings):
    member = factories.UserFactory(groups=["Committee members"], is_staff=True)
    factories.make_responsible(member, hearings.commitment)
    log_in(page, live_server, member.username)

    page.goto(f"{live_server.url}/admin/commitments/milestone/{hearings.pk}/change/")
    page.get_by_role("link", name="Record progress").click()
    expect(page).to_have_url(
        re.compile(rf"/admin/commitments/progressupdate/add/\?milestone={hearings.pk}$")
    )
    # The milestone autocomplete (select2) arrives filled in from the link.
    expect(page.locator("#id_milestone")).to_have_value(str(hearings.pk))

    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("35")
    page.locator("#id_note_en").fill("Hearings scheduled in two districts.")
    page.locator('[name="_save"]').click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    hearings.refresh_from_db()
    assert (hearings.status, hearings.progress) == ("in_progress", 35)

    page.goto(f"{live_server.url}/en/commitments/KGBSK0001/")
    milestone = page.locator("main ol.milestones > li").filter(has_text=hearings.title_en)
    expect(milestone).to_contain_text("In progress")
    expect(milestone).to_contain_text(re.compile(r"(?<!\d)35\s?%"))
    history = page.locator("#history + ul.changes")
    expect(history).to_contain_text(
        f"the status of {hearings.code} changed from “Not started” to “In progress”"
    )
    expect(history).to_contain_text(f"the progress of {hearings.code} moved from 0% to 35%")


def test_committee_members_start_page_shows_their_work(page, live_server, hearings):
    """The start page a member sees on signing in; the README's screenshot comes from here."""
    # A fixed name, so that the screenshot changes only when the page does.
    member = factories.UserFactory(username="member", groups=["Committee members"], is_staff=True)
    factories.make_responsible(member, hearings.commitment)
    factories.ProgressUpdateFactory(milestone=hearings, published=False, is_demo=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, member.username)

    expect(page.locator("h1")).to_have_text("My work")
    work = page.locator("#committee-work")
    expect(work.get_by_role("link", name=re.compile("^KGBSK0001 "))).to_be_visible()
    expect(work).not_to_contain_text("KGBSK0002")
    expect(work).to_contain_text("Draft progress updates (1)")
    expect(page.locator("#questions-work")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "my-work.png", full_page=True)
