"""Photos on a case: checked to be real images of a sensible size before anything is stored,
saved under their SHA-256, and recorded on the case timeline in the same transaction."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from homecase.accounts.models import User
from homecase.common.errors import InvalidInput
from homecase.common.time import now
from homecase.records import services as records
from homecase.records.models import Attachment, Case, Event, Visibility

# What a phone or camera makes; anything else is refused (no SVG: it can carry script).
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
MAX_PIXELS = 60_000_000  # a decompression bomb is refused before it is decoded


@dataclass(frozen=True)
class Photo:
    """An uploaded file as the service sees it: its name and bytes (views read uploads into
    this, so that the service never depends on Django's upload classes)."""

    name: str
    content: bytes


def _checked(photo: Photo, *, max_bytes: int) -> tuple[str, str]:
    """The image format and extension, or a plain-English refusal."""
    name = photo.name or "the file"
    if not photo.content:
        raise InvalidInput(f"{name} is empty.", field="photos")
    if len(photo.content) > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise InvalidInput(
            f"{name} is too large: a photo must be under {limit} MB.", field="photos"
        )
    try:
        with Image.open(BytesIO(photo.content)) as image:
            image_format = image.format or ""
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(f"{name} is too large an image.", field="photos")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise InvalidInput(
            f"{name} is not a photo: upload a JPG, PNG, WEBP or GIF image.", field="photos"
        ) from None
    if image_format not in IMAGE_FORMATS:
        raise InvalidInput(
            f"{name} is not a photo: upload a JPG, PNG, WEBP or GIF image.", field="photos"
        )
    return image_format, IMAGE_FORMATS[image_format]


@transaction.atomic
def photos_attach(
    *,
    case: Case,
    photos: Sequence[Photo],
    actor: User | None,
    max_bytes: int,
    max_count: int,
    caption: str = "",
    visible_to_resident: bool = True,
) -> tuple[list[Attachment], Event | None]:
    """Check every photo first (one bad file refuses them all: nothing half-written), then
    store them and record one event listing them by name and hash."""
    if len(photos) > max_count:
        raise InvalidInput(f"Upload at most {max_count} photos at a time.", field="photos")
    checked = [(photo, *_checked(photo, max_bytes=max_bytes)) for photo in photos]
    if not checked:
        return [], None
    stored = []
    at = now()
    for photo, image_format, extension in checked:
        digest = hashlib.sha256(photo.content).hexdigest()
        attachment = Attachment(
            case=case,
            original_name=(photo.name or "photo")[:200],
            content_type=f"image/{image_format.lower()}",
            extension=extension,
            size_bytes=len(photo.content),
            sha256=digest,
            caption=caption.strip()[:200],
            visible_to_resident=visible_to_resident,
            uploaded_by=actor,
            uploaded_at=at,
        )
        attachment.file.save("photo", ContentFile(photo.content), save=False)
        attachment.save()
        stored.append(attachment)
    count = len(stored)
    event = records.event_record(
        timeline=case.timeline,
        kind="attachment.added",
        summary=f"{count} photo{'s' if count != 1 else ''} added"
        + (f": {caption}" if caption else ""),
        actor=actor,
        data={
            "attachments": [
                {"id": a.pk, "name": a.original_name, "sha256": a.sha256, "bytes": a.size_bytes}
                for a in stored
            ]
        },
        visibility=Visibility.RESIDENT if visible_to_resident else Visibility.STAFF,
    )
    return stored, event
