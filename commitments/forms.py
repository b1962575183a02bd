"""The follow-by-email form, with the same captcha-free checks as the feedback form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bishkek_ogp.lib.human_check import HumanCheckForm

from .models import Commitment


class FollowForm(HumanCheckForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    commitment = forms.ModelChoiceField(
        Commitment.objects.published(),
        label=_("What to follow"),
        required=False,
        to_field_name="code",
        empty_label=_("The whole action plan"),
    )
