"""Geometry of the server-drawn milestone timeline (an SVG, no JavaScript)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Commitment, Milestone, today

ROW_HEIGHT = 28


@dataclass(frozen=True)
class Row:
    milestone: Milestone
    x: float  # percent of the chart width
    width: float
    y: int
    progress_width: float


@dataclass(frozen=True)
class Timeline:
    starts_on: datetime.date
    ends_on: datetime.date
    rows: list[Row]
    height: int
    today_x: float | None
    months: list[tuple[float, datetime.date]]


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
                y=index * ROW_HEIGHT * 2 + 24,
                progress_width=round(width * milestone.progress / 100, 2),
            )
        )
    now = today()
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        if cursor >= start:
            months.append((_position(cursor, start, span), cursor))
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return Timeline(
        starts_on=start,
        ends_on=end,
        rows=rows,
        height=len(rows) * ROW_HEIGHT * 2 + 32,
        today_x=_position(now, start, span) if start <= now <= end else None,
        months=months,
    )
