"""Every back-office list answers only the filters it shows: a lookup on any other field of the
model, private or not, is refused (400) for every list, superusers included."""

import pytest
from django.contrib import admin
from django.db import models

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def unfiltered_fields():
    """(list address, field name) for every model field no filter of its list offers."""
    for model, model_admin in admin.site._registry.items():
        filtered = {
            item[0] if isinstance(item, list | tuple) else item
            for item in model_admin.list_filter
            if isinstance(item, str | list | tuple)
        } | {model_admin.date_hierarchy}
        for field in model._meta.concrete_fields:
            if field.name not in filtered and not isinstance(field, models.FileField):
                opts = model._meta
                yield f"/admin/{opts.app_label}/{opts.model_name}/", field.name


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(("address", "field"), list(unfiltered_fields()))
def test_a_lookup_on_a_field_the_list_does_not_filter_is_refused(superuser_client, address, field):
    assert superuser_client.get(f"{address}?{field}__startswith=a").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "moderation__exact=pending",
        "service__id__exact=1",
        "overdue=yes",
        "created_at__year=2025",
    ],
)
def test_the_lists_own_filters_still_work(superuser_client, query):
    assert superuser_client.get(f"/admin/feedback/feedback/?{query}").status_code == 200
