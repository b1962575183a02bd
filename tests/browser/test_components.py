"""The shared components as a browser draws them: tables that reflow on a phone, and codes set
in the site's font."""

from tests.browser.conftest import assert_no_horizontal_overflow, expect
from tests.monitoring.reports import build_results_report

# For each table in the page: the cells whose label is not their column's, shown above them; or
# nothing when the table scrolls in a focusable region with a name and a visible caption.
UNLABELLED_CELLS = """
() => [...document.querySelectorAll("main table")].flatMap((table) => {
  const region = table.closest('[role="region"][tabindex="0"]');
  const named = region?.matches("[aria-label], [aria-labelledby]");
  if (named && table.caption?.checkVisibility()) return [];
  const columns = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  return [...table.querySelectorAll("tbody td")]
    .filter((cell) => getComputedStyle(cell, "::before").content
                      !== JSON.stringify(columns[cell.cellIndex]))
    .map((cell) => `${table.caption?.textContent.trim()}: ${cell.outerHTML.slice(0, 60)}`);
})
"""


def test_tables_reflow_on_a_phone(phone_page, live_server, demo_plan):
    report = build_results_report(demo_plan)
    for path in ["/en/feedback/stats/", report.get_absolute_url(), "/en/monitoring/", "/en/data/"]:
        phone_page.goto(live_server.url + path)
        assert phone_page.locator("main table").count(), f"{path} has no table"
        assert_no_horizontal_overflow(phone_page)
        assert phone_page.evaluate(UNLABELLED_CELLS) == [], path


def test_codes_are_set_in_the_site_font_not_a_monospace(page, live_server, plan):
    page.goto(f"{live_server.url}/en/commitments/")
    code = page.locator(".card .code").first
    expect(code).to_have_text("KGBSK0001")
    family = code.evaluate("(element) => getComputedStyle(element).fontFamily")
    assert "mono" not in family.lower() and family.startswith('"Noto Sans"'), family
    expect(code).to_have_css("font-variant-numeric", "lining-nums tabular-nums")
