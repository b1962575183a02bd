"""Roles exist in a fresh database and grant exactly what each role needs."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_fresh_database_has_the_three_roles():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Committee members", "Monitors", "Feedback moderators"} <= names


@pytest.mark.parametrize(
    "permission",
    [
        "commitments.add_milestone",
        "commitments.change_milestone",
        "commitments.add_progressupdate",
        "commitments.change_progressupdate",
        "commitments.add_evidence",
        "commitments.change_meeting",
        "commitments.view_commitment",
    ],
)
def test_committee_member_may(permission):
    assert UserFactory(groups=["Committee members"]).has_perm(permission)


@pytest.mark.parametrize(
    "permission",
    [
        "commitments.delete_commitment",
        "commitments.delete_actionplan",
        "commitments.change_commitment",
        "commitments.delete_milestone",
        "commitments.change_actionplan",
    ],
)
def test_committee_member_may_not(permission):
    assert not UserFactory(groups=["Committee members"]).has_perm(permission)


def test_monitor_cannot_change_milestones():
    monitor = UserFactory(groups=["Monitors"])
    assert monitor.has_perm("commitments.view_milestone")
    assert not monitor.has_perm("commitments.change_milestone")


# History is shown on each tracked model's own admin page, not as a model of its own.
EDITABLE_MODELS = [
    m
    for m in apps.get_app_config("commitments").get_models()
    if not m.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", EDITABLE_MODELS, ids=lambda m: m.__name__)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.mark.django_db(transaction=True)
def test_roles_come_back_after_the_database_is_flushed():
    call_command("flush", interactive=False, verbosity=0)
    committee = Group.objects.get(name="Committee members")
    assert committee.permissions.filter(codename="change_milestone").exists()
