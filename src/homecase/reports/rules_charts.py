"""Bar geometry for the server-rendered SVG charts (pure Python, no Django).

`bar_chart` lays out one horizontal bar per row: the template draws the rectangles and labels
with the numbers it returns, and puts the same rows in a data table beside the chart."""

from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_HEIGHT = 22
GAP = 8
VALUE_ROOM = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: int
    y: int
    width: float
    height: int
    text_y: int
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(rows: list[tuple[str, float]], *, width: int = 640) -> BarChart:
    """One bar per (label, value), scaled so the largest fills the plot area; negative values
    count as nought. A chart of no rows, or of only noughts, has no bars drawn wider than 0."""
    plot = max(width - LABEL_WIDTH - VALUE_ROOM, 1)
    largest = max((max(value, 0) for _, value in rows), default=0)
    bars = []
    for index, (label, value) in enumerate(rows):
        length = plot * max(value, 0) / largest if largest else 0.0
        y = GAP + index * (BAR_HEIGHT + GAP)
        bars.append(
            Bar(
                label=label,
                value=value,
                x=LABEL_WIDTH,
                y=y,
                width=round(length, 1),
                height=BAR_HEIGHT,
                text_y=y + BAR_HEIGHT - 6,
                value_x=round(LABEL_WIDTH + length + 6, 1),
            )
        )
    height = GAP + len(rows) * (BAR_HEIGHT + GAP)
    return BarChart(width=width, height=height, label_width=LABEL_WIDTH, bars=tuple(bars))


def percentage(numerator: int, denominator: int) -> float | None:
    """numerator/denominator as a percentage to one decimal place, or None when there is no
    denominator (nothing to measure)."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)
