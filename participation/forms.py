"""The public forms: a contribution to a consultation, a question to the committee."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from bishkek_ogp.lib.human_check import HumanCheckForm

from .models import TEXT_MAX_LENGTH, Contribution, Question


class CitizenTextForm(HumanCheckForm, forms.ModelForm):
    """The abuse checks of the feedback form, and a key that makes a repeated send harmless."""

    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX_LENGTH}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class ContributionForm(CitizenTextForm):
    kind = forms.ChoiceField(
        label=_("What are you sending?"), choices=Contribution.Kind.choices,
        widget=forms.RadioSelect, initial=Contribution.Kind.PROPOSAL,
    )  # fmt: skip

    class Meta:
        model = Contribution
        fields = ["kind", "text", "email"]
        labels = {
            "text": _("Your proposal or comment"),
            "email": _("Email for the answer (optional, never shown)"),
        }


class QuestionForm(CitizenTextForm):
    class Meta:
        model = Question
        fields = ["text", "email"]
        labels = {
            "text": _("Your question"),
            "email": _("Email for the answer (optional, never shown)"),
        }
