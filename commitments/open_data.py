"""Open data downloads: commitments, milestones and progress updates as CSV or JSON.

Rows come from the published querysets; every row says whether it is illustrative (demo) data.
Texts are in the language of the URL, with the same fallback as the pages, and each says what
it is (`title_source`, `note_source`): "official", "translation:<by whom>" or
"fallback:<the language it is given in>".
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bishkek_ogp.lib.downloads import csv_response, download_name
from bishkek_ogp.lib.page_cache import public_page

from .models import ActionPlan, Commitment, Milestone, ProgressUpdate
from .selectors import demo_data_present, plan_or_404


def source(row, field: str) -> str:
    """What the text of `field` given in this language is (see the module's docstring)."""
    provenance = row.text_provenance(field, get_language())
    if provenance["status"] == "translation":
        return f"translation:{provenance['by']}"
    if provenance["status"] == "fallback":
        return f"fallback:{provenance['language']}"
    return provenance["status"]


def commitment_rows(plan: ActionPlan):
    commitments = Commitment.objects.published().filter(plan=plan)
    for c in commitments.with_milestones().prefetch_related("ogp_values"):
        yield {
            "code": c.code,
            "title": c.title,
            "title_source": source(c, "title"),
            "start": c.starts_on.isoformat(),
            "end": c.ends_on.isoformat(),
            # The city's own figure; the monitoring body's verdict is another dataset.
            "progress_reported_by_city": c.progress,
            "progress_includes_demo": c.progress_includes_demo,
            "overdue": c.is_overdue,
            "ogp_values": ";".join(v.code for v in c.ogp_values.all()),
            "url": c.get_absolute_url(),
            "demo": False,  # the commitments are the plan's official ones
        }


def milestone_rows(plan: ActionPlan):
    milestones = Milestone.objects.published().filter(commitment__plan=plan)
    for m in milestones.select_related("commitment__plan", "responsible"):
        yield {
            "code": m.code,
            "commitment": m.commitment.code,
            "title": m.title,
            "title_source": source(m, "title"),
            "start": m.starts_on.isoformat(),
            "due": m.ends_on.isoformat(),
            "status": m.status,
            "progress": m.progress,
            "weight": m.weight,
            "overdue": m.is_overdue,
            "responsible": m.responsible.name if m.responsible else "",
            "demo": m.is_demo,
        }


def update_rows(plan: ActionPlan):
    for u in (
        ProgressUpdate.objects.published().filter(milestone__commitment__plan=plan).for_listing()
    ):
        yield {
            "id": u.pk,
            "milestone": u.milestone.code,
            "date": u.published_on.isoformat(),
            "status": u.status,
            "progress": u.progress,
            "note": u.note,
            "note_source": source(u, "note"),
            "evidence": ";".join(e.href for e in u.evidence.all()),
            "demo": u.is_demo,
        }


NAMES = {
    "commitments": gettext_lazy("commitments"),
    "milestones": gettext_lazy("milestones"),
    "updates": gettext_lazy("progress updates"),
}
DATASETS = {
    "commitments": commitment_rows,
    "milestones": milestone_rows,
    "updates": update_rows,
}


def register_dataset(key: str, name, rows) -> None:
    """Add another app's dataset (its AppConfig.ready): `rows(plan)` yields its public rows."""
    NAMES[key] = name
    DATASETS[key] = rows


# Each plan's data stays where it is when the next plan is added: ?plan=<slug> (the current plan
# without it).
@public_page(params=["plan"])
def index(request):
    plan = plan_or_404(request.GET.get("plan"))
    datasets = [(key, NAMES[key]) for key in DATASETS]
    return render(request, "commitments/open_data.html", {"datasets": datasets, "plan": plan})


@public_page(params=["plan"])
def download(request, dataset: str, fmt: str):
    if dataset not in DATASETS or fmt not in {"csv", "json"}:
        raise Http404
    rows = list(DATASETS[dataset](plan_or_404(request.GET.get("plan"))))
    filename = download_name(_("Open Bishkek"), NAMES[dataset], get_language(), extension=fmt)
    if fmt == "csv":
        return csv_response(rows, filename)
    payload = {"language": get_language(), "demo_data_present": demo_data_present()}
    response = JsonResponse({**payload, dataset: rows}, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
