from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from bishkek_ogp.lib.client_address import client_address
from bishkek_ogp.lib.downloads import file_attachment
from bishkek_ogp.lib.page_cache import public_page
from bishkek_ogp.lib.rate_limits import over_rate_limit
from bishkek_ogp.lib.repeats import token_digest
from commitments.models import Commitment

from .forms import ContributionForm, QuestionForm
from .models import ANSWER_WITHIN_DAYS, Consultation, Contribution, Question
from .selectors import consultation_figures
from .services import submit_contribution, submit_question


@public_page
def consultation_list(request):
    consultations = Consultation.objects.published().select_related("plan", "commitment")
    return render(request, "participation/consultation_list.html", {"consultations": consultations})


@public_page
def consultation_detail(request, pk: int):
    consultation = get_object_or_404(
        Consultation.objects.published().select_related("plan", "commitment", "answering_body"),
        pk=pk,
    )
    contributions = (
        Contribution.objects.published()
        .filter(consultation=consultation)
        .select_related("became_milestone__commitment", "became_commitment")
    )
    context = {
        "consultation": consultation,
        "contributions": contributions,
        "figures": consultation_figures(consultation),
    }
    return render(request, "participation/consultation_detail.html", context)


def consultation_document(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.published().exclude(document=""), pk=pk)
    return file_attachment(consultation.document, consultation.title)


def _send(request, form, submit, **subject):
    """Validate, limit and store a citizen's text; the thanks page gives the private link."""
    if over_rate_limit("participation", client_address(request), settings.FEEDBACK_HOURLY_LIMIT):
        form.add_error(
            None, _("Too many submissions from your connection. Please try again in an hour.")
        )
        return None
    data = form.cleaned_data
    address = client_address(request)
    try:
        return submit(
            **subject,
            **{name: data[name] for name in form.Meta.fields},
            language=get_language(),
            repeat_key=f"{data['idempotency_key']}|{address}",
            ip=address,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _thanks(request, row):
    tracking_url = request.build_absolute_uri(
        reverse("participation:track", kwargs={"token": row.tracking_token})
    )
    return render(request, "participation/thanks.html", {"row": row, "tracking_url": tracking_url})


@never_cache
def contribute(request, pk: int):
    """The form of an open consultation (its own page: the CSRF cookie stays off cached pages)."""
    consultation = get_object_or_404(Consultation.objects.published(), pk=pk)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and consultation.is_open() and form.is_valid():
        row = _send(request, form, submit_contribution, consultation=consultation)
        if row is not None:
            return _thanks(request, row)
    context = {"consultation": consultation, "form": form, "is_open": consultation.is_open()}
    status = 400 if form.errors else 200
    return render(request, "participation/contribute.html", context, status=status)


@never_cache
def ask(request, code: str):
    """A question to the committee on a commitment."""
    commitment = get_object_or_404(Commitment.objects.published(), code=code)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = _send(request, form, submit_question, commitment=commitment)
        if row is not None:
            return _thanks(request, row)
    context = {"commitment": commitment, "form": form, "answer_days": ANSWER_WITHIN_DAYS}
    return render(request, "participation/ask.html", context, status=400 if form.errors else 200)


@never_cache
def track(request, token: str):
    """The citizen's private page: their words, whether they are public yet, and the answer."""
    digest = token_digest(token)
    row = (
        Contribution.objects.select_related("consultation").filter(tracking_digest=digest).first()
        or Question.objects.select_related("commitment").filter(tracking_digest=digest).first()
    )
    if row is None:
        raise Http404
    return render(request, "participation/track.html", {"row": row})
