"""Sending messages to residents and their representatives.

`message_send` renders a message in the resident's channel, format and language, stores it as
queued and records it on the case timeline (or the resident's own) in one transaction; delivery
runs only once that transaction has committed (STYLE.md #6), so a rolled-back action never sends
a letter. Delivery outcomes are the only writes after the fact, through `message_mark_sent` and
`message_mark_failed`; a failure is always recorded on the timeline, never silent.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from homecase.accounts.models import User
from homecase.common.errors import Conflict, InvalidInput
from homecase.common.time import now
from homecase.housing.models import ContactFormat, Representative, Resident
from homecase.notify import rules
from homecase.notify.backends import EMAIL_BACKEND
from homecase.notify.models import (
    TRANSCRIPTION_NOTE,
    MessageChannel,
    MessageStatus,
    OutboundMessage,
)
from homecase.notify.rendering import Rendered, render_message
from homecase.records.models import Case, Channel, Timeline, Visibility
from homecase.records.services import event_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Addressee:
    """Who one message goes to, and how: the resident, or a representative's copy."""

    name: str
    channel: str
    recipient: str
    message_format: str
    language: str
    representative: Representative | None = None


def _reach(resident: Resident) -> dict[str, bool]:
    return {
        "has_email": bool(resident.email),
        "has_phone": bool(resident.phone.strip()),
        "has_address": resident.home_id is not None,
    }


def _channel_for(resident: Resident, channel: str | None) -> str:
    reach = _reach(resident)
    if channel is None:
        return rules.choose_channel(resident.preferred_channel, **reach)
    if channel not in MessageChannel.values:
        raise InvalidInput(
            f"'{channel}' is not a channel messages can be sent by.", field="channel"
        )
    if not rules.channel_reaches(channel, **reach):
        label = MessageChannel(channel).label.lower()
        raise InvalidInput(
            f"{resident.full_name} cannot be sent a {label}: the contact "
            "details it needs are not recorded.",
            field="channel",
        )
    return channel


def _recipient(resident: Resident, channel: str) -> str:
    if channel == MessageChannel.EMAIL:
        return resident.email
    if channel == MessageChannel.SMS:
        return resident.phone.strip()
    return f"{resident.full_name}, {resident.home.one_line_address}"


def _address_lines(resident: Resident) -> list[str]:
    home = resident.home
    if home is None:
        return [resident.full_name]
    lines = [resident.full_name, home.address_line_1, home.address_line_2, home.town, home.postcode]
    return [line for line in lines if line]


def _backend(channel: str, message_format: str) -> str:
    path = {
        MessageChannel.EMAIL: EMAIL_BACKEND,
        MessageChannel.SMS: settings.HOMECASE_SMS_BACKEND,
        MessageChannel.LETTER: settings.HOMECASE_LETTER_BACKEND,
    }[MessageChannel(channel)]
    if rules.needs_transcription(channel=channel, message_format=message_format):
        return path + TRANSCRIPTION_NOTE
    return path


def _signature(actor: User | None) -> str:
    # A letter is signed by the officer who sent it; automatic ones by the team.
    return (actor.get_full_name() if actor else "") or "Customer Services"


def _context(
    *,
    resident: Resident,
    case: Case | None,
    actor: User | None,
    addressee: _Addressee,
    context: dict[str, Any],
    dated: datetime | None = None,
) -> dict[str, Any]:
    """The caller's context plus what every template may use (these names win)."""
    reference = case.reference if case else context.get("reference", "")
    copy_note = ""
    if addressee.representative is not None:
        copy_note = (
            f"You are receiving a copy of this message because you act for "
            f"{resident.full_name}{' on ' + reference if reference else ''}."
        )
    return {
        **context,
        "landlord_name": settings.HOMECASE_LANDLORD_NAME,
        "resident": resident,
        "resident_name": resident.full_name,
        "recipient_name": addressee.name,
        "case": case,
        "reference": reference,
        "reference_description": context.get("description") or (case.title if case else ""),
        "address_lines": _address_lines(resident),
        "date": timezone.localdate(dated or now()).strftime("%-d %B %Y"),
        "signed_by": _signature(actor),
        "copy_note": copy_note,
    }


def _timeline(message: OutboundMessage) -> Timeline:
    return message.case.timeline if message.case_id else message.resident.timeline


@transaction.atomic
def message_send(
    *,
    resident: Resident,
    template: str,
    context: dict[str, Any],
    actor: User | None,
    case: Case | None = None,
    channel: str | None = None,
) -> OutboundMessage:
    """Write to a resident in their channel, format and language; copy any representative
    whose consent covers the case. Delivered once the transaction commits."""
    channel = _channel_for(resident, channel)
    addressee = _Addressee(
        name=resident.full_name,
        channel=channel,
        recipient=_recipient(resident, channel),
        message_format=resident.preferred_format,
        language=resident.preferred_language,
    )
    message = _message_create(
        resident=resident,
        case=case,
        template=template,
        context=context,
        actor=actor,
        addressee=addressee,
    )
    for representative in _representatives_to_copy(resident=resident, case=case):
        _message_create(
            resident=resident,
            case=case,
            template=template,
            context=context,
            actor=actor,
            addressee=_copy_for(representative),
        )
    return message


def case_message_send(
    *,
    case: Case,
    resident: Resident,
    template: str,
    context: dict[str, Any],
    actor: User | None,
    by_hand_kind: str,
) -> OutboundMessage | None:
    """`message_send` about a case, for a resident we may hold no contact details for: then
    nothing is sent, and a staff event of kind `by_hand_kind` on the case's timeline says who
    must be contacted by hand and about what (the case goes on either way)."""
    try:
        return message_send(
            resident=resident, template=template, context=context, actor=actor, case=case
        )
    except InvalidInput as unreachable:
        if unreachable.field != "resident":
            raise
        event_record(
            timeline=case.timeline,
            kind=by_hand_kind,
            actor=None,
            channel=Channel.SYSTEM,
            summary=f"Contact {resident.full_name} by hand (no contact details): "
            f"{template.replace('_', ' ')}",
            data={"template": template},
            visibility=Visibility.STAFF,
        )
        return None


def message_render(
    *,
    resident: Resident,
    template: str,
    context: dict[str, Any],
    actor: User | None,
    case: Case | None = None,
    channel: str = MessageChannel.LETTER,
    dated: datetime | None = None,
) -> Rendered:
    """A message as `message_send` would write it to the resident (their format and language),
    dated as given, without storing or sending anything: a copy to show or print again."""
    addressee = _Addressee(
        name=resident.full_name,
        channel=channel,
        recipient="",
        message_format=resident.preferred_format,
        language=resident.preferred_language,
    )
    return render_message(
        template=template,
        channel=channel,
        message_format=addressee.message_format,
        language=addressee.language,
        context=_context(
            resident=resident,
            case=case,
            actor=actor,
            addressee=addressee,
            context=context,
            dated=dated,
        ),
    )


def _representatives_to_copy(*, resident: Resident, case: Case | None) -> list[Representative]:
    if case is None:
        return []
    today = timezone.localdate(now())
    candidates = resident.representatives.exclude(email="").order_by("pk")
    return [rep for rep in candidates if rep.covers(case.reference, today)]


def _copy_for(representative: Representative) -> _Addressee:
    # Kept simple: a representative's copy is a standard English email to their address.
    return _Addressee(
        name=representative.name,
        channel=MessageChannel.EMAIL,
        recipient=representative.email,
        message_format=ContactFormat.STANDARD,
        language="English",
        representative=representative,
    )


def _message_create(
    *,
    resident: Resident,
    case: Case | None,
    template: str,
    context: dict[str, Any],
    actor: User | None,
    addressee: _Addressee,
) -> OutboundMessage:
    rendered = render_message(
        template=template,
        channel=addressee.channel,
        message_format=addressee.message_format,
        language=addressee.language,
        context=_context(
            resident=resident, case=case, actor=actor, addressee=addressee, context=context
        ),
    )
    message = OutboundMessage.objects.create(
        case=case,
        resident=resident,
        representative=addressee.representative,
        channel=addressee.channel,
        format=addressee.message_format,
        language=rendered.language,
        template=template,
        recipient=addressee.recipient,
        subject=rendered.subject,
        body=rendered.body,
        body_html=rendered.body_html,
        backend=_backend(addressee.channel, addressee.message_format),
    )
    _record_sent(message=message, actor=actor, rendered=rendered, requested=addressee.language)
    transaction.on_commit(partial(message_deliver, message_id=message.pk))
    return message


def _sent_summary(message: OutboundMessage) -> str:
    label = message.get_channel_display()
    if message.representative is not None:
        return (
            f"{label} copy sent to {message.representative.name} (representative): "
            f"{message.subject}"
        )
    if message.needs_transcription:
        return (
            f"{label} queued for transcription into "
            f"{message.get_format_display().lower()}: {message.subject}"
        )
    return f"{label} sent: {message.subject}"


def _record_sent(
    *, message: OutboundMessage, actor: User | None, rendered: Rendered, requested: str
) -> None:
    data: dict[str, Any] = {
        "message_id": message.pk,
        "channel": message.channel,
        "format": message.format,
        "template": message.template,
        "recipient": message.recipient,
        "language": message.language,
    }
    if rendered.translation_offered:
        # Sent in English because no translation exists: the offer is in the message itself.
        data |= {
            "requested_language": requested,
            "translation_offered": rendered.translation_offered,
        }
    if message.needs_transcription:
        data["transcription_needed"] = True
    if message.representative is not None:
        data["representative_id"] = message.representative.pk
    event_record(
        timeline=_timeline(message),
        kind="message.sent",
        actor=actor,
        channel=message.channel,
        summary=_sent_summary(message),
        data=data,
        visibility=Visibility.RESIDENT,
    )


def message_deliver(*, message_id: int) -> OutboundMessage:
    """Hand a queued message to its backend and record the outcome. Safe to run again: only
    a queued message is handed over. Braille and audio letters stay queued once in the
    outbox, until someone marks them sent after transcription."""
    message = OutboundMessage.objects.select_related(
        "case__timeline", "resident__timeline", "representative"
    ).get(pk=message_id)
    if message.status != MessageStatus.QUEUED:
        return message
    try:
        import_string(message.backend_path)().send(message)
    except Exception as error:  # whatever a backend raises is a failed message, on the record
        logger.exception("Message %s could not be delivered", message.pk)
        return message_mark_failed(
            message=message, actor=None, reason=str(error) or type(error).__name__
        )
    if message.needs_transcription:
        return message
    return message_mark_sent(message=message, actor=None)


def _update_status(
    message: OutboundMessage, *, allowed: tuple[str, ...], **changes: Any
) -> OutboundMessage:
    """The one write to a message after it is created: a guarded update of its row."""
    updated = OutboundMessage.objects.filter(pk=message.pk, status__in=allowed).update(
        updated_at=now(), **changes
    )
    if not updated:
        current = OutboundMessage.objects.get(pk=message.pk)
        raise Conflict(f"This message is already {current.get_status_display().lower()}.")
    message.refresh_from_db()
    return message


@transaction.atomic
def message_mark_sent(
    *, message: OutboundMessage, actor: User | None, sent_at: datetime | None = None
) -> OutboundMessage:
    """The backend accepted the message (or, for braille and audio, a person sent it)."""
    transcribed = message.needs_transcription
    message = _update_status(
        message,
        allowed=(MessageStatus.QUEUED,),
        status=MessageStatus.SENT,
        sent_at=sent_at or now(),
    )
    if transcribed:
        event_record(
            timeline=_timeline(message),
            kind="message.transcribed",
            actor=actor,
            channel=message.channel,
            visibility=Visibility.RESIDENT,
            summary=f"{message.get_channel_display()} in "
            f"{message.get_format_display().lower()} sent: {message.subject}",
            data={"message_id": message.pk, "format": message.format},
        )
    return message


@transaction.atomic
def message_mark_failed(
    *, message: OutboundMessage, actor: User | None, reason: str
) -> OutboundMessage:
    """Delivery failed (or a sent message bounced): recorded for staff to act on."""
    reason = reason.strip() or "No reason given."
    message = _update_status(
        message,
        allowed=(MessageStatus.QUEUED, MessageStatus.SENT),
        status=MessageStatus.FAILED,
        failure_reason=reason,
    )
    event_record(
        timeline=_timeline(message),
        kind="message.failed",
        actor=actor,
        channel=Channel.SYSTEM,
        visibility=Visibility.STAFF,
        summary=f"{message.get_channel_display()} to {message.recipient} could not be sent: "
        f"{message.subject}. Reason: {reason}",
        data={
            "message_id": message.pk,
            "channel": message.channel,
            "recipient": message.recipient,
            "reason": reason,
        },
    )
    return message
