"""On the Kyrgyz and Russian pages the plan reads in that language, and every text in another
language says so: it carries its own `lang`, with a translated notice beside it."""

import pytest

from tests.browser.conftest import expect

# Latin words that are not English text: codes, the portal's names, formats, abbreviations.
FOREIGN_TEXT_NODES = """
() => {
  const allowed = new RegExp("^(KGBSK|OGP|Local|IRM|PDF|CSV|JSON|Atom|API|SHA|Open311|"
    + "UDPO|BGA|MPMD|DPI|URL|UNDP|USAID)$");
  const found = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.match(/[A-Za-z][A-Za-z'-]{2,}/g) || [];
    const prose = words.filter((word) => !allowed.test(word));
    if (prose.length < 2) continue;
    const holder = node.parentElement.closest("[lang]");
    const marked = holder && holder.lang === "en"
      && (holder.nextElementSibling?.classList.contains("badge-translation")
          || holder.closest("details.translation") !== null
          || holder.closest(".excerpt") !== null);
    if (!marked) found.push(node.textContent.trim().slice(0, 80));
  }
  return found;
}
"""


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize("path", ["/{}/", "/{}/commitments/KGBSK0001/", "/{}/updates/"])
def test_no_english_text_without_its_lang_and_its_notice(
    page, live_server, demo_plan, language, path
):
    page.goto(live_server.url + path.format(language))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.evaluate(FOREIGN_TEXT_NODES) == []


@pytest.mark.parametrize(("language", "mark"), [("ru", "неофициальный перевод"),
                                                ("ky", "расмий эмес котормо")])  # fmt: skip
def test_the_plan_reads_in_the_language_with_the_official_english_a_click_away(
    page, live_server, demo_plan, language, mark
):
    page.goto(f"{live_server.url}/{language}/commitments/KGBSK0001/")
    heading = page.locator("h1")
    expect(heading.locator(f'span[lang="{language}"]')).to_be_visible()
    heading.get_by_role("link", name=mark).click()
    expect(page).to_have_url(f"{live_server.url}/en/commitments/KGBSK0001/")
    expect(page.locator("h1")).to_contain_text("Increasing citizen participation")
