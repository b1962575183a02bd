"""Reads that span several models: what the public pages and the admin index show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from bishkek_ogp.lib.pagination import shortlist
from bishkek_ogp.lib.translations import missing_translations

from .models import (
    ActionPlan,
    Commitment,
    Evidence,
    Milestone,
    MilestoneStatus,
    ProgressUpdate,
    rounded_percent,
    today,
)
from .responsibility import editable_commitments

# The kinds of rows whose texts editors translate, in the order the start page names them.
TRANSLATED_ROWS = [Commitment, Milestone, ProgressUpdate, Evidence]


def demo_data_present() -> bool:
    """Whether any illustrative (demo) rows exist, so that every page can say so."""
    flagged = [Milestone, ProgressUpdate, Evidence]
    return any(model.objects.filter(is_demo=True).exists() for model in flagged)


def committee_work(user, days: int = 30) -> dict:
    """A committee member's start page: the commitments in their care and what needs doing in
    them (a superuser's: every commitment)."""
    mine = editable_commitments(user)
    milestones = Milestone.objects.filter(commitment__in=mine).select_related("commitment")
    overdue = milestones.overdue().order_by("ends_on")
    due_soon = milestones.due_within(days).order_by("ends_on")
    drafts = ProgressUpdate.objects.filter(published=False, milestone__commitment__in=mine)
    drafts = drafts.select_related("milestone__commitment").order_by("-published_on")
    work = {
        "overdue": shortlist(overdue),
        "due_soon": shortlist(due_soon),
        "drafts": shortlist(drafts),
    }
    return {
        **work,
        "commitments": list(mine.with_milestones().order_by("code")),
        "days": days,
        "untranslated": texts_needing_translation(user, mine),
    }


def texts_needing_translation(user, commitments) -> list[tuple[type, int]]:
    """How many rows of each kind the person may change, in `commitments`, lack a Kyrgyz or
    Russian text, for their start page."""
    rows = [
        (
            model,
            model.objects.filter(
                missing_translations(model), **{f"{model.commitment_path}__in": commitments}
            ),
        )
        for model in TRANSLATED_ROWS
        if user.has_perm(f"commitments.change_{model._meta.model_name}")
    ]
    counted = [(model, missing.count()) for model, missing in rows]
    return [(model, count) for model, count in counted if count]


@dataclass
class PlanOverview:
    plan: ActionPlan
    commitments: list[Commitment]
    progress: int
    status_counts: list[tuple[str, str, int]]
    includes_demo: bool  # the figures are computed from illustrative (demo) milestones too
    next_deadlines: list[Milestone]
    unfinished: list[Milestone]  # open when the plan ended (empty while it runs)
    latest_updates: list[ProgressUpdate]


def current_plan() -> ActionPlan | None:
    """The published plan the site shows: the one ending last."""
    return ActionPlan.objects.published().first()


def plan_or_404(slug: str | None) -> ActionPlan:
    """The published plan a page is asked about (`?plan=<slug>`), or the current one."""
    plan = ActionPlan.objects.published().filter(slug=slug).first() if slug else current_plan()
    if plan is None:
        raise Http404
    return plan


def plan_overview(plan: ActionPlan, deadlines: int = 5, updates: int = 5) -> PlanOverview:
    """Everything the home page says about a plan, in a fixed number of queries."""
    commitments = list(Commitment.objects.published().filter(plan=plan).with_milestones())
    milestones = [m for c in commitments for m in c.milestones.all()]
    counts = Counter(m.status for m in milestones)
    open_statuses = {MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS}
    on = today()
    upcoming = sorted(
        (m for m in milestones if m.status in open_statuses and m.ends_on >= on),
        key=lambda m: m.ends_on,
    )
    latest = (
        ProgressUpdate.objects.published()
        .filter(milestone__commitment__plan=plan)
        .for_listing()[:updates]
    )
    return PlanOverview(
        plan=plan,
        commitments=commitments,
        progress=rounded_percent(sum(c.progress for c in commitments), len(commitments)),
        status_counts=[(s.value, s.label, counts[s.value]) for s in MilestoneStatus],
        includes_demo=any(m.is_demo for m in milestones),
        next_deadlines=[] if plan.has_ended else upcoming[:deadlines],
        unfinished=[m for m in milestones if m.unfinished_at_plan_end],
        latest_updates=list(latest),
    )


def text_matches(query: str, *fields: str) -> Q:
    """Rows where any language column of `fields` contains `query`.

    Every language: a text shown through the fallback chain must be findable too.
    """
    condition = Q()
    for field in fields:
        for language, _name in settings.LANGUAGES:
            condition |= Q(**{f"{field}_{language}__icontains": query})
    return condition
