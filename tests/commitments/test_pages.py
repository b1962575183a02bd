"""The public pages that exist so far start from the published querysets."""

import pytest

from commitments.models import Commitment

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", headers={"accept-language": "ky"})
    assert response.status_code == 302
    assert response.url == "/ky/"


def test_root_defaults_to_russian(client):
    response = client.get("/", headers={"accept-language": ""})
    assert response.url == "/ru/"


def test_home_lists_the_three_commitments_with_progress(client, plan):
    page = client.get("/en/").content.decode()
    for code in ("KGBSK0001", "KGBSK0002", "KGBSK0003"):
        assert f"/en/commitments/{code}/" in page
    assert 'role="progressbar"' in page


def test_home_without_a_plan_says_so(client, db):
    assert "No action plan has been published yet." in client.get("/en/").content.decode()


def test_commitment_page_shows_the_official_title(client, plan):
    page = client.get("/en/commitments/KGBSK0003/").content.decode()
    assert "Creation of a digital tool for feedback with citizens" in page
    assert "have not been published yet" in page


def test_unpublished_commitment_is_404(client, plan):
    Commitment.objects.filter(code="KGBSK0002").update(published=False)
    assert client.get("/en/commitments/KGBSK0002/").status_code == 404
    assert "/en/commitments/KGBSK0002/" not in client.get("/en/").content.decode()


def test_the_kyrgyz_page_reads_the_plan_in_kyrgyz_with_the_official_english_a_click_away(
    client, plan
):
    page = client.get("/ky/commitments/KGBSK0001/").content.decode()
    assert '<span lang="ky">Шаарды' in page
    assert 'href="/en/commitments/KGBSK0001/" hreflang="en"' in page
    assert '<html lang="ky">' in page


def test_dates_are_formatted_for_the_language(client, plan):
    assert "17 января 2025 г." in client.get("/ru/").content.decode()
    assert "2025-жылдын 17-январы" in client.get("/ky/").content.decode()
    assert "Jan. 17, 2025" in client.get("/en/").content.decode()
