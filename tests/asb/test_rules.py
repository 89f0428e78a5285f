"""Pure ASB rules: the status moves, the risk matrix's score, the case-review threshold, the
reopening window and the case's category. No database."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homecase.asb import rules
from homecase.policy.asb import DEFAULT_ASB_POLICY, DEFAULT_RISK_QUESTIONS

LONDON = ZoneInfo("Europe/London")
AT = datetime(2024, 7, 2, 10, tzinfo=LONDON)
CODES = [question.code for question in DEFAULT_RISK_QUESTIONS]
LEVEL_ORDER = {rules.STANDARD: 0, rules.MEDIUM: 1, rules.HIGH: 2}


def score(answers: dict[str, bool]) -> rules.RiskResult:
    return rules.risk_score(answers, DEFAULT_RISK_QUESTIONS, 10, 5)


def test_a_case_moves_only_along_the_transitions_table():
    rules.ensure_transition(rules.OPEN, rules.CLOSED)
    rules.ensure_transition(rules.CLOSED, rules.OPEN)
    with pytest.raises(rules.TransitionRefused, match="from joined to open"):
        rules.ensure_transition(rules.JOINED, rules.OPEN)
    with pytest.raises(rules.TransitionRefused):
        rules.ensure_transition(rules.CLOSED, rules.JOINED)


@pytest.mark.parametrize(
    ("yes", "expected"),
    [
        ([], rules.RiskResult(0, rules.STANDARD, False)),
        (["repeated", "targeted"], rules.RiskResult(4, rules.STANDARD, False)),
        (["repeated", "targeted", "children"], rules.RiskResult(5, rules.MEDIUM, False)),
        # a threat of violence is high risk on its own, whatever the total
        (["threats_or_violence"], rules.RiskResult(4, rules.HIGH, False)),
        (
            [
                "repeated",
                "targeted",
                "health_affected",
                "isolated",
                "children",
                "considering_moving",
            ],
            rules.RiskResult(10, rules.HIGH, False),
        ),
        # a safeguarding concern is flagged whatever the level
        (["safeguarding_concern"], rules.RiskResult(3, rules.STANDARD, True)),
    ],
)
def test_the_matrix_scores_the_yes_answers(yes, expected):
    answers = {code: code in yes for code in CODES}

    assert score(answers) == expected


def test_a_no_answer_adds_nothing_and_an_unknown_question_is_refused():
    assert score({"threats_or_violence": False}) == rules.RiskResult(0, rules.STANDARD, False)
    with pytest.raises(ValueError, match="Not a question of the risk matrix: grumpy"):
        score({"grumpy": True})


@given(
    answers=st.dictionaries(st.sampled_from(CODES), st.booleans()),
    extra=st.sampled_from(CODES),
)
def test_another_yes_never_lowers_the_score_or_the_level(answers, extra):
    before = score(answers)
    after = score({**answers, extra: True})

    assert after.score >= before.score
    assert LEVEL_ORDER[after.level] >= LEVEL_ORDER[before.level]
    assert after.safeguarding >= before.safeguarding


def test_three_reports_within_six_months_meet_the_case_review_threshold():
    # given: reports on 2 February (5 months before), 1 June and 2 July 2024
    moments = [AT - timedelta(days=150), AT - timedelta(days=31), AT]

    assert rules.case_review_threshold_met(moments, at=AT, reports=3, months=6) == (True, 3)
    # the third report is not yet in when asked on 1 July
    before = AT - timedelta(days=1)
    assert rules.case_review_threshold_met(moments, at=before, reports=3, months=6) == (False, 2)


def test_a_report_older_than_the_window_does_not_count():
    old = datetime(2024, 1, 1, 9, tzinfo=LONDON)  # six months and a day before 2 July
    moments = [old, AT - timedelta(days=10), AT]

    assert rules.case_review_threshold_met(moments, at=AT, reports=3, months=6) == (False, 2)
    assert rules.case_review_threshold_met(moments, at=AT, reports=2, months=6) == (True, 2)


@pytest.mark.parametrize(
    ("at", "months", "expected"),
    [
        (datetime(2024, 8, 31, 12, tzinfo=LONDON), 6, datetime(2024, 2, 29, 12, tzinfo=LONDON)),
        (datetime(2024, 7, 2, 10, tzinfo=LONDON), 6, datetime(2024, 1, 2, 10, tzinfo=LONDON)),
        (datetime(2024, 3, 15, 10, tzinfo=LONDON), 12, datetime(2023, 3, 15, 10, tzinfo=LONDON)),
    ],
)
def test_months_before_counts_calendar_months(at, months, expected):
    assert rules.months_before(at, months) == expected


@pytest.mark.parametrize(
    ("days_after", "expected"),
    [(0, True), (90, True), (91, False), (-1, False)],
)
def test_a_case_reopens_only_within_the_window(days_after, expected):
    closed_at = AT

    assert (
        rules.may_reopen(closed_at, at=AT + timedelta(days=days_after), within_days=90) is expected
    )


def test_a_case_never_closed_cannot_be_reopened():
    assert rules.may_reopen(None, at=AT, within_days=90) is False


@pytest.mark.parametrize(
    ("behaviours", "category"),
    [
        (["drugs"], "nuisance"),
        (["rubbish", "vehicles"], "environmental"),
        (["rubbish", "noise"], "nuisance"),
        (["drugs", "harassment", "vandalism"], "personal"),
        (["hate"], "personal"),
        (["made_up"], "nuisance"),
    ],
)
def test_the_category_is_the_most_serious_of_the_behaviours(behaviours, category):
    assert rules.category_for(behaviours, DEFAULT_ASB_POLICY.behaviour_categories) == category
