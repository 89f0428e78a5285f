"""The pure complaint rules: the transitions table, what a response must contain, the overall
outcome, dissatisfaction in a resident's words, late escalation and compensation bands."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homecase.complaints import rules
from homecase.complaints.rules import PointDecision

STATUSES = [
    rules.RECEIVED,
    rules.STAGE_1,
    rules.STAGE_1_RESPONDED,
    rules.STAGE_2_REQUESTED,
    rules.STAGE_2,
    rules.STAGE_2_RESPONDED,
    rules.REFUSED,
    rules.WITHDRAWN,
]
ALLOWED = {
    (rules.RECEIVED, rules.STAGE_1),
    (rules.RECEIVED, rules.REFUSED),
    (rules.RECEIVED, rules.WITHDRAWN),
    (rules.STAGE_1, rules.STAGE_1_RESPONDED),
    (rules.STAGE_1, rules.WITHDRAWN),
    (rules.STAGE_1_RESPONDED, rules.STAGE_2_REQUESTED),
    (rules.STAGE_2_REQUESTED, rules.STAGE_2),
    (rules.STAGE_2_REQUESTED, rules.WITHDRAWN),
    (rules.STAGE_2, rules.STAGE_2_RESPONDED),
    (rules.STAGE_2, rules.WITHDRAWN),
}
EXPLAINED = {
    (rules.RECEIVED, rules.STAGE_1_RESPONDED): "The complaint must be acknowledged before it is "
    "answered.",
    (rules.RECEIVED, rules.STAGE_2_REQUESTED): "There is no stage 1 response to escalate from yet.",
    (rules.STAGE_1, rules.STAGE_2_REQUESTED): "There is no stage 1 response to escalate from yet.",
    (rules.STAGE_2_REQUESTED, rules.STAGE_2_RESPONDED): "Acknowledge the stage 2 request before "
    "answering.",
}
REFUSED_PAIRS = [pair for pair in itertools.product(STATUSES, repeat=2) if pair not in ALLOWED]


# --- transitions -------------------------------------------------------------------------------


def test_the_table_names_every_status_and_nothing_else():
    assert set(rules.TRANSITIONS) == set(STATUSES)
    assert {(old, new) for old, news in rules.TRANSITIONS.items() for new in news} == ALLOWED


@pytest.mark.parametrize(("old", "new"), sorted(ALLOWED))
def test_allowed_transitions_pass(old, new):
    # when / then: no exception
    assert rules.ensure_transition(old, new) is None


@pytest.mark.parametrize(("old", "new"), REFUSED_PAIRS)
def test_every_other_transition_is_refused_with_a_plain_message(old, new):
    # given
    expected = EXPLAINED.get(
        (old, new),
        f"A complaint that is {old.replace('_', ' ')} cannot become {new.replace('_', ' ')}.",
    )
    # when
    with pytest.raises(rules.TransitionRefused) as refused:
        rules.ensure_transition(old, new)
    # then
    assert str(refused.value) == expected


def test_an_unknown_status_cannot_move_anywhere():
    with pytest.raises(rules.TransitionRefused, match="^A complaint that is closed cannot become"):
        rules.ensure_transition("closed", rules.STAGE_1)


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        (rules.RECEIVED, None),
        (rules.STAGE_1, 1),
        (rules.STAGE_1_RESPONDED, 1),
        (rules.STAGE_2_REQUESTED, 2),
        (rules.STAGE_2, 2),
        (rules.STAGE_2_RESPONDED, 2),
        (rules.REFUSED, None),
        (rules.WITHDRAWN, None),
    ],
)
def test_stage_of_each_status(status, stage):
    assert rules.stage_of(status) == stage


# --- response gaps -----------------------------------------------------------------------------


def test_a_complete_response_has_no_gaps():
    points = [
        PointDecision(1, rules.UPHELD, "We missed it."),
        PointDecision(2, rules.NOT_UPHELD, "On time."),
    ]
    assert rules.response_gaps(points=points, explanation="Found.", outcomes_sought="Fix") == []


def test_every_gap_is_listed_in_order():
    # given: no outcome, point 1 with no decision, point 2 with no reason, no explanation
    points = [PointDecision(1, "", "Because."), PointDecision(2, rules.UPHELD, "  ")]
    # when
    gaps = rules.response_gaps(points=points, explanation=" ", outcomes_sought="")
    # then
    assert gaps == [
        "The complaint definition does not say what outcome the resident wants.",
        "Point 1 has no decision (upheld, partly or not upheld).",
        "Point 2 has no reason for its decision.",
        "The response has no explanation of what was found.",
    ]


def test_a_definition_with_no_points_cannot_be_answered():
    gaps = rules.response_gaps(points=[], explanation="Found.", outcomes_sought="Fix")
    assert gaps == ["The complaint definition has no points to answer."]


@pytest.mark.parametrize("decision", ["", "maybe", "UPHELD", "partly"])
def test_only_the_three_decisions_count(decision):
    gaps = rules.response_gaps(
        points=[PointDecision(3, decision, "A reason.")], explanation="Found.", outcomes_sought="X"
    )
    assert gaps == ["Point 3 has no decision (upheld, partly or not upheld)."]


# --- overall outcome ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "outcome"),
    [
        ([rules.UPHELD], rules.UPHELD),
        ([rules.UPHELD, rules.UPHELD], rules.UPHELD),
        ([rules.NOT_UPHELD], rules.NOT_UPHELD),
        ([rules.NOT_UPHELD, rules.NOT_UPHELD], rules.NOT_UPHELD),
        ([rules.PARTLY_UPHELD], rules.PARTLY_UPHELD),
        ([rules.UPHELD, rules.NOT_UPHELD], rules.PARTLY_UPHELD),
        ([rules.UPHELD, rules.PARTLY_UPHELD], rules.PARTLY_UPHELD),
        ([rules.NOT_UPHELD, rules.PARTLY_UPHELD], rules.PARTLY_UPHELD),
    ],
)
def test_overall_outcome(decisions, outcome):
    assert rules.overall_outcome(decisions) == outcome


@given(st.lists(st.sampled_from(rules.DECISIONS), min_size=1))
def test_overall_outcome_is_upheld_or_not_only_when_every_point_agrees(decisions):
    outcome = rules.overall_outcome(iter(decisions))
    assert outcome in rules.DECISIONS
    assert (outcome == rules.UPHELD) == all(d == rules.UPHELD for d in decisions)
    assert (outcome == rules.NOT_UPHELD) == all(d == rules.NOT_UPHELD for d in decisions)


# --- dissatisfaction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("I'd like to complain about the repair.", ["complain"]),
        ("This is the third time I have rung about the leak.", ["third time"]),
        ("This is the 4th time I've called", ["4th time"]),
        ("for the 21st time", ["21st time"]),
        ("I am still waiting for someone to come.", ["still waiting"]),
        ("It is still not fixed.", ["still not fixed"]),
        ("This is unacceptable.", ["unacceptable"]),
        ("UNACCEPTABLE. Unacceptable!", ["unacceptable"]),
        ("Nobody came and I'm fed up.", ["nobody came", "fed up"]),
        ("The engineer didn't turn up again", ["didn't turn up"]),
        (
            "How many times do I have to ask? It's not good enough.",
            ["how many times", "not good enough"],
        ),
        ("I want to make a formal complaint", ["complaint"]),
        (
            "A no-show, a waste of my time, and I feel let down.",
            ["no-show", "waste of my time", "let down"],
        ),
        ("I'm not happy and my emails are ignored.", ["not happy", "ignored"]),
    ],
)
def test_dissatisfaction_is_found_in_the_residents_words(text, phrases):
    assert rules.dissatisfaction_in(text) == phrases


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Please book a repair for the kitchen tap.",
        "The engineer came on Tuesday and fixed the boiler. Thank you!",
        "Can you tell me when my rent is due?",
        "It's the first time I have reported this.",
        "This is the 1st time I've reported the leak.",
        "I'm happy with the new windows.",
        "Waiting room opening hours please",
    ],
)
def test_ordinary_words_show_no_dissatisfaction(text):
    assert rules.dissatisfaction_in(text) == []


def test_no_text_shows_no_dissatisfaction():
    assert rules.dissatisfaction_in(None) == []


# --- escalation window and compensation bands --------------------------------------------------


@pytest.mark.parametrize(
    ("requested_on", "late"),
    [(date(2024, 10, 16), False), (date(2024, 10, 17), False), (date(2024, 10, 18), True)],
)
def test_an_escalation_after_the_last_day_of_the_window_is_late(requested_on, late):
    ends = date(2024, 10, 17)
    assert rules.escalation_is_late(requested_on=requested_on, window_ends_on=ends) is late


BANDS = [
    rules.Band("minimal", "Minimal", Decimal(50), Decimal(100)),
    rules.Band("adverse", "Adverse", Decimal(100), Decimal(600)),
    rules.Band("significant", "Significant", Decimal(600), Decimal(1000)),
    rules.Band("severe", "Severe", Decimal(1000), None),
]


@pytest.mark.parametrize(
    ("impact", "band"),
    [("minimal", BANDS[0]), ("adverse", BANDS[1]), ("significant", BANDS[2]), ("severe", BANDS[3])],
)
def test_the_band_for_each_impact(impact, band):
    assert rules.suggested_band(BANDS, impact) == band


def test_no_band_for_an_unknown_impact_or_when_none_are_in_force():
    assert rules.suggested_band(BANDS, "catastrophic") is None
    assert rules.suggested_band([], "minimal") is None


def test_the_first_band_in_force_wins():
    newer = rules.Band("minimal", "Minimal (2026)", Decimal(75), Decimal(150))
    assert rules.suggested_band([newer, *BANDS], "minimal") == newer
