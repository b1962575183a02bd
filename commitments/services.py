"""Writes to the action plan that touch several rows; admin, API and commands all use them."""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections import Counter
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    ActionPlan,
    Commitment,
    CommitmentInstitution,
    CommitteeMember,
    Meeting,
    Milestone,
    OgpValue,
    Organization,
    ProgressUpdate,
    Subscription,
    today,
)
from .responsibility import ensure_may_edit
from .tasks import notify_followers, send_follow_confirmation


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
) -> ProgressUpdate:
    """Record a progress update; once published it sets the milestone's status and progress.

    `author` must be responsible for the commitment (PermissionDenied otherwise); None is the
    system itself (data loading). An `idempotency_key` the same author sent before returns that
    update (`repeated` set on it) instead of recording a second one. A draft (published=False)
    changes nothing public until `publish_update`. Raises ValidationError, saving nothing, when
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
    )
    set_translations(update, "note", note)
    update.full_clean()
    _check_applies(update, milestone)
    update._history_user = author
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
    update._history_user = by
    update._change_reason = reason.strip()
    update.save(update_fields=NOTE_FIELDS)
    return update


def _check_applies(update: ProgressUpdate, milestone: Milestone) -> None:
    """Validate the milestone as the update would leave it, without touching it yet."""
    candidate = copy.copy(milestone)
    candidate.status = update.status
    candidate.progress = update.progress
    candidate.full_clean()


def _publish(update: ProgressUpdate, milestone: Milestone, by: AbstractBaseUser | None) -> None:
    update.published = True
    update.published_at = timezone.now()
    update._history_user = by
    update.save(update_fields=["published", "published_at"])
    milestone.status = update.status
    milestone.progress = update.progress
    milestone._history_user = by
    milestone._change_reason = f"progress update {update.pk}"
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
