"""The phone-first feedback form: validation and the captcha-free abuse checks."""

from __future__ import annotations

import time
import uuid

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import DESCRIPTION_MAX_LENGTH, District, Feedback, Service

# A person needs a few seconds to rate a service and describe it; a form older than a day was
# probably copied by a script.
MIN_SECONDS_TO_FILL = 3
MAX_FORM_AGE = 24 * 3600
SIGNER_SALT = "feedback-form-started"


def form_stamp() -> str:
    return signing.TimestampSigner(salt=SIGNER_SALT).sign(str(time.time()))


class FeedbackForm(forms.ModelForm):
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
    # Left empty by people, filled in by naive bots: hidden from view and from screen readers.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)
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
            self.initial.setdefault("started", form_stamp())
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean(self) -> dict:
        # The abuse checks speak at the top of the form: their fields are hidden.
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("This submission looks automated and was refused."))
        self._check_timing(cleaned.get("started", ""))
        return cleaned

    def _check_timing(self, value: str) -> None:
        signer = signing.TimestampSigner(salt=SIGNER_SALT)
        try:
            age = time.time() - float(signer.unsign(value))
        except (signing.BadSignature, ValueError) as error:
            raise forms.ValidationError(
                _("This form was altered. Please reload the page.")
            ) from error
        if age > MAX_FORM_AGE:
            raise forms.ValidationError(
                _("This form is too old. Please send it again from a fresh page.")
            )
        if age < MIN_SECONDS_TO_FILL:
            raise forms.ValidationError(
                _("That was too fast. Please check your answers and send again.")
            )


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
