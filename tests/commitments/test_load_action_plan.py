"""load_action_plan loads the official 2025 plan from the repository's data file, idempotently."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from commitments.management.commands.load_action_plan import DEFAULT_FILE
from commitments.models import (
    ActionPlan,
    Commitment,
    CommitteeMember,
    Meeting,
    Organization,
)

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

OFFICIAL_TITLES = {
    "KGBSK0001": "Increasing citizen participation in short or medium-term urban development "
    "planning",
    "KGBSK0002": "Improving the dialogue platform for discussing issues of distribution and "
    "management of municipal land plots and land use",
    "KGBSK0003": "Creation of a digital tool for feedback with citizens to assess the quality of "
    "municipal services",
}


def load() -> str:
    out = io.StringIO()
    call_command("load_action_plan", stdout=out)
    return out.getvalue()


def test_loading_twice_leaves_one_plan_three_commitments_six_members():
    load()
    load()
    assert ActionPlan.objects.count() == 1
    assert dict(Commitment.objects.values_list("code", "title_en")) == OFFICIAL_TITLES
    assert CommitteeMember.objects.count() == 6
    assert Meeting.objects.count() == 2


def test_second_run_changes_nothing_and_says_so():
    load()
    history = Commitment.history.count()
    assert "nothing changed" in load()
    assert Commitment.history.count() == history


def test_committee_has_parity():
    load()
    sides = list(CommitteeMember.objects.values_list("side", flat=True))
    assert sides.count("mayors_office") == 3
    assert sides.count("civil_society") == 3


def test_plan_facts_match_the_official_record():
    load()
    plan = ActionPlan.objects.get()
    assert str(plan.submitted_on) == "2025-01-17"
    assert str(plan.ends_on) == "2025-12-31"
    assert plan.monitoring_body.name_en == "Association 'Alliance for Transparent Budget'"
    assert plan.monitoring_body.kind == Organization.Kind.MONITORING_BODY
    assert plan.monitoring_body.public_contact == "Roza Gaibulina, Executive Director"
    assert sorted(plan.lead_institutions.values_list("slug", flat=True)) == [
        "center-for-digital-technologies",
        "city-development-policy-department",
    ]
    assert sorted(plan.endorsed_by.values_list("slug", flat=True)) == [
        "pf-civic-participation",
        "pf-sotsium",
    ]


def test_commitments_carry_their_official_ogp_values():
    load()
    values = {c.code: [v.code for v in c.ogp_values.all()] for c in Commitment.objects.all()}
    assert values == {
        "KGBSK0001": ["technology_innovation"],
        "KGBSK0002": ["public_accountability"],
        "KGBSK0003": ["public_accountability"],
    }


def test_no_official_milestones_are_invented():
    load()
    assert not Commitment.objects.filter(milestones__isnull=False).exists()


def test_reload_restores_an_edited_official_title():
    load()
    Commitment.objects.filter(code="KGBSK0001").update(title_en="Edited")
    load()
    assert Commitment.objects.get(code="KGBSK0001").title_en == OFFICIAL_TITLES["KGBSK0001"]


def test_invalid_data_file_is_refused_with_nothing_saved(tmp_path):
    bad = tmp_path / "plan.json"
    data = json.loads(DEFAULT_FILE.read_text())
    data["commitments"][2]["code"] = "bad code"
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="five capital letters"):
        call_command("load_action_plan", file=bad, stdout=io.StringIO())
    assert not Organization.objects.exists()
    assert not Commitment.objects.exists()
