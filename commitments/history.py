"""The public change history of a commitment, read from the audit trail.

Citizens see what changed, when it happened and when it was recorded, and why ("the due date
moved from 30 June to 31 July: the contractor's tender failed"). Editors are named only when they
are members of the Open Bishkek Committee, who act publicly in that role; other accounts (staff,
the system) stay anonymous.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import pairwise

from django.utils import timezone, translation

from .models import Commitment, Milestone, MilestoneStatus, ProgressUpdate

# Fields whose changes are public, in the order they are reported.
PUBLIC_FIELDS = ["status", "progress", "starts_on", "ends_on", "title"]


@dataclass(frozen=True)
class Change:
    when: datetime.datetime  # when it was recorded
    milestone_code: str
    milestone_order: int
    milestone_title: str
    kind: str  # "added", "removed", "corrected" or one of PUBLIC_FIELDS
    old: object = None
    new: object = None
    by: str = ""
    reason: str = ""
    reason_language: str = ""
    effective_on: datetime.date | None = None
    is_demo: bool = False
    beyond_plan_end: bool = False

    @property
    def happened_on(self) -> datetime.date:
        """When the change took effect: the date given with it, or the day it was recorded."""
        return self.effective_on or timezone.localdate(self.when)

    @property
    def recorded_later(self) -> bool:
        return self.happened_on != timezone.localdate(self.when)


def _editor(record) -> str:
    user = record.history_user
    seat = getattr(user, "committee_seat", None) if user is not None else None
    return seat.full_name if seat is not None else ""


def _value(record, field: str):
    if field == "title":
        language = translation.get_language() or "en"
        return getattr(record, f"title_{language}", None) or record.title_en or ""
    if field == "status":
        return MilestoneStatus(record.status).label
    return getattr(record, field)


def _change(commitment: Commitment, record, kind: str, old=None, new=None) -> Change:
    return Change(
        when=record.history_date,
        milestone_code=f"{commitment.code}.{record.order}",
        milestone_order=record.order,
        milestone_title=_value(record, "title"),
        kind=kind,
        old=old,
        new=new,
        by=_editor(record),
        reason=record.history_change_reason or "",
        reason_language=record.reason_language,
        effective_on=record.effective_on,
        is_demo=record.is_demo,
        beyond_plan_end=kind == "ends_on" and new > commitment.plan.ends_on,
    )


def public_changes(
    commitment: Commitment, limit: int = 100, milestone: Milestone | None = None
) -> list[Change]:
    """Changes to the commitment's milestones (or to one of them) and corrections of their
    published updates, latest first, in three queries whatever the count."""
    records = (
        Milestone.history.filter(commitment_id=commitment.pk)
        .select_related("history_user__committee_seat")
        .order_by("id", "history_date", "history_id")
    )
    if milestone is not None:
        records = records.filter(id=milestone.pk)
    by_milestone: dict[int, list] = {}
    for record in records:
        by_milestone.setdefault(record.id, []).append(record)

    changes: list[Change] = []
    for milestone_records in by_milestone.values():
        first = milestone_records[0]
        if first.history_type == "+":
            changes.append(_change(commitment, first, "added"))
        for before, after in pairwise(milestone_records):
            if after.history_type == "-":
                changes.append(_change(commitment, after, "removed"))
                continue
            for field in PUBLIC_FIELDS:
                old, new = _value(before, field), _value(after, field)
                if old != new:
                    changes.append(_change(commitment, after, field, old, new))
    changes += _corrections(commitment, milestone)
    changes.sort(key=lambda change: (change.happened_on, change.when), reverse=True)
    return changes[:limit]


def _corrections(commitment: Commitment, milestone: Milestone | None) -> list[Change]:
    """Published updates whose text was corrected (correct_update), with the reason given."""
    records = (
        ProgressUpdate.history.filter(milestone__commitment=commitment, history_type="~")
        .exclude(history_change_reason=None)
        .exclude(history_change_reason="")
        .select_related("history_user__committee_seat", "milestone")
    )
    if milestone is not None:
        records = records.filter(milestone_id=milestone.pk)
    return [
        Change(
            when=record.history_date,
            milestone_code=f"{commitment.code}.{record.milestone.order}",
            milestone_order=record.milestone.order,
            milestone_title=_value(record.milestone, "title"),
            kind="corrected",
            by=_editor(record),
            reason=record.history_change_reason,
            reason_language=record.reason_language,
            effective_on=record.effective_on,
            is_demo=record.is_demo,
        )
        for record in records
    ]
