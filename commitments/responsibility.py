"""Who may change a commitment's milestones and progress: its responsible members, superusers.

One rule for the admin, the API, the spreadsheet import and the services.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Commitment


def editable_commitments(user: AbstractBaseUser | None) -> QuerySet[Commitment]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Commitment.objects.none()
    if user.is_superuser:
        return Commitment.objects.all()
    return Commitment.objects.filter(responsible_members__user=user)


def may_edit(user: AbstractBaseUser | None, commitment: Commitment) -> bool:
    return editable_commitments(user).filter(pk=commitment.pk).exists()


def refusal(commitment: Commitment) -> str:
    """The rule, named, for a person who may not change the commitment's record."""
    return _("Only the committee members responsible for %(code)s may change it.") % {
        "code": commitment.code
    }


def ensure_may_edit(user: AbstractBaseUser | None, commitment: Commitment) -> None:
    if not may_edit(user, commitment):
        raise PermissionDenied(refusal(commitment))
