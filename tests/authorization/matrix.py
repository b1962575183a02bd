"""What a row of the matrix is, and what allowed and denied look like on each surface."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.admin.utils import quote
from django.db import connection
from django.forms import MultiWidget
from django.http import HttpResponse
from django.urls import reverse

from tests.admin_forms import admin_form_data

from .world import SIGNED_OUT, Actor, World

ADMIN, API, SITE, CONTENT = "admin", "api", "site", "content"
LOGIN = "login"  # a 302 to the admin's login page


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    data: Any = None
    api: bool = False  # through the token-authenticated API client, as JSON
    content_type: str | None = None
    # A second step that depends on the first answer (an import's preview, then its confirmation).
    then: Callable[[Actor, HttpResponse], Request | None] | None = None


@dataclass(frozen=True)
class Row:
    """One action or page, and exactly which roles may do or see it."""

    id: str
    allowed: frozenset[str]
    request: Callable[[Actor, World], Request]
    surface: str
    ok: int = 200
    # A write: whether the change happened (checked false before the request, true after it when
    # allowed). Any denial, of a write or of a page, must leave the whole database as it was.
    done: Callable[[World], bool] | None = None
    # What the page or file is: whether the answer shows it (true when allowed, false when not;
    # for a public page that must never show it, false for everyone).
    shows: Callable[[HttpResponse, World], bool] | None = None
    # How this surface refuses a role, where it differs from the surface's usual refusal.
    refused: Mapping[str, int | str] = field(default_factory=dict)

    def refusal(self, role: str) -> int | str:
        if role in self.refused:
            return self.refused[role]
        if self.surface == ADMIN:
            return LOGIN if role in SIGNED_OUT else 403
        if self.surface == API:
            return 401 if role in SIGNED_OUT else 403
        if self.surface == CONTENT:
            return 200
        return 404


def send(actor: Actor, request: Request) -> HttpResponse:
    client = actor.api if request.api else actor.client
    kwargs: dict[str, Any] = {"format": "json"} if request.api else {}
    if request.content_type:
        kwargs["content_type"] = request.content_type
    response = getattr(client, request.method)(request.path, request.data, **kwargs)
    if request.then is not None and (step := request.then(actor, response)) is not None:
        return send(actor, step)
    return response


def admin_url(obj_or_model, view: str = "change", *args) -> str:
    """The admin's address of a row or a model, written as the admin's own links write it."""
    opts = obj_or_model._meta
    if view in ("change", "delete", "history") and not args:
        # Quoted: the OGP value "access_to_information" is at ".../access_5Fto_5Finformation/".
        args = (quote(obj_or_model.pk),)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def has_admin_form(page: HttpResponse) -> bool:
    return page.status_code == 200 and page.context is not None and "adminform" in page.context


def form_data(page: HttpResponse) -> dict:
    """What a browser would post back from an admin form page (nothing if there is no form).

    Adds to admin_form_data what it leaves out: split date-time fields and inline rows.
    """
    if not has_admin_form(page):
        return {}
    data = admin_form_data(page)
    form = page.context["adminform"].form
    for name, form_field in form.fields.items():
        if isinstance(form_field.widget, MultiWidget) and name in data:
            parts = form_field.widget.decompress(data.pop(name))
            data |= {f"{name}_{i}": part for i, part in enumerate(parts) if part is not None}
    for inline in page.context.get("inline_admin_formsets", []):
        for inline_form in inline.formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False:
                    continue
                data[inline_form.add_prefix(name)] = "on" if value is True else value
    return data


def fill(template, world: World):
    """A path or form data naming rows of the world ("{w.milestone_a.pk}"), filled in."""
    if callable(template):
        return template(world)
    if isinstance(template, str):
        return template.format(w=world)
    if isinstance(template, dict):
        return {name: fill(value, world) for name, value in template.items()}
    return template


def page(row_id: str, allowed, path, surface: str = ADMIN, needs=(), **options) -> Row:
    """A page (or an API resource) that only `allowed` may see; `needs` names rows it shows."""

    def request(actor: Actor, world: World) -> Request:
        create(world, needs)
        return Request("get", fill(path, world), api=surface == API)

    return Row(row_id, frozenset(allowed), request, surface, **options)


def create(world: World, names) -> None:
    """Create the world's rows `names` now, before the database is measured."""
    for name in names:
        getattr(world, name)


def admin_form(row_id: str, allowed, path, changes, done, needs=(), **options) -> Row:
    """Post an admin form as the actor's browser rendered it, with `changes` made.

    A role refused the form posts the changes alone, as someone forging the request would.
    `needs` names rows that must exist first (the form's inline rows, say).
    """

    def request(actor: Actor, world: World) -> Request:
        create(world, needs)
        return post_form(actor, fill(path, world), fill(changes, world))

    return Row(row_id, frozenset(allowed), request, ADMIN, ok=302, done=done, **options)


def post_form(actor: Actor, url: str, changes: dict) -> Request:
    return Request("post", url, form_data(actor.client.get(url)) | changes)


def admin_action(row_id: str, allowed, model, action: str, selected: str, done, **options) -> Row:
    """Run a list action of the admin on one row (`selected` names it in the world)."""

    def request(actor: Actor, world: World) -> Request:
        pk = getattr(world, selected).pk
        data = {"action": action, "_selected_action": [pk], "post": "yes"}
        return Request("post", admin_url(model, "changelist"), data)

    return Row(row_id, frozenset(allowed), request, ADMIN, ok=302, done=done, **options)


SNAPSHOT_APPS = [
    "admin", "auth", "authtoken", "commitments", "monitoring", "feedback", "participation",
]  # fmt: skip


def database_state() -> dict[str, list]:
    """Every row of every table a role could write to (history and admin log included)."""
    tables = [
        (model._meta.db_table, model._meta.pk.column)
        for label in SNAPSHOT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.label != "auth.Permission"  # fixed rows
    ]
    with connection.cursor() as cursor:
        state = {}
        for table, pk in tables:
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            state[table] = cursor.fetchall()
    return state
