"""The phone-first feedback form: validation and the captcha-free abuse checks."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from bishkek_ogp.lib.human_check import HumanCheckForm

from .models import DESCRIPTION_MAX_LENGTH, District, Feedback, Service


class FeedbackForm(HumanCheckForm, forms.ModelForm):
    service = forms.ModelChoiceField(
        Service.objects.published(), label=_("Service"), empty_label=_("Choose a service")
    )
    district = forms.ModelChoiceField(
        District.objects.all(), label=_("District"), empty_label=_("Choose a district")
    )
    rating = forms.TypedChoiceField(
        label=_("How good was the service?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = very poor, 5 = very good"),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX_LENGTH}),
    )
    photo = forms.FileField(label=_("Photo (optional, JPEG or PNG)"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    class Meta:
        model = Feedback
        fields = ["service", "district", "address", "rating", "description", "email"]
        labels = {
            "address": _("Address or landmark (optional)"),
            "email": _("Email for updates (optional, never shown)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class ConfirmResolutionForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Was the problem really solved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    answer_rating = forms.TypedChoiceField(
        label=_("How good was the city's answer?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = very poor, 5 = very good"),
    )
