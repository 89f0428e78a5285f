"""Photos on a case: real images are stored under their SHA-256 with an event naming them;
anything that is not an image, or too large, is refused in plain English; one bad file in a
batch refuses the batch and nothing is written."""

import hashlib
from io import BytesIO

import pytest
from PIL import Image

from homecase.common.errors import InvalidInput
from homecase.records import services as records
from homecase.records.attachments import Photo, photos_attach
from homecase.records.models import Attachment, CaseKind, Channel, Event, Visibility

pytestmark = pytest.mark.django_db
LIMIT = 1024 * 1024


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def case():
    return records.case_open(
        kind=CaseKind.REPAIR,
        title="Water leak",
        actor=None,
        channel=Channel.PHONE,
        summary="Reported",
    )


def image(fmt: str = "PNG", size: int = 16) -> bytes:
    out = BytesIO()
    Image.new("RGB", (size, size), "blue").save(out, format=fmt)
    return out.getvalue()


def attach(case, photos, **kwargs):
    kwargs.setdefault("max_bytes", LIMIT)
    kwargs.setdefault("max_count", 5)
    return photos_attach(case=case, photos=photos, actor=None, **kwargs)


def counts(case) -> tuple[int, int]:
    return Attachment.objects.count(), Event.objects.filter(timeline=case.timeline).count()


def test_a_real_png_is_stored_with_its_hash_and_an_event(case):
    content = image()

    [stored], event = attach(case, [Photo("ceiling.png", content)], caption="The ceiling")

    digest = hashlib.sha256(content).hexdigest()
    assert (stored.sha256, stored.size_bytes, stored.extension) == (digest, len(content), ".png")
    assert stored.content_type == "image/png"
    assert stored.original_name == "ceiling.png"
    assert stored.file.name == f"attachments/{digest[:2]}/{digest}.png"
    with stored.file.open("rb") as saved:
        assert saved.read() == content
    assert event.kind == "attachment.added"
    assert event.summary == "1 photo added: The ceiling"
    assert event.data["attachments"][0]["sha256"] == digest
    assert event.visibility == Visibility.RESIDENT


def test_a_jpeg_keeps_its_real_format_whatever_it_is_called(case):
    [stored], _ = attach(case, [Photo("photo.png", image("JPEG"))])

    assert (stored.extension, stored.content_type) == (".jpg", "image/jpeg")


def test_staff_only_photos_are_recorded_for_staff(case):
    _, event = attach(case, [Photo("meter.png", image())], visible_to_resident=False)

    assert event.visibility == Visibility.STAFF


def test_a_text_file_named_jpg_is_refused(case):
    before = counts(case)

    with pytest.raises(InvalidInput, match="notes.jpg is not a photo") as error:
        attach(case, [Photo("notes.jpg", b"Dear landlord, this is not a picture.")])

    assert error.value.field == "photos"
    assert counts(case) == before


def test_an_oversize_photo_is_refused(case):
    before = counts(case)

    with pytest.raises(InvalidInput, match="too large"):
        attach(case, [Photo("huge.png", image(size=64))], max_bytes=100)

    assert counts(case) == before


def test_an_empty_file_is_refused(case):
    with pytest.raises(InvalidInput, match="empty"):
        attach(case, [Photo("nothing.png", b"")])


def test_one_bad_file_in_a_batch_means_nothing_is_written(case, tmp_path):
    before = counts(case)

    with pytest.raises(InvalidInput):
        attach(case, [Photo("good.png", image()), Photo("bad.jpg", b"GIF89a but not really")])

    assert counts(case) == before
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.png"))


def test_too_many_photos_at_once_are_refused(case):
    with pytest.raises(InvalidInput, match="at most 2 photos"):
        attach(case, [Photo(f"{n}.png", image()) for n in range(3)], max_count=2)


def test_no_photos_is_nothing_to_do(case):
    assert attach(case, []) == ([], None)
