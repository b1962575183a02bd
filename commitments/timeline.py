"""Geometry of the server-drawn milestone timeline (HTML and CSS, no JavaScript)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Commitment, Milestone, today

# Each row: the milestone's code above its bar. The top band holds the month names.
ROW_HEIGHT = 52
TOP = 44
BOTTOM = 20  # the band where today and the plan's end are named


@dataclass(frozen=True)
class Row:
    milestone: Milestone
    x: float  # percent of the chart width
    width: float
    y: int


@dataclass(frozen=True)
class Timeline:
    starts_on: datetime.date
    ends_on: datetime.date
    rows: list[Row]
    height: int
    today_x: float | None
    months: list[tuple[float, datetime.date, bool]]  # position, month, labelled
    plan_end_x: float | None
    statuses: list[tuple[str, str]]  # the states the bars show, for the legend
    today: datetime.date
    plan_ends_on: datetime.date


def _position(day: datetime.date, start: datetime.date, span: int) -> float:
    return round(100 * (day - start).days / span, 2)


def milestone_timeline(commitment: Commitment) -> Timeline | None:
    """Bars from each milestone's start to its due date, on the span of all of them."""
    milestones = list(commitment.milestones.all())
    if not milestones:
        return None
    start = min([commitment.starts_on, *(m.starts_on for m in milestones)])
    end = max([commitment.ends_on, *(m.ends_on for m in milestones)])
    span = max((end - start).days, 1)
    rows = []
    for index, milestone in enumerate(milestones):
        x = _position(milestone.starts_on, start, span)
        width = max(_position(milestone.ends_on, start, span) - x, 0.5)
        rows.append(
            Row(
                milestone=milestone,
                x=x,
                width=width,
                y=TOP + index * ROW_HEIGHT,
            )
        )
    now = today()
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        if cursor >= start:
            months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    # Every month named on a year or less; on longer spans, quarters, so labels never collide.
    step = 1 if len(months) <= 12 else 3
    plan_end = commitment.plan.ends_on
    shown = {m.status: m.get_status_display() for m in milestones}
    return Timeline(
        starts_on=start,
        ends_on=end,
        rows=rows,
        height=TOP + len(rows) * ROW_HEIGHT + BOTTOM,
        today_x=_position(now, start, span) if start <= now <= end else None,
        months=[(_position(m, start, span), m, (m.month - 1) % step == 0) for m in months],
        plan_end_x=_position(plan_end, start, span) if start <= plan_end <= end else None,
        statuses=list(shown.items()),
        today=now,
        plan_ends_on=plan_end,
    )
