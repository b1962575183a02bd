"""record_progress writes the update, moves the milestone and keeps history, all or nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from commitments.models import ProgressUpdate
from commitments.services import record_progress
from tests.factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_update_moves_the_milestone():
    milestone = MilestoneFactory(status="in_progress", progress=20)
    record_progress(
        milestone=milestone, author=None, status="completed", progress=100, note={"en": "Done."}
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("completed", 100)
    assert ProgressUpdate.objects.get().note_en == "Done."


def test_update_is_recorded_in_the_milestone_history_with_its_author():
    author = UserFactory(is_superuser=True)
    milestone = MilestoneFactory(status="in_progress", progress=20)
    record_progress(milestone=milestone, author=author, status="in_progress", progress=70, note="x")
    latest = milestone.history.latest()
    assert latest.progress == 70
    assert latest.history_user == author
    assert latest.diff_against(latest.prev_record).changed_fields == ["progress"]


def test_inconsistent_update_saves_nothing():
    milestone = MilestoneFactory(status="in_progress", progress=20)
    history_before = milestone.history.count()
    with pytest.raises(ValidationError) as caught:
        record_progress(
            milestone=milestone, author=None, status="completed", progress=60, note="almost"
        )
    assert caught.value.message_dict["progress"] == ["A completed milestone has 100% progress."]
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("in_progress", 20)
    assert not ProgressUpdate.objects.exists()
    assert milestone.history.count() == history_before


def test_update_without_a_note_in_any_language_is_refused():
    milestone = MilestoneFactory()
    with pytest.raises(ValidationError) as caught:
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=30, note={}
        )
    assert caught.value.message_dict["note_en"] == ["Write this text in at least one language."]
    assert not ProgressUpdate.objects.exists()


def test_note_in_russian_only_is_accepted_and_shown_in_every_language():
    milestone = MilestoneFactory()
    update = record_progress(
        milestone=milestone,
        author=None,
        status="in_progress",
        progress=30,
        note={"ru": "Идёт работа"},
    )
    with translation.override("ky"):
        assert ProgressUpdate.objects.get(pk=update.pk).note == "Идёт работа"
