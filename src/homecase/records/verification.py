"""Checking the record has not been tampered with: every timeline's chain, end to end."""

from collections.abc import Iterator
from dataclasses import dataclass

from homecase.records import chain
from homecase.records.models import Event, Timeline


@dataclass(frozen=True)
class Problem:
    timeline: str
    sequence: int | None
    description: str

    def __str__(self) -> str:
        where = f"event {self.sequence}" if self.sequence is not None else "end of timeline"
        return f"{self.timeline}, {where}: {self.description}"


def timeline_problems(timeline: Timeline, events: list[Event]) -> list[Problem]:
    """Every break in one timeline's chain: altered, inserted, removed or reordered events."""
    problems: list[Problem] = []
    prev_hash = chain.GENESIS
    for expected, event in enumerate(events, start=1):
        if event.sequence != expected:
            problems.append(
                Problem(
                    timeline.subject,
                    event.sequence,
                    f"expected event {expected} here: an event was removed or inserted",
                )
            )
        if event.prev_hash != prev_hash:
            problems.append(
                Problem(
                    timeline.subject,
                    event.sequence,
                    "does not follow the event before it (removed, inserted or reordered)",
                )
            )
        if chain.hash_of_event(event) != event.hash:
            problems.append(
                Problem(
                    timeline.subject,
                    event.sequence,
                    "its content was altered after it was recorded",
                )
            )
        prev_hash = event.hash
    if len(events) != timeline.length or (events and events[-1].hash != timeline.head_hash):
        problems.append(
            Problem(
                timeline.subject,
                None,
                f"the timeline should end at event {timeline.length}; "
                f"it holds {len(events)} (events removed or added at the end)",
            )
        )
    return problems


def records_problems(*, chunk_size: int = 2000) -> Iterator[Problem]:
    """Walk every timeline in id order, a chunk of timelines at a time (bounded memory)."""
    last_id = 0
    while True:
        timelines = list(Timeline.objects.filter(pk__gt=last_id).order_by("pk")[:chunk_size])
        if not timelines:
            return
        events_by_timeline: dict[int, list[Event]] = {t.pk: [] for t in timelines}
        events = Event.objects.filter(
            timeline_id__gte=timelines[0].pk, timeline_id__lte=timelines[-1].pk
        ).order_by("timeline_id", "sequence")
        for event in events.iterator(chunk_size=5000):
            events_by_timeline[event.timeline_id].append(event)
        for timeline in timelines:
            yield from timeline_problems(timeline, events_by_timeline[timeline.pk])
        last_id = timelines[-1].pk
