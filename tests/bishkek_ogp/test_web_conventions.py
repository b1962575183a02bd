"""The web's conventions: favicon, robots.txt, a sitemap of every public page in three languages,
and link previews (OpenGraph and Twitter cards) with an image per commitment."""

import io
import re
from xml.etree import ElementTree

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from PIL import Image

from commitments import views
from commitments.models import Commitment
from commitments.preview import font, wrapped
from commitments.services import record_progress
from feedback.models import Feedback
from monitoring.models import MonitoringReport
from tests.factories import (
    ConsultationFactory,
    FeedbackFactory,
    MilestoneFactory,
    MonitoringReportFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("ky", "ru", "en")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# Pages of the public site that are not pages to find: feeds, downloads, forms' answers, search.
NOT_PAGES = {
    "search",
    "commitments:update-feed",
    "commitments:follow",
    "monitoring:report-feed",
    "monitoring:report-request",
    "participation:consultation-feed",
    "feedback:stats-csv",
}


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each page of /sitemap.xml, by path, with its alternates {hreflang: path}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    pages = {}
    for url in root.findall("s:url", NS):
        path = re.sub(r"^http://testserver", "", url.find("s:loc", NS).text)
        links = url.findall("x:link", NS)
        pages[path] = {
            link.get("hreflang"): re.sub(r"^http://testserver", "", link.get("href"))
            for link in links
        }
    return pages


def fixed_public_pages() -> set[str]:
    """Names of the site's pages in every language that take no argument."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, inner)
            elif (
                isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters
            ):
                names.add(f"{namespace}{pattern.name}")

    i18n = [p for p in get_resolver().url_patterns if isinstance(p.pattern, LocalePrefixPattern)]
    walk(i18n, "")
    return names - NOT_PAGES


def test_every_fixed_page_of_the_site_is_in_the_sitemap_in_every_language(client, plan):
    pages = sitemap(client)
    for name in fixed_public_pages():
        for code in LANGUAGES:
            with translation.override(code):
                assert reverse(name) in pages, f"{name} ({code}) missing from the sitemap"


def test_each_page_names_its_three_translations_and_a_default(client, plan):
    pages = sitemap(client)
    alternates = pages["/ru/commitments/KGBSK0002/"]
    assert alternates == {
        "ky": "/ky/commitments/KGBSK0002/",
        "ru": "/ru/commitments/KGBSK0002/",
        "en": "/en/commitments/KGBSK0002/",
        "x-default": "/commitments/KGBSK0002/",
    }


def test_sitemap_lists_the_published_rows_and_nothing_unpublished(client, plan):
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    report = MonitoringReportFactory(plan=plan)
    draft = MonitoringReportFactory(
        plan=plan, status=MonitoringReport.Status.DRAFT, published_on=None
    )
    consultation = ConsultationFactory(plan=plan)
    hidden = ConsultationFactory(plan=plan, published=False)
    request = FeedbackFactory()
    hidden_request = FeedbackFactory(moderation=Feedback.Moderation.HIDDEN)
    pages = sitemap(client)
    for code in LANGUAGES:
        with translation.override(code):
            shown = (plan, milestone, report, consultation, request, *Commitment.objects.all())
            for row in shown:
                assert row.get_absolute_url() in pages, row
            for row in (draft, hidden, hidden_request):
                assert row.get_absolute_url() not in pages, row


def test_robots_txt_names_the_sitemap_and_keeps_private_links_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    for line in ["Disallow: /admin/", "Disallow: /ky/my/", "Disallow: /ru/feedback/track/"]:
        assert line in text.splitlines()


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/favicon.ico", "ICO"), ("/apple-touch-icon.png", "PNG")],
)
def test_browsers_find_the_sites_icons_at_its_root(client, path, kind):
    response = client.get(path)
    assert response.status_code == 200
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == kind


def test_svg_favicon_is_served_and_linked_from_every_page(client, plan):
    assert client.get("/favicon.svg")["Content-Type"] == "image/svg+xml"
    assert '<link rel="icon" href="/favicon.svg"' in client.get("/en/").content.decode()


def preview(client, code="KGBSK0001", language="en") -> Image.Image:
    response = client.get(f"/{language}/commitments/{code}/preview.png")
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


def test_a_commitment_page_shares_a_large_card_with_its_preview_image(client, plan):
    html = client.get("/ru/commitments/KGBSK0001/").content.decode()
    assert (
        '<meta property="og:image" content="http://testserver/ru/commitments/KGBSK0001/preview.png">'
        in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    title = Commitment.objects.get(code="KGBSK0001").title_ru
    assert f'<meta property="og:title" content="KGBSK0001 {title}">' in html


def test_other_pages_share_the_sites_card(client, plan):
    html = client.get("/en/monitoring/").content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert 'property="og:locale" content="en"' in html


def test_preview_image_has_the_size_link_previews_use(client, plan):
    assert preview(client).size == (1200, 630)


def test_preview_image_is_drawn_in_the_pages_language(client, plan):
    assert preview(client, language="ky").tobytes() != preview(client, language="en").tobytes()


def test_preview_image_is_made_once_per_change(
    client, plan, monkeypatch, django_capture_on_commit_callbacks
):
    drawn = []
    draw = views.preview_png
    monkeypatch.setattr(views, "preview_png", lambda c: drawn.append(c.code) or draw(c))
    milestone = MilestoneFactory(commitment=Commitment.objects.get(code="KGBSK0001"))
    before = preview(client)
    preview(client)
    assert drawn == ["KGBSK0001"]
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(
            milestone=milestone, author=None, status="in_progress", progress=64, note="n"
        )
    after = preview(client)
    assert drawn == ["KGBSK0001", "KGBSK0001"]
    assert after.tobytes() != before.tobytes()


def test_preview_of_an_unknown_commitment_is_not_found(client, plan):
    assert client.get("/en/commitments/KGBSK0999/preview.png").status_code == 404


def test_a_long_title_is_cut_to_whole_words_within_the_image():
    face = font(44, bold=True)
    rows = wrapped("участокторун " * 40, face, 1080, 4)
    assert len(rows) == 4 and rows[-1].endswith(" …")
    assert all(face.getlength(row) <= 1080 for row in rows)
    assert all(word == "участокторун" for row in rows for word in row.removesuffix(" …").split())
