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

from .models import Commitment, Milestone, ProgressUpdate
from .selectors import demo_data_present


def source(row, field: str) -> str:
    """What the text of `field` given in this language is (see the module's docstring)."""
    provenance = row.text_provenance(field, get_language())
    if provenance["status"] == "translation":
        return f"translation:{provenance['by']}"
    if provenance["status"] == "fallback":
        return f"fallback:{provenance['language']}"
    return provenance["status"]


def commitment_rows():
    for c in Commitment.objects.published().with_milestones().prefetch_related("ogp_values"):
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


def milestone_rows():
    for m in Milestone.objects.published().select_related("commitment", "responsible"):
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


def update_rows():
    for u in ProgressUpdate.objects.published().for_listing():
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


@public_page
def index(request):
    return render(request, "commitments/open_data.html", {"datasets": list(DATASETS)})


@public_page
def download(request, dataset: str, fmt: str):
    if dataset not in DATASETS or fmt not in {"csv", "json"}:
        raise Http404
    rows = list(DATASETS[dataset]())
    filename = download_name(_("Open Bishkek"), NAMES[dataset], get_language(), extension=fmt)
    if fmt == "csv":
        return csv_response(rows, filename)
    payload = {"language": get_language(), "demo_data_present": demo_data_present()}
    response = JsonResponse({**payload, dataset: rows}, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
