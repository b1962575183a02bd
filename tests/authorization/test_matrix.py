"""Every role against every write path and every non-public page: exactly the allowed ones pass.

Allowed means the surface's success answer and, for a write, the change made in the database; for
a page, what it is there to show. Denied means the surface's refusal (the login page, 403, 404, the
API's 401), nothing of what the page shows, and not one row of the database changed.
"""

import pytest
from django.contrib import admin

from bishkek_ogp.api_urls import router

from . import rows_admin, rows_api, rows_site
from .matrix import LOGIN, Row, database_state, send
from .world import ROLES, Actor, World

pytestmark = pytest.mark.django_db

ROWS = [*rows_admin.ROWS, *rows_api.ROWS, *rows_site.ROWS]


@pytest.mark.parametrize(
    ("row", "role"),
    [pytest.param(row, role, id=f"{row.id}[{role}]") for row in ROWS for role in ROLES],
)
def test_role_is_allowed_exactly_what_the_matrix_says(row: Row, role: str):
    world = World()
    actor = Actor(role, world)
    request = row.request(actor, world)
    if row.done is not None:
        assert not row.done(world), "the change is already there: the row cannot fail"
    # Only a refusal is checked for leaving every table as it was.
    before = database_state() if role not in row.allowed else None

    response = send(actor, request)

    status = response.status_code
    if role in row.allowed:
        assert status == row.ok, f"{role} refused ({status}) on {row.id}"
        if row.done is not None:
            assert row.done(world), f"{row.id} answered {status} but changed nothing"
        if row.shows is not None:
            assert row.shows(response, world)
        return
    expected = row.refusal(role)
    if expected == LOGIN:
        assert status == 302 and response["Location"].startswith("/admin/login/"), status
    else:
        assert status == expected, f"{role} got {status} on {row.id}, expected {expected}"
    if row.shows is not None:
        assert not row.shows(response, world)
    after = database_state()
    assert [table for table in before if before[table] != after[table]] == []


def test_every_model_in_the_admin_is_in_the_matrix():
    assert set(rows_admin.VIEWERS) == set(admin.site._registry)


def test_every_write_the_api_accepts_is_in_the_matrix():
    writes = set()
    for prefix, viewset, _basename in router.registry:
        writes |= {
            f"{prefix}:{name}" for name in ("create", "update", "destroy") if hasattr(viewset, name)
        }
        for action in viewset.get_extra_actions():
            if set(action.mapping) - {"get", "head", "options"}:
                writes.add(f"{prefix}:{action.url_path}")
    rows_of = {
        "assessments:create": "api:draft-assessment:create",
        "assessments:update": "api:draft-assessment:change",
        "milestones:progress": "api:milestone-A:progress",
        "milestones:schedule": "api:milestone-A:schedule",
        "contributions:answer": "api:contribution:answer",
        "questions:answer": "api:question:answer",
    }
    assert writes == set(rows_of)
    assert set(rows_of.values()) <= {row.id for row in ROWS}
