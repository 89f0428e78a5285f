"""Rendering a message from its templates, in the channel, format and language it goes out in.

A message template is a folder `templates/notify/<name>/` holding `subject.txt`, `email.txt`,
`sms.txt` and `letter.html`; a translation is the same files in a sub-folder named by language
code or name (`notify/case_update/cy/`). Text parts are rendered without HTML escaping (they are
not HTML); the letter and the HTML email are escaped as usual. No database access here.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.template import Context, TemplateDoesNotExist, engines
from django.template.base import Template

from homecase.common.errors import InvalidInput
from homecase.notify import rules

_TEMPLATE_NAME = re.compile(r"^[a-z0-9_]+$")
_BLANK_LINES = re.compile(r"\n{3,}")
_NOUNS = {rules.EMAIL: "email", rules.SMS: "message", rules.LETTER: "letter"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    body_html: str
    language: str
    translation_offered: str  # the language offered when none of its templates exist, or ""


def _engine():
    return engines["django"].engine


def _get(names: list[str]) -> Template:
    return _engine().select_template(names)


def _text(names: list[str], context: dict[str, Any]) -> str:
    rendered = _get(names).render(Context(context, autoescape=False))
    lines = "\n".join(line.rstrip() for line in rendered.strip().splitlines())
    return _BLANK_LINES.sub("\n\n", lines)


def _html(names: list[str], context: dict[str, Any]) -> str:
    return _get(names).render(Context(context, autoescape=True))


def _exists(name: str) -> bool:
    try:
        _get([name])
    except TemplateDoesNotExist:
        return False
    return True


def _translated_folder(template: str, language: str) -> str | None:
    for folder in rules.language_folders(language):
        if _exists(f"notify/{template}/{folder}/subject.txt"):
            return folder
    return None


def translation_offer(*, language: str, channel: str, reference: str) -> str:
    quoting = f" quoting {reference}" if reference else ""
    return (
        f"If you would like this {_NOUNS[channel]} in {rules.language_name(language)}, or "
        f"an interpreter, please contact us{quoting}. We will arrange it free of charge."
    )


def render_message(
    *, template: str, channel: str, message_format: str, language: str, context: dict[str, Any]
) -> Rendered:
    """Subject, plain text body and (for email and letters) HTML body of one message."""
    if not _TEMPLATE_NAME.match(template) or not _exists(f"notify/{template}/subject.txt"):
        raise InvalidInput(f"There is no message template called '{template}'.", field="template")
    folder = _translated_folder(template, language)
    offered = "" if folder or rules.is_english(language) else rules.language_name(language)
    context = context | {
        "large_print": message_format == "large_print",
        "easy_read": message_format == "easy_read",
        "format": message_format,
        "channel": channel,
        "translation_offer": translation_offer(
            language=language, channel=channel, reference=context.get("reference", "")
        )
        if offered
        else "",
    }

    def names(part: str) -> list[str]:
        english = f"notify/{template}/{part}"
        return [f"notify/{template}/{folder}/{part}", english] if folder else [english]

    subject = " ".join(_text(names("subject.txt"), context).split())
    body, body_html = _bodies(channel, names, context | {"subject": subject})
    return Rendered(
        subject=subject,
        body=body,
        body_html=body_html,
        language=rules.language_name(language) if folder else "English",
        translation_offered=offered,
    )


def _bodies(channel: str, names, context: dict[str, Any]) -> tuple[str, str]:
    if channel == rules.SMS:
        return _text(names("sms.txt"), context), ""
    # A letter's plain text is its email wording: it is what search and the record show.
    body = _text(names("email.txt"), context)
    if channel == rules.EMAIL:
        return body, _html(["notify/base_email.html"], context | {"body": body})
    return body, _html(names("letter.html"), context)
