"""A plan's meetings as an iCalendar feed (RFC 5545), for citizens' calendar apps."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .models import ActionPlan, Meeting


def meetings_calendar(plan: ActionPlan, meetings: list[Meeting], page_url: str) -> bytes:
    """One event per meeting: timed in Bishkek's zone when its hours are known, else all day."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Open Bishkek//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Open Bishkek: meetings of %(plan)s") % {"plan": plan.title})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    host = settings.SITE_URL.split("://", 1)[-1]
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", meeting.title or meeting.get_kind_display())
        if meeting.starts_at:
            start = datetime.datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=zone)
            event.add("dtstart", start)
            if meeting.ends_at:
                end = datetime.datetime.combine(meeting.held_on, meeting.ends_at, tzinfo=zone)
                event.add("dtend", end)
        else:
            event.add("dtstart", meeting.held_on)
            event.add("dtend", meeting.held_on + datetime.timedelta(days=1))
        if meeting.place:
            event.add("location", meeting.place)
        parts = [meeting.agenda, meeting.how_to_attend]
        event.add("description", "\n\n".join(part for part in parts if part))
        event.add("url", f"{page_url}#meeting-{meeting.pk}")
        event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
        calendar.add_component(event)
    return calendar.to_ical()
