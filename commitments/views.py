from django.shortcuts import get_object_or_404, render

from .models import ActionPlan, Commitment


def home(request):
    plan = ActionPlan.objects.published().prefetch_related("lead_institutions").first()
    commitments = Commitment.objects.published().with_milestones()
    if plan is not None:
        commitments = commitments.filter(plan=plan)
    return render(request, "commitments/home.html", {"plan": plan, "commitments": commitments})


def commitment_detail(request, code: str):
    commitment = get_object_or_404(
        Commitment.objects.published().with_milestones().prefetch_related("ogp_values"),
        code=code,
    )
    return render(request, "commitments/commitment_detail.html", {"commitment": commitment})
