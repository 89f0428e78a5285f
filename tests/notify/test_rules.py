"""Pure rules for messages: channel choice, transcription and languages (no database)."""

import itertools

import pytest

from homecase.common.errors import InvalidInput
from homecase.notify import rules


@pytest.mark.parametrize(
    ("preferred", "has_email", "has_phone", "has_address", "expected"),
    [
        # the preference, when it can reach them
        ("email", True, True, True, "email"),
        ("sms", True, True, True, "sms"),
        ("letter", True, True, True, "letter"),
        # a call cannot be automated: a text to the same phone instead
        ("phone", True, True, True, "sms"),
        ("phone", False, True, False, "sms"),
        # otherwise a letter...
        ("email", False, True, True, "letter"),
        ("sms", True, False, True, "letter"),
        ("phone", True, False, True, "letter"),
        # ...and, with no address, whatever detail we hold
        ("email", False, True, False, "sms"),
        ("sms", True, False, False, "email"),
        ("phone", True, False, False, "email"),
        ("letter", True, True, False, "email"),
        ("letter", False, True, False, "sms"),
    ],
)
def test_choose_channel(preferred, has_email, has_phone, has_address, expected):
    # when
    channel = rules.choose_channel(preferred, has_email, has_phone, has_address)
    # then
    assert channel == expected


@pytest.mark.parametrize("preferred", ["email", "sms", "letter", "phone"])
def test_a_resident_with_no_contact_details_cannot_be_reached(preferred):
    # when
    with pytest.raises(InvalidInput) as error:
        rules.choose_channel(preferred, False, False, False)
    # then
    assert error.value.field == "resident"
    assert error.value.message == (
        "This resident cannot be reached: record an email address, a phone number or a home "
        "address for them first."
    )


@pytest.mark.parametrize(
    ("preferred", "has_email", "has_phone", "has_address"),
    [
        (p, *details)
        for p in ("email", "sms", "letter", "phone")
        for details in itertools.product([True, False], repeat=3)
        if any(details)
    ],
)
def test_the_chosen_channel_always_reaches_the_resident(
    preferred, has_email, has_phone, has_address
):
    # given
    reach = {"has_email": has_email, "has_phone": has_phone, "has_address": has_address}
    # when
    channel = rules.choose_channel(preferred, **reach)
    # then
    assert rules.channel_reaches(channel, **reach) is True


@pytest.mark.parametrize(
    ("channel", "message_format", "expected"),
    [
        ("letter", "braille", True),
        ("letter", "audio", True),
        ("letter", "large_print", False),
        ("letter", "easy_read", False),
        ("letter", "standard", False),
        ("email", "braille", False),
        ("sms", "audio", False),
    ],
)
def test_only_braille_and_audio_letters_need_transcription(channel, message_format, expected):
    assert rules.needs_transcription(channel=channel, message_format=message_format) is expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("English", True),
        ("english ", True),
        ("en-GB", True),
        ("", True),
        ("Welsh", False),
        ("pl", False),
        ("Polish", False),
    ],
)
def test_is_english(language, expected):
    assert rules.is_english(language) is expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cy", "Welsh"),
        ("Welsh", "Welsh"),
        ("cymraeg", "Welsh"),
        ("polish", "Polish"),
        ("PL", "Polish"),
        ("tigrinya", "Tigrinya"),
        ("klingon", "Klingon"),
    ],
)
def test_language_name(language, expected):
    assert rules.language_name(language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("English", []),
        ("Welsh", ["cy", "welsh"]),
        ("cy", ["cy", "welsh"]),
        ("Cymraeg", ["cy", "welsh", "cymraeg"]),
        ("Polish", ["pl", "polish"]),
        ("Klingon", ["klingon"]),
        ("../../secrets", []),
    ],
)
def test_language_folders(language, expected):
    assert rules.language_folders(language) == expected
