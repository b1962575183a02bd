"""Every public page passes axe-core's WCAG 2.1 A and AA rules, in every language.

Add a page by adding its path to PAGES, with `{lang}` where the language prefix goes.
"""

import pytest

from tests.browser.conftest import LANGUAGES, assert_no_axe_violations, expect

PAGES = [
    "/{lang}/",
    "/{lang}/commitments/",
    "/{lang}/commitments/KGBSK0001/",
    "/{lang}/commitments/KGBSK0001/milestones/1/",
    "/{lang}/plans/",
    "/{lang}/updates/",
    "/{lang}/committee/",
    "/{lang}/monitoring/",
    "/{lang}/reports/",
    "/{lang}/search/?q=plan",
    "/{lang}/data/",
    "/{lang}/about/",
    "/{lang}/feedback/",
    "/{lang}/feedback/stats/",
    "/{lang}/feedback/requests/",
    "/{lang}/commitments/KGBSK0003/",
    "/{lang}/follow/",
    "/{lang}/no-such-page/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_21_aa_violations_in_any_language(page, live_server, demo_plan, path):
    # The three languages of a page share one set of data: one setup, three checks.
    for language in LANGUAGES:
        url = live_server.url + path.format(lang=language)
        response = page.goto(url)
        expected = 404 if "no-such-page" in path else 200
        assert response is not None and response.status == expected, f"{url}: {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_no_axe_violations(page)
