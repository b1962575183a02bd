"""Sending a contribution or a question through the site, as a citizen's phone does."""

import time

from django.urls import reverse

from bishkek_ogp.lib.human_check import form_stamp
from participation.models import Contribution, Question

CITIZEN = "203.0.113.7"


def citizen_form(**fields) -> dict:
    return {
        "website": "",
        "started": form_stamp(time.time() - 30),
        "idempotency_key": "a" * 32,
        "email": "",
        **fields,
    }


def contribute(client, consultation, text="Light the park paths.", **fields):
    url = reverse("participation:contribute", kwargs={"pk": consultation.pk})
    data = citizen_form(kind="proposal", text=text, **fields)
    return client.post(url, data, REMOTE_ADDR=CITIZEN)


def ask(client, commitment, text="When is the land register opened?", **fields):
    url = reverse("participation:ask", kwargs={"code": commitment.code})
    return client.post(url, citizen_form(text=text, **fields), REMOTE_ADDR=CITIZEN)


def private_link(response) -> str:
    """The path of the private link on the thanks page."""
    page = response.content.decode()
    return "/" + page.split('class="tracking-link"><a href="http://testserver/', 1)[1].split('"')[0]


def latest(model):
    return model.objects.order_by("-pk").first()


__all__ = ["Contribution", "Question", "ask", "contribute", "latest", "private_link"]
