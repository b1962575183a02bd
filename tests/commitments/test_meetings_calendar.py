"""Meetings: upcoming ones with their agenda and how to attend, a calendar feed per plan."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commitments.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(plan):
    return Meeting.objects.create(
        plan=plan, kind=Meeting.Kind.HEARING, title_en="Hearing on the land register",
        held_on=timezone.localdate() + datetime.timedelta(days=10),
        starts_at=datetime.time(15, 0), ends_at=datetime.time(17, 0),
        place_en="City Hall, room 101", agenda_en="1. The draft register.",
        how_to_attend_en="Open to all; no registration.",
    )  # fmt: skip


def test_the_calendar_feed_parses_and_lists_the_upcoming_meeting(client, plan, hearing):
    response = client.get(f"/en/plans/{plan.slug}/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["summary"]) == hearing.title_en]
    start = event.decoded("dtstart")
    assert start.hour == 15 and str(start.tzinfo) == "Asia/Bishkek"
    assert str(event["location"]) == "City Hall, room 101"
    assert "no registration" in str(event["description"])
    assert str(event["url"]).endswith(f"#meeting-{hearing.pk}")


def test_the_committee_page_shows_upcoming_meetings_with_how_to_attend(client, hearing):
    page = client.get("/en/committee/").content.decode()
    upcoming = page.split('id="upcoming-heading"')[1].split('id="meetings-heading"')[0]
    assert "Hearing on the land register" in upcoming
    assert "Open to all; no registration." in upcoming


def test_a_meeting_cannot_end_before_it_starts(hearing):
    hearing.ends_at = datetime.time(14, 0)
    with pytest.raises(ValidationError, match="A meeting ends after it starts"):
        hearing.full_clean()
