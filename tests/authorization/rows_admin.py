"""The back office (/admin/): every model's pages, and every write the roles make there."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token, TokenProxy

from commitments.models import (
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
)
from commitments.services import publish_update
from feedback.models import District, Feedback, Open311Key, ResponseTemplate, Service
from monitoring.models import (
    CoCreationCheck,
    CommitmentAssessment,
    MonitoringReport,
    Recommendation,
    ReportJob,
)
from participation.models import Consultation, Contribution, Question

from .matrix import ADMIN, Request, Row, admin_action, admin_form, admin_url, page, post_form
from .world import (
    COMMITTEE,
    MEMBER,
    MODERATOR,
    MONITOR,
    NOBODY,
    OTHER,
    STAFF,
    SUPERUSER,
    Actor,
    World,
)

SU = frozenset({SUPERUSER})
A_ONLY = frozenset({MEMBER, SUPERUSER})
NEW_DUE_DATE = datetime.date(2025, 11, 28)  # the member responsible for commitment A
PLAN_READERS = COMMITTEE | {MONITOR, SUPERUSER}
MONITORS = frozenset({MONITOR, SUPERUSER})
FEEDBACK_DESK = frozenset({MODERATOR, SUPERUSER})

# Who sees each model's list, and the change form (read-only without the change permission) of
# the row named: a row that is not public, wherever the model has such rows.
VIEWERS = {
    Organization: (COMMITTEE | {MONITOR, MODERATOR, SUPERUSER}, "organization"),
    ActionPlan: (PLAN_READERS, "plan"),
    CommitteeMember: (COMMITTEE | SU, "member_seat"),
    OgpValue: (COMMITTEE | SU, "ogp_value"),
    CommitmentInstitution: (COMMITTEE | SU, "institution"),
    Commitment: (PLAN_READERS, "unpublished"),
    Milestone: (PLAN_READERS, "milestone_a"),
    ProgressUpdate: (PLAN_READERS, "draft_a"),
    Evidence: (PLAN_READERS, "evidence_a"),
    Meeting: (PLAN_READERS, "meeting"),
    Subscription: (SU, "subscription"),  # followers' addresses
    Notification: (SU, "notification"),
    MonitoringReport: (PLAN_READERS, "draft_report"),
    CommitmentAssessment: (PLAN_READERS, "assessment"),
    Recommendation: (PLAN_READERS, "recommendation"),
    Consultation: (COMMITTEE | FEEDBACK_DESK, "consultation"),
    Contribution: (COMMITTEE | FEEDBACK_DESK, "contribution"),
    Question: (COMMITTEE | FEEDBACK_DESK, "question"),
    ReportJob: (PLAN_READERS, "job"),
    Service: (FEEDBACK_DESK, "service"),
    District: (FEEDBACK_DESK, "district"),
    ResponseTemplate: (FEEDBACK_DESK, "response_template"),
    Feedback: (FEEDBACK_DESK, "hidden_feedback"),
    Open311Key: (SU, "open311_key"),
    User: (SU, "nobody"),
    Group: (SU, "committee_group"),
    TokenProxy: (SU, None),
    AccessAttempt: (SU, None),
    AccessLog: (SU, None),
    AccessFailureLog: (SU, None),
}


LIST_VIEWERS = {model._meta.model_name: viewers for model, (viewers, _row) in VIEWERS.items()}
# Lists that open on the member's own commitments; "All commitments" shows every row, read-only.
BY_RESPONSIBILITY = {Milestone, ProgressUpdate, Evidence, Question}


def change_form(name: str):
    return lambda world: admin_url(getattr(world, name))


def links_to(name: str):
    """Whether an admin list links to the change form of the world's row `name`."""
    return lambda response, world: admin_url(getattr(world, name)) in response.content.decode()


def model_pages() -> list[Row]:
    rows = [page("admin:index", STAFF, "/admin/")]
    for model, (viewers, name) in VIEWERS.items():
        row_id = f"admin:{model._meta.label_lower}"
        changelist = admin_url(model, "changelist")
        if model in BY_RESPONSIBILITY:
            changelist += "?responsibility=all"
        if name is None:
            rows.append(page(f"{row_id}:list", viewers, changelist))
            continue
        rows.append(page(f"{row_id}:list", viewers, changelist, needs=[name], shows=links_to(name)))
        # Found and shown: the admin answers a row it cannot find with a redirect.
        rows.append(page(f"{row_id}:form", viewers, change_form(name)))
    return rows


CM, MO, FB, AU = "/admin/commitments", "/admin/monitoring", "/admin/feedback", "/admin/auth"
PA = "/admin/participation"

OTHER_PAGES = [
    page("admin:milestone-A:history", PLAN_READERS, CM + "/milestone/{w.milestone_a.pk}/history/"),
    page("admin:draft-A:history", PLAN_READERS, CM + "/progressupdate/{w.draft_a.pk}/history/"),
    page("admin:commitment:history", PLAN_READERS, CM + "/commitment/{w.unpublished.pk}/history/"),
    page(
        "admin:draft-assessment:history",
        PLAN_READERS,
        MO + "/commitmentassessment/{w.assessment.pk}/history/",
    ),
    page("admin:feedback:history", FEEDBACK_DESK, FB + "/feedback/{w.hidden_feedback.pk}/history/"),
    # A list answers only the filters it shows: a lookup on a private field would tell, one
    # character at a time, whether a secret or an address starts with what was asked.
    *(
        page(
            f"admin:{model}:lookup-{lookup}",
            NOBODY,
            f"{base}/{model}/?{lookup}={value}",
            # Who may open the list gets its answer to a filter it does not offer: 400.
            refused=dict.fromkeys(LIST_VIEWERS[model], 400),
        )
        for base, model, lookup, value in [
            (FB, "feedback", "submitter_ip__startswith", "1"),
            (FB, "feedback", "tracking_digest__startswith", "a"),
            (FB, "feedback", "repeat_digest__startswith", "a"),
            (FB, "feedback", "email__contains", "@"),
            (PA, "contribution", "submitter_ip__startswith", "1"),
            (PA, "contribution", "email__contains", "@"),
            (PA, "question", "tracking_digest__startswith", "a"),
            (PA, "question", "email__contains", "@"),
            (FB, "open311key", "digest__startswith", "a"),
            (CM, "subscription", "email__startswith", "a"),
            (AU, "user", "password__startswith", "m"),
        ]
    ),
    # The milestones offered when recording progress: only those the person may record on.
    page(
        "admin:milestone:autocomplete",
        A_ONLY,
        "/admin/autocomplete/?app_label=commitments&model_name=progressupdate&field_name=milestone",
        needs=["milestone_a"],
        shows=lambda response, w: str(w.milestone_a) in response.content.decode(),
        refused={OTHER: 200, MONITOR: 200},
    ),
    # A member's milestone list opens on their own commitments; others' start on all.
    page(
        "admin:milestone:default-list",
        A_ONLY | {MONITOR},
        CM + "/milestone/",
        needs=["milestone_a"],
        shows=links_to("milestone_a"),
        refused={OTHER: 200},
    ),
]


def setting(name: str, value):
    def change(row) -> None:
        setattr(row, name, value)
        row.save()

    return change


def revert(row_id: str, allowed, name: str, change, done) -> Row:
    """Change a row, then post its first version back from its history page (a revert)."""

    def request(actor: Actor, world: World) -> Request:
        row = getattr(world, name)
        first = row.history.earliest()
        change(row)
        return post_form(actor, admin_url(row, "history") + f"{first.history_id}/", {})

    return Row(row_id, frozenset(allowed), request, ADMIN, ok=302, done=done)


def import_milestone_a(actor: Actor, world: World) -> Request:
    """Upload a spreadsheet that moves milestone A's due date, then confirm the preview."""
    m = world.milestone_a
    sheet = (
        "id,commitment,order,title,status,progress,starts_on,ends_on,reason\n"
        f"{m.pk},{m.commitment.code},{m.order},{m.title},{m.status},{m.progress},{m.starts_on},"
        f"{NEW_DUE_DATE},The survey took longer.\n"
    )
    url = admin_url(Milestone, "import")
    upload = SimpleUploadedFile("milestones.csv", sheet.encode())
    data = {"resource": "0", "format": csv_choice(actor.client.get(url)), "import_file": upload}

    def confirm(actor: Actor, preview) -> Request | None:
        if preview.status_code != 200 or "confirm_form" not in preview.context:
            return None  # refused, or rows the preview reports as invalid
        confirmation = preview.context["confirm_form"].initial
        return Request("post", admin_url(Milestone, "process_import"), confirmation)

    return Request("post", url, data, then=confirm)


def export_milestones(actor: Actor, world: World) -> Request:
    world.milestone_a  # noqa: B018 - something to export
    url = admin_url(Milestone, "export")
    page = actor.client.get(url)
    data = {"resource": "0", "format": csv_choice(page)}
    if page.status_code == 200:
        fields = page.context["form"].fields.items()
        data |= {n: "on" for n, f in fields if getattr(f, "is_selectable_field", False)}
    return Request("post", url, data)


def csv_choice(page) -> str:
    """The value of the CSV choice on an import or export page ("0" to whom it is refused)."""
    if page.status_code != 200:
        return "0"
    choices = page.context["form"].fields["format"].choices
    return next(value for value, label in choices if label == "csv")


def stored(model, name: str, field: str):
    """The stored value of a field of the world's row `name`, read again from the database."""
    return lambda w: getattr(model.objects.get(pk=getattr(w, name).pk), field)


def becomes(model, name: str, field: str, value):
    return lambda w: stored(model, name, field)(w) == value


def gone(model, name: str):
    return lambda w: not model.objects.filter(pk=getattr(w, name).pk).exists()


def exists(model, **lookup):
    return lambda w: model.objects.filter(**lookup).exists()


def delete(row_id: str, allowed, model, name: str) -> Row:
    """Confirm the deletion of the world's row `name` on its admin page."""
    return admin_form(
        row_id,
        allowed,
        lambda w: admin_url(getattr(w, name), "delete"),
        {"post": "yes"},
        gone(model, name),
    )


MILESTONE = {
    "commitment": "{w.commitment_a.pk}",
    "order": "9",
    "title_en": "Publish the draft map",
    "starts_on": "2025-02-01",
    "ends_on": "2025-03-01",
    "status": "not_started",
    "progress": "0",
    "weight": "1",
}
PROGRESS = {
    "milestone": "{w.milestone_a.pk}",
    "published_on": "2025-06-01",
    "note_en": "Hearings held.",
    "status": "in_progress",
    "progress": "70",
    "published": "on",
}
EVIDENCE = {"update": "{w.update_a.pk}", "title_en": "Photos", "url": "https://example.org/p"}
MEETING = {"plan": "{w.plan.pk}", "kind": "committee", "held_on": "2025-05-05", "title_en": "May"}
REPORT = {"plan": "{w.plan.pk}", "title_en": "Final", "kind": "results", "status": "draft"}
ON_1_JUNE = {"0": "2025-06-01", "1": "12:00:00"}
CONSULTATION = {"plan": "{w.plan.pk}", "title_en": "Next plan", "question_en": "What first?",
                "opens_on": "2026-01-10", "closes_on": "2026-02-10",
                "answering_body": "{w.organization.pk}"}  # fmt: skip
NEW_USER = {"username": "intruder", "usable_password": "true"}
PASSWORD = {"password1": "another-long-password", "password2": "another-long-password"}


def with_permission(codename: str):
    def permissions(world: World) -> dict:
        granted = [
            *world.committee_group.permissions.all(),
            Permission.objects.get(codename=codename),
        ]
        return {"permissions": [permission.pk for permission in granted]}

    return permissions


PLAN_WRITES = [
    admin_form(
        "admin:milestone-A:change",
        A_ONLY,
        CM + "/milestone/{w.milestone_a.pk}/change/",
        {"title_en": "Renamed"},
        becomes(Milestone, "milestone_a", "title_en", "Renamed"),
    ),
    admin_form(
        "admin:milestone-B:change",
        {OTHER, SUPERUSER},
        CM + "/milestone/{w.milestone_b.pk}/change/",
        {"title_en": "Renamed"},
        becomes(Milestone, "milestone_b", "title_en", "Renamed"),
    ),
    # B's form does not offer commitment A (nor A's milestones, nor their updates): a form error.
    # Nor does A's form offer commitment B: a member cannot move their rows into another's care.
    admin_form(
        "admin:milestone-A:move-to-B",
        SU,
        CM + "/milestone/{w.milestone_a.pk}/change/",
        {"commitment": "{w.commitment_b.pk}"},
        lambda w: stored(Milestone, "milestone_a", "commitment")(w) == w.commitment_b,
        refused={MEMBER: 200},
    ),
    admin_form(
        "admin:milestone-A:add",
        A_ONLY,
        CM + "/milestone/add/",
        MILESTONE,
        exists(Milestone, order=9),
        refused={OTHER: 200},
    ),
    delete("admin:milestone-A:delete", SU, Milestone, "milestone_a"),
    Row(
        "admin:milestone-A:import",
        A_ONLY,
        import_milestone_a,
        ADMIN,
        ok=302,
        done=becomes(Milestone, "milestone_a", "ends_on", NEW_DUE_DATE),
        refused={OTHER: 200},
    ),
    Row(
        "admin:milestone:export",
        A_ONLY | {MONITOR},
        export_milestones,
        ADMIN,
        shows=lambda response, w: w.milestone_a.title in response.content.decode(),
        # The export is the list's: a member's starts on their own commitments.
        refused={OTHER: 200},
    ),
    # Reverting would write back status and progress with no update behind them (record_progress).
    revert(
        "admin:milestone-A:revert",
        NOBODY,
        "milestone_a",
        setting("progress", 60),
        becomes(Milestone, "milestone_a", "progress", 50),
    ),
    admin_form(
        "admin:progress-A:add",
        A_ONLY,
        CM + "/progressupdate/add/",
        PROGRESS,
        becomes(Milestone, "milestone_a", "progress", 70),
        refused={OTHER: 200},
    ),
    admin_form(
        "admin:draft-update-A:change",
        A_ONLY,
        CM + "/progressupdate/{w.draft_a.pk}/change/",
        {"note_en": "Corrected"},
        becomes(ProgressUpdate, "draft_a", "note_en", "Corrected"),
    ),
    # The action reports B's refusal on the list; monitors are not offered it: the list again.
    admin_action(
        "admin:draft-update-A:publish-action",
        A_ONLY,
        ProgressUpdate,
        "publish_drafts",
        "draft_a",
        stored(ProgressUpdate, "draft_a", "published"),
        refused={OTHER: 302, MONITOR: 200},
    ),
    revert(
        "admin:published-update-A:revert-to-draft",
        NOBODY,
        "draft_a",
        lambda u: publish_update(update=u, by=None),
        becomes(ProgressUpdate, "draft_a", "published", False),
    ),
    delete("admin:draft-update-A:delete", SU, ProgressUpdate, "draft_a"),
    admin_form(
        "admin:evidence-A:add",
        A_ONLY,
        CM + "/evidence/add/",
        EVIDENCE,
        exists(Evidence, title_en="Photos"),
        refused={OTHER: 200},
    ),
    admin_form(
        "admin:evidence-A:change",
        A_ONLY,
        CM + "/evidence/{w.evidence_a.pk}/change/",
        {"title_en": "Signed"},
        becomes(Evidence, "evidence_a", "title_en", "Signed"),
    ),
    admin_form(
        "admin:evidence-A:move-to-B",
        SU,
        CM + "/evidence/{w.evidence_a.pk}/change/",
        {"update": "{w.update_b.pk}"},
        lambda w: stored(Evidence, "evidence_a", "update")(w) == w.update_b,
        refused={MEMBER: 200},
    ),
    delete("admin:evidence-A:delete", A_ONLY, Evidence, "evidence_a"),
    # Monitors, who may not delete, are offered no action at all: the list again.
    admin_action(
        "admin:evidence-A:delete-action",
        A_ONLY,
        Evidence,
        "delete_selected",
        "evidence_a",
        gone(Evidence, "evidence_a"),
        # Not in member B's list (their own commitments): back to the list, nothing selected.
        refused={MONITOR: 200, OTHER: 302},
    ),
    admin_form(
        "admin:meeting:add",
        COMMITTEE | SU,
        CM + "/meeting/add/",
        MEETING,
        exists(Meeting, title_en="May"),
    ),
    admin_form(
        "admin:meeting:change",
        COMMITTEE | SU,
        CM + "/meeting/{w.meeting.pk}/change/",
        {"place_en": "City hall"},
        becomes(Meeting, "meeting", "place_en", "City hall"),
    ),
    admin_form(
        "admin:commitment-A:change",
        SU,
        CM + "/commitment/{w.commitment_a.pk}/change/",
        {"title_en": "Renamed"},
        becomes(Commitment, "commitment_a", "title_en", "Renamed"),
        needs=["milestone_a", "institution"],
    ),
    revert(
        "admin:commitment-A:revert",
        SU,
        "commitment_a",
        setting("title_en", "Renamed"),
        lambda w: not becomes(Commitment, "commitment_a", "title_en", "Renamed")(w),
    ),
    admin_form(
        "admin:plan:change",
        SU,
        CM + "/actionplan/{w.plan.pk}/change/",
        {"title_en": "Renamed"},
        becomes(ActionPlan, "plan", "title_en", "Renamed"),
        needs=["member_seat", "meeting"],
    ),
    admin_form(
        "admin:subscription:unsubscribe",
        SU,
        CM + "/subscription/{w.subscription.pk}/change/",
        {f"unsubscribed_at_{i}": v for i, v in ON_1_JUNE.items()},
        stored(Subscription, "subscription", "unsubscribed_at"),
    ),
    # What was emailed to followers is a record: nobody changes it.
    admin_form(
        "admin:notification:change",
        NOBODY,
        CM + "/notification/{w.notification.pk}/change/",
        {f"sent_at_{i}": v for i, v in ON_1_JUNE.items()},
        stored(Notification, "notification", "sent_at"),
    ),
]


MONITORING_WRITES = [
    admin_form(
        "admin:monitoring-report:add",
        MONITORS,
        MO + "/monitoringreport/add/",
        REPORT,
        exists(MonitoringReport, title_en="Final"),
    ),
    admin_form(
        "admin:draft-report:change",
        MONITORS,
        MO + "/monitoringreport/{w.draft_report.pk}/change/",
        {"authors": "ATB"},
        becomes(MonitoringReport, "draft_report", "authors", "ATB"),
        needs=["assessment"],
    ),
    admin_action(
        "admin:published-report:request-pdf-action",
        PLAN_READERS,
        MonitoringReport,
        "request_pdf",
        "published_report",
        lambda w: ReportJob.objects.filter(monitoring_report=w.published_report).exists(),
    ),
    admin_form(
        "admin:draft-assessment:change",
        MONITORS,
        MO + "/commitmentassessment/{w.assessment.pk}/change/",
        {"completion": "substantial"},
        becomes(CommitmentAssessment, "assessment", "completion", "substantial"),
    ),
    revert(
        "admin:draft-assessment:revert",
        MONITORS,
        "assessment",
        setting("completion", "substantial"),
        becomes(CommitmentAssessment, "assessment", "completion", "limited"),
    ),
    delete("admin:draft-assessment:delete", MONITORS, CommitmentAssessment, "assessment"),
    admin_action(
        "admin:draft-report:prefill-checklist-action",
        MONITORS,
        MonitoringReport,
        "prefill_checklist",
        "draft_report",
        lambda w: CoCreationCheck.objects.filter(report=w.draft_report).exists(),
        # Committee members read the list, where the action is not offered: "no action chosen".
        refused={MEMBER: 302, OTHER: 302},
    ),
    # What citizens send: moderators publish it, committee members answer it; each role's
    # form keeps the other's field read-only, so the other's post changes nothing.
    admin_form(
        "admin:contribution:moderate",
        FEEDBACK_DESK,
        PA + "/contribution/{w.contribution.pk}/change/",
        {"moderation": "approved"},
        becomes(Contribution, "contribution", "moderation", "approved"),
    ),
    admin_form(
        "admin:contribution:answer",
        COMMITTEE | SU,
        PA + "/contribution/{w.published_contribution.pk}/change/",
        {"response": "accepted", "response_reason": "Taken up in the next plan."},
        becomes(Contribution, "published_contribution", "response", "accepted"),
        refused={MODERATOR: 302},
    ),
    admin_form(
        "admin:question:moderate",
        FEEDBACK_DESK,
        PA + "/question/{w.question.pk}/change/",
        {"moderation": "approved"},
        becomes(Question, "question", "moderation", "approved"),
    ),
    admin_form(
        "admin:question:answer",
        A_ONLY,
        PA + "/question/{w.published_question.pk}/change/",
        {"answer": "In March."},
        becomes(Question, "published_question", "answer", "In March."),
        refused={MODERATOR: 302},
    ),
    admin_form(
        "admin:consultation:add",
        COMMITTEE | SU,
        PA + "/consultation/add/",
        {
            "plan": "{w.plan.pk}",
            "title_en": "Next plan",
            "question_en": "What first?",
            "opens_on": "2026-01-10",
            "closes_on": "2026-02-10",
            "answering_body": "{w.organization.pk}",
        },
        exists(Consultation, title_en="Next plan"),
    ),
    # The city answers the monitor's recommendations: committee members, not the monitor.
    admin_form(
        "admin:recommendation:answer",
        COMMITTEE | SU,
        MO + "/recommendation/{w.recommendation.pk}/change/",
        {"response": "partly", "response_reason_en": "In two districts first."},
        becomes(Recommendation, "recommendation", "response", "partly"),
    ),
    # Jobs come from requesting a report, never from a form.
    admin_form(
        "admin:report-job:add",
        NOBODY,
        MO + "/reportjob/add/",
        {"plan": "{w.plan.pk}", "kind": "plan", "language": "en"},
        exists(ReportJob),
    ),
]


ACCOUNT_AND_FEEDBACK_WRITES = [
    admin_form(
        "admin:feedback:answer",
        FEEDBACK_DESK,
        FB + "/feedback/{w.open_feedback.pk}/change/",
        {"status": "in_progress", "public_answer": "Crew sent."},
        becomes(Feedback, "open_feedback", "public_answer", "Crew sent."),
    ),
    delete("admin:feedback:delete", SU, Feedback, "open_feedback"),
    admin_form(
        "admin:response-template:add",
        FEEDBACK_DESK,
        FB + "/responsetemplate/add/",
        {"status": "received", "name": "Thanks", "text_ru": "Спасибо!", "active": "on"},
        exists(ResponseTemplate, name="Thanks"),
    ),
    # The catalogue and the Open311 keys are the administrators' job.
    admin_form(
        "admin:service:change",
        SU,
        FB + "/service/{w.service.pk}/change/",
        {"response_days": "3"},
        becomes(Service, "service", "response_days", 3),
    ),
    admin_form(
        "admin:open311-key:add",
        SU,
        FB + "/open311key/add/",
        {"name": "Partner", "active": "on"},
        exists(Open311Key, name="Partner"),
    ),
    admin_form(
        "admin:user:make-superuser",
        SU,
        AU + "/user/{w.nobody.pk}/change/",
        {"is_staff": "on", "is_superuser": "on"},
        stored(User, "nobody", "is_superuser"),
    ),
    admin_form(
        "admin:user:set-password",
        SU,
        AU + "/user/{w.nobody.pk}/password/",
        PASSWORD | {"usable_password": "true"},
        lambda w: User.objects.get(pk=w.nobody.pk).check_password(PASSWORD["password1"]),
    ),
    admin_form(
        "admin:user:add",
        SU,
        AU + "/user/add/",
        NEW_USER | PASSWORD,
        exists(User, username="intruder"),
    ),
    admin_form(
        "admin:group:grant-permission",
        SU,
        AU + "/group/{w.committee_group.pk}/change/",
        with_permission("delete_commitment"),
        lambda w: w.committee_group.permissions.filter(codename="delete_commitment").exists(),
    ),
    admin_form(
        "admin:api-token:add",
        SU,
        "/admin/authtoken/tokenproxy/add/",
        {"user": "{w.nobody.pk}"},
        lambda w: Token.objects.filter(user=w.nobody).exists(),
    ),
]

ROWS = [
    *model_pages(),
    *OTHER_PAGES,
    *PLAN_WRITES,
    *MONITORING_WRITES,
    *ACCOUNT_AND_FEEDBACK_WRITES,
]
