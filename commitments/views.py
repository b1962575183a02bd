from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from bishkek_ogp.lib.downloads import file_attachment
from bishkek_ogp.lib.human_check import client_ip, over_rate_limit
from bishkek_ogp.lib.public_cache import FEEDBACK, public_page
from monitoring.selectors import latest_assessments, latest_verdict

from . import services
from .emails import CONFIRMATION_MAX_AGE, subscription_from_token
from .filters import CommitmentFilter
from .forms import FollowForm
from .history import public_changes
from .models import Commitment, Evidence, Meeting, ProgressUpdate
from .selectors import current_plan, plan_overview, search
from .timeline import milestone_timeline

SEARCH_MAX_LENGTH = 200
FEEDBACK_COMMITMENT = "KGBSK0003"  # its page shows the feedback headline figures


@public_page
def home(request):
    plan = current_plan()
    overview = plan_overview(plan) if plan else None
    context = {"plan": plan, "overview": overview, "verdict": latest_verdict()}
    return render(request, "commitments/home.html", context)


@public_page
def commitment_list(request):
    commitments = Commitment.objects.published().with_milestones().prefetch_related("ogp_values")
    filterset = CommitmentFilter(request.GET or None, queryset=commitments)
    return render(
        request,
        "commitments/commitment_list.html",
        {"filter": filterset, "commitments": filterset.qs},
    )


# The feedback commitment's page shows the headline figures of citizens' feedback.
@public_page(reads=lambda kwargs: (FEEDBACK,) if kwargs["code"] == FEEDBACK_COMMITMENT else ())
def commitment_detail(request, code: str):
    commitment = get_object_or_404(
        Commitment.objects.published()
        .with_milestones()
        .prefetch_related("ogp_values", "institution_roles__organization"),
        code=code,
    )
    updates = (
        ProgressUpdate.objects.published().filter(milestone__commitment=commitment).for_listing()
    )
    assessment = latest_assessments(commitment=commitment).get(commitment.pk)
    if assessment is not None:
        assessment.commitment = commitment  # compare with the prefetched figures
    context = {
        "commitment": commitment,
        "assessment": assessment,
        "timeline": milestone_timeline(commitment),
        "updates": updates,
        "changes": public_changes(commitment),
        "shows_feedback": commitment.code == FEEDBACK_COMMITMENT,
    }
    return render(request, "commitments/commitment_detail.html", context)


@public_page
def update_list(request):
    updates = ProgressUpdate.objects.published().for_listing()
    page = Paginator(updates, 20).get_page(request.GET.get("page"))
    return render(request, "commitments/update_list.html", {"page": page})


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
        "meetings": Meeting.objects.published().filter(plan=plan),
    }
    return render(request, "commitments/committee.html", context)


@public_page
def search_view(request):
    # Strip NUL bytes (PostgreSQL refuses them) and bound the length before touching the database.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    results = search(query) if len(query) >= 2 else None
    return render(request, "commitments/search.html", {"query": query, "results": results})


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
        if over_rate_limit("follow", client_ip(request), settings.FOLLOW_HOURLY_LIMIT):
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
