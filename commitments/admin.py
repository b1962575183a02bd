"""The Open Bishkek Committee's back office."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from bishkek_ogp.admin import (
    ConfirmedImport,
    HistoryAdmin,
    TranslationFilter,
    reason_field,
    save_rows_with_reasons,
)

from .forms import NewMemberForm
from .models import (
    ActionPlan,
    Commitment,
    CommitmentInstitution,
    CommitteeMember,
    Evidence,
    Meeting,
    Milestone,
    Notification,
    OgpValue,
    Organization,
    ProgressUpdate,
    Subscription,
    today,
)
from .resources import MilestoneResource
from .responsibility import commitment_of, editable_commitments, may_assign, may_edit, refusal
from .services import (
    NOTE_FIELDS,
    change_reason_errors,
    correct_update,
    publish_update,
    record_progress,
    save_milestone,
    send_invitations,
    set_up_member,
)


class MilestoneForm(forms.ModelForm):
    """A milestone's plan (texts, dates), with the reason some changes need (save_milestone)."""

    change_reason = reason_field(
        _("Reason for the change"),
        _(
            "Needed to move a published milestone's due date, or to set one after the plan's "
            "end. Shown on the public change history, with your name."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        commitment = data.get("commitment") or getattr(self.instance, "commitment", None)
        if commitment is None or not data.get("ends_on"):
            return data  # the fields' own errors are shown
        before = None
        if self.instance.pk is not None:
            before = Milestone.objects.select_related("commitment").get(pk=self.instance.pk)
        after = copy.copy(self.instance)
        after.commitment, after.ends_on = commitment, data["ends_on"]
        reason = data.get("change_reason", "")
        for message in change_reason_errors(before=before, after=after, reason=reason):
            self.add_error("change_reason", message)
        return data


class ProgressForm(forms.ModelForm):
    """A new or draft update: lowering a published milestone's figures needs a reason."""

    def clean(self) -> dict:
        data = super().clean()
        milestone = data.get("milestone") or getattr(self.instance, "milestone", None)
        publishing = data.get("published", self.instance.published)
        if milestone is None or not publishing or "status" not in data or "progress" not in data:
            return data
        after = copy.copy(milestone)
        after.status, after.progress = data["status"], data["progress"]
        reason = data.get("reason", "")
        for message in change_reason_errors(before=milestone, after=after, reason=reason):
            self.add_error("reason", message)
        return data


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.overdue().values("pk"))
        return queryset


def overdue_marker(is_overdue: bool) -> str:
    if not is_overdue:
        return "—"
    return format_html('<strong class="overdue-marker">{}</strong>', _("Overdue"))


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ["name", "abbreviation", "kind", "website"]
    list_filter = ["kind", TranslationFilter]
    search_fields = ["name_en", "name_ru", "name_ky", "abbreviation", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class CommitteeMemberInline(TranslationTabularInline):
    model = CommitteeMember
    fields = ["full_name", "position", "organization", "side", "active_from", "active_until"]
    autocomplete_fields = ["organization"]
    extra = 0


class MeetingInline(TranslationTabularInline):
    model = Meeting
    fields = ["held_on", "kind", "title", "place", "published"]
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(TranslationAdmin):
    list_display = ["title", "status", "submitted_on", "ends_on", "published"]
    list_filter = ["status", "published", TranslationFilter]
    search_fields = ["title_en", "title_ru", "title_ky", "jurisdiction_en"]
    autocomplete_fields = ["monitoring_body", "lead_institutions", "endorsed_by"]
    inlines = [CommitteeMemberInline, MeetingInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(TranslationAdmin):
    list_display = ["full_name", "side", "position", "organization", "plan", "active"]
    list_filter = ["plan", "side", TranslationFilter]
    list_select_related = ["organization", "plan"]
    search_fields = ["full_name", "position_en", "position_ru", "position_ky"]
    autocomplete_fields = ["organization", "user"]
    actions = ["send_invitations"]

    @admin.display(boolean=True, description=_("active"))
    def active(self, obj: CommitteeMember) -> bool:
        return obj.is_active()

    def get_urls(self):
        view = self.admin_site.admin_view(self.new_member_view)
        new = path("new/", view, name="commitments_committeemember_new")
        return [new, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        may_set_up = may_assign(request.user)
        return super().changelist_view(request, {"may_set_up": may_set_up, **(extra_context or {})})

    def new_member_view(self, request):
        """One screen for a new member: seat, account, roles, commitments, invitation."""
        if not may_assign(request.user):
            raise PermissionDenied
        form = NewMemberForm(request.POST or None, initial=self.new_member_initial())
        if request.method == "POST" and form.is_valid():
            member = set_up_member(
                member=form.instance,
                email=form.cleaned_data["email"],
                roles=form.cleaned_data["roles"],
                commitments=form.cleaned_data["commitments"],
                by=request.user,
            )
            self.log_addition(request, member, [{"added": {}}])
            self.message_user(
                request,
                _("%(name)s has a seat and an account; the invitation is sent to %(email)s.")
                % {"name": member.full_name, "email": member.user.email},
                messages.SUCCESS,
            )
            return redirect("admin:commitments_committeemember_change", member.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Set up a new committee member"),
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/commitments/committeemember/new.html", context)

    def new_member_initial(self) -> dict:
        # The newest plan, published or still being prepared: members are seated before it is.
        plan = ActionPlan.objects.order_by("-ends_on").first()
        role = Group.objects.filter(name="Committee members").first()
        return {"plan": plan, "roles": [role] if role else [], "active_from": today()}

    @admin.action(description=_("Send a new invitation to choose a password"))
    def send_invitations(self, request, queryset) -> None:
        invited = send_invitations(queryset.select_related("user"), by=request.user)
        self.message_user(
            request,
            _("%(count)d invitations sent. Members without an account or address were skipped.")
            % {"count": invited},
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_assign(request.user):
            actions.pop("send_invitations", None)
        return actions


@admin.register(OgpValue)
class OgpValueAdmin(TranslationAdmin):
    list_display = ["name", "code", "order"]


class CommitmentInstitutionInline(admin.TabularInline):
    model = CommitmentInstitution
    autocomplete_fields = ["organization"]
    extra = 0


@admin.register(CommitmentInstitution)
class CommitmentInstitutionAdmin(admin.ModelAdmin):
    list_display = ["commitment", "organization", "role"]
    list_filter = ["role", "commitment"]
    list_select_related = ["commitment", "organization"]
    autocomplete_fields = ["commitment", "organization"]


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    form = MilestoneForm
    fields = [
        "order", "title", "starts_on", "ends_on", "status", "progress", "weight", "is_demo",
        "change_reason",
    ]  # fmt: skip
    # Status and progress change only with a progress update (record_progress).
    readonly_fields = ["status", "progress"]
    extra = 0
    show_change_link = True


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin, TranslationAdmin):
    list_display = [
        "code",
        "title",
        "plan",
        "progress_display",
        "overdue",
        "published",
    ]
    list_filter = ["plan", "published", "ogp_values", TranslationFilter]
    search_fields = ["code", "title_en", "title_ru", "title_ky"]
    filter_horizontal = ["ogp_values", "responsible_members"]
    inlines = [CommitmentInstitutionInline, MilestoneInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if may_assign(request.user) else [*fields, "responsible_members"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_milestones()

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not Milestone:
            return super().save_formset(request, form, formset, change)
        save_rows_with_reasons(
            request,
            formset,
            lambda milestone, **kwargs: save_milestone(milestone=milestone, **kwargs),
            "change_reason",
        )

    @admin.display(description=_("progress"))
    def progress_display(self, obj: Commitment) -> str:
        return f"{obj.progress}%"

    @admin.display(description=_("overdue"))
    def overdue(self, obj: Commitment) -> str:
        return overdue_marker(obj.is_overdue)


# A choice outside the person's commitments (a forged form, or a responsibility just taken away).
NOT_YOURS = _(
    "Only a commitment's responsible committee members may add to its record. Choose one of "
    "the commitments you are responsible for."
)


class ResponsibilityFilter(admin.SimpleListFilter):
    """A member's list opens on the commitments they are responsible for, the rows they may
    change; "All commitments" shows the others' too, read-only. Superusers start on all."""

    title = _("responsibility")
    parameter_name = "responsibility"

    def __init__(self, request, params, model, model_admin):
        mine = not request.user.is_superuser and editable_commitments(request.user).exists()
        self.default = "mine" if mine else "all"
        self.path = model.commitment_path
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("mine", _("My commitments")), ("all", _("All commitments"))]

    def value(self) -> str:
        return super().value() or self.default

    def choices(self, changelist):
        # No separate "All" entry: "All commitments" is one of the two choices.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() != "mine":
            return queryset
        return queryset.filter(**{f"{self.path}__in": editable_commitments(request.user)})


class ResponsibleOnly:
    """Committee members change only what belongs to the commitments they are responsible for:
    their lists open on those, nothing else is offered to them, and a page they may only read
    says whose it is to change."""

    def get_list_filter(self, request):
        return [ResponsibilityFilter, *super().get_list_filter(request)]

    def has_add_permission(self, request, *args) -> bool:
        allowed = super().has_add_permission(request, *args)
        return allowed and editable_commitments(request.user).exists()

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit(request.user, commitment_of(obj)))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_edit(request.user, commitment_of(obj)))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            messages.info(request, refusal(commitment_of(obj)))
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Milestone)
class MilestoneAdmin(
    ResponsibleOnly, ConfirmedImport, ImportExportMixin, HistoryAdmin, TranslationAdmin
):
    # Export, edit status, progress and dates in a spreadsheet, import with a preview.
    resource_classes = [MilestoneResource]
    form = MilestoneForm
    formats = [base_formats.CSV, base_formats.XLSX]
    list_display = ["code", "title", "status", "progress_display", "ends_on", "overdue", "is_demo"]
    list_display_links = ["code", "title"]
    list_filter = ["commitment", "status", OverdueFilter, "is_demo", TranslationFilter]
    list_select_related = ["commitment"]
    search_fields = ["title_en", "title_ru", "title_ky", "commitment__code"]
    autocomplete_fields = ["commitment", "responsible"]
    # Status and progress change only with a progress update (record_progress), never here.
    readonly_fields = ["status", "progress", "recent_updates"]
    ordering = ["commitment__code", "order"]
    # Reverting would write back an old version's status and progress, with no update behind it.
    can_revert = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commitment":
            kwargs["queryset"] = editable_commitments(request.user)
            kwargs["error_messages"] = {"invalid_choice": NOT_YOURS}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("code"), ordering="commitment__code")
    def code(self, obj: Milestone) -> str:
        return obj.code

    def save_model(self, request, obj: Milestone, form, change: bool) -> None:
        reason = form.cleaned_data.get("change_reason", "")
        save_milestone(milestone=obj, by=request.user, reason=reason)

    @admin.display(description=_("progress"), ordering="progress")
    def progress_display(self, obj: Milestone) -> str:
        return f"{obj.progress}%"

    @admin.display(description=_("overdue"))
    def overdue(self, obj: Milestone) -> str:
        return overdue_marker(obj.is_overdue)

    @admin.display(description=_("progress updates"))
    def recent_updates(self, obj: Milestone) -> str:
        # "Record progress" is among the page's tools, for those who may (change_form.html).
        if obj.pk is None:
            return "—"
        rows = format_html_join(
            "",
            "<li>{}: {} ({}%)</li>",
            ((u.published_on, u.get_status_display(), u.progress) for u in obj.updates.all()[:5]),
        )
        return format_html("<ul>{}</ul>", rows) if rows else _("None yet.")


class CorrectionForm(forms.ModelForm):
    """The change form of a published update: its text may be corrected, saying why."""

    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the public change history beside the correction, with your name."),
    )

    def note_changed(self) -> bool:
        return any(name in self.changed_data for name in NOTE_FIELDS)

    def clean(self) -> dict:
        data = super().clean()
        if self.note_changed() and not data.get("correction_reason", "").strip():
            self.add_error("correction_reason", _("Say why the published update is corrected."))
        return data


class EvidenceInline(TranslationStackedInline):
    model = Evidence
    fields = ["title", "url", "file", "is_demo"]
    extra = 1

    # On another commitment's update, read-only: no empty rows to fill, nothing to delete.
    def may_edit_parent(self, request, update: ProgressUpdate | None) -> bool:
        return update is None or may_edit(request.user, commitment_of(update))

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self.may_edit_parent(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self.may_edit_parent(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self.may_edit_parent(request, obj)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ResponsibleOnly, HistoryAdmin, TranslationAdmin):
    list_display = ["milestone", "published_on", "status", "progress", "author", "published"]
    actions = ["publish_drafts"]
    list_filter = ["published", "status", "milestone__commitment", "is_demo", TranslationFilter]
    list_select_related = ["milestone__commitment", "author"]
    search_fields = ["note_en", "note_ru", "note_ky", "milestone__commitment__code"]
    autocomplete_fields = ["milestone"]
    # Whose words the note is follows from what the author wrote (record_progress).
    exclude = ["author", "original_language", "translated_by"]
    inlines = [EvidenceInline]
    form = ProgressForm
    date_hierarchy = "published_on"
    # Reverting would write back an old version's figures and publication, which the change form
    # keeps read-only; old versions are there to read.
    can_revert = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "milestone":
            kwargs["queryset"] = Milestone.objects.filter(
                commitment__in=editable_commitments(request.user)
            )
            kwargs["error_messages"] = {"invalid_choice": NOT_YOURS}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # What an update set on its milestone is history; once published only its text can be
        # corrected, with a reason (correct_update). A draft is still the author's to change.
        if obj is None:
            return []
        if not obj.published:
            return ["milestone", "author"]
        return [
            "milestone", "published_on", "status", "progress", "author", "published", "is_demo",
            "followers_notified_at", "reason",
        ]  # fmt: skip

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.published:
            kwargs["form"] = CorrectionForm
        return super().get_form(request, obj, change=change, **kwargs)

    # Offered only to those who may change updates; the service still checks each commitment.
    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish_drafts(self, request, queryset) -> None:
        published = 0
        for update in queryset.filter(published=False).select_related("milestone__commitment"):
            try:
                publish_update(update=update, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{update}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied as error:
                self.message_user(request, f"{update}: {error}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(request, _("%(count)d updates published.") % {"count": published})

    def get_inlines(self, request, obj):
        # Evidence is attached on the update's own page, once record_progress has created it.
        return self.inlines if obj is not None else []

    def save_form(self, request, form, change: bool):
        if change:
            return super().save_form(request, form, change)
        # A new update is recorded by the service: the update, the milestone's status and
        # progress, the history and the followers' notice together, or nothing.
        data = form.cleaned_data
        return record_progress(
            milestone=data["milestone"],
            author=request.user,
            status=data["status"],
            progress=data["progress"],
            note={code: data.get(f"note_{code}") or "" for code in ("ky", "ru", "en")},
            published_on=data["published_on"],
            published=data["published"],
            is_demo=data["is_demo"],
            reason=data.get("reason", ""),
        )

    def save_model(self, request, obj: ProgressUpdate, form, change: bool) -> None:
        if not change:
            return  # saved by record_progress in save_form
        if isinstance(form, CorrectionForm):
            if form.note_changed():
                correct_update(
                    update=obj,
                    note={name.removeprefix("note_"): form.cleaned_data[name] or ""
                          for name in NOTE_FIELDS},
                    reason=form.cleaned_data["correction_reason"],
                    by=request.user,
                )  # fmt: skip
            return
        publishing = "published" in form.changed_data and obj.published
        obj.published = obj.published and not publishing
        super().save_model(request, obj, form, change)
        if publishing:
            publish_update(update=obj, by=request.user)

    def save_related(self, request, form, formsets, change: bool) -> None:
        if change:  # a new update has no inlines: its evidence comes on its own page
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        # On to the new update's page, where its evidence is attached.
        return super().response_add(
            request,
            obj,
            post_url_continue or reverse("admin:commitments_progressupdate_change", args=[obj.pk]),
        )


@admin.register(Evidence)
class EvidenceAdmin(ResponsibleOnly, TranslationAdmin):
    list_display = ["title", "update", "url", "file", "is_demo"]
    list_filter = ["is_demo", TranslationFilter]
    list_select_related = ["update__milestone__commitment"]
    search_fields = ["title_en", "title_ru", "title_ky"]
    autocomplete_fields = ["update"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "update":
            kwargs["queryset"] = ProgressUpdate.objects.filter(
                milestone__commitment__in=editable_commitments(request.user)
            )
            kwargs["error_messages"] = {"invalid_choice": NOT_YOURS}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ["held_on", "title", "kind", "place", "published"]
    list_filter = ["kind", "published", "plan", TranslationFilter]
    search_fields = ["title_en", "title_ru", "title_ky", "participants"]
    date_hierarchy = "held_on"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Followers' addresses are personal data: no role grants this, only superusers see it."""

    list_display = ["email", "commitment", "plan", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "commitment", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["commitment", "plan"]
    search_fields = ["email"]
    readonly_fields = ["email", "plan", "commitment", "language", "created_at", "confirmed_at"]
    fields = [*readonly_fields, "unsubscribed_at"]

    def has_add_permission(self, request) -> bool:
        return False  # people subscribe themselves, confirming their address


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was emailed to followers, and what waits to be sent (a mail server that is down)."""

    list_display = ["update", "subscription", "created_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["update__milestone__commitment", "subscription__commitment"]
    readonly_fields = ["subscription", "update", "created_at", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
