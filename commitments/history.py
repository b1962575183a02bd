"""The public change history of a commitment, read from the audit trail.

Citizens see what changed and when ("the due date moved from 30 June to 31 July"). Editors are
named only when they are members of the Open Bishkek Committee, who act publicly in that role;
other accounts (staff, the system) stay anonymous.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import pairwise

from django.utils import translation

from .models import Commitment, Milestone, MilestoneStatus, ProgressUpdate

# Fields whose changes are public, in the order they are reported.
PUBLIC_FIELDS = ["status", "progress", "starts_on", "ends_on", "title"]


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    milestone_code: str
    milestone_title: str
    kind: str  # "added", "removed" or one of PUBLIC_FIELDS
    old: object = None
    new: object = None
    by: str = ""
    reason: str = ""


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


def public_changes(commitment: Commitment, limit: int = 100) -> list[Change]:
    """Changes to the commitment's milestones and corrections of its published updates, newest
    first, in three queries whatever the count."""
    records = (
        Milestone.history.filter(commitment_id=commitment.pk)
        .select_related("history_user__committee_seat")
        .order_by("id", "history_date", "history_id")
    )
    by_milestone: dict[int, list] = {}
    for record in records:
        by_milestone.setdefault(record.id, []).append(record)

    changes: list[Change] = []
    for milestone_records in by_milestone.values():
        first = milestone_records[0]
        code = f"{commitment.code}.{first.order}"
        if first.history_type == "+":
            changes.append(
                Change(first.history_date, code, _value(first, "title"), "added", by=_editor(first))
            )
        for before, after in pairwise(milestone_records):
            title = _value(after, "title")
            if after.history_type == "-":
                changes.append(
                    Change(after.history_date, code, title, "removed", by=_editor(after))
                )
                continue
            for field in PUBLIC_FIELDS:
                old, new = _value(before, field), _value(after, field)
                if old != new:
                    changes.append(
                        Change(after.history_date, code, title, field, old, new, _editor(after))
                    )
    changes += _corrections(commitment)
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def _corrections(commitment: Commitment) -> list[Change]:
    """Published updates whose text was corrected (correct_update), with the reason given."""
    records = (
        ProgressUpdate.history.filter(milestone__commitment=commitment, history_type="~")
        .exclude(history_change_reason=None)
        .exclude(history_change_reason="")
        .select_related("history_user__committee_seat", "milestone__commitment")
    )
    return [
        Change(
            record.history_date,
            record.milestone.code,
            _value(record.milestone, "title"),
            "corrected",
            by=_editor(record),
            reason=record.history_change_reason,
        )
        for record in records
    ]
