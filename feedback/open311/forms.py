"""Validation of a GeoReport v2 POST: the spec's fields plus this city's service attributes."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DESCRIPTION_MAX_LENGTH, District, Service


def rating_choices() -> list[tuple[str, str]]:
    labels = {1: _("very poor"), 5: _("very good")}
    return [(str(n), f"{n} ({labels[n]})" if n in labels else str(n)) for n in range(1, 6)]


def attributes() -> list[dict]:
    """The service definition's attributes; every service asks for the same two."""
    return [
        {
            "variable": True,
            "code": "rating",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": str(_("A whole number from 1 to 5.")),
            "order": 1,
            "description": str(_("How good was the service? 1 = very poor, 5 = very good")),
            "values": [{"key": key, "name": str(name)} for key, name in rating_choices()],
        },
        {
            "variable": True,
            "code": "district",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": str(_("The key of one of Bishkek's four districts.")),
            "order": 2,
            "description": str(_("District")),
            "values": [{"key": d.slug, "name": d.name} for d in District.objects.all()],
        },
    ]


class CoordinateField(forms.FloatField):
    """GPS coordinates often come with more decimals than the six (about 10 cm) that are kept."""

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else Decimal(str(round(value, 6)))


class RequestForm(forms.Form):
    service_code = forms.ModelChoiceField(
        Service.objects.published(),
        to_field_name="code",
        error_messages={"invalid_choice": _("unknown service; see services.json or services.xml.")},
    )
    lat = CoordinateField(min_value=-90, max_value=90, required=False)
    long = CoordinateField(min_value=-180, max_value=180, required=False)
    address_string = forms.CharField(max_length=255, required=False)
    address_id = forms.CharField(max_length=255, required=False)
    email = forms.EmailField(required=False)
    description = forms.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False)
    # Name, phone, device and account ids are not asked for and not kept: the city needs none
    # of them to answer, and whatever is not stored cannot leak. media_url is not fetched:
    # the portal makes no requests to other sites.

    def __init__(self, data, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["attribute[rating]"] = forms.TypedChoiceField(
            choices=rating_choices(),
            coerce=int,
            error_messages={"invalid_choice": _("give a whole number from 1 to 5.")},
        )
        self.fields["attribute[district]"] = forms.ModelChoiceField(
            District.objects.all(),
            to_field_name="slug",
            error_messages={"invalid_choice": _("unknown district; see the service definition.")},
        )

    def clean(self) -> dict:
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("long") is not None
        if not (has_point or data.get("address_string") or data.get("address_id")):
            raise forms.ValidationError(
                _("Give a location: lat and long, address_string or address_id.")
            )
        return data

    def error_descriptions(self) -> list[str]:
        described = []
        for name, messages in self.errors.items():
            for message in messages:
                described.append(message if name == "__all__" else f"{name}: {message}")
        return described

    def submission(self) -> dict:
        """The request in the fields of a feedback row, as submit_feedback takes them."""
        data = self.cleaned_data
        return {
            "service": data["service_code"],
            "district": data["attribute[district]"],
            "rating": data["attribute[rating]"],
            "description": data["description"],
            "address": data["address_string"] or data["address_id"],
            "latitude": data["lat"],
            "longitude": data["long"],
            "email": data["email"],
        }
