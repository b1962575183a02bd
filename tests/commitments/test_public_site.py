"""The public site: every page in three languages, cacheable, cheap in queries, robust to input."""

import csv
import datetime
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from commitments.models import Commitment, Milestone
from commitments.services import record_progress
from tests.factories import CommitmentFactory, CommitteeMemberFactory, MilestoneFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PAGES = [
    "/{lang}/",
    "/{lang}/commitments/",
    "/{lang}/commitments/KGBSK0001/",
    "/{lang}/updates/",
    "/{lang}/committee/",
    "/{lang}/search/?q=citizen",
    "/{lang}/data/",
    "/{lang}/about/",
]
FEEDS = ["/{lang}/updates/feed/", "/{lang}/commitments/KGBSK0001/feed/"]


@pytest.fixture
def demo(plan):
    call_command("load_demo_data", stdout=io.StringIO())
    return plan


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_answers_in_its_language_without_cookies(client, demo, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
    assert not response.cookies
    if "/search/" not in page:  # results of any text are not worth keeping
        assert "public" in response["Cache-Control"]
        assert "max-age" in response["Cache-Control"]


def test_language_switcher_links_to_the_same_page(client, demo):
    page = client.get("/en/commitments/KGBSK0002/").content.decode()
    assert 'href="/ky/commitments/KGBSK0002/" hreflang="ky"' in page
    assert 'href="/ru/commitments/KGBSK0002/" hreflang="ru"' in page


def test_cached_page_is_dropped_when_content_changes(
    client, demo, django_capture_on_commit_callbacks
):
    milestone = Milestone.objects.filter(commitment__code="KGBSK0002").first()
    client.get("/en/commitments/KGBSK0002/")
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=77, note="x"
        )
    assert "77%" in client.get("/en/commitments/KGBSK0002/").content.decode()


def test_cached_page_is_served_without_queries(client, demo, django_assert_num_queries):
    client.get("/en/commitments/")
    with django_assert_num_queries(0):
        assert client.get("/en/commitments/").status_code == 200


def test_unknown_commitment_is_a_404_in_the_visitors_language(client, plan):
    response = client.get("/ru/commitments/KGBSK9999/")
    assert response.status_code == 404
    assert '<html lang="ru">' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "ogp_value=nonexistent",
        "overdue=perhaps",
        "status=" + "x" * 10000,
        "page=-1",
        "page=abc",
    ],
)
@pytest.mark.parametrize("page", ["/en/commitments/", "/en/search/", "/en/updates/"])
def test_bad_query_strings_never_raise(client, plan, page, query):
    # Refused (400, 404), dropped by a redirect (301) or ignored, never a server error.
    assert client.get(f"{page}?{query}").status_code in (200, 301, 400, 404)


def test_unknown_filter_value_is_reported(client, plan):
    page = client.get("/en/commitments/?status=bogus").content.decode()
    assert "were not understood" in page
    assert "KGBSK0001" in page


def test_overdue_filter_lists_overdue_commitments(client, plan):
    # In a plan still running (the official one has ended: nothing in it is overdue any more).
    late = CommitmentFactory(ends_on=datetime.date(2025, 6, 30))
    MilestoneFactory(commitment=late, status="in_progress", progress=40)
    done = CommitmentFactory(plan=late.plan, ends_on=datetime.date(2025, 6, 30))
    MilestoneFactory(commitment=done, status="completed", progress=100)
    page = client.get("/en/commitments/?overdue=true").content.decode()
    assert f"/en/commitments/{late.code}/" in page
    assert f"/en/commitments/{done.code}/" not in page
    assert "/en/commitments/KGBSK0001/" not in page


def test_ogp_value_filter(client, plan):
    page = client.get("/en/commitments/?ogp_value=technology_innovation").content.decode()
    assert "/en/commitments/KGBSK0001/" in page
    assert "/en/commitments/KGBSK0002/" not in page


def test_search_finds_a_milestone_by_its_title(client, demo):
    page = client.get("/en/search/?q=inventory").content.decode()
    assert "Publish an inventory of free municipal land plots" in page


def test_change_history_reads_as_sentences(client, plan):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    milestone.ends_on = milestone.ends_on.replace(month=7, day=31)
    milestone.save()
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert f"the due date of {milestone.code} moved from June 30, 2025 to July 31, 2025" in page


def test_change_history_names_committee_members_only(client, plan):
    member_user = UserFactory()
    member = CommitteeMemberFactory(plan=plan, full_name="Aida Committee", user=member_user)
    staff = UserFactory(first_name="Hidden", last_name="Clerk", is_superuser=True)
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    milestone.commitment.responsible_members.add(member)
    record_progress(
        milestone=milestone, author=member_user, status="in_progress", progress=60, note="a"
    )
    record_progress(milestone=milestone, author=staff, status="in_progress", progress=70, note="b")
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert "by Aida Committee, Open Bishkek Committee" in page
    assert staff.username not in page and "Hidden" not in page


def test_atom_feed_lists_updates(client, demo):
    response = client.get("/en/updates/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 6
    assert "(demo data)" in entries[0].find("{http://www.w3.org/2005/Atom}title").text


def test_commitment_feed_only_has_that_commitment(client, demo):
    root = ET.fromstring(client.get("/en/commitments/KGBSK0002/feed/").content)
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")][1:]
    assert titles and all(t.startswith("KGBSK0002.") for t in titles)


def test_csv_download_flags_demo_rows(client, demo):
    response = client.get("/en/data/milestones.csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 8
    assert {row["demo"] for row in rows} == {"True"}


def test_json_download_says_demo_data_is_present(client, demo):
    data = json.loads(client.get("/ru/data/commitments.json").content)
    assert data["demo_data_present"] is True
    assert data["language"] == "ru"
    assert [c["code"] for c in data["commitments"]] == ["KGBSK0001", "KGBSK0002", "KGBSK0003"]


def test_unknown_dataset_is_404(client, plan):
    assert client.get("/en/data/passwords.csv").status_code == 404
    assert client.get("/en/data/milestones.xls").status_code == 404


def test_csv_cells_cannot_become_formulas(client, plan):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    record_progress(
        milestone=milestone, author=None, status="in_progress", progress=5, note="=HYPERLINK(1)"
    )
    body = client.get("/en/data/updates.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def record_updates(commitment_code: str, count: int) -> None:
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code=commitment_code))
    for n in range(count):
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=n + 1, note=f"u{n}"
        )


def test_commitment_page_shows_its_latest_updates_and_links_to_all_of_them(client, plan):
    record_updates("KGBSK0001", 7)
    record_updates("KGBSK0002", 1)
    page = client.get("/en/commitments/KGBSK0001/").content.decode()
    assert page.count('class="update"') == 5
    assert 'href="/en/updates/?commitment=KGBSK0001">All 7 updates of this commitment' in page
    listing = client.get("/en/updates/?commitment=KGBSK0001").content.decode()
    assert listing.count('class="update"') == 7
    assert "KGBSK0002." not in listing


def test_updates_of_an_unknown_commitment_are_404(client, plan):
    assert client.get("/en/updates/?commitment=KGBSK9999").status_code == 404


def test_open_data_says_which_texts_are_official_and_which_translated(client, demo):
    rows = list(csv.DictReader(io.StringIO(
        client.get("/ru/data/commitments.csv").content.decode("utf-8-sig")
    )))  # fmt: skip
    assert {row["title_source"] for row in rows} == {"translation:editors"}
    english = json.loads(client.get("/en/data/updates.json").content)
    assert {row["note_source"] for row in english["updates"]} == {"official"}


def test_an_atom_entry_in_russian_says_its_note_is_a_translation(client, demo):
    root = ET.fromstring(client.get("/ru/updates/feed/").content)
    summaries = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}summary")]
    assert summaries and all("Неофициальный перевод редакторов портала." in s for s in summaries)


def test_a_download_is_named_in_the_pages_language(client, plan):
    disposition = client.get("/ru/data/commitments.csv")["Content-Disposition"]
    assert "filename*=utf-8''" in disposition.lower()
    assert urllib.parse.quote("обязательства") in disposition
    assert client.get("/en/data/commitments.csv")["Content-Disposition"].endswith(
        'filename="open-bishkek-commitments-en.csv"'
    )


@pytest.mark.parametrize("page", ["/en/commitments/", "/en/feedback/requests/"])
def test_filters_offer_all_rather_than_dashes(client, plan, page):
    html = client.get(page).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>All</option>' in html
