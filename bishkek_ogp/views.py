"""Public pages that read several apps: the plan at a glance and a commitment's page."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import defaults

from bishkek_ogp.lib.page_cache import public_page
from bishkek_ogp.middleware import error_in_its_format
from bishkek_ogp.search import search
from commitments.history import public_changes
from commitments.models import ActionPlan, Commitment, ProgressUpdate
from commitments.selectors import current_plan, plan_overview
from commitments.timeline import milestone_timeline
from monitoring.selectors import final_verdict, latest_assessment, latest_verdict, revisions

FEEDBACK_COMMITMENT = "KGBSK0003"  # its page shows the headline figures of citizens' feedback
# A commitment's page shows its latest updates and changes; the rest are a link away, so that the
# page costs the same however long the plan has run.
LATEST_UPDATES = 5
LATEST_CHANGES = 10


@public_page
def home(request):
    plan = current_plan()
    if plan is None:
        return render(request, "commitments/home.html", {"plan": None})
    return plan_page(request, plan, is_current=True)


@public_page
def plan_detail(request, slug: str):
    """An action plan's own page: the current one's is the home page, earlier ones live on."""
    plan = get_object_or_404(ActionPlan.objects.published(), slug=slug)
    return plan_page(request, plan, is_current=plan == current_plan())


@public_page
def plan_list(request):
    plans = ActionPlan.objects.published()
    return render(request, "commitments/plan_list.html", {"plans": plans})


def plan_page(request, plan: ActionPlan, *, is_current: bool):
    context = {
        "plan": plan,
        "overview": plan_overview(plan),
        "verdict": latest_verdict(plan),
        # An ended plan shows its final results: the city's figures beside the verdict.
        "final_verdict": final_verdict(plan) if plan.has_ended else None,
        "is_current": is_current,
    }
    return render(request, "commitments/home.html", context)


# Kept briefly: the feedback commitment's page shows figures that move with every rating.
@public_page(timeout=settings.BRIEF_PAGE_CACHE_SECONDS)
def commitment_detail(request, code: str):
    commitment = get_object_or_404(
        Commitment.objects.published()
        .with_milestones()
        .prefetch_related("ogp_values", "institution_roles__organization"),
        code=code,
    )
    updates = ProgressUpdate.objects.published().filter(milestone__commitment=commitment)
    assessment = latest_assessment(commitment)
    if assessment is not None:
        assessment.commitment = commitment  # compare with the prefetched figures
    context = {
        "plan": commitment.plan,
        "commitment": commitment,
        "assessment": assessment,
        "assessment_revisions": revisions(assessment) if assessment else [],
        "timeline": milestone_timeline(commitment),
        "updates": updates.for_listing()[:LATEST_UPDATES],
        "update_count": updates.count(),
        "changes": public_changes(commitment, limit=LATEST_CHANGES),
        "shows_feedback": commitment.code == FEEDBACK_COMMITMENT,
    }
    return render(request, "commitments/commitment_detail.html", context)


SEARCH_MAX_LENGTH = 200


# Not in the page cache: any text can be searched, and stored pages would push out the others.
def search_view(request):
    # Strip NUL bytes (PostgreSQL refuses them) and bound the length before touching the database.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    results = search(query) if len(query) >= 2 else None
    return render(request, "search.html", {"query": query, "results": results})


# Error pages (handler404 and handler500 in urls.py): the API and Open311 answer in their own
# formats (ERROR_FORMATS), the site with its translated pages.
def page_not_found(request, exception):
    message = _("There is nothing at this address.")
    return error_in_its_format(request, 404, message) or defaults.page_not_found(request, exception)


def server_error(request):
    message = _("Something went wrong on our side. Please try again later.")
    return error_in_its_format(request, 500, message) or defaults.server_error(request)
