"""Illustrative data is flagged in the database, announced on every page and removable."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import Evidence, Milestone, ProgressUpdate
from commitments.services import record_progress

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

BANNER = "Demo data."


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_every_demo_row_is_flagged(plan):
    load_demo()
    assert Milestone.objects.count() == Milestone.objects.filter(is_demo=True).count() > 0
    assert ProgressUpdate.objects.filter(is_demo=False).count() == 0
    assert Evidence.objects.filter(is_demo=False).count() == 0


def test_demo_progress_goes_through_the_service_and_leaves_history(plan):
    load_demo()
    completed = Milestone.objects.filter(status="completed").first()
    assert completed.updates.exists()
    assert completed.history.count() > 1


def test_loading_demo_data_twice_adds_nothing(plan):
    load_demo()
    count = Milestone.objects.count()
    assert "nothing added" in load_demo()
    assert Milestone.objects.count() == count


def test_banner_appears_on_pages_when_demo_data_is_present(plan, client):
    load_demo()
    for url in ["/en/", "/en/commitments/KGBSK0001/"]:
        assert BANNER in client.get(url).content.decode()


def test_no_banner_without_demo_data(plan, client):
    assert BANNER not in client.get("/en/").content.decode()


def test_removing_demo_data_leaves_official_data(plan, client):
    load_demo()
    call_command("load_demo_data", remove=True, stdout=io.StringIO())
    assert not Milestone.objects.exists()
    assert plan.commitments.count() == 3
    assert BANNER not in client.get("/en/").content.decode()


def test_removal_refuses_and_names_real_progress_recorded_on_a_demo_milestone(plan):
    load_demo()
    milestone = Milestone.objects.filter(is_demo=True, status="not_started").first()
    real = record_progress(
        milestone=milestone, author=None, status="in_progress", progress=10, note="Real work"
    )
    before = (Milestone.objects.count(), ProgressUpdate.objects.count(), Evidence.objects.count())
    with pytest.raises(CommandError, match=f"id {real.pk}"):
        call_command("load_demo_data", remove=True, stdout=io.StringIO())
    after = (Milestone.objects.count(), ProgressUpdate.objects.count(), Evidence.objects.count())
    assert after == before


def test_removal_counts_only_the_demo_rows_it_deleted(plan):
    load_demo()
    demo = sum(
        m.objects.filter(is_demo=True).count() for m in (Milestone, ProgressUpdate, Evidence)
    )
    out = io.StringIO()
    call_command("load_demo_data", remove=True, stdout=out)
    assert f"Removed {demo} demo rows." in out.getvalue()
