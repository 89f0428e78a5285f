"""TSM arithmetic, no database: reporting years, periods, and one-decimal rounding."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homecase.reports import rules_tsm
from homecase.reports.rules_tsm import PeriodError


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2025-26", date(2025, 4, 1), date(2026, 3, 31)),
        ("1999-00", date(1999, 4, 1), date(2000, 3, 31)),
        (" 2024-25 ", date(2024, 4, 1), date(2025, 3, 31)),
    ],
)
def test_reporting_year_runs_april_to_march(label, start, end):
    period = rules_tsm.reporting_year(label)
    assert (period.start, period.end, period.is_reporting_year) == (start, end, True)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2025", "Enter a reporting year like 2025-26."),
        ("2025-2026", "Enter a reporting year like 2025-26."),
        ("", "Enter a reporting year like 2025-26."),
        ("2025-27", "A reporting year runs from April to March: 2025-26."),
    ],
)
def test_badly_named_years_are_refused(label, message):
    with pytest.raises(PeriodError, match=message):
        rules_tsm.reporting_year(label)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 3, 31), "2024-25"),
        (date(2025, 4, 1), "2025-26"),
        (date(2026, 1, 15), "2025-26"),
    ],
)
def test_reporting_year_of_a_day(day, year):
    assert rules_tsm.reporting_year_of(day) == year


def test_recent_years_newest_first():
    assert rules_tsm.recent_years(date(2026, 11, 23), 3) == ["2026-27", "2025-26", "2024-25"]


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="The end of the period must be the same as or after"):
        rules_tsm.period_between(date(2025, 9, 30), date(2025, 4, 1))


def test_a_one_day_period_and_a_whole_year_by_dates():
    one_day = rules_tsm.period_between(date(2025, 4, 1), date(2025, 4, 1))
    assert (one_day.label, one_day.is_reporting_year) == ("1 April 2025 to 1 April 2025", False)
    assert rules_tsm.period_between(date(2025, 4, 1), date(2026, 3, 31)).label == "2025-26"


@pytest.mark.parametrize(
    ("count", "homes", "expected"),
    [
        (5, 10, Decimal("500.0")),
        (1, 3, Decimal("333.3")),
        (2, 3, Decimal("666.7")),
        (1, 8000, Decimal("0.1")),  # 0.125 rounds half up
        (1, 40000, Decimal("0.0")),  # 0.025
        (0, 125000, Decimal("0.0")),
        (3, 0, None),
    ],
)
def test_per_thousand(count, homes, expected):
    assert rules_tsm.per_thousand(count, homes) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (3, 4, Decimal("75.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),  # 6.25 rounds half up, not to even
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (0, 0, None),
    ],
)
def test_share(numerator, denominator, expected):
    assert rules_tsm.share(numerator, denominator) == expected


def test_a_share_cannot_exceed_its_denominator():
    with pytest.raises(ValueError, match="between 0 and its denominator"):
        rules_tsm.share(5, 4)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_share_is_a_percentage_to_one_place(a, b):
    numerator, denominator = min(a, b), max(a, b)
    result = rules_tsm.share(numerator, denominator)
    assert Decimal("0.0") <= result <= Decimal("100.0")
    assert result.as_tuple().exponent == -1
    assert abs(result - Decimal(numerator) * 100 / Decimal(denominator)) <= Decimal("0.05")


@pytest.mark.parametrize(
    ("result", "kind", "text"),
    [
        (Decimal("75.0"), rules_tsm.SHARE, "75.0%"),
        (Decimal("3.2"), rules_tsm.PER_THOUSAND, "3.2 per 1,000 homes"),
        (None, rules_tsm.SHARE, "No data"),
    ],
)
def test_result_text(result, kind, text):
    assert rules_tsm.result_text(result, kind) == text
