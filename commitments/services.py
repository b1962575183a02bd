"""Writes to the action plan that touch several rows; admin, API and commands all use them."""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import (
    ActionPlan,
    Commitment,
    CommitmentInstitution,
    CommitteeMember,
    Meeting,
    Milestone,
    MilestoneStatus,
    OgpValue,
    Organization,
    ProgressUpdate,
    Subscription,
    noon_on,
    today,
)
from .responsibility import ensure_may_assign, ensure_may_edit
from .tasks import notify_followers, send_follow_confirmation, send_invitation


def note_languages(note: str | Mapping[str, str]) -> tuple[str, list[str]]:
    """The language a note was written in (the page's, when it has text there) and the others."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    if isinstance(note, str):
        return current, []
    written = [language for language, text in note.items() if text]
    original = current if current in written else (written or [current])[0]
    return original, [language for language in written if language != original]


def request_digest(author: AbstractBaseUser | None, key: str) -> str:
    return hashlib.sha256(f"{getattr(author, 'pk', '')}:{key}".encode()).hexdigest()


def set_translations(instance, field: str, text: str | Mapping[str, str]) -> None:
    """Put `text` in a translated field: a mapping per language, or a string for the active one."""
    if isinstance(text, str):
        text = {translation.get_language() or settings.LANGUAGE_CODE: text}
    for language, value in text.items():
        setattr(instance, f"{field}_{language}", value)


# How far along each status is: a change to a lower one (or to cancelled) needs a reason.
STATUS_RANK = {
    MilestoneStatus.CANCELLED: -1,
    MilestoneStatus.NOT_STARTED: 0,
    MilestoneStatus.IN_PROGRESS: 1,
    MilestoneStatus.COMPLETED: 2,
}


def change_reason_errors(*, before: Milestone | None, after: Milestone, reason: str) -> list[str]:
    """What a change to a milestone needs a reason for (empty when none, or one is given).

    A due date after the plan's end always needs one; on a published milestone, so does moving
    its due date and lowering its status or progress. The admin, the API, the spreadsheet import
    and record_progress all ask this one function.
    """
    if reason.strip():
        return []
    needs = []
    plan_end = after.commitment.plan.ends_on
    moved = before is None or before.ends_on != after.ends_on
    if moved and after.ends_on and after.ends_on > plan_end:
        needs.append(
            _("The due date %(date)s is after the end of the plan (%(end)s): say why.")
            % {"date": formats.date_format(after.ends_on), "end": formats.date_format(plan_end)}
        )
    if before is None or not after.commitment.published:
        return needs
    if before.ends_on != after.ends_on and not needs:
        needs.append(_("The due date of a published milestone moves only with a reason."))
    lowered = after.progress < before.progress or (
        STATUS_RANK[after.status] < STATUS_RANK[before.status]
    )
    if lowered:
        needs.append(
            _("The status or progress of a published milestone goes down only with a reason.")
        )
    return needs


def _record_context(
    instance, by, reason: str, *, language: str | None = None, effective_on=None
) -> None:
    """Who, why and when for the audit trail's record of the next save (ChangeContext)."""
    instance._history_user = by
    instance._change_reason = reason.strip()
    instance._change_reason_language = (
        (language or translation.get_language() or settings.LANGUAGE_CODE) if reason.strip() else ""
    )
    instance._change_effective_on = effective_on


PROGRESS_ONLY_WITH_AN_UPDATE = _lazy(
    "Status and progress change only with a progress update: use “Record progress” on the "
    "milestone."
)


@transaction.atomic
def save_milestone(
    *, milestone: Milestone, by: AbstractBaseUser | None, reason: str = ""
) -> Milestone:
    """Save a new or changed milestone: its texts, dates, weight and responsible organisation.

    The one write for milestones (admin form and inline, spreadsheet import, API, demo data).
    Status and progress change only with a progress update (record_progress): a change to them
    here is refused. A change that needs a reason (change_reason_errors) is refused without one;
    the reason is kept in the audit trail and shown on the public change history. Raises
    ValidationError or PermissionDenied, saving nothing.
    """
    before = None
    if milestone.pk is not None:
        before = (
            Milestone.objects.select_for_update()
            .select_related("commitment__plan")
            .filter(pk=milestone.pk)
            .first()
        )
    if by is not None:
        ensure_may_edit(by, milestone.commitment)
        if before is not None and before.commitment_id != milestone.commitment_id:
            ensure_may_edit(by, before.commitment)
    fixed = (before.status, before.progress) if before else (MilestoneStatus.NOT_STARTED, 0)
    if (milestone.status, milestone.progress) != fixed:
        raise ValidationError({"progress": PROGRESS_ONLY_WITH_AN_UPDATE})
    if needs := change_reason_errors(before=before, after=milestone, reason=reason):
        raise ValidationError({"reason": needs})
    milestone.full_clean()
    _record_context(milestone, by, reason)
    milestone.save()
    return milestone


@transaction.atomic
def record_progress(
    *,
    milestone: Milestone,
    author: AbstractBaseUser | None,
    status: str,
    progress: int,
    note: str | Mapping[str, str],
    published_on: datetime.date | None = None,
    published: bool = True,
    is_demo: bool = False,
    idempotency_key: str | None = None,
    translated_by: Mapping[str, str] | None = None,
    reason: str = "",
) -> ProgressUpdate:
    """Record a progress update; once published it sets the milestone's status and progress.

    `author` must be responsible for the commitment (PermissionDenied otherwise); None is the
    system itself (data loading). An `idempotency_key` the same author sent before returns that
    update (`repeated` set on it) instead of recording a second one. A draft (published=False)
    changes nothing public until `publish_update`. Lowering a published milestone's status or
    progress needs a `reason` (change_reason_errors). Raises ValidationError, saving nothing, when
    the update or the resulting milestone is invalid.
    """
    # Lock the milestone so two people recording progress at once cannot interleave.
    milestone = (
        Milestone.objects.select_for_update().select_related("commitment").get(pk=milestone.pk)
    )
    if author is not None:
        ensure_may_edit(author, milestone.commitment)
    digest = request_digest(author, idempotency_key) if idempotency_key else None
    if digest and (earlier := ProgressUpdate.objects.filter(request_digest=digest).first()):
        earlier.repeated = True
        return earlier
    original, others = note_languages(note)
    update = ProgressUpdate(
        request_digest=digest,
        original_language=original,
        # Texts in other languages than the author's own are the city's translations, unless
        # the caller says whose they are (the demo's editors).
        translated_by=dict(translated_by)
        if translated_by is not None
        else dict.fromkeys(others, "city"),
        milestone=milestone,
        author=author,
        status=status,
        progress=progress,
        published_on=published_on or today(),
        published=False,
        is_demo=is_demo,
        reason=reason.strip(),
    )
    set_translations(update, "note", note)
    update.full_clean()
    _check_applies(update, milestone)
    _record_context(update, author, "", effective_on=update.published_on)
    update.save()
    if published:
        _publish(update, milestone, author)
    return update


@transaction.atomic
def publish_update(*, update: ProgressUpdate, by: AbstractBaseUser | None) -> ProgressUpdate:
    """Publish a draft update: it reaches the site and sets its milestone's status and progress."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("commitment")
        .get(pk=update.milestone_id)
    )
    if by is not None:
        ensure_may_edit(by, milestone.commitment)
    if update.published:
        return update
    _check_applies(update, milestone)
    _publish(update, milestone, by)
    return update


NOTE_FIELDS = [f"note_{code}" for code, _name in settings.LANGUAGES]


@transaction.atomic
def correct_update(
    *, update: ProgressUpdate, note: Mapping[str, str], reason: str, by: AbstractBaseUser | None
) -> ProgressUpdate:
    """Correct the text of a published update: who, when and why are kept in its history and
    shown on the commitment's public change history. Its date, figures and flags stay as
    published."""
    locked = ProgressUpdate.objects.select_for_update().select_related("milestone__commitment")
    update = locked.get(pk=update.pk)
    if by is not None:
        ensure_may_edit(by, update.milestone.commitment)
    if not update.published:
        raise ValidationError(_("Only a published update is corrected; a draft is edited."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the published update is corrected.")})
    set_translations(update, "note", note)
    update.full_clean()
    _record_context(update, by, reason)
    update.save(update_fields=NOTE_FIELDS)
    return update


def _check_applies(update: ProgressUpdate, milestone: Milestone) -> None:
    """Validate the milestone as the update would leave it, without touching it yet."""
    candidate = copy.copy(milestone)
    candidate.status = update.status
    candidate.progress = update.progress
    candidate.full_clean()
    if needs := change_reason_errors(before=milestone, after=candidate, reason=update.reason):
        raise ValidationError({"reason": needs})


def _publish(update: ProgressUpdate, milestone: Milestone, by: AbstractBaseUser | None) -> None:
    update.published = True
    update.published_at = timezone.now()
    _record_context(update, by, "", effective_on=update.published_on)
    update.save(update_fields=["published", "published_at"])
    milestone.status = update.status
    milestone.progress = update.progress
    # The milestone's history dates the change at the update's date, with its reason if any.
    _record_context(
        milestone,
        by,
        update.reason,
        language=update.original_language,
        effective_on=update.published_on,
    )
    if update.is_demo:
        # Illustrative rows are recorded at the dates they illustrate, not the day of loading.
        milestone._history_date = noon_on(update.published_on)
    milestone.save(update_fields=["status", "progress", "updated_at"])
    if not update.is_demo:
        # Followers hear of an update once, when it is published, never of later edits. Robust:
        # with the broker down the update still stands (the failure is logged), never a 500.
        transaction.on_commit(lambda: notify_followers.delay(update.pk), robust=True)


@transaction.atomic
def follow(
    *, email: str, plan: ActionPlan, commitment: Commitment | None, language: str
) -> Subscription:
    """Start following a commitment or the plan: nothing is sent but the confirmation link.

    The answer is the same whether the address was new, waiting or already confirmed, so the
    form reveals nobody's subscriptions.
    """
    subscription, _created = Subscription.objects.get_or_create(
        email=email.strip().lower(),
        plan=plan,
        commitment=commitment,
        defaults={"language": language},
    )
    subscription.language = language
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
    subscription.save()
    if subscription.confirmed_at is None:
        # With the broker down the subscription is kept (logged, no 500); sending the form
        # again sends the confirmation again.
        transaction.on_commit(lambda: send_follow_confirmation.delay(subscription.pk), robust=True)
    return subscription


def confirm_following(*, subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None and subscription.unsubscribed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unfollow(*, subscription: Subscription) -> Subscription:
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def _flatten(model, values: dict) -> dict:
    """Turn {"title": {"en": "..."}} into {"title_en": "..."} for the model's translated fields;
    other values (a JSON field's dict among them) pass through."""
    flat = {}
    translated = {f.name for f in model._meta.fields}
    for name, value in values.items():
        if isinstance(value, dict) and f"{name}_{settings.LANGUAGE_CODE}" in translated:
            flat.update({f"{name}_{language}": text for language, text in value.items()})
        else:
            flat[name] = value
    return flat


def _upsert(model, lookup: dict, values: dict, counts: Counter) -> models.Model:
    """Create or update one row, saving only when something differs (so no empty history)."""
    values = _flatten(model, values)
    for name, value in values.items():
        field = model._meta.get_field(name)
        if isinstance(field, models.DateField) and isinstance(value, str):
            values[name] = datetime.date.fromisoformat(value)
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        counts[f"{model._meta.verbose_name_plural} created"] += 1
    else:
        changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
        if not changed:
            return instance
        for name, value in changed.items():
            setattr(instance, name, value)
        counts[f"{model._meta.verbose_name_plural} updated"] += 1
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def import_action_plan(*, data: dict) -> Counter:
    """Load an action plan's official facts from a data file; running it again changes nothing."""
    counts: Counter = Counter()
    # The file's texts are official in English; the other languages are translations by whom
    # the file says ("translations"), shown as unofficial on every page.
    provenance = {"original_language": "en", "translated_by": data.get("translations", {})}
    orgs = {}
    for item in data["organizations"]:
        item = dict(item, **provenance)
        slug = item.pop("slug")
        orgs[slug] = _upsert(Organization, {"slug": slug}, item, counts)

    plan_data = dict(data["plan"], **provenance)
    slug = plan_data.pop("slug")
    leads = [orgs[s] for s in plan_data.pop("lead_institutions")]
    endorsers = [orgs[s] for s in plan_data.pop("endorsed_by")]
    plan_data["monitoring_body"] = orgs[plan_data.pop("monitoring_body")]
    plan = _upsert(ActionPlan, {"slug": slug}, plan_data, counts)
    plan.lead_institutions.set(leads)
    plan.endorsed_by.set(endorsers)

    for order, item in enumerate(data["committee"]):
        item = dict(item, organization=orgs[item["organization"]], order=order, **provenance)
        _upsert(CommitteeMember, {"plan": plan, "full_name": item.pop("full_name")}, item, counts)

    for item in data["commitments"]:
        item = dict(item, plan=plan, published=True, **provenance)
        ogp_values = item.pop("ogp_values")
        institutions = item.pop("institutions")
        commitment = _upsert(Commitment, {"code": item.pop("code")}, item, counts)
        commitment.ogp_values.set(OgpValue.objects.filter(code__in=ogp_values))
        for order, role in enumerate(institutions):
            _upsert(
                CommitmentInstitution,
                {"commitment": commitment, "organization": orgs[role["organization"]]},
                {"role": role["role"], "order": order},
                counts,
            )

    for item in data["meetings"]:
        item = dict(item, **provenance)
        lookup = {"plan": plan, "kind": item.pop("kind"), "held_on": item.pop("held_on")}
        lookup["held_on"] = datetime.date.fromisoformat(lookup["held_on"])
        _upsert(Meeting, lookup, item, counts)
    return counts


@transaction.atomic
def set_up_member(
    *,
    member: CommitteeMember,
    email: str,
    roles: Iterable[Group],
    commitments: Iterable[Commitment],
    by: AbstractBaseUser,
) -> CommitteeMember:
    """Seat a new committee member with an account, roles and commitments, and invite them.

    The account has no password: the invitation's link lets the member choose one, so that no
    password ever travels by email or passes through the person who set the account up."""
    ensure_may_assign(by)
    user = get_user_model().objects.create_user(username=email, email=email, is_staff=True)
    user.groups.set(roles)
    member.user = user
    member.full_clean()
    member.save()
    member.responsible_for.set(commitments)
    transaction.on_commit(lambda: send_invitation.delay(member.pk), robust=True)
    return member


def send_invitations(members: Iterable[CommitteeMember], *, by: AbstractBaseUser) -> int:
    """Invite again the members whose link expired or went astray; returns how many."""
    ensure_may_assign(by)
    invited = [
        member.pk
        for member in members
        if member.user_id and member.user.is_active and member.user.email
    ]
    for pk in invited:
        transaction.on_commit(lambda pk=pk: send_invitation.delay(pk), robust=True)
    return len(invited)
