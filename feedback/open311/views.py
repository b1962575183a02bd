"""Open311 GeoReport v2: the same feedback records as the web form, for other systems.

Every answer comes from `Feedback.objects.published()` and the row's public properties, so a
request's text, address and point appear only once a moderator approved them, and no email,
IP address or tracking digest is ever part of an answer.
"""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from bishkek_ogp.lib.client_address import client_address
from bishkek_ogp.lib.rate_limits import over_rate_limit, seconds_until_reset
from bishkek_ogp.lib.repeats import token_digest

from ..models import Feedback, Open311Key, Service
from ..services import submit_feedback
from .formats import errors, respond
from .forms import RequestForm, attributes

# Raise when the answers change shape; clients compare it with the changeset they know.
API_CHANGESET = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
DEFAULT_SPAN = datetime.timedelta(days=90)
MAX_REQUESTS = 1000


def allow(*methods: str):
    """Answer other methods with the spec's error list (405), not an empty page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
            if request.method not in methods:
                message = _("This address answers %(methods)s only.") % {
                    "methods": ", ".join(methods)
                }
                response = errors(fmt, 405, message)
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, fmt=fmt, **kwargs)

        return wrapper

    return decorator


def w3c(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def wrong_jurisdiction(request: HttpRequest, fmt: str) -> HttpResponse | None:
    """One endpoint serves one city: an empty or missing jurisdiction_id is fine, another is not."""
    params = request.POST if request.method == "POST" else request.GET
    jurisdiction = params.get("jurisdiction_id", "")
    if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION:
        message = _("Unknown jurisdiction_id: this endpoint serves %(ours)s.")
        return errors(fmt, 404, message % {"ours": settings.OPEN311_JURISDICTION})
    return None


def service_row(service: Service) -> dict:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def request_row(feedback: Feedback) -> dict:
    status_notes = feedback.public_answer
    if feedback.status == Feedback.Status.REJECTED and feedback.rejection_reason:
        status_notes = f"{status_notes}\n{feedback.rejection_reason}".strip()
    return {
        "service_request_id": str(feedback.public_id),
        "status": "open" if feedback.is_open else "closed",
        "status_notes": status_notes,
        "service_name": feedback.service.name,
        "service_code": feedback.service.code,
        "description": feedback.public_description,
        "agency_responsible": feedback.provider.name if feedback.provider else "",
        "service_notice": "",
        "requested_datetime": w3c(feedback.created_at),
        "updated_datetime": w3c(feedback.updated_at),
        "expected_datetime": w3c(feedback.answer_due_at) if feedback.is_open else None,
        "address": feedback.public_address,
        "address_id": "",
        "zipcode": "",
        "lat": feedback.public_point[0],
        "long": feedback.public_point[1],
        "media_url": "",
    }


@allow("GET", "HEAD")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    root = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    changeset = w3c(API_CHANGESET)
    return respond(
        {
            "changeset": changeset,
            "contact": request.build_absolute_uri(reverse("commitments:about")),
            "key_service": _("Keys are issued by the portal's administrators."),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": root.rsplit("/", 1)[0],
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        "discovery",
    )


@allow("GET", "HEAD")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if response := wrong_jurisdiction(request, fmt):
        return response
    return respond([service_row(s) for s in Service.objects.published()], fmt, "services")


@allow("GET", "HEAD")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if response := wrong_jurisdiction(request, fmt):
        return response
    service = Service.objects.published().filter(code=code).first()
    if service is None:
        return errors(fmt, 404, _("Unknown service_code: %(code)s.") % {"code": code})
    definition = {"service_code": service.code, "attributes": attributes()}
    return respond(definition, fmt, "service_definition")


@csrf_exempt  # other systems post with an api_key, not from a browser session
@allow("GET", "HEAD", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if response := wrong_jurisdiction(request, fmt):
        return response
    if request.method == "POST":
        return create_request(request, fmt)
    return list_requests(request, fmt)


def over_hourly_allowance(key: Open311Key, fmt: str) -> HttpResponse | None:
    """Count one POST with `key`: the 429 answer once it has posted its hourly allowance."""
    who = f"key-{key.pk}"
    if not over_rate_limit("open311", who, key.hourly_limit):
        return None
    message = ngettext(
        "This api_key has sent its %(limit)d request for this hour. Please try again later.",
        "This api_key has sent its %(limit)d requests for this hour. Please try again later.",
        key.hourly_limit,
    ) % {"limit": key.hourly_limit}
    response = errors(fmt, 429, message)
    response["Retry-After"] = str(seconds_until_reset("open311", who))
    return response


def create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = Open311Key.objects.matching(request.POST.get("api_key", ""))
    if key is None:
        return errors(fmt, 403, _("A valid api_key is required to create a request."))
    if refusal := over_hourly_allowance(key, fmt):
        return refusal
    form = RequestForm(request.POST)
    if not form.is_valid():
        return errors(fmt, 400, *form.error_descriptions())
    try:
        feedback = submit_feedback(
            **form.submission(),
            language=get_language(),
            source=Feedback.Source.OPEN311,
            submitted_via=key,
            # A client retrying a request whose answer it lost sends the same key and content.
            repeat_key=request.POST["api_key"],
            ip=client_address(request),
        )
    except ValidationError as error:
        return errors(fmt, 400, *error.messages)
    Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    days = feedback.service.response_days
    notice = ngettext(
        "The city answers within %(days)d day.", "The city answers within %(days)d days.", days
    ) % {"days": days}
    answer = {
        "service_request_id": str(feedback.public_id),
        # The citizen's tracking token: whoever holds it follows and confirms the request.
        "token": feedback.tracking_token,
        "service_notice": notice,
        "account_id": None,
    }
    return respond([answer], fmt, "service_requests")


# Dates a 90-day window can be counted from, either way, without leaving the calendar.
EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC) + DEFAULT_SPAN
LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC) - DEFAULT_SPAN


def parse_w3c(text: str) -> datetime.datetime | None:
    """A W3C date and time with a zone, or None: malformed, impossible (month 13), no zone, or
    too near the calendar's ends (year 1, year 9999)."""
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # an unencoded "+" arrives as a space
    except ValueError:  # well formed but impossible: month 13, an offset of 25 hours
        return None
    if moment is None or timezone.is_naive(moment) or not EARLIEST <= moment <= LATEST:
        return None
    return moment


def parse_filters(params) -> tuple[Q, list[str]]:
    """The GET requests filters as one condition, or the problems with them."""
    problems, condition = [], Q()
    if codes := [c for c in params.get("service_code", "").split(",") if c]:
        known = set(Service.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := sorted(set(codes) - known):
            problems.append(_("Unknown service_code: %(code)s.") % {"code": ", ".join(unknown)})
        condition &= Q(service__code__in=codes)
    if states := [s for s in params.get("status", "").split(",") if s]:
        if set(states) - {"open", "closed"}:
            problems.append(_("status must be open, closed or both, comma separated."))
        elif len(set(states)) == 1:
            is_open = Q(status__in=Feedback.OPEN_STATUSES)
            condition &= is_open if states[0] == "open" else ~is_open
    start, end = params.get("start_date", ""), params.get("end_date", "")
    moments = {}
    for name, text in (("start_date", start), ("end_date", end)):
        if not text:
            continue
        moment = parse_w3c(text)
        if moment is None:
            problems.append(
                _("%(name)s must be a W3C date and time with a zone, like 2026-01-31T00:00:00Z.")
                % {"name": name}
            )
        moments[name] = moment
    if problems:
        return condition, problems
    end_at = moments.get("end_date") or (
        moments["start_date"] + DEFAULT_SPAN if "start_date" in moments else timezone.now()
    )
    start_at = moments.get("start_date") or end_at - DEFAULT_SPAN
    if start_at > end_at:
        problems.append(_("start_date must be before end_date."))
    elif end_at - start_at > DEFAULT_SPAN:
        problems.append(_("start_date and end_date may be at most 90 days apart."))
    return condition & Q(created_at__range=(start_at, end_at)), problems


def list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    found = Feedback.objects.published().for_listing()
    if ids := [i for i in request.GET.get("service_request_id", "").split(",") if i]:
        # Explicit ids override every other filter, as the spec says.
        found = found.filter(public_id__in=[i for i in ids if is_uuid(i)])
    else:
        condition, problems = parse_filters(request.GET)
        if problems:
            return errors(fmt, 400, *problems)
        found = found.filter(condition)
    rows = [request_row(f) for f in found.order_by("-created_at")[:MAX_REQUESTS]]
    return respond(rows, fmt, "service_requests")


def is_uuid(text: str) -> bool:
    try:
        Feedback._meta.get_field("public_id").to_python(text)
    except ValidationError:
        return False
    return True


@allow("GET", "HEAD")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if response := wrong_jurisdiction(request, fmt):
        return response
    feedback = None
    if is_uuid(request_id):
        feedback = Feedback.objects.published().for_listing().filter(public_id=request_id).first()
    if feedback is None:
        return errors(fmt, 404, _("No request with this service_request_id."))
    return respond([request_row(feedback)], fmt, "service_requests")


@allow("GET", "HEAD")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if response := wrong_jurisdiction(request, fmt):
        return response
    feedback = Feedback.objects.published().filter(tracking_digest=token_digest(token)).first()
    if feedback is None:
        return errors(fmt, 404, _("No request with this token."))
    answer = {"service_request_id": str(feedback.public_id), "token": token}
    return respond([answer], fmt, "service_requests")
