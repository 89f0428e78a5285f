"""The actions proposed to the officer: the multi-agency response the Ombudsman expects."""

from homecase.asb.suggestions import suggested_actions


def kinds(**overrides) -> list[str]:
    fields = {
        "behaviours": ["drugs", "squatting"],
        "location": "block",
        "risk_level": "high",
        "hate_incident": False,
        "safeguarding": False,
        "perpetrator_known": False,
        "linked_repair": False,
    }
    fields.update(overrides)
    return [suggestion.kind for suggestion in suggested_actions(**fields)]


def test_drug_use_in_a_block_proposes_the_multi_agency_response():
    proposed = kinds()
    for kind in ("site_visit", "speak_to_neighbours", "police_report", "patrols"):
        assert kind in proposed
    assert "security_works" in proposed  # no door repair linked yet
    assert "mediation" not in proposed
    assert "warning_letter" not in proposed


def test_a_linked_repair_stops_proposing_security_works():
    assert "security_works" not in kinds(linked_repair=True)


def test_safeguarding_comes_first_and_planned_actions_are_not_proposed_again():
    proposed = kinds(safeguarding=True, already_planned=["site_visit", "patrols"])
    assert proposed[0] == "safeguarding"
    assert "site_visit" not in proposed
    assert "patrols" not in proposed


def test_a_noise_dispute_with_no_one_at_risk_proposes_mediation_not_the_police():
    proposed = kinds(
        behaviours=["noise"], location="home", risk_level="standard", perpetrator_known=True
    )
    assert "mediation" in proposed
    assert "warning_letter" in proposed
    assert "police_report" not in proposed
    assert "patrols" not in proposed
    assert "speak_to_neighbours" not in proposed


def test_a_hate_incident_proposes_victim_support():
    assert "victim_support" in kinds(
        behaviours=["hate"], location="home", risk_level="medium", hate_incident=True
    )
