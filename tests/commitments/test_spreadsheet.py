"""The milestones spreadsheet: exported from the admin, edited, imported back with a preview.

Every test drives the real admin views (django-import-export) with the test client: the export
form, the import preview and its confirmation. Rows are matched by id and only update dates;
status and progress are there to read (they change only with a progress update); an import with
any bad row saves nothing.
"""

import csv
import datetime
import io
import re
import zipfile
from collections import Counter

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from import_export.results import RowResult

from commitments.models import Milestone
from tests.factories import UserFactory, make_responsible

pytestmark = pytest.mark.django_db

COLUMNS = [
    "id", "commitment", "order", "title", "status", "progress", "starts_on", "ends_on", "reason",
]  # fmt: skip
CHANGELIST_URL = reverse("admin:commitments_milestone_changelist")
EXPORT_URL = reverse("admin:commitments_milestone_export")
IMPORT_URL = reverse("admin:commitments_milestone_import")
PROCESS_IMPORT_URL = reverse("admin:commitments_milestone_process_import")
D = datetime.date

# Three edits to the demo milestones, keyed by (commitment code, milestone number).
# A due date moved on a published milestone gives its reason.
EDITS = {
    ("KGBSK0001", 2): {"ends_on": D(2025, 9, 15), "reason": "The map's data came late."},
    ("KGBSK0002", 2): {"starts_on": D(2025, 6, 15)},
    ("KGBSK0003", 3): {
        "starts_on": D(2025, 5, 1),
        "ends_on": D(2026, 3, 31),
        "reason": "Tender repeated.",
    },
}
PROGRESS_RULE = "Status and progress change only with a progress update"


@pytest.fixture
def milestones(plan, committee_user):
    """The demo milestones: eight, across the plan's three commitments, all in the care of the
    committee member who imports them."""
    call_command("load_demo_data", stdout=io.StringIO())
    make_responsible(committee_user, *plan.commitments.all())
    assert Milestone.objects.count() == 8
    return Milestone.objects.all()


# --- Driving the admin ----------------------------------------------------------------------------


def format_index(form, title: str) -> str:
    """The value of the format choice the admin labels `title` ("csv", "xlsx")."""
    return next(value for value, label in form.fields["format"].choices if label == title)


def export(client, file_format: str):
    """Open the export page and submit its form as rendered, every column ticked."""
    page = client.get(EXPORT_URL)
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        "resource": form.initial.get("resource", "0"),
        "format": format_index(form, file_format),
    }
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False) and field.initial:
            data[name] = "on"
    return client.post(EXPORT_URL, data)


def preview(client, content: bytes, file_format: str):
    """Upload a file on the import page; the answer is the preview (or the list of errors)."""
    form = client.get(IMPORT_URL).context["form"]
    upload = SimpleUploadedFile(f"milestones.{file_format}", content)
    data = {
        "resource": form.initial.get("resource", "0"),
        "format": format_index(form, file_format),
        "import_file": upload,
    }
    return client.post(IMPORT_URL, data)


def confirm(client, preview_response):
    """Press "Confirm import" on a preview: post the confirm form's hidden fields."""
    return client.post(PROCESS_IMPORT_URL, preview_response.context["confirm_form"].initial)


def import_file(client, content: bytes, file_format: str):
    """Preview a valid file, check the preview, confirm it; the answer is the redirect."""
    response = preview(client, content, file_format)
    result = response.context["result"]
    assert not result.has_errors(), [
        error.error for _n, errors in result.row_errors() for error in errors
    ]
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    return confirm(client, response)


# --- Reading and writing the spreadsheet ----------------------------------------------------------


def read_sheet(content: bytes, file_format: str) -> list[dict]:
    if file_format == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    headers, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(headers, row, strict=True)) for row in rows]


def write_sheet(rows: list[dict], file_format: str) -> bytes:
    headers = list(rows[0])
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode()
    workbook = openpyxl.Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append([row[header] for header in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def key(row: dict) -> tuple[str, int]:
    return row["commitment"], int(row["order"])


def edited(content: bytes, file_format: str, edits: dict) -> bytes:
    """The exported file with some cells changed, as someone would in a spreadsheet program."""
    rows = read_sheet(content, file_format)
    assert edits.keys() <= {key(row) for row in rows}
    for row in rows:
        row.update(edits.get(key(row), {}))
    return write_sheet(rows, file_format)


def as_text(value) -> str:
    """A cell as the text a spreadsheet shows (spreadsheet programs read dates as datetimes)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return "" if value is None else str(value)


# --- What the database holds ----------------------------------------------------------------------


def snapshot() -> dict[int, dict]:
    """Every milestone, every column (the last-changed timestamp too)."""
    return {row["id"]: row for row in Milestone.objects.values()}


def history_counts() -> Counter:
    return Counter(Milestone.history.values_list("id", flat=True))


def pk_of(code: str, order: int) -> int:
    return Milestone.objects.get(commitment__code=code, order=order).pk


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def without_timestamp(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != "updated_at"}


# --- Export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_committee_member_exports_one_row_per_milestone(committee_client, milestones, file_format):
    response = export(committee_client, file_format)
    assert response.status_code == 200
    assert f'.{file_format}"' in response["Content-Disposition"]

    rows = read_sheet(response.content, file_format)
    assert all(list(row) == COLUMNS for row in rows)
    expected = [
        [
            m.pk,
            m.commitment.code,
            m.order,
            m.title,
            m.status,
            m.progress,
            m.starts_on,
            m.ends_on,
            "",
        ]
        for m in Milestone.objects.select_related("commitment").order_by("pk")
    ]
    exported = sorted(
        ([as_text(row[column]) for column in COLUMNS] for row in rows), key=lambda r: int(r[0])
    )
    assert exported == [[as_text(value) for value in row] for row in expected]


# --- Round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_changes_exactly_the_edited_milestones(
    committee_client, committee_user, milestones, file_format
):
    before, history_before = snapshot(), history_counts()
    changed = {
        pk_of(*milestone): {name: value for name, value in changes.items() if name != "reason"}
        for milestone, changes in EDITS.items()
    }
    reasons = {pk_of(*milestone): changes.get("reason", "") for milestone, changes in EDITS.items()}
    content = edited(export(committee_client, file_format).content, file_format, EDITS)

    page = preview(committee_client, content, file_format)
    assert page.status_code == 200
    totals = page.context["result"].totals
    assert totals[RowResult.IMPORT_TYPE_UPDATE] == 3
    assert totals[RowResult.IMPORT_TYPE_SKIP] == 5
    assert totals[RowResult.IMPORT_TYPE_NEW] == totals[RowResult.IMPORT_TYPE_INVALID] == 0
    assert snapshot() == before, "the preview is a dry run"

    response = confirm(committee_client, page)
    assert response.status_code == 302
    assert response.url == CHANGELIST_URL
    assert messages_of(response) == [
        "Import finished: 0 new, 3 updated, 0 deleted and 5 skipped milestones."
    ]

    after, history_after = snapshot(), history_counts()
    assert after.keys() == before.keys()
    for pk, row in after.items():
        if pk in changed:
            assert without_timestamp(row) == without_timestamp(before[pk]) | changed[pk]
            assert history_after[pk] == history_before[pk] + 1
            latest = Milestone.objects.get(pk=pk).history.latest()
            assert latest.history_user == committee_user
            assert latest.history_change_reason == reasons.get(pk, "")
        else:
            assert row == before[pk]
            assert history_after[pk] == history_before[pk]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_reimporting_the_export_unchanged_skips_every_row(
    committee_client, milestones, file_format
):
    before, history_before = snapshot(), history_counts()
    content = export(committee_client, file_format).content

    response = import_file(committee_client, content, file_format)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Import finished: 0 new, 0 updated, 0 deleted and 8 skipped milestones."
    ]
    assert snapshot() == before
    assert history_counts() == history_before


def test_readonly_columns_are_ignored(committee_client, milestones):
    before, history_before = snapshot(), history_counts()
    renamed = {
        ("KGBSK0001", 1): {"title": "A new title", "commitment": "KGBSK0002"},
        ("KGBSK0003", 2): {"title": "", "order": 9},
    }
    content = edited(export(committee_client, "csv").content, "csv", renamed)

    page = preview(committee_client, content, "csv")
    assert page.context["result"].totals[RowResult.IMPORT_TYPE_SKIP] == 8
    confirm(committee_client, page)

    assert snapshot() == before
    assert history_counts() == history_before


# --- Refused files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_cells", "field", "reason"),
    [
        ({"status": "completed", "progress": 100}, "progress", PROGRESS_RULE),
        ({"status": "completed"}, "status", PROGRESS_RULE),
        ({"progress": 150}, "progress", PROGRESS_RULE),
        (
            {"starts_on": D(2025, 6, 1), "ends_on": D(2025, 5, 31)},
            "ends_on",
            "The due date cannot be before the start date.",
        ),
        ({"ends_on": "31 May"}, "ends_on", "Value could not be parsed"),
        ({"ends_on": D(2026, 3, 31)}, "reason", "is after the end of the plan"),
        ({"ends_on": D(2025, 12, 1)}, "reason", "moves only with a reason"),
    ],
    ids=[
        "completed",
        "status",
        "progress-150",
        "due-before-start",
        "date",
        "past-the-plans-end-without-a-reason",
        "published-due-date-moved-without-a-reason",
    ],
)
def test_one_bad_row_imports_nothing_and_shows_its_line_and_reason(
    committee_client, milestones, bad_cells, field, reason
):
    before, history_before = snapshot(), history_counts()
    exported = export(committee_client, "csv").content
    # The admin numbers the data rows from 1, the header row not counted.
    bad_line = next(
        number
        for number, row in enumerate(read_sheet(exported, "csv"), 1)
        if key(row) == ("KGBSK0002", 1)
    )
    # A good edit in the same file must not be saved either.
    edits = {("KGBSK0001", 2): EDITS[("KGBSK0001", 2)], ("KGBSK0002", 1): bad_cells}
    content = edited(exported, "csv", edits)

    response = preview(committee_client, content, "csv")

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in response.context
    [invalid] = result.invalid_rows
    assert invalid.number == bad_line
    assert reason in " ".join(invalid.field_specific_errors[field])
    page = response.content.decode()
    assert re.search(rf"<td>\s*{bad_line}\s*</td>", page)
    assert reason in page.replace("&#x27;", "'")
    assert snapshot() == before
    assert history_counts() == history_before


@pytest.mark.parametrize(
    ("milestone_id", "message"),
    [
        ("999999", "No milestone has the id “999999”."),
        ("", "No milestone has the id “”."),
        ("abc", "“abc” is not a milestone id."),
        ("inf", "“inf” is not a milestone id."),
        ("1.5", "“1.5” is not a milestone id."),
    ],
    ids=["unknown", "empty", "garbage", "infinite", "fraction"],
)
def test_a_row_without_a_known_id_is_refused_and_creates_nothing(
    committee_client, milestones, milestone_id, message
):
    before, history_before = snapshot(), history_counts()
    rows = read_sheet(export(committee_client, "csv").content, "csv")
    rows.append(rows[0] | {"id": milestone_id, "order": "9", "title": "A milestone to add"})

    response = preview(committee_client, write_sheet(rows, "csv"), "csv")

    result = response.context["result"]
    assert not result.has_errors()
    assert "confirm_form" not in response.context
    [invalid] = result.invalid_rows
    assert invalid.number == len(rows)
    assert any(message in error for error in invalid.non_field_specific_errors)
    assert message in response.content.decode()
    assert snapshot() == before
    assert history_counts() == history_before


# --- Who may do it --------------------------------------------------------------------------------


def test_monitor_may_export_but_not_import(client, milestones):
    # The Monitors role views milestones (view_milestone) without changing them; export asks for
    # the view permission (IMPORT_EXPORT_EXPORT_PERMISSION_CODE) and import for the change one.
    client.force_login(UserFactory(groups=["Monitors"], is_staff=True))
    before = snapshot()

    changelist = client.get(CHANGELIST_URL)
    assert changelist.context["has_export_permission"] is True
    assert changelist.context["has_import_permission"] is False
    response = export(client, "csv")
    assert response.status_code == 200
    assert len(read_sheet(response.content, "csv")) == 8

    assert client.get(IMPORT_URL).status_code == 403
    content = edited(response.content, "csv", EDITS)
    upload = SimpleUploadedFile("milestones.csv", content)
    assert client.post(IMPORT_URL, {"format": "0", "import_file": upload}).status_code == 403
    data = {"import_file_name": "x", "original_file_name": "x.csv", "format": "0"}
    assert client.post(PROCESS_IMPORT_URL, data).status_code == 403
    assert snapshot() == before


def test_committee_member_may_import(committee_client, milestones):
    changelist = committee_client.get(CHANGELIST_URL)
    assert changelist.context["has_import_permission"] is True
    assert committee_client.get(IMPORT_URL).status_code == 200


# --- Limits and forged steps ----------------------------------------------------------------------


def test_a_file_of_too_many_rows_is_refused_before_any_row_is_read(committee_client, milestones):
    rows = read_sheet(export(committee_client, "csv").content, "csv")
    content = write_sheet(rows * 126, "csv")  # 1008 rows
    response = preview(committee_client, content, "csv")
    assert response.status_code == 200
    assert "at most 1000 can be imported at once" in response.content.decode()
    assert "confirm_form" not in response.context


def test_a_forged_file_name_at_confirmation_reads_nothing_but_this_users_upload(
    committee_client, milestones, tmp_path
):
    before = snapshot()
    other = tmp_path / "someone-elses.csv"
    other.write_text("id,ends_on\n1,2030-01-01\n")
    for name in (str(other), "../" * 8 + str(other), "0" * 32):
        data = {"import_file_name": name, "original_file_name": "x.csv", "format": "0",
                "resource": "0"}  # fmt: skip
        response = committee_client.post(PROCESS_IMPORT_URL, data)
        assert response.status_code in (200, 302, 400)
    assert other.exists()
    assert snapshot() == before


def test_an_xlsx_xml_bomb_is_refused_not_expanded(committee_client, milestones):
    exported = export(committee_client, "xlsx").content
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported)) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                laughs = "".join(
                    f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(9)
                )
                data = f"<!DOCTYPE worksheet [{laughs}]>".encode() + data
            target.writestr(item, data)
    response = preview(committee_client, bomb.getvalue(), "xlsx")
    assert response.status_code in (200, 400)
    assert "confirm_form" not in (response.context or {})
