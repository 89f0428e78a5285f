"""Pure decisions about outbound messages (no Django): which channel reaches a resident, which
formats need a person to transcribe them, and how a preferred language is named and looked up.
"""

from homecase.common.errors import InvalidInput

EMAIL, SMS, LETTER, PHONE = "email", "sms", "letter", "phone"

# Braille and audio cannot be produced by a printer: a letter in these formats goes to the
# outbox for a transcription service, and is only "sent" once a person has done it.
TRANSCRIBED_FORMATS = frozenset({"braille", "audio"})

_ENGLISH = frozenset({"english", "en", "en-gb", "en_gb", "en-us", "en_us", "british english"})

# The languages most often asked for in UK social housing, so that a resident who wrote "cy",
# "Welsh" or "Cymraeg" finds the same translated templates (folders named by code or name).
_LANGUAGES = {
    "cy": "Welsh",
    "pl": "Polish",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "gu": "Gujarati",
    "ar": "Arabic",
    "so": "Somali",
    "ro": "Romanian",
    "pt": "Portuguese",
    "es": "Spanish",
    "fr": "French",
    "lt": "Lithuanian",
    "tr": "Turkish",
    "zh": "Chinese",
    "gd": "Scottish Gaelic",
    "ga": "Irish",
    "ti": "Tigrinya",
    "fa": "Persian",
    "ku": "Kurdish",
}
_CODES_BY_NAME = {name.lower(): code for code, name in _LANGUAGES.items()} | {
    "cymraeg": "cy",
    "polski": "pl",
    "farsi": "fa",
    "gaelic": "gd",
}


def choose_channel(
    preferred_channel: str, has_email: bool, has_phone: bool, has_address: bool
) -> str:
    """The channel to write to: the resident's preference when it can reach them, otherwise
    a letter, otherwise whatever contact detail we have. Raises InvalidInput when none."""
    if preferred_channel == EMAIL and has_email:
        return EMAIL
    # A phone call cannot be automated: a resident who prefers the phone gets a text message
    # (which reaches the same phone) and officers call them as part of the work itself.
    if preferred_channel in (SMS, PHONE) and has_phone:
        return SMS
    if has_address:
        return LETTER
    if has_email:
        return EMAIL
    if has_phone:
        return SMS
    raise InvalidInput(
        "This resident cannot be reached: record an email address, a phone number or a home "
        "address for them first.",
        field="resident",
    )


def channel_reaches(channel: str, *, has_email: bool, has_phone: bool, has_address: bool) -> bool:
    """Whether a channel chosen by hand can reach the resident with the details we hold."""
    return {EMAIL: has_email, SMS: has_phone, LETTER: has_address}.get(channel, False)


def needs_transcription(*, channel: str, message_format: str) -> bool:
    return channel == LETTER and message_format in TRANSCRIBED_FORMATS


def is_english(language: str) -> bool:
    return (language or "").strip().lower() in _ENGLISH or not (language or "").strip()


def language_name(language: str) -> str:
    """'cy' -> 'Welsh', 'polish' -> 'Polish'; a language we do not know is kept as written."""
    text = (language or "").strip()
    key = text.lower()
    if key in _LANGUAGES:
        return _LANGUAGES[key]
    if key in _CODES_BY_NAME:
        return _LANGUAGES[_CODES_BY_NAME[key]]
    return text[:1].upper() + text[1:]


def language_folders(language: str) -> list[str]:
    """Folder names to look for a translated template in, best first: the code, then the
    English name, both lower case ('Welsh' -> ['cy', 'welsh']). Empty for English."""
    if is_english(language):
        return []
    key = language.strip().lower()
    code = key if key in _LANGUAGES else _CODES_BY_NAME.get(key)
    folders = [code, _LANGUAGES[code].lower()] if code else []
    if key not in folders:
        folders.append(key)
    # A folder name is part of a template path: keep only names that cannot climb out of it.
    return [f for f in folders if f.replace("-", "").replace("_", "").replace(" ", "").isalnum()]
