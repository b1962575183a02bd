"""One screen sets up a new committee member: seat, account, roles, commitments, invitation."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse

from commitments.models import CommitteeMember
from tests.factories import (
    CommitmentFactory,
    CommitteeMemberFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


NEW = reverse("admin:commitments_committeemember_new")


@pytest.fixture(autouse=True)
def in_process(tasks_run_in_process):
    """The invitation is emailed by a task; here it runs in the test's process."""


@pytest.fixture
def commitment():
    return CommitmentFactory(code="TESTM0001")


def form(commitment, **changes) -> dict:
    data = {
        "full_name": "Aigul Mamytova",
        "email": "Aigul@Example.org",
        "plan": commitment.plan.pk,
        "side": "civil_society",
        "position": "Coordinator",
        "organization": OrganizationFactory().pk,
        "active_from": "2026-01-15",
        "email_language": "ky",
        "roles": [Group.objects.get(name="Committee members").pk],
        "commitments": [commitment.pk],
    }
    return data | changes


def set_up(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(NEW, data)


def test_a_superuser_sets_up_a_member_on_one_screen(
    superuser_client, commitment, django_capture_on_commit_callbacks
):
    response = set_up(superuser_client, form(commitment), django_capture_on_commit_callbacks)
    member = CommitteeMember.objects.get(full_name="Aigul Mamytova")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:commitments_committeemember_change", args=[member.pk]
    )
    user = member.user
    assert user.username == user.email == "aigul@example.org"
    assert user.is_staff and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Committee members"]
    assert list(member.responsible_for.all()) == [commitment]
    assert (member.plan, member.side, member.email_language) == (
        commitment.plan,
        "civil_society",
        "ky",
    )


def test_the_invitation_links_to_choosing_a_password_then_signing_in(
    superuser_client, commitment, django_capture_on_commit_callbacks
):
    set_up(superuser_client, form(commitment), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["aigul@example.org"]
    link = re.search(r"https?://[^/\s]+(/admin/password/\S+/)", message.body).group(1)
    client = Client(headers={"accept-language": "en"})  # the new member's own browser
    form_page = client.get(link, follow=True)
    set_password = form_page.redirect_chain[-1][0]
    password = "a-fresh-long-password-2026"
    done = client.post(set_password, {"new_password1": password, "new_password2": password})
    assert done["Location"] == reverse("password_reset_complete")
    login = {"username": "aigul@example.org", "password": password, "next": "/admin/"}
    assert client.post(reverse("admin:login"), login)["Location"] == "/admin/"


def test_the_invitation_is_in_the_members_language(
    superuser_client, commitment, django_capture_on_commit_callbacks
):
    set_up(superuser_client, form(commitment), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "Ачык Бишкек" in message.subject  # the member chose Kyrgyz


def test_a_full_side_is_refused_and_nothing_is_created(
    superuser_client, commitment, django_capture_on_commit_callbacks
):
    for _seat in range(CommitteeMember.SEATS_PER_SIDE):
        CommitteeMemberFactory(plan=commitment.plan, side="civil_society")
    page = set_up(superuser_client, form(commitment), django_capture_on_commit_callbacks)
    assert "The committee is built on parity" in page.content.decode()
    assert not User.objects.filter(email="aigul@example.org").exists()
    assert not mail.outbox


def test_an_address_with_an_account_already_is_refused(superuser_client, commitment):
    UserFactory(email="aigul@example.org")
    page = superuser_client.post(NEW, form(commitment)).content.decode()
    assert "An account with this address exists already." in page
    assert not CommitteeMember.objects.filter(full_name="Aigul Mamytova").exists()


def test_a_commitment_of_another_plan_is_refused(superuser_client, commitment):
    elsewhere = CommitmentFactory(code="TESTM0002")
    page = superuser_client.post(NEW, form(commitment, commitments=[elsewhere.pk])).content.decode()
    assert "TESTM0002 belong to another plan than the member&#x27;s seat." in page
    assert not User.objects.filter(email="aigul@example.org").exists()


def test_only_superusers_are_offered_setting_up_a_member(superuser_client, committee_user):
    members = reverse("admin:commitments_committeemember_changelist")
    assert NEW in superuser_client.get(members).content.decode()
    superuser_client.force_login(committee_user)
    assert NEW not in superuser_client.get(members).content.decode()
    assert superuser_client.get(NEW).status_code == 403


def test_a_member_is_invited_again_on_request(
    superuser_client, commitment, django_capture_on_commit_callbacks
):
    set_up(superuser_client, form(commitment), django_capture_on_commit_callbacks)
    member = CommitteeMember.objects.get(full_name="Aigul Mamytova")
    members = reverse("admin:commitments_committeemember_changelist")
    action = {"action": "send_invitations", "_selected_action": [member.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(members, action)
    assert len(mail.outbox) == 2
