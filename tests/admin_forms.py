"""Build the POST data an admin change form would send, from the form the admin rendered."""

from django import forms
from django.db.models.fields.files import FieldFile


def admin_form_data(response) -> dict:
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if callable(value):  # a model default such as dict, as the form renders it
            value = value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue  # a browser re-sends no file for a file field it leaves alone
        if value is True:
            value = "on"
        elif isinstance(field, forms.JSONField):
            value = field.prepare_value(value)  # the JSON text the form's textarea holds
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = getattr(value, "pk", value)
        if field.show_hidden_initial:  # a field with a callable default: browsers post both
            data[form.add_initial_prefix(name)] = data[name]
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data


def inline_rows(response) -> dict:
    """The POST data of the inline rows an admin change form rendered, as a browser sends it."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.initial_forms:
            data[form.add_prefix("id")] = form.instance.pk
            for name in form.fields:
                value = form.initial.get(name)
                if name != "id" and value is not None and value is not False:
                    data[form.add_prefix(name)] = "on" if value is True else value
    return data
