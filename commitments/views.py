from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from bishkek_ogp.lib.public_cache import public_page
from monitoring.selectors import latest_assessments, latest_verdict

from .filters import CommitmentFilter
from .history import public_changes
from .models import Commitment, Meeting, ProgressUpdate
from .selectors import current_plan, plan_overview, search
from .timeline import milestone_timeline

SEARCH_MAX_LENGTH = 200


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


@public_page
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
