"""The milestones spreadsheet: exported, edited (dates), imported back.

Rows are matched by the milestone's id and only update: a row whose id is missing or unknown is
an error, never a new milestone. Every row passes the model's full validation, and an import
with any invalid row saves nothing (the admin shows each bad row with its line and reason).
Status and progress are exported to be read: they change only with a progress update
(`record_progress`), so a row that changes them is refused with that rule. Rows are saved by
`save_milestone`, the milestones' one write: a due date moved on a published milestone, or past
the plan's end, needs its reason in the `reason` column.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from bishkek_ogp.lib.downloads import spreadsheet_safe
from bishkek_ogp.lib.xml_text import xml_safe

from .models import Milestone
from .services import PROGRESS_ONLY_WITH_AN_UPDATE, save_milestone

EDITABLE = ["starts_on", "ends_on"]
# A plan has tens of milestones; a file of many thousands of rows is a mistake (or an attack) that
# would keep a web worker busy past its timeout.
MAX_ROWS = 1000
PROGRESS = ["status", "progress"]


class DayWidget(widgets.DateWidget):
    """A date column; spreadsheet files (XLSX) give their dates as datetimes at midnight."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row=row, **kwargs)
        # Left a datetime, an unchanged date would compare unequal and every row would be saved.
        return value.date() if isinstance(value, datetime.datetime) else value


class MilestoneResource(resources.ModelResource):
    commitment = fields.Field(attribute="commitment__code", column_name="commitment", readonly=True)
    # The title and number are there to recognise the row; they change in the admin form only.
    title = fields.Field(attribute="title", column_name="title", readonly=True)
    order = fields.Field(attribute="order", column_name="order", readonly=True)
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    progress = fields.Field(attribute="progress", column_name="progress", readonly=True)
    starts_on = fields.Field(attribute="starts_on", column_name="starts_on", widget=DayWidget())
    ends_on = fields.Field(attribute="ends_on", column_name="ends_on", widget=DayWidget())
    # Why a date changes, when it must say (exported empty, read on import, kept in the history).
    reason = fields.Field(column_name="reason", readonly=True)

    class Meta:
        model = Milestone
        fields = ["id", "commitment", "order", "title", *PROGRESS, *EDITABLE, "reason"]
        export_order = ["id", "commitment", "order", "title", *PROGRESS, *EDITABLE, "reason"]
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def before_import(self, dataset, **kwargs) -> None:
        if len(dataset) > MAX_ROWS:
            raise ValidationError(
                _("The file has %(rows)d rows; at most %(limit)d can be imported at once.")
                % {"rows": len(dataset), "limit": MAX_ROWS}
            )
        super().before_import(dataset, **kwargs)

    def get_queryset(self):
        return Milestone.objects.select_related("commitment").order_by("commitment__code", "order")

    def dehydrate_title(self, milestone: Milestone) -> str:
        # Typed by people, read back by spreadsheet programs: never a formula, and nothing XLSX
        # (XML) cannot hold. Read-only on import, so the marking never comes back.
        return spreadsheet_safe(xml_safe(milestone.title))

    def get_instance(self, instance_loader, row):
        given = row.get("id")
        # Spreadsheets may write whole numbers as 7.0; anything else (1.5, abc) is no id.
        text = str(given).removesuffix(".0") if given is not None else ""
        if text and not text.isdigit():
            raise ValidationError(_("“%(id)s” is not a milestone id.") % {"id": given})
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs) -> None:
        super().import_instance(instance, row, **kwargs)
        changed = [
            name for name in PROGRESS if name in row and not _same(row[name], instance, name)
        ]
        if changed:
            raise ValidationError({name: PROGRESS_ONLY_WITH_AN_UPDATE for name in changed})

    def dehydrate_reason(self, milestone: Milestone) -> str:
        return ""

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        # The admin passes the importing user; a row of another member's commitment is invalid,
        # and so is one that needs a reason and gives none. Rolled back on a dry run (preview).
        try:
            save_milestone(
                milestone=instance, by=kwargs.get("user"), reason=str(row.get("reason") or "")
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error

    def init_instance(self, row=None):
        raise ValidationError(
            _(
                "No milestone has the id “%(id)s”. The spreadsheet only updates existing "
                "milestones; add new ones in the admin."
            )
            % {"id": (row or {}).get("id") or ""}
        )


def _same(cell, milestone: Milestone, name: str) -> bool:
    """Whether a spreadsheet cell holds the milestone's value (XLSX gives 40 back as 40.0)."""
    text = "" if cell is None else str(cell).strip().removesuffix(".0")
    return text == str(getattr(milestone, name))
