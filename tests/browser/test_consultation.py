"""A citizen on a phone, in Kyrgyz, takes part in a consultation: sends a proposal, and after a
moderator publishes it and the committee answers, reads the answer on their private link and
finds it on the milestone it became."""

from participation.models import Contribution
from participation.services import review
from tests.browser.conftest import assert_no_horizontal_overflow, expect
from tests.factories import ConsultationFactory, UserFactory

PROPOSAL = "Парктардагы жолдорду кечинде жарыктандыруу керек."
REASON = "Адегенде эки чоң паркта жарык орнотулат."


def test_citizen_proposal_is_answered_and_becomes_a_milestone(phone_page, live_server, demo_plan):
    consultation = ConsultationFactory(
        plan=demo_plan, title_en="Co-creation of the next plan",
        title_ky="Кийинки планды биргелешип иштеп чыгуу",
    )  # fmt: skip
    page = phone_page
    page.goto(f"{live_server.url}/ky{consultation.get_absolute_url()[3:]}")
    expect(page.locator("h1")).to_contain_text("Кийинки планды")
    assert_no_horizontal_overflow(page)
    page.locator(f'a[href$="/consultations/{consultation.pk}/contribute/"]').click()
    page.locator("textarea[name=text]").fill(PROPOSAL)
    page.wait_for_timeout(3200)  # a person takes a few seconds: quicker sends are refused
    page.locator("form.feedback-form button[type=submit]").click()
    link = page.locator(".tracking-link a")
    expect(link).to_be_visible()
    assert_no_horizontal_overflow(page)
    private = link.get_attribute("href")

    contribution = Contribution.objects.get()
    contribution.moderation = "approved"
    review(row=contribution, by=UserFactory(groups=["Feedback moderators"], is_staff=True))
    milestone = demo_plan.commitments.get(code="KGBSK0001").milestones.first()
    contribution.response, contribution.response_reason = "partly", REASON
    contribution.became_milestone = milestone
    review(row=contribution, by=UserFactory(groups=["Committee members"], is_staff=True))

    page.goto(private)
    expect(page.locator(".response")).to_contain_text(REASON)
    expect(page.locator(".response")).to_contain_text("Жарым-жартылай кабыл алынды")
    assert_no_horizontal_overflow(page)
    page.locator(f'.response a[href$="{milestone.get_absolute_url()[3:]}"]').click()
    origins = page.locator("section.origins")
    expect(origins).to_contain_text(PROPOSAL[:20])
    assert_no_horizontal_overflow(page)
