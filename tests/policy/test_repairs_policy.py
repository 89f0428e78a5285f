"""The landlord's repairs policy: the catalogue's defaults (door entry is specialist, never a
responsive timescale), priorities and their timescales, overrides from the environment, and
Awaab's Law clocks that a landlord may tighten but never loosen."""

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from homecase.policy import selectors
from homecase.policy.repairs import (
    AWAAB_LAW,
    DEFAULT_REPAIR_POLICY,
    PLANNED,
    RESPONSIVE,
    SPECIALIST,
    CatalogueEntry,
    Priority,
    awaab_problems,
    parse_overrides,
    policy_problems,
)

LONDON = ZoneInfo("Europe/London")


def test_the_default_policy_is_consistent():
    assert policy_problems(DEFAULT_REPAIR_POLICY) == []


def test_the_default_timescales():
    policy = DEFAULT_REPAIR_POLICY

    assert policy.priority("emergency").timescale_words() == "within 24 hours"
    assert policy.priority("urgent").timescale_words() == "within 5 working days"
    assert policy.priority("routine").timescale_words() == "within 20 working days"
    assert policy.priority("emergency").is_emergency
    assert not policy.priority("urgent").is_emergency
    assert (policy.recall_days, policy.chases_before_escalation, policy.interim_measures_hours) == (
        30,
        2,
        24,
    )


def test_door_entry_is_a_specialist_safety_job_on_a_communal_area():
    entry = DEFAULT_REPAIR_POLICY.entry("door_entry")

    assert (entry.route, entry.safety, entry.communal) == (SPECIALIST, True, True)


def test_component_replacement_is_planned_work():
    assert DEFAULT_REPAIR_POLICY.entry("component_replacement").route == PLANNED


@pytest.mark.parametrize(
    "code",
    [
        "communal_door",
        "door_entry",
        "lock",
        "fire_door",
        "communal_lighting",
        "water_near_electrics",
    ],
)
def test_the_issues_safety_and_security_categories_need_interim_measures(code):
    assert DEFAULT_REPAIR_POLICY.entry(code).safety


def test_hazards_are_marked_for_awaabs_law():
    assert DEFAULT_REPAIR_POLICY.entry("damp_mould").hazard == "damp_mould"
    assert DEFAULT_REPAIR_POLICY.entry("hazard_other").hazard == "other_hazard"
    assert DEFAULT_REPAIR_POLICY.entry("leak").hazard == ""


def test_unknown_codes_are_key_errors():
    with pytest.raises(KeyError):
        DEFAULT_REPAIR_POLICY.entry("teleporter")
    with pytest.raises(KeyError):
        DEFAULT_REPAIR_POLICY.priority("whenever")


def test_a_priority_needs_exactly_one_timescale():
    both = Priority("odd", "Odd", hours=4, working_days=2)
    neither = Priority("vague", "Vague")
    policy = replace(
        DEFAULT_REPAIR_POLICY, priorities=(*DEFAULT_REPAIR_POLICY.priorities, both, neither)
    )

    assert policy_problems(policy) == [
        "Priority odd needs hours or working days, not both.",
        "Priority vague needs hours or working days, not both.",
    ]


def test_a_catalogue_entry_needs_a_known_priority_and_route():
    policy = replace(
        DEFAULT_REPAIR_POLICY,
        catalogue=(CatalogueEntry("odd", "Odd", "general", "soonish", route="whenever"),),
    )

    assert policy_problems(policy) == [
        "Catalogue entry odd has unknown priority soonish.",
        "Catalogue entry odd has unknown route whenever.",
    ]


def test_the_inspection_share_is_a_percentage():
    assert policy_problems(replace(DEFAULT_REPAIR_POLICY, inspection_sample_percent=101)) == [
        "inspection_sample_percent must be between 0 and 100."
    ]


def test_overrides_set_whole_number_settings():
    policy = parse_overrides("recall_days=28, inspection_sample_percent=15")

    assert (policy.recall_days, policy.inspection_sample_percent) == (28, 15)
    assert policy.catalogue == DEFAULT_REPAIR_POLICY.catalogue
    assert parse_overrides("") == DEFAULT_REPAIR_POLICY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("catalogue=1", "'catalogue' is not a repairs policy setting."),
        ("recall_days=soon", "recall_days must be a whole number, not 'soon'."),
        ("nonsense=3", "'nonsense' is not a repairs policy setting."),
    ],
)
def test_bad_overrides_are_refused_in_plain_english(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_overrides(text)


def test_the_application_reads_the_overrides_from_settings():
    with override_settings(HOMECASE_REPAIRS_POLICY="chases_before_escalation=3"):
        assert selectors.repair_policy().chases_before_escalation == 3


@pytest.mark.parametrize("setting", ["recall_days=x", "inspection_sample_percent=150"])
def test_a_bad_setting_stops_the_application_reading_the_policy(setting):
    with (
        override_settings(HOMECASE_REPAIRS_POLICY=setting),
        pytest.raises(ImproperlyConfigured, match="HOMECASE_REPAIRS_POLICY"),
    ):
        selectors.repair_policy()


def test_awaabs_law_clocks():
    assert AWAAB_LAW.as_dict() == {
        "emergency_hours": 24,
        "investigate_working_days": 10,
        "summary_working_days": 3,
        "safety_works_working_days": 5,
        "further_works_begin_working_days": 5,
        "further_works_latest_weeks": 12,
    }
    assert awaab_problems(AWAAB_LAW) == []
    assert selectors.awaab_timescales() == AWAAB_LAW


def test_stricter_awaab_clocks_are_accepted_and_looser_refused():
    assert awaab_problems(replace(AWAAB_LAW, investigate_working_days=7)) == []
    assert awaab_problems(replace(AWAAB_LAW, investigate_working_days=11)) == [
        "investigate_working_days may not be longer than Awaab's Law's 10."
    ]
    assert awaab_problems(replace(AWAAB_LAW, emergency_hours=0)) == [
        "emergency_hours must be at least 1, not 0."
    ]


def test_emergency_hours_are_real_hours_across_the_clock_change():
    # the clocks went forward at 01:00 on 31 March 2024: 24 real hours is 11:00 local
    start = datetime(2024, 3, 30, 10, tzinfo=LONDON)

    due_at, basis = selectors.due_after_hours(start, 24)

    assert due_at.astimezone(LONDON) == datetime(2024, 3, 31, 11, tzinfo=LONDON)
    assert basis


def test_routes_are_the_three_kinds_of_job():
    assert {entry.route for entry in DEFAULT_REPAIR_POLICY.catalogue} == {
        RESPONSIVE,
        SPECIALIST,
        PLANNED,
    }
