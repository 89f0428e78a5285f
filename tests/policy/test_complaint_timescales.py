"""The landlord's complaint timescales: stricter than the Code is accepted, looser refused, and
a looser setting stops the application from reading them at all."""

from dataclasses import fields, replace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from homecase.policy import selectors
from homecase.policy.complaints import (
    CODE,
    ComplaintTimescales,
    parse_overrides,
    problems_with,
)

RESIDENT_ALLOWANCES = ["escalation_window_days", "exclusion_months"]
PROMISES = [f.name for f in fields(ComplaintTimescales) if f.name not in RESIDENT_ALLOWANCES]


def test_the_codes_own_figures():
    assert CODE.as_dict() == {
        "stage1_acknowledge_days": 5,
        "stage1_response_days": 10,
        "stage1_extension_days": 10,
        "stage2_acknowledge_days": 5,
        "stage2_response_days": 20,
        "stage2_extension_days": 20,
        "new_date_after_miss_days": 3,
        "escalation_window_days": 20,
        "exclusion_months": 12,
    }
    assert problems_with(CODE) == []


@pytest.mark.parametrize("name", PROMISES)
def test_a_promise_sooner_than_the_code_is_accepted(name):
    # given: one day sooner than the Code
    timescales = replace(CODE, **{name: getattr(CODE, name) - 1})
    # then
    assert problems_with(timescales) == []


@pytest.mark.parametrize("name", PROMISES)
def test_a_promise_later_than_the_code_is_refused(name):
    code = getattr(CODE, name)
    timescales = replace(CODE, **{name: code + 1})
    assert problems_with(timescales) == [f"{name} may not be longer than the Code's {code}."]


@pytest.mark.parametrize("name", RESIDENT_ALLOWANCES)
def test_giving_residents_more_time_is_accepted(name):
    timescales = replace(CODE, **{name: getattr(CODE, name) + 10})
    assert problems_with(timescales) == []


@pytest.mark.parametrize("name", RESIDENT_ALLOWANCES)
def test_giving_residents_less_time_is_refused(name):
    code = getattr(CODE, name)
    timescales = replace(CODE, **{name: code - 1})
    assert problems_with(timescales) == [f"{name} may not be shorter than the Code's {code}."]


@pytest.mark.parametrize("name", [f.name for f in fields(ComplaintTimescales)])
@pytest.mark.parametrize("value", [0, -3])
def test_every_timescale_is_at_least_one(name, value):
    timescales = replace(CODE, **{name: value})
    assert problems_with(timescales) == [f"{name} must be at least 1, not {value}."]


def test_every_problem_is_listed():
    timescales = replace(CODE, stage1_response_days=15, escalation_window_days=10)
    assert problems_with(timescales) == [
        "stage1_response_days may not be longer than the Code's 10.",
        "escalation_window_days may not be shorter than the Code's 20.",
    ]


# --- the environment's form --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", ",", " , ,"])
def test_no_overrides_means_the_code(text):
    assert parse_overrides(text) == CODE


def test_overrides_are_read_by_name():
    parsed = parse_overrides(" stage1_response_days=8 , escalation_window_days = 30,")
    assert parsed == replace(CODE, stage1_response_days=8, escalation_window_days=30)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stage1_respond_days=8", "'stage1_respond_days' is not a complaint timescale."),
        ("=8", "'' is not a complaint timescale."),
        (
            "stage1_response_days=eight",
            "stage1_response_days must be a whole number of days, not 'eight'.",
        ),
        (
            "stage1_response_days=8.5",
            "stage1_response_days must be a whole number of days, not '8.5'.",
        ),
        ("stage1_response_days", "stage1_response_days must be a whole number of days, not ''."),
    ],
)
def test_bad_overrides_are_refused_by_name(text, message):
    with pytest.raises(ValueError, match=".") as error:
        parse_overrides(text)
    assert str(error.value) == message


# --- the application's reading -----------------------------------------------------------------


@override_settings(HOMECASE_COMPLAINT_TIMESCALES="stage1_response_days=8,escalation_window_days=25")
def test_stricter_settings_are_used():
    assert selectors.complaint_timescales() == replace(
        CODE, stage1_response_days=8, escalation_window_days=25
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "stage1_response_days=11",
            "HOMECASE_COMPLAINT_TIMESCALES: stage1_response_days may not be longer than the "
            "Code's 10.",
        ),
        (
            "stage2_extension_days=30,exclusion_months=6",
            "HOMECASE_COMPLAINT_TIMESCALES: stage2_extension_days may not be longer than the "
            "Code's 20. exclusion_months may not be shorter than the Code's 12.",
        ),
        (
            "stage1_acknowledge_days=0",
            "HOMECASE_COMPLAINT_TIMESCALES: stage1_acknowledge_days must be at least 1, not 0.",
        ),
        (
            "respond_days=5",
            "HOMECASE_COMPLAINT_TIMESCALES: 'respond_days' is not a complaint timescale.",
        ),
    ],
)
def test_looser_or_broken_settings_stop_the_application(setting, message):
    with (
        override_settings(HOMECASE_COMPLAINT_TIMESCALES=setting),
        pytest.raises(ImproperlyConfigured) as error,
    ):
        selectors.complaint_timescales()
    assert str(error.value) == message
