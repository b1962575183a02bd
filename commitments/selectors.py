"""Reads that span several models."""

from .models import Evidence, Milestone, ProgressUpdate


def demo_data_present() -> bool:
    """Whether any illustrative (demo) rows exist, so that every page can say so."""
    flagged = [Milestone, ProgressUpdate, Evidence]
    return any(model.objects.filter(is_demo=True).exists() for model in flagged)


def milestones_needing_attention(days: int = 30) -> dict[str, list[Milestone]]:
    """Overdue milestones and those due within `days`, for the committee's admin index."""
    base = Milestone.objects.select_related("commitment").order_by("ends_on")
    return {
        "overdue": list(base.overdue()),
        "due_soon": list(base.due_within(days)),
        "days": days,
    }
