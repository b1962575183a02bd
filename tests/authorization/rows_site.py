"""The public site and Open311: citizens' writes, tracking links, and what stays unpublished."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.core import signing

from bishkek_ogp.lib.human_check import form_stamp
from commitments.emails import subscription_token
from commitments.models import Subscription
from feedback.models import Feedback
from monitoring.models import ReportJob

from .matrix import CONTENT, LOGIN, SITE, Request, Row, fill, page
from .world import (
    CITIZEN,
    COMMITTEE,
    EVERYONE,
    MEMBER,
    MODERATOR,
    MONITOR,
    NOBODY,
    OTHER,
    ROLES,
    SIGNED_OUT,
    SUPERUSER,
    Actor,
    World,
)

CITIZEN_ONLY = frozenset({CITIZEN})
FORBIDDEN = dict.fromkeys(ROLES, 403)
RESOLVED = {"resolved": "yes", "answer_rating": "5"}
NOT_RESOLVED = {"resolved": "no", "answer_rating": "1"}


def started() -> str:
    """A public form's time stamp, as if the page had been opened half a minute ago."""
    return form_stamp(time.time() - 30)


def post(path: str, data: dict | None = None, **options):
    return lambda actor, world: Request("post", fill(path, world), fill(data, world), **options)


def track(whose: str, answer: dict | None = None, tamper: bool = False):
    """The tracking page of a feedback, opened (or answered) with the token the actor holds:
    the citizen, the token of their own feedback; anyone else, the public id of the feedback."""

    def request(actor: Actor, world: World) -> Request:
        token = actor.tracking_token(getattr(world, whose)[0])
        if tamper:
            token = token[:-4] + "AAAA"
        path = f"/en/feedback/track/{token}/"
        return Request("post", path, answer) if answer else Request("get", path)

    return request


def state(whose: str):
    """What the citizen's answer changes on a feedback: its status and their confirmation."""
    fields = ("status", "citizen_confirmed")
    return lambda w: Feedback.objects.values_list(*fields).get(pk=getattr(w, whose)[0].pk)


def becomes(whose: str, status: str, confirmed: bool | None):
    return lambda w: state(whose)(w) == (status, confirmed)


def submitted(description: str):
    return lambda w: Feedback.objects.filter(description=description).exists()


def open311_request(secret: str | None):
    """An Open311 POST with the key the world names `secret` (none when None)."""

    def request(actor: Actor, world: World) -> Request:
        data = {
            "service_code": "roads",
            "lat": "42.875",
            "long": "74.601",
            "description": "A deep pothole outside school 61.",
            "attribute[rating]": "2",
            "attribute[district]": "leninsky",
        }
        if secret is not None:
            data["api_key"] = getattr(world, secret)
        body = urlencode(data)
        form = "application/x-www-form-urlencoded"
        return Request("post", "/open311/v2/requests.json", body, content_type=form)

    return request


FEEDBACK = {
    "service": "{w.service.pk}",
    "district": "{w.district.pk}",
    "rating": "4",
    "description": "The bins were emptied two days late.",
    "website": "",
    "started": lambda w: started(),
    "idempotency_key": "b" * 32,
}
FOLLOW = {
    "email": "resident@example.org",
    "commitment": "{w.commitment_a.code}",
    "website": "",
    "started": lambda w: started(),
}


def subscription(field: str):
    return lambda w: getattr(Subscription.objects.get(pk=w.subscription.pk), field) is not None


def confirm_link(world: World) -> str:
    return f"/en/follow/confirm/{subscription_token(world.subscription, 'confirm')}/"


def stop_link(world: World) -> str:
    return f"/en/follow/stop/{subscription_token(world.subscription, 'unsubscribe')}/"


def forged_stop_link(world: World) -> str:
    return f"/en/follow/stop/{signing.dumps(world.subscription.pk)}/"  # not signed for stopping


def token_lookup(actor: Actor, world: World) -> Request:
    token = actor.tracking_token(world.own_feedback[0])
    return Request("get", f"/open311/v2/tokens/{token}.json")


def own_request(response, world: World) -> bool:
    """Whether the Open311 answer names the citizen's own request."""
    answers = response.json() if response.status_code == 200 else []
    return [answer["service_request_id"] for answer in answers] == [
        str(world.own_feedback[0].public_id)
    ]


def shows_own_feedback(response, world: World) -> bool:
    return world.own_feedback[0].description in response.content.decode()


def serves(name: str):
    """Whether the answer is the file of the world's evidence `name`."""

    def served(response, world: World) -> bool:
        with getattr(world, name).file.open("rb") as stored:
            return response.getvalue() == stored.read()

    return served


def request_plan_report(actor: Actor, world: World) -> Request:
    world.plan  # noqa: B018 - a published plan to report on
    return Request("post", "/en/reports/request/", {"report": "plan", "language": "en"})


ROWS = [
    # The tracking link is the citizen's credential, for their own feedback only.
    Row(
        "site:own-feedback:track",
        CITIZEN_ONLY,
        track("own_feedback"),
        SITE,
        shows=shows_own_feedback,
    ),
    Row(
        "site:own-feedback:confirm",
        CITIZEN_ONLY,
        track("own_feedback", RESOLVED),
        SITE,
        ok=302,
        done=becomes("own_feedback", "resolved", True),
    ),
    Row(
        "site:own-feedback:reopen",
        CITIZEN_ONLY,
        track("own_feedback", NOT_RESOLVED),
        SITE,
        ok=302,
        done=becomes("own_feedback", "in_progress", False),
    ),
    Row(
        "site:own-feedback:reopen-with-altered-token",
        NOBODY,
        track("own_feedback", NOT_RESOLVED, tamper=True),
        SITE,
        done=lambda w: not becomes("own_feedback", "resolved", None)(w),
    ),
    Row(
        "site:others-feedback:reopen",
        NOBODY,
        track("others_feedback", NOT_RESOLVED),
        SITE,
        done=lambda w: not becomes("others_feedback", "resolved", None)(w),
    ),
    Row("open311:own-token:lookup", CITIZEN_ONLY, token_lookup, SITE, shows=own_request),
    # Public writes: open to all, whatever the role.
    Row(
        "site:feedback:submit",
        EVERYONE,
        post("/en/feedback/", FEEDBACK),
        SITE,
        done=submitted(FEEDBACK["description"]),
    ),
    Row(
        "site:follow",
        EVERYONE,
        post("/en/follow/", FOLLOW),
        SITE,
        done=lambda w: Subscription.objects.filter(email=FOLLOW["email"]).exists(),
    ),
    Row(
        "site:follow:confirm-with-emailed-link",
        EVERYONE,  # the signed link is the credential
        lambda a, w: Request("get", confirm_link(w)),
        SITE,
        done=subscription("confirmed_at"),
    ),
    Row(
        "site:follow:stop-with-emailed-link",
        EVERYONE,  # the signed link is the credential
        lambda a, w: Request("post", stop_link(w)),
        SITE,
        done=subscription("unsubscribed_at"),
    ),
    Row(
        "site:follow:stop-with-forged-link",
        NOBODY,
        lambda a, w: Request("post", forged_stop_link(w)),
        SITE,
        done=subscription("unsubscribed_at"),
    ),
    Row(
        "open311:request:post-with-key",
        EVERYONE,  # the key is the credential; a session adds nothing
        open311_request("open311_secret"),
        SITE,
        done=submitted("A deep pothole outside school 61."),
    ),
    Row(
        "open311:request:post-without-key",
        NOBODY,
        open311_request(None),
        SITE,
        done=submitted("A deep pothole outside school 61."),
        refused=FORBIDDEN,
    ),
    Row(
        "open311:request:post-with-revoked-key",
        NOBODY,
        open311_request("revoked_open311_secret"),
        SITE,
        done=submitted("A deep pothole outside school 61."),
        refused=FORBIDDEN,
    ),
    Row(
        "site:report:request",
        COMMITTEE | {MONITOR, SUPERUSER},
        request_plan_report,
        SITE,
        ok=302,
        done=lambda w: ReportJob.objects.filter(kind="plan").exists(),
        refused=dict.fromkeys(SIGNED_OUT, LOGIN) | {MODERATOR: 403},
    ),
    # What is not published is on the public site for nobody, the superuser included.
    page("site:unpublished-commitment", NOBODY, "/en/commitments/{w.unpublished.code}/", SITE),
    page(
        "site:hidden-feedback",
        NOBODY,
        "/en/feedback/requests/{w.hidden_feedback.public_id}/",
        SITE,
    ),
    page(
        "open311:hidden-feedback",
        NOBODY,
        "/open311/v2/requests/{w.hidden_feedback.public_id}.json",
        SITE,
    ),
    page("site:queued-pdf:download", NOBODY, "/reports/{w.job.public_id}.pdf", SITE),
    # Uploaded files: the public download serves only published ones; the storage URL (the
    # admin's file links) only staff.
    page(
        "site:published-evidence-file",
        EVERYONE,
        "/files/evidence/{w.published_evidence_file.pk}/",
        SITE,
        shows=serves("published_evidence_file"),
    ),
    page(
        "site:draft-evidence-file",
        NOBODY,
        "/files/evidence/{w.draft_evidence_file.pk}/",
        SITE,
        shows=serves("draft_evidence_file"),
    ),
    # A storage URL serves whoever may open, in the admin, the row that holds the file.
    page(
        "site:storage-url-of-draft-file",
        COMMITTEE | {MONITOR, SUPERUSER},
        lambda w: w.draft_evidence_file.file.url,
        SITE,
        shows=serves("draft_evidence_file"),
        refused={**dict.fromkeys(SIGNED_OUT, LOGIN), MODERATOR: 403},
    ),
    page(
        "site:storage-url-of-citizens-photo",
        {MODERATOR, SUPERUSER},
        lambda w: w.feedback_photo.photo.url,
        SITE,
        shows=lambda response, w: b"a citizen's photo" in response.getvalue(),
        refused={**dict.fromkeys(SIGNED_OUT, LOGIN), MEMBER: 403, OTHER: 403, MONITOR: 403},
    ),
    page(
        "content:draft-update-on-commitment-page",
        NOBODY,
        "/en/commitments/{w.commitment_a.code}/",
        CONTENT,
        needs=["draft_a"],
        shows=lambda response, w: "Draft note of A" in response.content.decode(),
    ),
    page(
        "content:draft-report-on-monitoring-page",
        NOBODY,
        "/en/monitoring/",
        CONTENT,
        needs=["draft_report"],
        shows=lambda response, w: "Draft findings" in response.content.decode(),
    ),
]
