"""Captcha-free abuse checks shared by the public forms (feedback, following a commitment).

A honeypot field people leave empty and a signed time stamp that refuses forms sent within
seconds or a day later. The views add an hourly limit per address (rate_limits.py).
"""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

# A person needs a few seconds to fill in a form; one older than a day was probably copied by a
# script.
MIN_SECONDS_TO_FILL = 3
MAX_FORM_AGE = 24 * 3600
SIGNER_SALT = "feedback-form-started"


def form_stamp(opened_at: float | None = None, *, key: str | None = None) -> str:
    """The signed time a form was opened: now, unless told (`key`: another site's SECRET_KEY)."""
    opened_at = time.time() if opened_at is None else opened_at
    return signing.TimestampSigner(key=key, salt=SIGNER_SALT).sign(str(opened_at))


class HumanCheckForm(forms.Form):
    """Base for a public form: render `website` hidden from people (see the templates)."""

    # Left empty by people, filled in by naive bots: hidden from view and from screen readers.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", form_stamp())

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
