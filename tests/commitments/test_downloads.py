"""Uploaded files reach the public only as downloads of published objects, under safe names."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bishkek_ogp.lib.downloads import safe_filename
from commitments.models import Evidence, Meeting
from tests.factories import ActionPlanFactory, ProgressUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence_file(title="Signed minutes", published=True, name="scan.pdf") -> Evidence:
    update = ProgressUpdateFactory(published=published)
    return Evidence.objects.create(
        update=update, title_en=title, file=SimpleUploadedFile(name, PDF)
    )


def test_published_evidence_file_is_an_attachment_typed_by_its_content(client):
    item = evidence_file()
    response = client.get(item.href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="signed-minutes.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_downloaded_file_may_run_no_script_even_if_opened_in_place(client):
    response = client.get(evidence_file().href)
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_of_a_draft_update_is_not_served(client):
    assert client.get(evidence_file(published=False).href).status_code == 404


def test_link_evidence_has_no_download(client):
    item = Evidence.objects.create(
        update=ProgressUpdateFactory(), title_en="Page", url="https://example.org/page"
    )
    assert item.href == "https://example.org/page"
    assert client.get(f"/files/evidence/{item.pk}/").status_code == 404


def test_public_pages_link_to_the_download_not_to_the_storage(client, plan):
    item = evidence_file()
    commitment = item.update.milestone.commitment
    body = client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="{item.href}"' in body
    assert item.file.url not in body


def test_meeting_minutes_download_under_a_dated_name(client):
    meeting = Meeting.objects.create(
        plan=ActionPlanFactory(),
        kind=Meeting.Kind.COMMITTEE,
        held_on=datetime.date(2025, 3, 4),
        title_en="Committee",
        minutes=SimpleUploadedFile("../../etc/passwd.pdf", PDF),
    )
    response = client.get(meeting.minutes_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="minutes-2025-03-04.pdf"'


def test_unpublished_meeting_minutes_are_not_served(client):
    meeting = Meeting.objects.create(
        plan=ActionPlanFactory(),
        kind=Meeting.Kind.COMMITTEE,
        held_on=datetime.date(2025, 3, 4),
        minutes=SimpleUploadedFile("m.pdf", PDF),
        published=False,
    )
    assert client.get(f"/files/minutes/{meeting.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("title", "stored", "expected"),
    [
        ("Report\u202efdp.exe", "evidence/x.pdf", "reportfdpexe.pdf"),
        ('a"; filename="evil.html', "evidence/x.pdf", "a-filenameevilhtml.pdf"),
        ("../../etc/passwd", "evidence/x.pdf", "etcpasswd.pdf"),
        ("Протокол заседания", "evidence/x.PDF", "протокол-заседания.pdf"),
        ("<script>", "evidence/x.pdf", "script.pdf"),
        ("", "evidence/x.pdf", "file.pdf"),
        ("Title", "evidence/x.p;df", "title"),
    ],
)
def test_download_names_keep_only_letters_digits_and_dashes(title, stored, expected):
    assert safe_filename(title, stored) == expected


def test_non_ascii_names_are_sent_in_the_encoded_form(client):
    response = client.get(evidence_file(title="Протокол").href)
    encoded = "%D0%BF%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB.pdf"  # "протокол.pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{encoded}"


def test_storage_urls_need_a_staff_sign_in(client):
    item = evidence_file(published=False)
    response = client.get(item.file.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_open_storage_urls_as_attachments(client):
    item = evidence_file(published=False)
    client.force_login(UserFactory(is_staff=True, groups=["Committee members"]))
    response = client.get(item.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "path",
    ["..%2Fsettings.py", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "missing.pdf", "evidence/"],
)
def test_storage_paths_outside_the_uploads_are_404(client, path):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/media/{path}").status_code == 404
