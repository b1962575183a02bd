"""The follow-by-email form (with the same captcha-free checks as the feedback form), and the
back office's form that sets up a new committee member."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bishkek_ogp.lib.human_check import HumanCheckForm

from .models import Commitment, CommitteeMember


class FollowForm(HumanCheckForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    commitment = forms.ModelChoiceField(
        Commitment.objects.published(),
        label=_("What to follow"),
        required=False,
        to_field_name="code",
        empty_label=_("The whole action plan"),
    )


EXISTING_ACCOUNT = _(
    "An account with this address exists already. Choose it as the admin account on the "
    "member's own page instead."
)


class NewMemberForm(forms.ModelForm):
    """Everything about a new committee member on one screen: the seat (the model's own checks,
    parity included), the account's address and roles, and the commitments in their care."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=150,  # it is also the account's user name
        help_text=_("The invitation to choose a password is sent here; it is also the login."),
    )
    roles = forms.ModelMultipleChoiceField(
        Group.objects.order_by("name"),
        label=_("Roles"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the member may do in the back office."),
    )
    commitments = forms.ModelMultipleChoiceField(
        Commitment.objects.select_related("plan").order_by("plan", "code"),
        label=_("Responsible for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the responsible members may change a commitment's milestones."),
    )

    class Meta:
        model = CommitteeMember
        fields = [
            "full_name", "email", "plan", "side", "position", "organization", "active_from",
            "email_language", "roles", "commitments",
        ]  # fmt: skip

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(EXISTING_ACCOUNT)
        return email

    def clean(self) -> dict:
        data = super().clean()
        plan = data.get("plan")
        others = [c.code for c in data.get("commitments", []) if plan and c.plan_id != plan.pk]
        if others:
            self.add_error(
                "commitments",
                _("%(codes)s belong to another plan than the member's seat.")
                % {"codes": ", ".join(others)},
            )
        return data
