"""Who may change a commitment's milestones and progress: its responsible members, superusers;
and who assigns that responsibility and seats members: superusers.

One rule for the admin, the API, the spreadsheet import and the services.
"""

from __future__ import annotations

from functools import reduce

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


def commitment_of(row) -> Commitment:
    """The commitment a row of its record belongs to (its model's `commitment_path`)."""
    return reduce(getattr, type(row).commitment_path.split("__"), row)


def may_edit(user: AbstractBaseUser | None, commitment: Commitment) -> bool:
    return editable_commitments(user).filter(pk=commitment.pk).exists()


def may_assign(user: AbstractBaseUser | None) -> bool:
    """Whether `user` seats committee members and assigns them commitments."""
    return user is not None and user.is_active and user.is_superuser


def ensure_may_assign(user: AbstractBaseUser | None) -> None:
    if not may_assign(user):
        raise PermissionDenied(_("Only superusers set up committee members."))


def refusal(commitment: Commitment) -> str:
    """The rule, named, for a person who may not change the commitment's record."""
    return _("Only the committee members responsible for %(code)s may change it.") % {
        "code": commitment.code
    }


def ensure_may_edit(user: AbstractBaseUser | None, commitment: Commitment) -> None:
    if not may_edit(user, commitment):
        raise PermissionDenied(refusal(commitment))
