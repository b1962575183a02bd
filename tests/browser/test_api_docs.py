"""The API documentation works under the site's Content-Security-Policy, with local files only."""

import pytest

from tests.browser.conftest import expect

DOCS = [("/api/docs/", ".swagger-ui .info"), ("/api/redoc/", ".redoc-wrap")]


@pytest.mark.parametrize(("path", "ready"), DOCS)
def test_api_documentation_runs_its_scripts_under_the_policy(page, live_server, plan, path, ready):
    refused = []

    def note_refusal(message) -> None:
        # Redoc's "powered by" logo from its CDN is refused too, as it should be: not a script.
        if "Content Security Policy" in message.text and "script" in message.text:
            refused.append(message.text)

    page.on("console", note_refusal)
    page.goto(live_server.url + path)
    expect(page.locator(ready).first).to_be_visible(timeout=15000)
    assert refused == []
