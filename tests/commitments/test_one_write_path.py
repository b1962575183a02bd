"""A milestone's status and progress change only through record_progress: every other door that
once wrote them (the milestone form, the commitment form's milestone inline, the spreadsheet
import, reverting an old version) is closed, so the public percentage always has an update
behind it."""

import pytest
import tablib
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from commitments.models import Commitment, Milestone, ProgressUpdate
from commitments.resources import MilestoneResource
from commitments.services import record_progress
from tests.admin_forms import admin_form_data
from tests.factories import MilestoneFactory, UserFactory, make_responsible

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(committee_user):
    milestone = MilestoneFactory(status="in_progress", progress=20)
    make_responsible(committee_user, milestone.commitment)
    return milestone


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    return request


def unchanged(milestone) -> bool:
    milestone.refresh_from_db()
    return (milestone.status, milestone.progress) == ("in_progress", 20)


def test_record_progress_changes_the_milestone_with_an_update_behind_it(milestone):
    record_progress(milestone=milestone, author=None, status="in_progress", progress=45, note="n")
    milestone.refresh_from_db()
    assert milestone.progress == 45
    assert ProgressUpdate.objects.get(milestone=milestone).progress == 45


def test_the_milestone_form_has_no_status_or_progress_field():
    form = admin.site._registry[Milestone].get_form(superuser_request())
    assert not {"status", "progress"} & set(form.base_fields)


def test_posting_status_and_progress_to_the_milestone_form_changes_neither(
    committee_client, milestone
):
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    data = admin_form_data(committee_client.get(url)) | {"status": "completed", "progress": "100"}
    assert committee_client.post(url, data).status_code == 302
    assert unchanged(milestone)
    assert not ProgressUpdate.objects.filter(milestone=milestone).exists()


def test_the_commitment_forms_milestone_inline_has_no_status_or_progress_field(milestone):
    request = superuser_request()
    commitment_admin = admin.site._registry[Commitment]
    [inline] = [i for i in commitment_admin.get_inline_instances(request) if i.model is Milestone]
    formset = inline.get_formset(request, milestone.commitment)
    assert not {"status", "progress"} & set(formset.form.base_fields)


def test_the_spreadsheet_import_refuses_a_row_that_changes_progress(milestone, committee_user):
    row = {"id": milestone.pk, "status": "completed", "progress": "100"}
    row |= {"starts_on": milestone.starts_on, "ends_on": milestone.ends_on}
    result = MilestoneResource().import_data(
        _dataset([row]), dry_run=False, use_transactions=True, user=committee_user
    )
    assert result.has_validation_errors()
    assert unchanged(milestone)


def test_reverting_a_milestone_to_an_old_version_is_refused(client, milestone):
    milestone.title_en = "Renamed"
    milestone.save()
    old = milestone.history.earliest()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:commitments_milestone_simple_history", args=[milestone.pk, old.pk])
    assert client.post(url, {}).status_code == 403
    assert unchanged(milestone)


def _dataset(rows):
    dataset = tablib.Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))
    return dataset
