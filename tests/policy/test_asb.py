"""The ASB policy: its defaults, the overrides a landlord may set in the environment, and the
settings it refuses."""

import re
from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from homecase.policy import selectors
from homecase.policy.asb import DEFAULT_ASB_POLICY, parse_overrides, policy_problems


def test_the_defaults():
    policy = DEFAULT_ASB_POLICY

    assert policy_problems(policy) == []
    assert [
        policy.first_contact_working_days(level) for level in ("high", "medium", "standard")
    ] == [0, 3, 5]
    assert (policy.case_review_reports, policy.case_review_months) == (3, 6)
    assert policy.reopen_within_days == 90
    assert policy.risk_review_within("high") == 10
    assert policy.risk_review_within("standard") == 20
    assert policy.question("unsafe_at_home").forces_high
    assert policy.question("safeguarding_concern").safeguarding
    with pytest.raises(KeyError):
        policy.question("nonsense")


def test_overrides_change_only_the_numbers_named():
    policy = parse_overrides(" case_review_reports=2, reopen_within_days=60 ,")

    assert (policy.case_review_reports, policy.reopen_within_days) == (2, 60)
    assert policy.case_review_months == 6
    assert policy.risk_questions == DEFAULT_ASB_POLICY.risk_questions


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("risk_questions=1", "'risk_questions' is not an ASB policy setting."),
        ("nonsense=3", "'nonsense' is not an ASB policy setting."),
        ("case_review_months=half", "case_review_months must be a whole number, not 'half'."),
    ],
)
def test_bad_overrides_are_refused_in_plain_english(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_overrides(text)


def test_inconsistent_numbers_are_problems():
    policy = replace(DEFAULT_ASB_POLICY, medium_threshold=10, reopen_within_days=0)

    assert policy_problems(policy) == [
        "reopen_within_days must be at least 1.",
        "medium_threshold must be below high_threshold.",
    ]


def test_the_application_reads_the_overrides_from_settings():
    with override_settings(HOMECASE_ASB_POLICY="first_contact_high_working_days=2"):
        assert selectors.asb_policy().first_contact_working_days("high") == 2
    assert selectors.asb_policy() == DEFAULT_ASB_POLICY


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("reopen_within_days=soon", "reopen_within_days must be a whole number"),
        ("medium_threshold=12", "medium_threshold must be below high_threshold."),
        ("case_review_reports=0", "case_review_reports must be at least 1."),
    ],
)
def test_a_bad_setting_stops_the_application_reading_the_policy(setting, message):
    with (
        override_settings(HOMECASE_ASB_POLICY=setting),
        pytest.raises(ImproperlyConfigured, match="HOMECASE_ASB_POLICY: .*" + re.escape(message)),
    ):
        selectors.asb_policy()
