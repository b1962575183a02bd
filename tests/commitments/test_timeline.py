"""The milestone timeline reads on its own: codes on the bars, month names, today's line, the
plan's end, a legend of the states shown, and the same facts as a list."""

import datetime

import pytest
from django.template.defaultfilters import date

from commitments.models import Commitment
from commitments.timeline import milestone_timeline
from tests.factories import MilestoneFactory

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def commitment(plan):
    commitment = Commitment.objects.get(code="KGBSK0001")
    for (start, due), status, progress in [
        ((datetime.date(2025, 2, 1), datetime.date(2025, 6, 30)), "completed", 100),
        ((datetime.date(2025, 5, 1), datetime.date(2025, 11, 30)), "in_progress", 40),
    ]:
        MilestoneFactory(
            commitment=commitment, starts_on=start, ends_on=due, status=status, progress=progress
        )
    return Commitment.objects.with_milestones().get(pk=commitment.pk)


def test_each_bar_carries_its_milestones_code(client, commitment):
    html = client.get("/en/commitments/KGBSK0001/").content.decode()
    for milestone in commitment.milestones.all():
        assert f'<span class="tl-code">{milestone.code}</span>' in html


def test_months_are_named_once_each_on_a_year(commitment):
    timeline = milestone_timeline(commitment)
    assert all(labelled for _x, _month, labelled in timeline.months)
    assert [m.month for _x, m, _l in timeline.months][:3] == [1, 2, 3]


def test_the_plans_end_is_marked_and_the_legend_names_the_states_shown(client, commitment):
    html = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert '<span class="tl-end"' in html and "plan ends" in html
    legend = html[html.index('<ul class="tl-legend"') :]
    legend = legend[: legend.index("</ul>")]
    assert "Completed" in legend and "In progress" in legend and "Cancelled" not in legend


def test_today_is_marked_while_the_timeline_runs(commitment, clock):
    clock(datetime.date(2025, 7, 15))
    timeline = milestone_timeline(commitment)
    assert timeline.today_x is not None and 0 < timeline.today_x < 100


def test_the_timeline_is_also_a_list_with_dates_states_and_progress(client, commitment):
    html = client.get("/en/commitments/KGBSK0001/").content.decode()
    text = html[html.index('<details class="tl-text">') :]
    start, due, end = (
        date(day, "DATE_FORMAT")
        for day in (datetime.date(2025, 2, 1), datetime.date(2025, 6, 30), commitment.plan.ends_on)
    )
    assert f"{start} – {due}; Completed, 100%" in text
    assert f"The plan ends on {end}." in text
