"""The hash chain: each event's hash covers its content and the previous event's hash.

Changing, inserting or removing any event breaks the chain from that point on; the timeline's
stored length and head hash catch the removal of the newest one."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def canonical_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """The JSON form the data will have once stored, so the hash is stable after reloading."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    prev_hash: str,
    timeline_id: int,
    sequence: int,
    occurred_at: datetime,
    recorded_at: datetime,
    backdate_reason: str,
    actor_id: int | None,
    actor_name: str,
    channel: str,
    kind: str,
    summary: str,
    data: dict[str, Any],
    visibility: str,
) -> str:
    content = {
        "prev": prev_hash,
        "timeline": timeline_id,
        "sequence": sequence,
        "occurred_at": _moment(occurred_at),
        "recorded_at": _moment(recorded_at),
        "backdate_reason": backdate_reason,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "channel": channel,
        "kind": kind,
        "summary": summary,
        "data": data,
        "visibility": visibility,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def hash_of_event(event: Any) -> str:
    """Recompute the hash of a stored event from its fields."""
    return event_hash(
        prev_hash=event.prev_hash,
        timeline_id=event.timeline_id,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
        backdate_reason=event.backdate_reason,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        channel=event.channel,
        kind=event.kind,
        summary=event.summary,
        data=event.data,
        visibility=event.visibility,
    )
