from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from bishkek_ogp.lib.client_address import client_address
from bishkek_ogp.lib.downloads import file_attachment
from bishkek_ogp.lib.page_cache import public_page
from bishkek_ogp.lib.pagination import page_or_404
from bishkek_ogp.lib.rate_limits import over_rate_limit

from . import services
from .calendar import meetings_calendar
from .emails import CONFIRMATION_MAX_AGE, subscription_from_token
from .filters import CommitmentFilter
from .forms import FollowForm
from .history import public_changes
from .models import ActionPlan, Commitment, Evidence, Meeting, Milestone, ProgressUpdate
from .preview import preview_png
from .selectors import current_plan


@public_page(params=CommitmentFilter.base_filters)
def commitment_list(request):
    commitments = Commitment.objects.published().with_milestones().prefetch_related("ogp_values")
    filterset = CommitmentFilter(request.GET or None, queryset=commitments)
    # A filter value no link offers is refused, and so never stored in the page cache.
    status = 400 if filterset.errors else 200
    context = {"filter": filterset, "commitments": filterset.qs}
    return render(request, "commitments/commitment_list.html", context, status=status)


@public_page
def commitment_preview(request, code: str):
    """The image a shared link to the commitment shows, in the page's language."""
    commitment = get_object_or_404(Commitment.objects.published().with_milestones(), code=code)
    return HttpResponse(preview_png(commitment), content_type="image/png")


@public_page(params=["page"])
def milestone_detail(request, code: str, order: int):
    milestone = get_object_or_404(
        Milestone.objects.published().select_related("commitment__plan", "responsible"),
        commitment__code=code,
        order=order,
    )
    updates = milestone.updates.published().prefetch_related("evidence")
    context = {
        "plan": milestone.commitment.plan,
        "milestone": milestone,
        "commitment": milestone.commitment,
        "page": page_or_404(Paginator(updates, 20), request.GET.get("page")),
        "changes": public_changes(milestone.commitment, milestone=milestone),
    }
    return render(request, "commitments/milestone_detail.html", context)


@public_page(params=["commitment", "page"])
def update_list(request):
    updates = ProgressUpdate.objects.published().for_listing()
    commitment = None
    if "commitment" in request.GET:  # one commitment's updates, linked from its page
        commitment = get_object_or_404(
            Commitment.objects.published(), code=request.GET["commitment"]
        )
        updates = updates.filter(milestone__commitment=commitment)
    page = page_or_404(Paginator(updates, 20), request.GET.get("page"))
    query = f"commitment={commitment.code}" if commitment else ""
    context = {"page": page, "commitment": commitment, "query": query}
    return render(request, "commitments/update_list.html", context)


@public_page
def committee(request):
    plan = current_plan()
    if plan is None:
        raise Http404
    context = {
        "plan": plan,
        "members": plan.committee.select_related("organization"),
        "leads": plan.lead_institutions.all(),
        "endorsers": plan.endorsed_by.all(),
        "upcoming": Meeting.objects.published().filter(plan=plan).upcoming(),
        "meetings": Meeting.objects.published().filter(plan=plan).held(),
    }
    return render(request, "commitments/committee.html", context)


@public_page
def meetings_ical(request, slug: str):
    """A plan's meetings, upcoming and held, as a calendar to subscribe to."""
    plan = get_object_or_404(ActionPlan.objects.published(), slug=slug)
    meetings = list(Meeting.objects.published().filter(plan=plan).order_by("held_on", "pk"))
    page_url = request.build_absolute_uri(reverse("commitments:committee"))
    response = HttpResponse(
        meetings_calendar(plan, meetings, page_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{plan.slug}-meetings.ics"'
    return response


@public_page
def about(request):
    return render(request, "commitments/about.html", {"plan": current_plan()})


@never_cache
def follow(request):
    """Its own page: the CSRF cookie it needs stays off the cached public pages."""
    plan = current_plan()
    if plan is None:
        raise Http404
    initial = {"commitment": request.GET.get("commitment")}
    form = FollowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if over_rate_limit("follow", client_address(request), settings.FOLLOW_HOURLY_LIMIT):
            form.add_error(
                None, _("Too many requests from your connection. Please try again in an hour.")
            )
        else:
            services.follow(
                email=form.cleaned_data["email"],
                plan=plan,
                commitment=form.cleaned_data["commitment"],
                language=get_language(),
            )
            context = {"email": form.cleaned_data["email"]}
            return render(request, "commitments/follow_sent.html", context)
    status = 400 if form.errors else 200
    return render(request, "commitments/follow.html", {"form": form}, status=status)


@never_cache
def follow_confirm(request, token: str):
    subscription = subscription_from_token(token, "confirm", max_age=CONFIRMATION_MAX_AGE)
    if subscription is None:
        return render(request, "commitments/follow_invalid.html", status=404)
    services.confirm_following(subscription=subscription)
    return render(request, "commitments/follow_confirmed.html", {"subscription": subscription})


@csrf_exempt  # mail programs POST the one-click unsubscribe (RFC 8058) without a session
@never_cache
def follow_unsubscribe(request, token: str):
    subscription = subscription_from_token(token, "unsubscribe")
    if subscription is None:
        return render(request, "commitments/follow_invalid.html", status=404)
    if request.method == "POST":
        services.unfollow(subscription=subscription)
    context = {"subscription": subscription, "done": subscription.unsubscribed_at is not None}
    return render(request, "commitments/follow_unsubscribe.html", context)


def evidence_file(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.published().exclude(file=""), pk=pk)
    return file_attachment(evidence.file, evidence.title or evidence.update.milestone.code)


def meeting_minutes(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.published().exclude(minutes=""), pk=pk)
    return file_attachment(meeting.minutes, f"{_('minutes')}-{meeting.held_on:%Y-%m-%d}")
