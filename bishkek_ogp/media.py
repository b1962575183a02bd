"""Uploaded files at their storage URLs, for the back office only.

The admin's file widgets link to MEDIA_URL. Citizens' photos and draft evidence live there too,
so a file is served only to whoever may open, in the admin, the row that holds it (a moderator
sees citizens' photos, not the committee's draft evidence). The public reaches published files
through the download views of the objects they belong to, which check publication first.
"""

from pathlib import PurePath

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from bishkek_ogp.lib.downloads import file_attachment


def owner_of(path: str) -> tuple[models.Model, str] | None:
    """The row whose file field holds `path`, and that field's name; None for any other path (a
    folder, a file no row names, a path leaving the storage)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                row = model._default_manager.filter(**{field.name: path}).first()
                if row is not None:
                    return row, field.name
    return None


@staff_member_required
def staff_media(request, path: str):
    found = owner_of(path)
    if found is None:
        raise Http404
    owner, field = found
    model_admin = admin.site._registry.get(type(owner))
    if model_admin is None or not model_admin.has_view_or_change_permission(request, owner):
        raise PermissionDenied
    return file_attachment(getattr(owner, field), PurePath(path).stem)
