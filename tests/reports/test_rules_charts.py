"""The bar geometry of the report's SVG charts."""

from homecase.reports.rules_charts import (
    BAR_HEIGHT,
    GAP,
    LABEL_WIDTH,
    VALUE_ROOM,
    bar_chart,
    percentage,
)


def test_the_largest_bar_fills_the_plot_and_others_scale():
    chart = bar_chart([("Phone", 10), ("Email", 5), ("Letter", 0)], width=680)
    plot = 680 - LABEL_WIDTH - VALUE_ROOM  # 400
    assert [bar.width for bar in chart.bars] == [plot, plot / 2, 0]
    assert [bar.x for bar in chart.bars] == [LABEL_WIDTH] * 3
    assert [bar.y for bar in chart.bars] == [
        GAP,
        GAP + BAR_HEIGHT + GAP,
        GAP + 2 * (BAR_HEIGHT + GAP),
    ]
    assert chart.height == GAP + 3 * (BAR_HEIGHT + GAP)
    assert chart.bars[1].value_x == LABEL_WIDTH + plot / 2 + 6


def test_no_rows_or_only_noughts_draw_nothing_wide():
    assert bar_chart([]).empty
    assert bar_chart([]).height == GAP
    assert [bar.width for bar in bar_chart([("A", 0), ("B", 0)]).bars] == [0, 0]
    assert [bar.width for bar in bar_chart([("A", -3), ("B", 2)], width=680).bars] == [0, 400]


def test_percentage():
    assert percentage(1203, 1280) == 94.0
    assert percentage(1, 3) == 33.3
    assert percentage(0, 0) is None
