from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from bishkek_ogp.lib.client_address import client_address
from bishkek_ogp.lib.downloads import csv_response, download_name
from bishkek_ogp.lib.page_cache import public_page
from bishkek_ogp.lib.pagination import page_or_404
from bishkek_ogp.lib.rate_limits import over_rate_limit
from bishkek_ogp.lib.repeats import token_digest

from .filters import FeedbackFilter
from .forms import ConfirmResolutionForm, FeedbackForm
from .models import Feedback
from .selectors import feedback_statistics, statistics_rows
from .services import confirm_resolution, submit_feedback

# Citizens' feedback arrives too often to move the page cache's version: its pages are kept briefly.
BRIEF = settings.BRIEF_PAGE_CACHE_SECONDS


@never_cache
def submit(request):
    form = FeedbackForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        if over_rate_limit("feedback", address, settings.FEEDBACK_HOURLY_LIMIT):
            form.add_error(
                None, _("Too many submissions from your connection. Please try again in an hour.")
            )
        else:
            data = form.cleaned_data
            try:
                feedback = submit_feedback(
                    **{name: data[name] for name in FeedbackForm.Meta.fields},
                    language=get_language(),
                    photo=data.get("photo"),
                    # The same form, sent again from the same connection, is a repeat.
                    repeat_key=f"{data['idempotency_key']}|{address}",
                    ip=address,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                tracking_url = request.build_absolute_uri(
                    reverse("feedback:track", kwargs={"token": feedback.tracking_token})
                )
                return render(
                    request,
                    "feedback/thanks.html",
                    {"feedback": feedback, "tracking_url": tracking_url},
                )
    return render(
        request, "feedback/submit.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def track(request, token: str):
    feedback = (
        Feedback.objects.select_related("service", "district")
        .filter(tracking_digest=token_digest(token))
        .first()
    )
    if feedback is None:
        raise Http404
    form = ConfirmResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_resolution(
                feedback=feedback,
                resolved=form.cleaned_data["resolved"],
                answer_rating=form.cleaned_data["answer_rating"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer has been recorded."))
            return redirect(request.path)
    can_confirm = feedback.status == Feedback.Status.RESOLVED and feedback.citizen_confirmed is None
    context = {"feedback": feedback, "form": form, "can_confirm": can_confirm}
    return render(request, "feedback/track.html", context, status=400 if form.errors else 200)


@public_page(params=[*FeedbackFilter.base_filters, "page"], timeout=BRIEF)
def request_list(request):
    requests = Feedback.objects.published().for_listing()
    filterset = FeedbackFilter(request.GET or None, queryset=requests)
    page = page_or_404(Paginator(filterset.qs, 20), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    # A filter value no link offers is refused, and so never stored in the page cache.
    status = 400 if filterset.errors else 200
    return render(request, "feedback/request_list.html", context, status=status)


@public_page(timeout=BRIEF)
def request_detail(request, public_id):
    feedback = get_object_or_404(Feedback.objects.published().for_listing(), public_id=public_id)
    return render(request, "feedback/request_detail.html", {"feedback": feedback})


@public_page(timeout=BRIEF)
def stats(request):
    return render(request, "feedback/stats.html", {"stats": feedback_statistics()})


@public_page(timeout=BRIEF)
def stats_csv(request):
    rows = statistics_rows(feedback_statistics())
    name = download_name(
        _("Open Bishkek"), _("Feedback statistics"), get_language(), extension="csv"
    )
    return csv_response(rows, name)
